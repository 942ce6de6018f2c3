"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { beginPasskeyAction, beginTotpAction, confirmTotpAction, finishPasskeyAction } from "@/app/(agent-sign-in)/agent/factor-actions.ts";
import { actionOutcome, type ActionResponse } from "@/lib/actions/action-result.ts";
import { createPasskey, PASSKEY_ERROR_KEYS } from "@/components/passkeys/passkey-client.ts";

type Enrolment = { factorId: string; secret: string; uri: string; qrSvg: string };
type Run = <T>(run: () => Promise<ActionResponse<T> | undefined>) => Promise<ActionResponse<T> | undefined>;

type Props = {
  /** a factor was added; recovery codes come along when the account had none */
  onEnrolled: (recoveryCodes: string[] | null) => void;
  /** wraps the server calls (the account page passes the step-up dialog's withStepUp) */
  run?: Run;
};

const direct: Run = (run) => run();

/**
 * Adding a second factor: an authenticator app (QR code plus the key as text, confirmed with its
 * first code) or a passkey / security key. Used at the sign-in that requires a first factor
 * (/agent/enrol) and on the account page.
 */
export function EnrolFactor({ onEnrolled, run = direct }: Props) {
  const t = useTranslations("account");
  const [totp, setTotp] = useState<Enrolment | null>(null);
  const [totpName, setTotpName] = useState(() => t("enrol.totpDefaultName"));
  const [code, setCode] = useState("");
  const [passkeyName, setPasskeyName] = useState(() => t("enrol.passkeyDefaultName"));
  const [error, setError] = useState<{ where: "totp" | "passkey"; text: string } | null>(null);
  const [pending, setPending] = useState(false);

  const startTotp = async () => {
    setError(null);
    setPending(true);
    const result = actionOutcome(await run(() => beginTotpAction({})));
    setPending(false);
    if (result.ok) setTotp(result.data as Enrolment);
    else setError({ where: "totp", text: result.message });
  };

  const confirmTotp = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!totp) return;
    setError(null);
    setPending(true);
    const result = actionOutcome(await run(() => confirmTotpAction({ factorId: totp.factorId, code: code.trim(), name: totpName })));
    setPending(false);
    if (result.ok) {
      setTotp(null);
      setCode("");
      onEnrolled(result.data.recoveryCodes);
    } else setError({ where: "totp", text: result.fieldErrors?.code ?? result.fieldErrors?.name ?? result.message });
  };

  const addPasskey = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setPending(true);
    try {
      const options = actionOutcome(await run(() => beginPasskeyAction({})));
      if (!options.ok) return setError({ where: "passkey", text: options.message });
      const outcome = await createPasskey(options.data.options);
      if (!outcome.ok) return setError({ where: "passkey", text: t(PASSKEY_ERROR_KEYS[outcome.reason]) });
      const result = actionOutcome(await run(() => finishPasskeyAction({ challengeId: options.data.challengeId, response: outcome.response, name: passkeyName })));
      if (result.ok) onEnrolled(result.data.recoveryCodes);
      else setError({ where: "passkey", text: result.fieldErrors?.name ?? result.message });
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="factor-options">
      <section className="panel form-stack" aria-labelledby="enrol-totp-title">
        <h2 id="enrol-totp-title">{t("enrol.totpTitle")}</h2>
        <p>{t("enrol.totpIntro")}</p>
        {!totp ? (
          <button type="button" className="button" disabled={pending} onClick={startTotp}>
            {t("enrol.start")}
          </button>
        ) : (
          <form className="form-stack" id="totp-enrol-form" noValidate onSubmit={confirmTotp}>
            {/* a data: URL made here, nothing for next/image to optimise */}
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img className="totp-qr" src={`data:image/svg+xml;base64,${btoa(totp.qrSvg)}`} alt={t("enrol.qrAlt")} width={200} height={200} />
            <div className="field">
              <label htmlFor="totp-secret">{t("enrol.secret")}</label>
              <input id="totp-secret" readOnly value={totp.secret} data-testid="totp-secret" className="monospace" onFocus={(event) => event.target.select()} />
            </div>
            <div className="field">
              <label htmlFor="totp-name">{t("enrol.name")}</label>
              <input id="totp-name" value={totpName} maxLength={60} onChange={(event) => setTotpName(event.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="totp-code">{t("enrol.code")}</label>
              <input
                id="totp-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(event) => setCode(event.target.value)}
                aria-invalid={error?.where === "totp" ? true : undefined}
                aria-describedby={error?.where === "totp" ? "totp-error" : undefined}
              />
            </div>
            <button type="submit" className="button" disabled={pending}>
              {t("enrol.confirm")}
            </button>
          </form>
        )}
        {error?.where === "totp" && (
          <p id="totp-error" className="field-error" role="alert">
            {error.text}
          </p>
        )}
      </section>
      <section className="panel form-stack" aria-labelledby="enrol-passkey-title">
        <h2 id="enrol-passkey-title">{t("enrol.passkeyTitle")}</h2>
        <p>{t("enrol.passkeyIntro")}</p>
        <form className="form-stack" id="passkey-enrol-form" noValidate onSubmit={addPasskey}>
          <div className="field">
            <label htmlFor="passkey-name">{t("enrol.name")}</label>
            <input id="passkey-name" value={passkeyName} maxLength={60} onChange={(event) => setPasskeyName(event.target.value)} />
          </div>
          <button type="submit" className="button button-secondary" disabled={pending}>
            {pending ? t("enrol.passkeyWorking") : t("enrol.passkeyStart")}
          </button>
        </form>
        {error?.where === "passkey" && (
          <p className="field-error" role="alert">
            {error.text}
          </p>
        )}
      </section>
    </div>
  );
}

/** The recovery codes, shown once, with the step that acknowledges them. */
export function RecoveryCodes({ codes, onSaved }: { codes: string[]; onSaved: () => void }) {
  const t = useTranslations("account");
  return (
    <section className="panel form-stack" aria-labelledby="recovery-codes-title" data-testid="recovery-codes">
      <h2 id="recovery-codes-title">{t("recovery.title")}</h2>
      <p>{t("recovery.intro")}</p>
      <ul className="recovery-codes monospace">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <button type="button" className="button" onClick={onSaved} autoFocus>
        {t("recovery.saved")}
      </button>
    </section>
  );
}
