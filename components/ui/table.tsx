import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import type { TableSort } from "@/lib/client/use-table-sort";
import { cn } from "./cn";

export function Table({ children, className, caption, ...rest }: { children: ReactNode; className?: string; caption?: string } & HTMLAttributes<HTMLTableElement>) {
  return (
    <div className="relative max-w-full overflow-x-auto">
      <table className={cn("w-full border-collapse text-left text-sm tabular-nums", className)} {...rest}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}

export function Th({ className, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cn("border-b border-slate-800 px-4 py-2 text-xs font-medium uppercase tracking-wide text-slate-400", className)} {...rest} />;
}

/** A column header that sorts the table by `column` (aria-sort says how it is sorted now). */
export function SortTh({ sort, column, children, className }: { sort: TableSort; column: string; children: ReactNode; className?: string }) {
  const active = sort.key === column;
  const right = className?.includes("text-right");
  return (
    <th scope="col" aria-sort={active ? (sort.dir === "asc" ? "ascending" : "descending") : "none"} className={cn("border-b border-slate-800 px-4 py-2 text-xs font-medium uppercase tracking-wide text-slate-400", className)}>
      <button type="button" data-testid={`sort-${column}`} onClick={() => sort.toggle(column)} className={cn("inline-flex items-center gap-1 uppercase tracking-wide hover:text-slate-100", right && "flex-row-reverse", active && "text-slate-200")}>
        {children}
        <span aria-hidden="true" className={cn("text-[10px]", !active && "opacity-40")}>
          {active ? (sort.dir === "asc" ? "▲" : "▼") : "↕"}
        </span>
      </button>
    </th>
  );
}

export function Td({ className, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cn("border-b border-slate-800/70 px-4 py-2.5 align-middle text-slate-200", className)} {...rest} />;
}

export function Tr({ className, ...rest }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("hover:bg-slate-800/30", className)} {...rest} />;
}

/** A header row of plain column labels. */
export function HeadRow({ labels }: { labels: string[] }) {
  return (
    <thead>
      <tr>
        {labels.map((label) => (
          <Th key={label}>{label}</Th>
        ))}
      </tr>
    </thead>
  );
}

/** A sortable column: the key `sort` knows it by, its label, and classes for its cell. */
export type SortColumn = readonly [column: string, label: string, className?: string];

/** A header row of sortable columns, then any unsorted cells given as children (an "Actions" column). */
export function SortHeadRow({ sort, columns, children }: { sort: TableSort; columns: readonly SortColumn[]; children?: ReactNode }) {
  return (
    <thead>
      <tr>
        {columns.map(([column, label, className]) => (
          <SortTh key={column} sort={sort} column={column} className={className}>
            {label}
          </SortTh>
        ))}
        {children}
      </tr>
    </thead>
  );
}

/** The one body row of a table with nothing to show, spanning its `colSpan` columns. */
export function EmptyRow({ colSpan, className = "py-6", children }: { colSpan: number; className?: string; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className={cn("px-4 text-center text-sm text-slate-400", className)}>
        {children}
      </td>
    </tr>
  );
}
