import "server-only";
import { z } from "zod";
import type { ErrorCode } from "@/lib/errors.ts";
import { requestLocale } from "@/lib/i18n/request.ts";
import { translator } from "@/lib/i18n/messages.ts";
import { describeError } from "@/lib/server/http/error-response.ts";

/**
 * What a dashboard server action answers. Refusals are answers, not thrown errors, so a form can
 * show them next to its fields; `code` is the AppError code (UNAUTHENTICATED, FORBIDDEN, …).
 * `fieldErrors` maps a field path to a message key of the form's namespace ("validation.<key>").
 */
export type ActionResult<T = null> =
  | { ok: true; data: T }
  | { ok: false; code: ErrorCode; message: string; fieldErrors?: Record<string, string> };

/**
 * Runs a server action's work and turns every failure into an ActionResult in the visitor's
 * language: zod errors become VALIDATION_FAILED with field errors; an AppError's
 * `params.field` + `params.fieldMessage` marks one field; `params.messageKey` picks a more
 * specific translated message than the code's generic one.
 */
export async function runAction<T>(context: string, work: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await work() };
  } catch (error) {
    const language = await requestLocale();
    if (error instanceof z.ZodError) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of error.issues) fieldErrors[issue.path.join(".")] ??= issue.message;
      return { ok: false, code: "VALIDATION_FAILED", message: translator(language)("errors.VALIDATION_FAILED"), fieldErrors };
    }
    const { appError, message } = describeError(error, language, context);
    const { field, fieldMessage, messageKey } = appError.params ?? {};
    return {
      ok: false,
      code: appError.code,
      message: typeof messageKey === "string" ? translator(language)(messageKey, appError.params) : message,
      ...(typeof field === "string" && typeof fieldMessage === "string" ? { fieldErrors: { [field]: fieldMessage } } : {}),
    };
  }
}
