"use client";
import { Button } from "@/components/ui/button";
import { IconAlert } from "@/components/ui/icons";

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" data-testid="page-error" className="rounded-lg border border-rose-500/30 bg-rose-500/10 px-6 py-10 text-center">
      <IconAlert className="mx-auto mb-2 text-rose-300" width={24} height={24} />
      <h1 className="text-base font-semibold text-rose-100">This page could not be loaded</h1>
      <p className="mx-auto mt-1 max-w-lg text-sm text-rose-200/80">{error.digest ? `The server reported an error (reference ${error.digest}).` : error.message}</p>
      <Button className="mt-4" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
