"use client";

import { useRouter } from "next/navigation";
import { useId, useState, useTransition } from "react";
import { actionOutcome, type ActionResponse } from "@/lib/actions/action-result.ts";

type ActionButtonProps<Input> = {
  action: (input: Input) => Promise<ActionResponse<unknown> | undefined>;
  input: Input;
  label: string;
  /** asked with the browser's confirm() first, for changes that are hard to undo */
  confirm?: string;
  className?: string;
};

/** One button that runs an editor action and shows the page again, or why the action failed. */
export function ActionButton<Input>({ action, input, label, confirm, className = "button" }: ActionButtonProps<Input>) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  return (
    <span className="action-button">
      <button
        type="button"
        className={className}
        disabled={pending}
        aria-describedby={error ? errorId : undefined}
        onClick={() => {
          if (confirm && !window.confirm(confirm)) return;
          setError(null);
          startTransition(async () => {
            const result = actionOutcome(await action(input));
            if (result.ok) router.refresh();
            else setError(result.message);
          });
        }}
      >
        {label}
      </button>
      {error ? (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </span>
  );
}
