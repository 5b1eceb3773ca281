"use client";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { IconAlert, IconCheck, IconCopy } from "@/components/ui/icons";
import type { CreatedTokenDto } from "@/lib/contracts/auth";

/** The new token's secret, shown this once, with a copy button and a warning. */
export function TokenSecret({ token, onDismiss }: { token: CreatedTokenDto; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied(true);
    } catch {
      // clipboard blocked (no permission, plain http): select it for Ctrl+C instead
      input.current?.select();
    }
  }

  return (
    <div
      ref={box}
      tabIndex={-1}
      role="region"
      aria-label="New token secret"
      data-testid="token-secret-box"
      className="rounded-lg bg-amber-500/5 p-4 ring-1 ring-amber-500/40"
    >
      <p className="flex items-start gap-2 text-sm font-medium text-amber-200">
        <IconAlert className="mt-0.5 shrink-0" />
        Copy the token “{token.name}” now — it is shown only once and cannot be recovered. If you lose it, revoke it and create another.
      </p>
      <div className="mt-3 flex gap-2">
        <label htmlFor="token-secret" className="sr-only">
          Token secret
        </label>
        <input
          ref={input}
          id="token-secret"
          data-testid="token-secret"
          readOnly
          value={token.token}
          onFocus={(e) => e.currentTarget.select()}
          className="h-9 min-w-0 flex-1 rounded-md bg-slate-950 px-3 font-mono text-xs text-slate-100 ring-1 ring-inset ring-slate-700"
        />
        <Button onClick={copy} variant="primary" aria-label="Copy token">
          {copied ? <IconCheck /> : <IconCopy />}
          {copied ? "Copied" : "Copy"}
        </Button>
        <Button onClick={onDismiss}>Done</Button>
      </div>
      <p className="mt-2 text-xs text-slate-400">
        Use it as <code>Authorization: Bearer …</code>; it acts with the <strong>{token.role}</strong> role.
      </p>
    </div>
  );
}
