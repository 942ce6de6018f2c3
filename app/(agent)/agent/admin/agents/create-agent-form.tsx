"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { createAgentSchema, USER_ROLES } from "@/lib/validation/admin.ts";
import { createAgentAction } from "../actions.ts";
import { applyActionErrors } from "../action-feedback.ts";
import { actionOutcome } from "@/lib/actions/action-result.ts";

type Input = z.input<typeof createAgentSchema>;
type Output = z.output<typeof createAgentSchema>;

export function CreateAgentForm() {
  const t = useTranslations("admin");
  const [alert, setAlert] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Input, unknown, Output>({ resolver: zodResolver(createAgentSchema), defaultValues: { role: "AGENT" } });

  const onSubmit = async (values: Output) => {
    setAlert(null);
    setCreated(null);
    const result = actionOutcome(await createAgentAction(values));
    if (!result.ok) {
      setAlert(applyActionErrors(result, setError));
      return;
    }
    setCreated(t("agents.created", { email: values.email }));
    reset();
  };

  const fieldError = (name: keyof Input) => {
    const message = errors[name]?.message;
    return message ? (
      <p id={`new-agent-${name}-error`} className="field-error">
        {t(`validation.${message}`)}
      </p>
    ) : null;
  };
  const describedBy = (name: keyof Input, hint?: string) =>
    [hint, errors[name] ? `new-agent-${name}-error` : undefined].filter(Boolean).join(" ") || undefined;

  return (
    <form className="form-stack" noValidate onSubmit={handleSubmit(onSubmit)}>
      {alert && (
        <p className="form-alert" role="alert">
          {alert}
        </p>
      )}
      {created && (
        <p className="form-success" role="status">
          {created}
        </p>
      )}
      <div className="form-row">
        <div className="field">
          <label htmlFor="new-agent-name">{t("agents.name")}</label>
          <input id="new-agent-name" autoComplete="off" aria-invalid={errors.name ? true : undefined} aria-describedby={describedBy("name")} {...register("name")} />
          {fieldError("name")}
        </div>
        <div className="field">
          <label htmlFor="new-agent-email">{t("agents.email")}</label>
          <input id="new-agent-email" type="email" autoComplete="off" aria-invalid={errors.email ? true : undefined} aria-describedby={describedBy("email")} {...register("email")} />
          {fieldError("email")}
        </div>
        <div className="field">
          <label htmlFor="new-agent-role">{t("agents.role")}</label>
          <select id="new-agent-role" aria-invalid={errors.role ? true : undefined} aria-describedby={describedBy("role")} {...register("role")}>
            {USER_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
          {fieldError("role")}
        </div>
      </div>
      <div className="field">
        <label htmlFor="new-agent-password">{t("agents.initialPassword")}</label>
        <input
          id="new-agent-password"
          type="password"
          autoComplete="new-password"
          aria-invalid={errors.password ? true : undefined}
          aria-describedby={describedBy("password", "new-agent-password-hint")}
          {...register("password")}
        />
        <p id="new-agent-password-hint" className="field-hint">
          {t("agents.initialPasswordHint")}
        </p>
        {fieldError("password")}
      </div>
      <div>
        <button type="submit" className="button" disabled={isSubmitting}>
          {t("agents.create")}
        </button>
      </div>
    </form>
  );
}
