"use client";
// Drag across a chart to zoom into that window: recharts' mouse events give the x value under the
// pointer; a ReferenceArea shows the selection while dragging.
import { useState } from "react";
import { ReferenceArea } from "recharts";
import { MIN_WINDOW_MS, type ChartSpan } from "@/lib/contracts/breakers";

type ChartMouse = { activeLabel?: string | number } | null | undefined;

const xOf = (e: ChartMouse): number | null => {
  const v = Number(e?.activeLabel);
  return e?.activeLabel !== undefined && Number.isFinite(v) ? v : null;
};

export function useDragZoom(onZoom: (s: ChartSpan) => void) {
  const [sel, setSel] = useState<{ a: number; b: number } | null>(null);
  const handlers = {
    onMouseDown: (e: ChartMouse) => {
      const x = xOf(e);
      if (x !== null) setSel({ a: x, b: x });
    },
    onMouseMove: (e: ChartMouse) => {
      const x = xOf(e);
      if (x !== null) setSel((s) => (s ? { ...s, b: x } : s));
    },
    onMouseUp: () => {
      if (sel) {
        const from = Math.min(sel.a, sel.b);
        const to = Math.max(sel.a, sel.b);
        if (to - from >= MIN_WINDOW_MS) onZoom({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
      }
      setSel(null);
    },
  };
  /** The selection being dragged (pass the y axis id on charts with several y axes). */
  const area = (yAxisId?: string) =>
    sel && sel.a !== sel.b ? <ReferenceArea {...(yAxisId ? { yAxisId } : {})} x1={Math.min(sel.a, sel.b)} x2={Math.max(sel.a, sel.b)} fill="var(--chart-zoom)" fillOpacity={0.15} strokeOpacity={0} ifOverflow="hidden" /> : null;
  return { handlers, area };
}
