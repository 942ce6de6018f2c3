"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { useFieldArray, useForm, type FieldPath } from "react-hook-form";
import { FormField } from "@/components/form-field/form-field.tsx";
import { actionOutcome } from "@/lib/actions/action-result.ts";
import type { NeedsUpdate } from "@/lib/self-help/flow-checks.ts";
import { SOLVED, TO_TICKET, type SelfHelpStep } from "@/lib/self-help/types.ts";
import { saveStepSchema, type SaveStepFormValues, type SaveStepInput } from "@/lib/validation/self-help-content.ts";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { applyActionErrors } from "../../admin/action-feedback.ts";
import { saveStepAction } from "../actions.ts";

type StepEditorProps = {
  category: TicketCategoryCode;
  step: SelfHelpStep;
  needsUpdate: NeedsUpdate;
  /** the draft version this page shows (see saveDraftStep) */
  version: string;
  /** where an answer can lead: the draft's steps */
  targets: { key: string; title: string }[];
};

function formValues(category: TicketCategoryCode, step: SelfHelpStep, version: string): SaveStepFormValues {
  return {
    category,
    stepKey: step.key,
    version,
    titleJa: step.title.ja,
    titleEn: step.title.en,
    bodyJa: step.body.ja.join("\n\n"),
    bodyEn: step.body.en.join("\n\n"),
    checklistJa: (step.checklist?.ja ?? []).join("\n"),
    checklistEn: (step.checklist?.en ?? []).join("\n"),
    urgent: !!step.urgent,
    answers: step.answers.map((answer) => ({
      value: answer.value,
      labelJa: answer.label.ja,
      labelEn: answer.label.en,
      next: answer.next ?? "",
      prefill: Object.entries(answer.prefill ?? {})
        .map(([field, value]) => `${field}=${String(value)}`)
        .join("\n"),
    })),
  };
}

/**
 * One step of the draft, Japanese and English side by side, with its answers: where each leads
 * and what it pre-fills in the ticket form. Saving one language's text marks the other as
 * needing an update (shown on the language's column) until it is edited or confirmed.
 */
export function StepEditor({ category, step, needsUpdate, version, targets }: StepEditorProps) {
  const t = useTranslations("contentEditor");
  const [alert, setAlert] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const form = useForm<SaveStepFormValues, unknown, SaveStepInput>({ resolver: zodResolver(saveStepSchema), defaultValues: formValues(category, step, version) });
  const { register, handleSubmit, setValue, setError, control, formState } = form;
  const answers = useFieldArray({ control, name: "answers" });
  const [newValue, setNewValue] = useState("");

  // Another step's save moves the draft's version on; this form's edits stay.
  useEffect(() => setValue("version", version), [setValue, version]);

  // Checked in the browser with the schema; the action parses the same text fields itself.
  const onSubmit = async () => {
    setAlert(null);
    setSaved(false);
    const result = actionOutcome(await saveStepAction(form.getValues()));
    if (!result.ok) {
      setAlert(applyActionErrors(result, setError));
      return;
    }
    setSaved(true);
  };

  const id = (name: string) => `step-${step.key}-${name}`.replace(/[^A-Za-z0-9_-]/g, "-");
  const field = (name: FieldPath<SaveStepFormValues>) => ({
    id: id(name),
    messages: "contentEditor.validation",
    error: form.getFieldState(name, formState).error,
  });

  const column = (language: "ja" | "en") => {
    const suffix = language === "ja" ? "Ja" : "En";
    return (
      <fieldset className={needsUpdate[language] ? "language-column needs-update" : "language-column"} lang={language}>
        <legend>
          {t(`languages.${language}`)}
          {needsUpdate[language] ? <span className="badge badge-warning"> {t("needsUpdate")}</span> : null}
        </legend>
        <FormField label={t("fields.title")} {...field(`title${suffix}`)}>
          {(props) => <input {...props} {...register(`title${suffix}`)} />}
        </FormField>
        <FormField label={t("fields.body")} hint={t("fields.bodyHint")} {...field(`body${suffix}`)}>
          {(props) => <textarea rows={6} {...props} {...register(`body${suffix}`)} />}
        </FormField>
        <FormField label={t("fields.checklist")} hint={t("fields.checklistHint")} optional {...field(`checklist${suffix}`)}>
          {(props) => <textarea rows={4} {...props} {...register(`checklist${suffix}`)} />}
        </FormField>
      </fieldset>
    );
  };

  return (
    <form className="form-stack step-editor" noValidate onSubmit={handleSubmit(onSubmit)} aria-label={t("editStep", { key: step.key })}>
      {alert ? (
        <p className="form-alert" role="alert">
          {alert}
        </p>
      ) : null}
      <div className="language-columns">
        {column("ja")}
        {column("en")}
      </div>
      <label className="checkbox">
        <input type="checkbox" {...register("urgent")} /> {t("fields.urgent")}
      </label>
      <fieldset className="answers-editor">
        <legend>{t("fields.answers")}</legend>
        {answers.fields.map((answer, index) => (
          <div key={answer.id} className="answer-editor" data-testid={`answer-${answer.value}`}>
            <p className="answer-value">
              <code>{answer.value}</code>
            </p>
            <div className="form-row">
              <FormField label={t("fields.labelJa")} {...field(`answers.${index}.labelJa`)}>
                {(props) => <input lang="ja" {...props} {...register(`answers.${index}.labelJa`)} />}
              </FormField>
              <FormField label={t("fields.labelEn")} {...field(`answers.${index}.labelEn`)}>
                {(props) => <input lang="en" {...props} {...register(`answers.${index}.labelEn`)} />}
              </FormField>
              {answer.value === SOLVED ? null : (
                <FormField label={t("fields.next")} {...field(`answers.${index}.next`)}>
                  {(props) => (
                    <select {...props} {...register(`answers.${index}.next`)}>
                      <option value="">{t("fields.nextNone")}</option>
                      <option value={TO_TICKET}>{t("fields.nextTicket")}</option>
                      {targets.map((target) => (
                        <option key={target.key} value={target.key}>
                          {target.title} ({target.key})
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>
              )}
              <FormField label={t("fields.prefill")} hint={t("fields.prefillHint")} optional {...field(`answers.${index}.prefill`)}>
                {(props) => <textarea rows={2} {...props} {...register(`answers.${index}.prefill`)} />}
              </FormField>
            </div>
            <button type="button" className="button button-secondary" onClick={() => answers.remove(index)}>
              {t("removeAnswer", { value: answer.value })}
            </button>
          </div>
        ))}
        <div className="form-row">
          <FormField id={id("new-answer")} label={t("fields.newAnswer")} hint={t("fields.newAnswerHint")} messages="contentEditor.validation">
            {(props) => <input {...props} value={newValue} onChange={(event) => setNewValue(event.target.value.toUpperCase())} />}
          </FormField>
          <button
            type="button"
            className="button"
            disabled={!newValue}
            onClick={() => {
              answers.append({ value: newValue, labelJa: "", labelEn: "", next: TO_TICKET, prefill: "" });
              setNewValue("");
            }}
          >
            {t("addAnswer")}
          </button>
        </div>
      </fieldset>
      <div className="form-row">
        <button type="submit" className="button button-primary" disabled={formState.isSubmitting}>
          {t("saveStep")}
        </button>
        {saved ? (
          <p className="form-success" role="status">
            {t("saved")}
          </p>
        ) : null}
      </div>
    </form>
  );
}
