"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { suggestEmailCorrection, type EmailTypoCheck as TypoCheck } from "@/lib/self-help/email-typo.ts";

// Only to tell "nothing wrong" from "not an address yet"; the real checks are in email-typo.ts.
const LOOKS_COMPLETE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Checks a typed address for common typos entirely in the browser: the address is personal
 * data and is neither sent nor recorded with the self-help session.
 */
export function EmailTypoCheck() {
  const t = useTranslations("selfHelp.typoCheck");
  const id = useId();
  const [address, setAddress] = useState("");
  const [result, setResult] = useState<(TypoCheck & { complete: boolean }) | null>(null);

  function check() {
    const typed = address.trim();
    setResult(typed ? { ...suggestEmailCorrection(typed), complete: LOOKS_COMPLETE.test(typed) } : null);
  }

  return (
    <div className="typo-check">
      <label htmlFor={`${id}-address`}>{t("label")}</label>
      <p className="field-hint" id={`${id}-hint`}>
        {t("hint")}
      </p>
      <div className="typo-check-row">
        {/* No name attribute: without JavaScript nothing of the address can be submitted. */}
        <input
          id={`${id}-address`}
          type="text"
          inputMode="email"
          autoComplete="email"
          spellCheck={false}
          aria-describedby={`${id}-hint`}
          value={address}
          onChange={(event) => {
            setAddress(event.target.value);
            setResult(null);
          }}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              check();
            }
          }}
        />
        <button type="button" className="button" onClick={check}>
          {t("check")}
        </button>
      </div>
      <div aria-live="polite" className="typo-check-result">
        {result?.suggestion ? (
          <p>
            <strong>{t("suggestion", { address: result.suggestion })}</strong>
          </p>
        ) : null}
        {result?.reasons.length ? (
          <ul>
            {result.reasons.map((reason) => (
              <li key={reason}>{t(`reasons.${reason}`)}</li>
            ))}
          </ul>
        ) : null}
        {result && !result.reasons.length ? <p>{result.complete ? t("noIssue") : t("invalid")}</p> : null}
      </div>
    </div>
  );
}
