"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { setCannedResponseActiveAction } from "../actions.ts";
import { actionOutcome } from "@/lib/actions/action-result.ts";

export function CannedResponseToggle({ id, active }: { id: string; active: boolean }) {
  const t = useTranslations("admin");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <>
      <button
        type="button"
        className={active ? "button button-danger button-small" : "button button-secondary button-small"}
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = actionOutcome(await setCannedResponseActiveAction({ id, active: !active }));
            setError(result.ok ? null : result.message);
          })
        }
      >
        {active ? t("canned.deactivate") : t("canned.reactivate")}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
