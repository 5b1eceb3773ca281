"use client";
import { Button } from "@/components/ui/button";

/** What could not be loaded, why, and a retry. */
export function LoadError({ what, error, onRetry, testId }: { what: string; error: string | null; onRetry: () => void; testId?: string }) {
  return (
    <div role="alert" data-testid={testId} className="flex flex-wrap items-center gap-2 rounded-lg bg-rose-500/10 p-4 text-sm text-rose-200 ring-1 ring-inset ring-rose-500/30">
      <span>
        Could not load {what}: {error ?? "unknown error"}
      </span>
      <Button size="sm" onClick={onRetry}>
        Try again
      </Button>
    </div>
  );
}
