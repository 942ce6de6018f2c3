"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import type { ActionResponse } from "@/lib/actions/action-result.ts";
import { SecondFactorForm } from "./second-factor-form.tsx";

/**
 * Step-up in the dashboard: run a sensitive action through `withStepUp`; when the server refuses
 * it with STEP_UP_REQUIRED (lib/server/auth/step-up.ts), a modal dialog asks for the second factor
 * (code or passkey) and the action runs again once it was given. Cancelling hands back the
 * original refusal. Render `dialog` once in the component.
 */
export function useStepUp(): {
  withStepUp: <T>(run: () => Promise<ActionResponse<T> | undefined>) => Promise<ActionResponse<T> | undefined>;
  /** asks for the second factor without an action (e.g. before a download); true once given */
  confirm: () => Promise<boolean>;
  dialog: ReactNode;
} {
  const t = useTranslations("account");
  const [open, setOpen] = useState(false);
  const resolver = useRef<((given: boolean) => void) | null>(null);
  const dialogRef = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const finish = useCallback((given: boolean) => {
    setOpen(false);
    resolver.current?.(given);
    resolver.current = null;
  }, []);

  const confirm = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        resolver.current = resolve;
        setOpen(true);
      }),
    [],
  );

  const withStepUp = useCallback(
    async <T,>(run: () => Promise<ActionResponse<T> | undefined>) => {
      const first = await run();
      if (first?.serverError?.code !== "STEP_UP_REQUIRED") return first;
      return (await confirm()) ? run() : first;
    },
    [confirm],
  );

  const dialog = (
    <dialog ref={dialogRef} className="panel step-up-dialog" aria-labelledby="step-up-title" onCancel={() => finish(false)} data-testid="step-up-dialog">
      <h2 id="step-up-title">{t("stepUp.title")}</h2>
      {open && <SecondFactorForm idPrefix="step-up" intro={t("stepUp.intro")} submitLabel={t("stepUp.submit")} onDone={() => finish(true)} autoFocus />}
      <p className="field-hint">{t("stepUp.noFactor")}</p>
      <button type="button" className="button button-secondary button-small" onClick={() => finish(false)}>
        {t("stepUp.cancel")}
      </button>
    </dialog>
  );
  return { withStepUp, confirm, dialog };
}
