import type { ReactNode } from "react";
import "./globals.css";

export const metadata = { title: "Breakwater" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="dark">
      <body className="bg-slate-950 text-slate-100 text-sm">{children}</body>
    </html>
  );
}
