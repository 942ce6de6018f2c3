"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormField } from "@/components/form-field/form-field.tsx";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import { createAgentSchema, USER_ROLES } from "@/lib/validation/admin.ts";
import { createAgentAction } from "../actions.ts";
import { applyActionErrors } from "../action-feedback.ts";

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

  const field = (name: keyof Input) => ({ id: `new-agent-${name}`, error: errors[name], messages: "admin.validation" });

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
        <FormField label={t("agents.name")} {...field("name")}>
          {(control) => <input autoComplete="off" {...control} {...register("name")} />}
        </FormField>
        <FormField label={t("agents.email")} {...field("email")}>
          {(control) => <input type="email" autoComplete="off" {...control} {...register("email")} />}
        </FormField>
        <FormField label={t("agents.role")} {...field("role")}>
          {(control) => (
            <select {...control} {...register("role")}>
              {USER_ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <FormField label={t("agents.initialPassword")} hint={t("agents.initialPasswordHint")} {...field("password")}>
        {(control) => <input type="password" autoComplete="new-password" {...control} {...register("password")} />}
      </FormField>
      <div>
        <button type="submit" className="button" disabled={isSubmitting}>
          {t("agents.create")}
        </button>
      </div>
    </form>
  );
}
