"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { useStepUp } from "@/components/step-up/step-up-dialog.tsx";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import { updateSecurityPolicyAction } from "../actions.ts";

type Policy = { mfaRequiredForAdmins: boolean; mfaRequiredForAll: boolean };

export function SecurityPolicyForm({ policy }: { policy: Policy }) {
  const t = useTranslations("admin");
  const [values, setValues] = useState(policy);
  const [message, setMessage] = useState<{ kind: "error" | "success"; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const { withStepUp, dialog } = useStepUp();
  return (
    <form
      id="security-policy-form"
      className="panel form-stack"
      onSubmit={(event) => {
        event.preventDefault();
        startTransition(async () => {
          setMessage(null);
          const result = actionOutcome(await withStepUp(() => updateSecurityPolicyAction(values)));
          setMessage(result.ok ? { kind: "success", text: t("security.saved") } : { kind: "error", text: result.message });
        });
      }}
    >
      {dialog}
      {(
        [
          ["mfaRequiredForAdmins", t("security.admins"), t("security.adminsHint")],
          ["mfaRequiredForAll", t("security.all"), t("security.allHint")],
        ] as const
      ).map(([name, label, hint]) => (
        <div className="field field-checkbox" key={name}>
          <input id={`policy-${name}`} type="checkbox" checked={values[name]} onChange={(event) => setValues({ ...values, [name]: event.target.checked })} aria-describedby={`policy-${name}-hint`} />
          <label htmlFor={`policy-${name}`}>{label}</label>
          <p id={`policy-${name}-hint`} className="field-hint">
            {hint}
          </p>
        </div>
      ))}
      <button type="submit" className="button" disabled={pending}>
        {t("security.save")}
      </button>
      {message && (
        <p className={message.kind === "error" ? "field-error" : "field-hint"} role={message.kind === "error" ? "alert" : "status"}>
          {message.text}
        </p>
      )}
    </form>
  );
}
