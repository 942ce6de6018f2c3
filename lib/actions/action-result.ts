import type { ErrorCode } from "@/lib/errors.ts";

/**
 * Why a server action refused or failed, in the visitor's language. Every action answers with
 * next-safe-action's result, whose `serverError` (refusals and failures) and `validationErrors`
 * (input that did not pass the action's schema) both carry this shape; `fieldErrors` maps a
 * dotted field path ("details.phoneNumber") to the message to show next to that field.
 */
export type ActionFailure = { ok: false; code: ErrorCode; message: string; fieldErrors?: Record<string, string> };

/** An action's answer as forms handle it. */
export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

/** What a server action made with lib/server/actions/action-client.ts answers (next-safe-action's result). */
export type ActionResponse<T> = { data?: T; serverError?: ActionFailure; validationErrors?: ActionFailure };

/** Folds next-safe-action's result into one success-or-failure value for a form. */
export function actionOutcome<T>(result: ActionResponse<T> | undefined): ActionResult<T> {
  const failure = result?.serverError ?? result?.validationErrors;
  return failure ?? { ok: true, data: result?.data as T };
}

/**
 * A server action used as a plain `<form action>` (pages that work without JavaScript). React
 * ignores what such an action returns, so only the type changes; the function must stay the
 * action itself for the form to post to it.
 */
export function formAction(action: (formData: FormData) => Promise<unknown>): (formData: FormData) => Promise<void> {
  return action as (formData: FormData) => Promise<void>;
}
