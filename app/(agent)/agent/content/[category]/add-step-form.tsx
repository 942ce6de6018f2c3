"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { FormField } from "@/components/form-field/form-field.tsx";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import { addStepSchema } from "@/lib/validation/self-help-content.ts";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { applyActionErrors } from "../../admin/action-feedback.ts";
import { addStepAction } from "../actions.ts";

type Input = z.input<typeof addStepSchema>;
type Output = z.output<typeof addStepSchema>;

/** A new step at the end of the draft; its key (the category's prefix and this name) never changes. */
export function AddStepForm({ category, keyPrefix }: { category: TicketCategoryCode; keyPrefix: string }) {
  const t = useTranslations("contentEditor");
  const [alert, setAlert] = useState<string | null>(null);
  const { register, handleSubmit, reset, setError, formState } = useForm<Input, unknown, Output>({
    resolver: zodResolver(addStepSchema),
    defaultValues: { category, name: "", titleJa: "", titleEn: "" },
  });
  const onSubmit = async (values: Output) => {
    setAlert(null);
    const result = actionOutcome(await addStepAction(values));
    if (!result.ok) {
      setAlert(applyActionErrors(result, setError));
      return;
    }
    reset();
  };
  const field = (name: keyof Input) => ({ id: `new-step-${name}`, error: formState.errors[name], messages: "contentEditor.validation" });
  return (
    <form className="form-stack" noValidate onSubmit={handleSubmit(onSubmit)} aria-labelledby="add-step-title">
      <h2 id="add-step-title">{t("addStep")}</h2>
      {alert ? (
        <p className="form-alert" role="alert">
          {alert}
        </p>
      ) : null}
      <div className="form-row">
        <FormField label={t("fields.stepName")} hint={t("fields.stepNameHint", { prefix: keyPrefix })} {...field("name")}>
          {(props) => <input autoComplete="off" {...props} {...register("name")} />}
        </FormField>
        <FormField label={t("fields.titleJa")} {...field("titleJa")}>
          {(props) => <input lang="ja" {...props} {...register("titleJa")} />}
        </FormField>
        <FormField label={t("fields.titleEn")} {...field("titleEn")}>
          {(props) => <input lang="en" {...props} {...register("titleEn")} />}
        </FormField>
      </div>
      <div>
        <button type="submit" className="button" disabled={formState.isSubmitting}>
          {t("addStep")}
        </button>
      </div>
    </form>
  );
}
