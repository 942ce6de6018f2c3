"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { CANNED_RESPONSE_PLACEHOLDERS } from "@/lib/tickets/canned-response.ts";
import { ALL_CATEGORIES, cannedResponseSchema } from "@/lib/validation/admin.ts";
import { LANGUAGES, TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";
import { saveCannedResponseAction } from "../actions.ts";
import { applyActionErrors } from "../action-feedback.ts";
import { actionOutcome } from "@/lib/actions/action-result.ts";

type Input = z.input<typeof cannedResponseSchema>;
type Output = z.output<typeof cannedResponseSchema>;

/** Creates a canned response, or edits `existing`. */
export function CannedResponseForm({ existing }: { existing?: Input & { id: string } }) {
  const t = useTranslations("admin");
  const router = useRouter();
  const [alert, setAlert] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Input, unknown, Output>({
    resolver: zodResolver(cannedResponseSchema),
    defaultValues: existing ?? { category: ALL_CATEGORIES, language: "ja", title: "", body: "" },
  });
  const prefix = existing ? `canned-${existing.id}` : "canned-new";

  const onSubmit = async (values: Output) => {
    setAlert(null);
    setSaved(false);
    const result = actionOutcome(await saveCannedResponseAction(values));
    if (!result.ok) {
      setAlert(applyActionErrors(result, setError));
      return;
    }
    setSaved(true);
    if (existing) router.refresh();
    else reset();
  };

  const fieldError = (name: keyof Input) => {
    const message = errors[name]?.message;
    return message ? (
      <p id={`${prefix}-${name}-error`} className="field-error">
        {t(`validation.${message}`)}
      </p>
    ) : null;
  };
  const describedBy = (name: keyof Input, hint?: string) =>
    [hint, errors[name] ? `${prefix}-${name}-error` : undefined].filter(Boolean).join(" ") || undefined;

  return (
    <form className="form-stack" noValidate onSubmit={handleSubmit(onSubmit)}>
      {alert && (
        <p className="form-alert" role="alert">
          {alert}
        </p>
      )}
      {saved && (
        <p className="form-success" role="status">
          {t("canned.saved")}
        </p>
      )}
      <div className="form-row">
        <div className="field">
          <label htmlFor={`${prefix}-category`}>{t("canned.category")}</label>
          <select id={`${prefix}-category`} aria-invalid={errors.category ? true : undefined} aria-describedby={describedBy("category")} {...register("category")}>
            {[ALL_CATEGORIES, ...TICKET_CATEGORIES].map((category) => (
              <option key={category} value={category}>
                {t(`categories.${category}`)}
              </option>
            ))}
          </select>
          {fieldError("category")}
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-language`}>{t("canned.language")}</label>
          <select id={`${prefix}-language`} aria-invalid={errors.language ? true : undefined} aria-describedby={describedBy("language")} {...register("language")}>
            {LANGUAGES.map((language) => (
              <option key={language} value={language}>
                {t(`languages.${language}`)}
              </option>
            ))}
          </select>
          {fieldError("language")}
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-title`}>{t("canned.titleField")}</label>
        <input id={`${prefix}-title`} aria-invalid={errors.title ? true : undefined} aria-describedby={describedBy("title")} {...register("title")} />
        {fieldError("title")}
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-body`}>{t("canned.body")}</label>
        <textarea
          id={`${prefix}-body`}
          rows={8}
          aria-invalid={errors.body ? true : undefined}
          aria-describedby={describedBy("body", `${prefix}-body-hint`)}
          {...register("body")}
        />
        <p id={`${prefix}-body-hint`} className="field-hint">
          {t("canned.bodyHint", { placeholders: CANNED_RESPONSE_PLACEHOLDERS.map((name) => `{{${name}}}`).join(", ") })}
        </p>
        {fieldError("body")}
      </div>
      <div>
        <button type="submit" className="button" disabled={isSubmitting}>
          {existing ? t("canned.save") : t("canned.create")}
        </button>
      </div>
    </form>
  );
}
