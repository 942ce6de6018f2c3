"use client";

import { useState, useTransition, type ReactNode } from "react";
import { actionOutcome, type ActionResponse } from "@/lib/actions/action-result.ts";

/** A button that runs one server action and shows its refusal next to it; success re-renders the page. */
export function ActionButton({ run, className, children }: { run: () => Promise<ActionResponse<unknown>>; className: string; children: ReactNode }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = actionOutcome(await run());
            setError(result.ok ? null : result.message);
          })
        }
      >
        {children}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
