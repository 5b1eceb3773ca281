"use client";
// Below the lg breakpoint the side navigation collapses into a menu button in the top bar.
import { usePathname } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { SideNav } from "./nav";

export function MobileNav({ initialOpenBreakers, initialFiringAlerts }: { initialOpenBreakers: number; initialFiringAlerts: number }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const button = useRef<HTMLButtonElement>(null);
  const [shownFor, setShownFor] = useState(pathname);
  // navigating closes the menu
  if (shownFor !== pathname) {
    setShownFor(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);
  return (
    <div className="lg:hidden">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls="mobile-nav"
        data-testid="nav-menu-button"
        onClick={() => setOpen((o) => !o)}
        className="inline-flex h-9 w-9 items-center justify-center rounded-md text-slate-200 ring-1 ring-inset ring-slate-700 hover:bg-slate-800"
      >
        <span className="sr-only">Menu</span>
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round">
          {open ? <path d="M6 6l12 12M18 6L6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
        </svg>
      </button>
      {open ? (
        <div id="mobile-nav" className="fixed inset-x-0 top-14 bottom-0 z-40 overflow-y-auto border-t border-slate-800 bg-slate-950 shadow-xl" data-testid="mobile-nav">
          <SideNav initialOpenBreakers={initialOpenBreakers} initialFiringAlerts={initialFiringAlerts} />
        </div>
      ) : null}
    </div>
  );
}
