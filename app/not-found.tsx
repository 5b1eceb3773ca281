import Link from "next/link";
import { NAV_ITEMS } from "@/components/shell/nav-items";
import { buttonClasses } from "@/components/ui/button";
import { IconWaves } from "@/components/ui/icons";

export const metadata = { title: "Not found" };

// Any unknown URL, and a page whose record does not exist (notFound()): status 404, themed, with
// the way back into the dashboard.
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center p-4 sm:p-6">
      <div data-testid="not-found" className="w-full max-w-lg rounded-lg bg-slate-900 p-6 ring-1 ring-slate-800 sm:p-8">
        <div className="mb-4 flex items-center gap-2 text-slate-300">
          <IconWaves className="text-sky-400" width={20} height={20} />
          <span className="text-sm font-semibold">Breakwater</span>
        </div>
        <h1 className="text-lg font-semibold text-slate-50">Page not found</h1>
        <p className="mt-2 text-sm text-slate-400">Nothing lives at this address — it may have been renamed or deleted. Pick a section instead:</p>
        <nav aria-label="Sections" className="mt-4">
          <ul className="grid grid-cols-2 gap-1 sm:grid-cols-3">
            {NAV_ITEMS.map((item) => (
              <li key={item.href}>
                <Link href={item.href} className="flex items-center gap-2 rounded-md px-2.5 py-1.5 text-sm text-slate-200 hover:bg-slate-800">
                  <span className="text-slate-400">{item.icon}</span>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="mt-6">
          <Link href="/" className={buttonClasses("primary")}>
            Back to Overview
          </Link>
        </div>
      </div>
    </main>
  );
}
