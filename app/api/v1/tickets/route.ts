import { AppError, isAppError } from "@/lib/errors.ts";
import { isLanguage } from "@/lib/i18n/locale.ts";
import { translator } from "@/lib/i18n/messages.ts";
import { publicRoute } from "@/lib/server/http/route-handler.ts";
import { readBodyWithLimit } from "@/lib/server/http/read-body.ts";
import { submitIntake } from "@/lib/server/tickets/intake.ts";
import type { FieldIssue } from "@/lib/validation/issues.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";

/** Far above any valid ticket (5000 characters of description plus short fields). */
const MAX_BODY_BYTES = 64 * 1024;
const NO_STORE = { "Cache-Control": "no-store" };

function validationErrors(issues: FieldIssue[], language: LanguageCode): Response {
  const errors = issues.map((issue) => ({ path: issue.path, message: translator(language)(`validation.${issue.message}`) }));
  return Response.json({ errors }, { status: 422, headers: NO_STORE });
}

// A 422 always carries `errors`, so clients need only one way to read it.
function idempotencyMismatch(error: unknown, language: LanguageCode): Response | null {
  if (!isAppError(error) || error.code !== "IDEMPOTENCY_MISMATCH") return null;
  return Response.json(
    { errors: [{ path: "Idempotency-Key", message: translator(language)("errors.IDEMPOTENCY_MISMATCH") }] },
    { status: 422, headers: NO_STORE },
  );
}

/**
 * Public intake for other channels; the contract is README "Intake API".
 * Answers are in the body's `language`, English when it has none (not the caller's browser's).
 */
const options = { name: "api.v1.tickets", language: "en", maxBodyBytes: MAX_BODY_BYTES, errorAnswer: idempotencyMismatch } as const;

export const POST = publicRoute(options, async (request, context) => {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") throw new AppError("UNSUPPORTED_MEDIA_TYPE", { detail: `content-type ${mediaType}` });
  const text = await readBodyWithLimit(request, MAX_BODY_BYTES);

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return validationErrors([{ path: "", message: "json_invalid" }], context.language);
  }
  const requested = (body as { language?: unknown } | null)?.language;
  if (isLanguage(requested)) context.language = requested;

  const result = await submitIntake({
    body,
    channel: "api",
    clientAddress: context.clientAddress,
    idempotencyKey: request.headers.get("idempotency-key"),
  });
  if (result.kind === "invalid") return validationErrors(result.issues, context.language);
  return Response.json(result.answer, { status: result.kind === "created" ? 201 : 200, headers: NO_STORE });
});
