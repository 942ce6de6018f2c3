"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { publishAction } from "../actions.ts";

/** Publishes the draft; a refusal lists each problem with the step it is about. */
export function PublishButton({ category, version }: { category: TicketCategoryCode; version: string }) {
  const t = useTranslations("contentEditor");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<{ kind: "published"; number: number } | { kind: "refused"; problems: string[] } | { kind: "failed"; message: string } | null>(null);

  return (
    <div className="publish">
      <button
        type="button"
        className="button button-primary"
        disabled={pending}
        onClick={() =>
          startTransition(async () => {
            const result = actionOutcome(await publishAction({ category, version }));
            if (!result.ok) setOutcome({ kind: "failed", message: result.message });
            else if (result.data.published && result.data.number !== null) setOutcome({ kind: "published", number: result.data.number });
            else setOutcome({ kind: "refused", problems: result.data.problems });
            router.refresh();
          })
        }
      >
        {t("publish")}
      </button>
      {outcome?.kind === "published" ? (
        <p className="form-success" role="status">
          {t("published", { number: outcome.number })}
        </p>
      ) : null}
      {outcome?.kind === "refused" ? (
        <div className="form-alert" role="alert">
          <p>{t("publishRefused", { count: outcome.problems.length })}</p>
          <ul>
            {outcome.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {outcome?.kind === "failed" ? (
        <p className="form-alert" role="alert">
          {outcome.message}
        </p>
      ) : null}
    </div>
  );
}
