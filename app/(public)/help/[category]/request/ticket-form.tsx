"use client";

import { unstable_rethrow } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Controller, useForm, type FieldPath, type Resolver, type UseFormReturn } from "react-hook-form";
import { UPLOADS_PENDING_FIELD } from "@/lib/validation/attachment.ts";
import { LANGUAGES, type LanguageCode, type TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { actionOutcome, type ActionResult } from "@/lib/actions/action-result.ts";
import type { TicketIntake } from "@/lib/validation/ticket.ts";
import { submitTicketAction } from "./actions.ts";
import { DETAIL_FIELDS, type DetailField } from "./detail-fields.ts";

export type TicketFormValues = {
  category: TicketCategoryCode;
  contactEmail: string;
  language: LanguageCode;
  description: string;
  startedAt?: string;
  selfHelpSessionId?: string;
  details: Record<string, string | boolean | undefined>;
};

type FormPath = FieldPath<TicketFormValues>;
type Form = UseFormReturn<TicketFormValues>;

export type CountryOption = { code: string; name: string };

type TicketFormProps = {
  category: TicketCategoryCode;
  defaultLanguage: LanguageCode;
  /** Generated once per page render: a double click or a retry of this form files one ticket. */
  idempotencyKey: string;
  selfHelpSessionId?: string;
  /** Detail fields the self-help answers already established. */
  prefill: Record<string, string | boolean>;
  countries: CountryOption[];
  /** Slot for the screenshot picker (attachments area); nothing is rendered without one. */
  screenshotPicker?: ReactNode;
};

const COMMON_PATHS = new Set(["contactEmail", "language", "description", "startedAt"]);

function isFormPath(path: string): path is FormPath {
  return COMMON_PATHS.has(path) || /^details\.[A-Za-z]+$/.test(path);
}

function emptyToUndefined(value: unknown) {
  return typeof value === "string" && value.trim() === "" ? undefined : value;
}

/** datetime-local has no zone; the browser's own zone turns it into an instant. */
function localDateTimeToIso(value: unknown) {
  if (typeof value !== "string" || value === "") return undefined;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : instant.toISOString();
}

function fieldId(path: string) {
  return `field-${path.replace(/\./g, "-")}`;
}

/**
 * Validates with the category's zod schema, the same the server uses. zod and the resolver are
 * loaded at the first validation (typically the first submit) rather than with the page: they
 * are a third of the form's JavaScript and nobody needs them to start typing.
 */
function lazyIntakeResolver(category: TicketCategoryCode): Resolver<TicketFormValues> {
  return async (values, context, options) => {
    const [{ zodResolver }, { ticketIntakeSchemas }] = await Promise.all([
      import("@hookform/resolvers/zod"),
      import("@/lib/validation/ticket.ts"),
    ]);
    const resolver = zodResolver(ticketIntakeSchemas[category]) as unknown as Resolver<TicketFormValues>;
    return resolver(values, context, options);
  };
}

/** The ticket form of one category, validated with the same zod schema as the server. */
export function TicketForm(props: TicketFormProps) {
  const { category, defaultLanguage, idempotencyKey, selfHelpSessionId, prefill, countries, screenshotPicker } = props;
  const t = useTranslations("ticketForm");
  const attachments = useTranslations("attachments");
  const form = useForm<TicketFormValues>({
    resolver: lazyIntakeResolver(category),
    defaultValues: {
      category,
      contactEmail: "",
      language: defaultLanguage,
      description: "",
      ...(selfHelpSessionId ? { selfHelpSessionId } : {}),
      details: { ...prefill },
    },
  });
  const [formError, setFormError] = useState<string | null>(null);
  const { errors, isSubmitting } = form.formState;
  const hasErrors = Object.keys(errors).length > 0 || formError !== null;

  const onSubmit = form.handleSubmit(async (values, event) => {
    setFormError(null);
    // The screenshot picker keeps its uploads in hidden inputs of this form.
    const screenshots = event?.target instanceof HTMLFormElement ? new FormData(event.target) : new FormData();
    if (screenshots.has(UPLOADS_PENDING_FIELD)) {
      setFormError(attachments("picker.stillUploading"));
      return;
    }
    let result: ActionResult<void>;
    try {
      const uploadToken = screenshots.get("uploadToken");
      result = actionOutcome(
        await submitTicketAction({
          ticket: values as TicketIntake,
          idempotencyKey,
          screenshots: {
            uploadToken: typeof uploadToken === "string" ? uploadToken : null,
            attachmentIds: screenshots.getAll("attachmentIds").filter((id) => typeof id === "string"),
          },
        }),
      );
    } catch (error) {
      // Success arrives as Next's redirect "error", which must go on to the router.
      unstable_rethrow(error);
      // The request may have reached the server; sending again with the same key is safe.
      setFormError(t("networkError"));
      return;
    }
    if (result.ok) return;
    // Field errors come translated; the ticket's own fields are under "ticket." in the action's input.
    const unplaced: string[] = [];
    let focused = false;
    for (const [rawPath, message] of Object.entries(result.fieldErrors ?? {})) {
      const path = rawPath.replace(/^ticket\./, "");
      if (isFormPath(path)) {
        form.setError(path, { type: "server", message }, { shouldFocus: !focused });
        focused = true;
      } else {
        unplaced.push(message);
      }
    }
    setFormError(unplaced.length ? unplaced.join(" ") : focused ? null : result.message);
  });

  return (
    <form className="ticket-form" onSubmit={onSubmit} noValidate>
      {hasErrors ? (
        <p className="form-error" role="alert">
          {formError ?? t("errorSummary")}
        </p>
      ) : null}
      <TextInput form={form} path="contactEmail" type="email" label={t("contactEmail.label")} hint={t("contactEmail.hint")}
        autoComplete="email" setValueAs={(value) => (typeof value === "string" ? value.trim() : value)} />
      <fieldset className="field" aria-describedby={errors.language ? `${fieldId("language")}-error` : undefined}>
        <legend>{t("language.label")}</legend>
        <div className="choices choices-inline">
          {LANGUAGES.map((language) => (
            <label key={language} className="choice">
              <input type="radio" value={language} {...form.register("language")} />
              <LanguageName language={language} />
            </label>
          ))}
        </div>
        <FieldError form={form} path="language" />
      </fieldset>
      {DETAIL_FIELDS[category].map((field) => (
        <DetailInput key={field.name} form={form} category={category} field={field} countries={countries} />
      ))}
      <TextInput form={form} path="startedAt" type="datetime-local" label={t("startedAt.label")} hint={t("startedAt.hint")}
        optional setValueAs={localDateTimeToIso} />
      <TextInput form={form} path="description" type="textarea" label={t("description.label")} hint={t("description.hint")} />
      {screenshotPicker}
      <button type="submit" className="button button-primary" disabled={isSubmitting} aria-disabled={isSubmitting}>
        {isSubmitting ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}

function LanguageName({ language }: { language: LanguageCode }) {
  const t = useTranslations("common");
  return <span lang={language}>{t(`languageNames.${language}`)}</span>;
}

function FieldError({ form, path }: { form: Form; path: FormPath }) {
  const t = useTranslations("validation");
  const error = form.getFieldState(path, form.formState).error;
  if (!error) return null;
  // The server's messages arrive translated; the browser's own check gives message keys.
  const message = typeof error.message === "string" ? error.message : "";
  return (
    <p className="field-error" id={`${fieldId(path)}-error`}>
      {error.type === "server" && message ? message : t(t.has(message) ? message : "invalid")}
    </p>
  );
}

function describedBy(form: Form, path: FormPath, hint: boolean) {
  const ids = [hint ? `${fieldId(path)}-hint` : null, form.getFieldState(path, form.formState).error ? `${fieldId(path)}-error` : null];
  return ids.filter(Boolean).join(" ") || undefined;
}

function Label({ htmlFor, label, optional }: { htmlFor?: string; label: string; optional?: boolean }) {
  const t = useTranslations("ticketForm");
  const text = (
    <>
      {label}
      {optional ? <span className="optional"> ({t("optional")})</span> : null}
    </>
  );
  return htmlFor ? <label htmlFor={htmlFor}>{text}</label> : <legend>{text}</legend>;
}

type TextInputProps = {
  form: Form;
  path: FormPath;
  type: "text" | "email" | "tel" | "datetime-local" | "textarea";
  label: string;
  hint?: string;
  optional?: boolean;
  autoComplete?: string;
  setValueAs?: (value: unknown) => unknown;
};

function TextInput({ form, path, type, label, hint, optional, autoComplete, setValueAs }: TextInputProps) {
  const id = fieldId(path);
  const invalid = Boolean(form.getFieldState(path, form.formState).error);
  const common = {
    id,
    "aria-invalid": invalid,
    "aria-describedby": describedBy(form, path, Boolean(hint)),
    "aria-required": !optional,
    ...form.register(path, { setValueAs: setValueAs ?? (optional ? emptyToUndefined : undefined) }),
  };
  return (
    <div className="field">
      <Label htmlFor={id} label={label} optional={optional} />
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {type === "textarea" ? <textarea rows={6} {...common} /> : <input type={type} autoComplete={autoComplete} {...common} />}
      <FieldError form={form} path={path} />
    </div>
  );
}

type DetailInputProps = { form: Form; category: TicketCategoryCode; field: DetailField; countries: CountryOption[] };

function DetailInput({ form, category, field, countries }: DetailInputProps) {
  const t = useTranslations("ticketForm");
  const path = `details.${field.name}` as FormPath;
  const key = `details.${category}.${field.name}`;
  const label = t(`${key}.label`);
  const hint = t.has(`${key}.hint`) ? t(`${key}.hint`) : undefined;
  const id = fieldId(path);

  switch (field.kind) {
    case "text":
    case "email":
    case "tel":
      return (
        <TextInput form={form} path={path} type={field.kind} label={label} hint={hint} optional={field.optional}
          autoComplete={field.autoComplete}
          setValueAs={field.kind === "tel" ? (value) => (typeof value === "string" ? value.replace(/[\s\-().]/g, "") : value) : undefined} />
      );
    case "datetime":
      return <TextInput form={form} path={path} type="datetime-local" label={label} hint={hint} optional setValueAs={localDateTimeToIso} />;
    case "country":
      return (
        <div className="field">
          <Label htmlFor={id} label={label} />
          {hint ? (
            <p className="field-hint" id={`${id}-hint`}>
              {hint}
            </p>
          ) : null}
          <select id={id} aria-invalid={Boolean(form.getFieldState(path, form.formState).error)}
            aria-describedby={describedBy(form, path, Boolean(hint))} aria-required
            {...form.register(path, { setValueAs: emptyToUndefined })}>
            <option value="">{t("choose")}</option>
            {countries.map((country) => (
              <option key={country.code} value={country.code}>
                {country.name}
              </option>
            ))}
          </select>
          <FieldError form={form} path={path} />
        </div>
      );
    case "choice":
      return (
        <fieldset className="field" aria-describedby={describedBy(form, path, Boolean(hint))}>
          <Label label={label} />
          <div className="choices">
            {field.options.map((option) => (
              <label key={option} className="choice">
                <input type="radio" value={option} {...form.register(path)} />
                <span>{t(`${key}.options.${option}`)}</span>
              </label>
            ))}
          </div>
          <FieldError form={form} path={path} />
        </fieldset>
      );
    case "yesNo":
      return (
        <Controller
          control={form.control}
          name={path}
          render={({ field: control }) => (
            <fieldset className="field" aria-describedby={describedBy(form, path, Boolean(hint))}>
              <Label label={label} />
              <div className="choices choices-inline">
                {[true, false].map((answer) => (
                  <label key={String(answer)} className="choice">
                    <input
                      type="radio"
                      name={control.name}
                      value={String(answer)}
                      checked={control.value === answer}
                      onChange={() => control.onChange(answer)}
                      onBlur={control.onBlur}
                      ref={answer ? control.ref : undefined}
                    />
                    <span>{answer ? t("yes") : t("no")}</span>
                  </label>
                ))}
              </div>
              <FieldError form={form} path={path} />
            </fieldset>
          )}
        />
      );
  }
}
