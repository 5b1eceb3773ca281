"use client";
// Sortable tables: the column and direction live in the URL (?sort=name&dir=asc), so a sorted view
// can be shared and survives a reload. Without ?sort the rows keep the order they came in.
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";

export type SortValue = string | number | boolean | null | undefined;
export type SortDir = "asc" | "desc";
export type SortColumns<T> = Record<string, (row: T) => SortValue>;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Empty values last in either direction; numbers numerically; text naturally ("svc-2" < "svc-10"). */
export function compareValues(a: SortValue, b: SortValue): number {
  const ae = a === null || a === undefined || a === "";
  const be = b === null || b === undefined || b === "";
  if (ae || be) return ae === be ? 0 : ae ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

export function sortRows<T>(rows: T[], by: (row: T) => SortValue, dir: SortDir): T[] {
  const sign = dir === "asc" ? 1 : -1;
  return rows
    .map((row, i) => ({ row, i, v: by(row) }))
    .sort((x, y) => {
      const ex = x.v === null || x.v === undefined || x.v === "";
      const ey = y.v === null || y.v === undefined || y.v === "";
      if (ex || ey) return ex === ey ? x.i - y.i : ex ? 1 : -1;
      return sign * compareValues(x.v, y.v) || x.i - y.i;
    })
    .map((x) => x.row);
}

export interface TableSort {
  key: string | null;
  dir: SortDir;
  /** Click on a column: sort by it ascending, again for descending. */
  toggle: (key: string) => void;
}

/** The URL's sort state and a function applying it to any rows (for pages with several tables). */
export function useSortState<T>(columns: SortColumns<T>): { sort: TableSort; apply: (rows: T[]) => T[] } {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const raw = params.get("sort");
  const key = raw && Object.hasOwn(columns, raw) ? raw : null;
  const dir: SortDir = params.get("dir") === "desc" ? "desc" : "asc";
  const toggle = useCallback(
    (k: string) => {
      const next = new URLSearchParams(params.toString());
      next.set("sort", k);
      next.set("dir", key === k && dir === "asc" ? "desc" : "asc");
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
    [params, router, pathname, key, dir],
  );
  const apply = useCallback((rows: T[]) => (key ? sortRows(rows, columns[key]!, dir) : rows), [columns, key, dir]);
  return { sort: { key, dir, toggle }, apply };
}

export function useTableSort<T>(rows: T[], columns: SortColumns<T>): { rows: T[]; sort: TableSort } {
  const { sort, apply } = useSortState(columns);
  const sorted = useMemo(() => apply(rows), [apply, rows]);
  return { rows: sorted, sort };
}
