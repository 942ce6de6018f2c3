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
import { FormField } from "@/components/form-field/form-field.tsx";

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

  const field = (name: keyof Input) => ({ id: `${prefix}-${name}`, error: errors[name], messages: "admin.validation" });

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
        <FormField label={t("canned.category")} {...field("category")}>
          {(control) => (
            <select {...control} {...register("category")}>
              {[ALL_CATEGORIES, ...TICKET_CATEGORIES].map((category) => (
                <option key={category} value={category}>
                  {t(`categories.${category}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label={t("canned.language")} {...field("language")}>
          {(control) => (
            <select {...control} {...register("language")}>
              {LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {t(`languages.${language}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
      </div>
      <FormField label={t("canned.titleField")} {...field("title")}>
        {(control) => <input {...control} {...register("title")} />}
      </FormField>
      <FormField
        label={t("canned.body")}
        hint={t("canned.bodyHint", { placeholders: CANNED_RESPONSE_PLACEHOLDERS.map((name) => `{{${name}}}`).join(", ") })}
        {...field("body")}
      >
        {(control) => <textarea rows={8} {...control} {...register("body")} />}
      </FormField>
      <div>
        <button type="submit" className="button" disabled={isSubmitting}>
          {existing ? t("canned.save") : t("canned.create")}
        </button>
      </div>
    </form>
  );
}
