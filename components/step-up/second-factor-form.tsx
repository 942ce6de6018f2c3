"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { giveCodeAction, givePasskeyAction, passkeyFactorOptionsAction } from "@/app/(agent-sign-in)/agent/factor-actions.ts";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import { PASSKEY_ERROR_KEYS, getPasskey } from "@/components/passkeys/passkey-client.ts";

type Props = {
  /** what the form says above its field */
  intro: string;
  submitLabel: string;
  /** this session's second factor was accepted */
  onDone: () => void;
  /** prefix of the element ids, so two forms can share a page */
  idPrefix?: string;
  autoFocus?: boolean;
};

/**
 * Gives this session's second factor: a TOTP or recovery code, or a passkey. Used to finish a
 * sign-in (/agent/verify) and to step up before a sensitive action (the step-up dialog).
 */
export function SecondFactorForm({ intro, submitLabel, onDone, idPrefix = "second-factor", autoFocus = false }: Props) {
  const t = useTranslations("account");
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<"code" | "passkey" | null>(null);
  const errorId = useId();
  const codeId = `${idPrefix}-code`;

  const submitCode = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setPending("code");
    const result = actionOutcome(await giveCodeAction({ code }));
    setPending(null);
    if (result.ok) return onDone();
    setError(result.fieldErrors?.code ?? result.message);
  };

  const submitPasskey = async () => {
    setError(null);
    setPending("passkey");
    try {
      const options = actionOutcome(await passkeyFactorOptionsAction({}));
      if (!options.ok) return setError(options.message);
      const outcome = await getPasskey(options.data.options);
      if (!outcome.ok) return setError(t(PASSKEY_ERROR_KEYS[outcome.reason]));
      const result = actionOutcome(await givePasskeyAction({ challengeId: options.data.challengeId, response: outcome.response }));
      if (result.ok) return onDone();
      setError(result.message);
    } finally {
      setPending(null);
    }
  };

  return (
    <form className="form-stack" id={`${idPrefix}-form`} noValidate onSubmit={submitCode}>
      <p>{intro}</p>
      <div className="field">
        <label htmlFor={codeId}>{t("verify.code")}</label>
        <input
          id={codeId}
          name="code"
          autoComplete="one-time-code"
          inputMode="text"
          autoFocus={autoFocus}
          value={code}
          onChange={(event) => setCode(event.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${codeId}-hint${error ? ` ${errorId}` : ""}`}
        />
        <p id={`${codeId}-hint`} className="field-hint">
          {t("verify.codeHint")}
        </p>
        {error && (
          <p id={errorId} className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div className="form-row">
        <button type="submit" className="button" disabled={pending !== null}>
          {pending === "code" ? t("verify.submitting") : submitLabel}
        </button>
        <button type="button" className="button button-secondary" disabled={pending !== null} onClick={submitPasskey}>
          {pending === "passkey" ? t("verify.passkeyWorking") : t("verify.passkey")}
        </button>
      </div>
    </form>
  );
}
