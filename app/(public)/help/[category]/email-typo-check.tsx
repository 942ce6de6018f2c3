"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { suggestEmailCorrection } from "@/lib/self-help/email-typo.ts";

type CheckResult = { kind: "suggestion"; address: string } | { kind: "no-issue" } | { kind: "incomplete" };

/**
 * Checks a typed address for common typos entirely in the browser: the address is personal
 * data and is neither sent nor recorded with the self-help session.
 */
export function EmailTypoCheck() {
  const t = useTranslations("selfHelp.typoCheck");
  const id = useId();
  const [address, setAddress] = useState("");
  const [result, setResult] = useState<CheckResult | null>(null);

  function check() {
    const typed = address.trim();
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(typed)) return setResult({ kind: "incomplete" });
    const suggestion = suggestEmailCorrection(typed);
    setResult(suggestion ? { kind: "suggestion", address: suggestion } : { kind: "no-issue" });
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
          type="email"
          inputMode="email"
          autoComplete="email"
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
      <p aria-live="polite" className="typo-check-result">
        {result?.kind === "suggestion" ? <strong>{t("suggestion", { address: result.address })}</strong> : null}
        {result?.kind === "no-issue" ? t("noIssue") : null}
        {result?.kind === "incomplete" ? t("invalid") : null}
      </p>
    </div>
  );
}
