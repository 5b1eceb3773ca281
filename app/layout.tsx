import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Breakwater", template: "%s · Breakwater" },
  description: "Resilience control plane: circuit breakers, bulkheads, retries, health checks and SLOs",
};

export const viewport: Viewport = { colorScheme: "dark", themeColor: "#020617" };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="dark">
      <body className="min-h-screen bg-slate-950 text-sm text-slate-100 antialiased">{children}</body>
    </html>
  );
}
