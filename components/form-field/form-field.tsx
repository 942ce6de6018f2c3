"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

/** What a field's error may be: react-hook-form's, or a server answer's (already translated). */
export type FieldProblem = { type?: string; message?: unknown } | undefined;

/** The attributes that tie a control to its label, hint and error. */
export type ControlProps = { id: string; "aria-invalid"?: true; "aria-describedby"?: string };

type FormFieldProps = {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: FieldProblem;
  /**
   * Where the browser's own check finds its messages: the shared zod schemas set message keys
   * (e.g. "admin.validation"); errors the server sent (type "server") arrive translated.
   */
  messages: string;
  /** shows "(optional)" after the label */
  optional?: boolean;
  /** a group of radios or checkboxes: a fieldset with a legend instead of a label */
  group?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
};

/** The text to show for a field's error, or null when there is none. */
export function useFieldErrorText(messages: string): (error: FieldProblem) => string | null {
  const t = useTranslations(messages);
  return (error) => {
    if (!error) return null;
    const message = typeof error.message === "string" ? error.message : "";
    if (error.type === "server" && message) return message;
    return t(t.has(message) ? message : "invalid");
  };
}

/**
 * One form field the same way in every form: label (or legend), hint, error, and the aria wiring
 * between them (the control is described by its hint and error, and marked invalid with one).
 */
export function FormField({ id, label, hint, error, messages, optional, group, className, children }: FormFieldProps) {
  const common = useTranslations("common");
  const errorText = useFieldErrorText(messages)(error);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errorText ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  const control: ControlProps = { id, ...(errorText ? { "aria-invalid": true as const } : {}), ...(describedBy ? { "aria-describedby": describedBy } : {}) };
  const caption = (
    <>
      {label}
      {optional ? <span className="optional"> ({common("optional")})</span> : null}
    </>
  );
  // The hint comes before the control, so it is read before typing; the error follows it.
  const body = (
    <>
      {hint ? (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      ) : null}
      {children(control)}
      {errorText ? (
        // A server's answer arrives after the visitor acted, possibly after a page load: announce it.
        <p id={errorId} className="field-error" role={error?.type === "server" ? "alert" : undefined}>
          {errorText}
        </p>
      ) : null}
    </>
  );
  if (group) {
    return (
      <fieldset className={className ?? "field"} aria-describedby={describedBy}>
        <legend>{caption}</legend>
        {body}
      </fieldset>
    );
  }
  return (
    <div className={className ?? "field"}>
      <label htmlFor={id}>{caption}</label>
      {body}
    </div>
  );
}
