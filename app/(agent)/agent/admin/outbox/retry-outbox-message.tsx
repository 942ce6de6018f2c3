"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { retryOutboxMessageAction } from "../actions.ts";
import { actionOutcome } from "@/lib/actions/action-result.ts";

export function RetryOutboxMessage({ id }: { id: string }) {
  const t = useTranslations("admin");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <button
        type="button"
        className="button button-secondary button-small"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = actionOutcome(await retryOutboxMessageAction({ id }));
            setError(result.ok ? null : result.message);
          })
        }
      >
        {t("outbox.retry")}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
