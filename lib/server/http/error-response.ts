import "server-only";
import { AppError, isAppError } from "@/lib/errors.ts";
import { translator } from "@/lib/i18n/messages.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";

// Connection-level failures: the database is down or restarting, not a bug in the request.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN",
  "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006",
  "P1001", "P1002", "P1008", "P1017", "P2024",
]);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i, /timeout exceeded when trying to connect/i, /can't reach database/i,
  /server closed the connection/i, /connection (?:is )?closed/i, /Connection refused/i, /pglite is closed/i,
  // pg, when a pooled client whose connection broke is used again (e.g. after a server restart)
  /has encountered a connection error and is not queryable/i,
];

/**
 * True when the error (or anything in its cause chain) says the database cannot be reached.
 * Prisma reports a driver error it has no code for (e.g. 57P01 when the server shuts down) as
 * P2039 with the adapter's error in `meta.driverAdapterError`, so the chain continues there.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof candidate.code === "string" && UNAVAILABLE_CODES.has(candidate.code)) return true;
    if (candidate.kind === "DatabaseNotReachable" || candidate.kind === "ConnectionClosed") return true;
    if (typeof candidate.message === "string" && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(candidate.message as string))) {
      return true;
    }
    current = candidate.cause ?? candidate.meta?.driverAdapterError;
  }
  return false;
}

/** Turns anything thrown into the AppError users may see; unknown errors become INTERNAL. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (isDatabaseUnavailable(error)) return new AppError("DATABASE_UNAVAILABLE", { cause: error });
  return new AppError("INTERNAL", { cause: error });
}

/**
 * Logs the detail (never sent to the client) and returns the safe message in `language`: the
 * code's, or a more specific one an AppError names in `params.messageKey` (e.g. who changed a
 * ticket meanwhile, why a screenshot was refused).
 */
export function describeError(error: unknown, language: LanguageCode, context: string): { appError: AppError; message: string } {
  const appError = toAppError(error);
  if (appError.code === "INTERNAL" || appError.code === "DATABASE_UNAVAILABLE") {
    console.error(`[${context}] ${appError.code}:`, appError.cause ?? appError);
  }
  const messageKey = appError.params?.messageKey;
  const key = typeof messageKey === "string" ? messageKey : `errors.${appError.code}`;
  return { appError, message: translator(language)(key, appError.params) };
}

/**
 * The JSON error answer of a route handler: `{ error: { code, message } }` with the right status,
 * `errors: [{ path, message }]` when the failure names fields (as the intake API's 422 does),
 * Retry-After when rate-limited, and never a stack trace or SQL.
 */
export function errorResponse(error: unknown, language: LanguageCode, context: string): Response {
  const { appError, message } = describeError(error, language, context);
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (appError.code === "RATE_LIMITED") headers["Retry-After"] = String(appError.params?.retryAfterSeconds ?? 60);
  if (appError.code === "DATABASE_UNAVAILABLE") headers["Retry-After"] = "5";
  const errors = appError.issues?.map((issue) => ({ path: issue.path, message: translator(language)(`validation.${issue.message}`) }));
  return Response.json({ error: { code: appError.code, message }, ...(errors ? { errors } : {}) }, { status: appError.status, headers });
}
