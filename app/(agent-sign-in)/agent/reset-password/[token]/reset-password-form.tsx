"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { resetPasswordAction } from "../actions.ts";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import { SIGN_IN_PATH } from "@/lib/auth/routes.ts";

export function ResetPasswordForm({ token }: { token: string }) {
  const t = useTranslations("account");
  const [values, setValues] = useState({ newPassword: "", confirmPassword: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);

  if (done) {
    return (
      <div className="panel form-stack">
        <p role="status">{t("reset.done")}</p>
        <Link href={SIGN_IN_PATH}>{t("reset.signIn")}</Link>
      </div>
    );
  }
  const field = (name: "newPassword" | "confirmPassword", label: string) => (
    <div className="field">
      <label htmlFor={`reset-${name}`}>{label}</label>
      <input
        id={`reset-${name}`}
        type="password"
        autoComplete="new-password"
        value={values[name]}
        onChange={(event) => setValues({ ...values, [name]: event.target.value })}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `reset-${name}-error` : undefined}
      />
      {errors[name] && (
        <p id={`reset-${name}-error`} className="field-error">
          {errors[name]}
        </p>
      )}
    </div>
  );
  return (
    <form
      className="panel form-stack"
      id="reset-password-form"
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        setPending(true);
        const result = actionOutcome(await resetPasswordAction({ token, ...values }));
        setPending(false);
        if (result.ok) return setDone(true);
        setErrors(result.fieldErrors ?? {});
        setMessage(result.fieldErrors ? null : result.message);
      }}
    >
      {message && (
        <p className="form-alert" role="alert">
          {message}
        </p>
      )}
      {field("newPassword", t("password.new"))}
      {field("confirmPassword", t("password.confirm"))}
      <button type="submit" className="button" disabled={pending}>
        {t("reset.submit")}
      </button>
    </form>
  );
}
