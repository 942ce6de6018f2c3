"use client";

import { unstable_rethrow } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Controller, useForm, type FieldPath, type Resolver, type UseFormReturn } from "react-hook-form";
import { FormField } from "@/components/form-field/form-field.tsx";
import { SuggestionList, useSuggestions } from "@/components/self-help/suggestions.tsx";
import { actionOutcome, type ActionResult } from "@/lib/actions/action-result.ts";
import { UPLOADS_PENDING_FIELD } from "@/lib/validation/attachment.ts";
import type { TicketIntake, TicketIntakeInput } from "@/lib/validation/ticket.ts";
import { LANGUAGES, type LanguageCode, type TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { submitTicketAction } from "./actions.ts";
import { DETAIL_FIELDS, type DetailField } from "./detail-fields.ts";

type FormPath = FieldPath<TicketIntakeInput>;
type Form = UseFormReturn<TicketIntakeInput, unknown, TicketIntake>;

export type CountryOption = { code: string; name: string };

/** The country list of the SMS form: the likely ones first, then every country by name. */
export type CountryChoices = { likely: CountryOption[]; all: CountryOption[] };

type TicketFormProps = {
  category: TicketCategoryCode;
  defaultLanguage: LanguageCode;
  /** Generated once per page render: a double click or a retry of this form files one ticket. */
  idempotencyKey: string;
  selfHelpSessionId?: string;
  /** Detail fields the self-help answers already established. */
  prefill: Record<string, string | boolean>;
  countries: CountryChoices;
  /** Where a phone number written without its country code is from (the visitor's country, if known). */
  homeCountry?: string;
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
 * Validates with the intake schema the server uses (its `category` picks the category's
 * fields), after turning a phone number as people type it into the E.164 the schema and the API
 * take. zod, the resolver and the phone-number data are loaded at the first validation (typically
 * the first submit) rather than with the page: nobody needs them to start typing.
 */
function lazyIntakeResolver(homeCountry: string | undefined): Resolver<TicketIntakeInput, unknown, TicketIntake> {
  return async (values, context, options) => {
    const [{ zodResolver }, { ticketIntakeSchema }, { toE164 }] = await Promise.all([
      import("@hookform/resolvers/zod"),
      import("@/lib/validation/ticket.ts"),
      import("@/lib/validation/phone.ts"),
    ]);
    const normalized: TicketIntakeInput =
      values.category === "SMS" && typeof values.details.phoneNumber === "string"
        ? { ...values, details: { ...values.details, phoneNumber: toE164(values.details.phoneNumber, homeCountry) } }
        : values;
    return zodResolver(ticketIntakeSchema)(normalized, context, options);
  };
}

/** The ticket form of one category, validated with the same zod schema as the server. */
export function TicketForm(props: TicketFormProps) {
  const { category, defaultLanguage, idempotencyKey, selfHelpSessionId, prefill, countries, homeCountry, screenshotPicker } = props;
  const t = useTranslations("ticketForm");
  const attachments = useTranslations("attachments");
  const form: Form = useForm<TicketIntakeInput, unknown, TicketIntake>({
    resolver: lazyIntakeResolver(homeCountry),
    defaultValues: {
      category,
      contactEmail: "",
      language: defaultLanguage,
      description: "",
      ...(selfHelpSessionId ? { selfHelpSessionId } : {}),
      // what self-help established; the schema checks it like anything typed
      details: prefill,
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
          ticket: values,
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
      <TicketField form={form} path="language" label={t("language.label")} group>
        {() => (
          <div className="choices choices-inline">
            {LANGUAGES.map((language) => (
              <label key={language} className="choice">
                <input type="radio" value={language} {...form.register("language")} />
                <LanguageName language={language} />
              </label>
            ))}
          </div>
        )}
      </TicketField>
      {DETAIL_FIELDS[category].map((field) => (
        <DetailInput key={field.name} form={form} category={category} field={field} countries={countries} />
      ))}
      <TextInput form={form} path="startedAt" type="datetime-local" label={t("startedAt.label")} hint={t("startedAt.hint")}
        optional setValueAs={localDateTimeToIso} />
      <TextInput form={form} path="description" type="textarea" label={t("description.label")} hint={t("description.hint")} />
      <DescriptionSuggestions form={form} category={category} />
      {screenshotPicker}
      <button type="submit" className="button button-primary" disabled={isSubmitting} aria-disabled={isSubmitting}>
        {isSubmitting ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}

/** Steps matching the description as it is typed; opening one and not filing is deflection by suggestion. */
function DescriptionSuggestions({ form, category }: { form: Form; category: TicketCategoryCode }) {
  const t = useTranslations("selfHelp.suggestions");
  const suggestions = useSuggestions(form.watch("description") ?? "", category);
  return <SuggestionList suggestions={suggestions} heading={t("formHeading")} />;
}

function LanguageName({ language }: { language: LanguageCode }) {
  const t = useTranslations("common");
  return <span lang={language}>{t(`languageNames.${language}`)}</span>;
}

/** A field of this form: the kit's field with this form's ids and validation messages. */
function TicketField(props: { form: Form; path: FormPath; label: string; hint?: string; optional?: boolean; group?: boolean; children: Parameters<typeof FormField>[0]["children"] }) {
  const { form, path, ...field } = props;
  return <FormField id={fieldId(path)} messages="validation" error={form.getFieldState(path, form.formState).error} {...field} />;
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
  const registered = form.register(path, { setValueAs: setValueAs ?? (optional ? emptyToUndefined : undefined) });
  return (
    <TicketField form={form} path={path} label={label} hint={hint} optional={optional}>
      {(control) =>
        type === "textarea" ? (
          <textarea rows={6} aria-required={!optional} {...control} {...registered} />
        ) : (
          <input type={type} autoComplete={autoComplete} aria-required={!optional} {...control} {...registered} />
        )
      }
    </TicketField>
  );
}

type DetailInputProps = { form: Form; category: TicketCategoryCode; field: DetailField; countries: CountryChoices };

function DetailInput({ form, category, field, countries }: DetailInputProps) {
  const t = useTranslations("ticketForm");
  const path = `details.${field.name}` as FormPath;
  const key = `details.${category}.${field.name}`;
  const label = t(`${key}.label`);
  const hint = t.has(`${key}.hint`) ? t(`${key}.hint`) : undefined;

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
      return <CountrySelect form={form} path={path} label={label} hint={hint} countries={countries} />;
    case "choice":
      return (
        <TicketField form={form} path={path} label={label} hint={hint} group>
          {() => (
            <div className="choices">
              {field.options.map((option) => (
                <label key={option} className="choice">
                  <input type="radio" value={option} {...form.register(path)} />
                  <span>{t(`${key}.options.${option}`)}</span>
                </label>
              ))}
            </div>
          )}
        </TicketField>
      );
    case "yesNo":
      return (
        <Controller
          control={form.control}
          name={path}
          render={({ field: control }) => (
            <TicketField form={form} path={path} label={label} hint={hint} group>
              {() => (
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
              )}
            </TicketField>
          )}
        />
      );
  }
}

/**
 * The country select with the likely countries first and a search box that narrows the list as
 * the visitor types a name or code in either language (a 250-entry select is no place to scroll
 * for 日本).
 */
function CountrySelect({ form, path, label, hint, countries }: { form: Form; path: FormPath; label: string; hint?: string; countries: CountryChoices }) {
  const t = useTranslations("ticketForm");
  const [search, setSearch] = useState("");
  const needle = search.trim().toLowerCase();
  const matches = (country: CountryOption) => !needle || country.name.toLowerCase().includes(needle) || country.code.toLowerCase() === needle;
  const selected = form.watch(path);
  // The chosen country stays in the list whatever the search, so the select never shows a blank.
  const shown = (list: CountryOption[]) => list.filter((country) => matches(country) || country.code === selected);
  const searchId = `${fieldId(path)}-search`;
  return (
    <TicketField form={form} path={path} label={label} hint={hint}>
      {(control) => (
        <div className="country-select">
          <label htmlFor={searchId} className="visually-hidden">
            {t("countrySearch")}
          </label>
          <input id={searchId} type="search" placeholder={t("countrySearch")} value={search} onChange={(event) => setSearch(event.target.value)} aria-controls={control.id} autoComplete="off" />
          <select aria-required {...control} {...form.register(path, { setValueAs: emptyToUndefined })}>
            <option value="">{t("choose")}</option>
            {shown(countries.likely).length > 0 && (
              <optgroup label={t("countryLikely")}>
                {shown(countries.likely).map((country) => (
                  <option key={`likely-${country.code}`} value={country.code}>
                    {country.name}
                  </option>
                ))}
              </optgroup>
            )}
            <optgroup label={t("countryAll")}>
              {shown(countries.all.filter((country) => !countries.likely.some((likely) => likely.code === country.code))).map((country) => (
                <option key={country.code} value={country.code}>
                  {country.name}
                </option>
              ))}
            </optgroup>
          </select>
        </div>
      )}
    </TicketField>
  );
}
