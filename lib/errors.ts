import type { FieldIssue } from "@/lib/validation/issues.ts";

/**
 * The one error type the app throws on purpose. `code` picks the HTTP status and the safe,
 * translated message users see (messages/<lang>/errors.json); `detail` is for logs only.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  ALREADY_CLAIMED: 409,
  IDEMPOTENCY_MISMATCH: 422,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  DATABASE_UNAVAILABLE: 503,
  STORAGE_FULL: 507,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;
  /** Values the translated message may interpolate, e.g. who changed a ticket. Never secrets. */
  readonly params?: Record<string, string | number>;
  /** For VALIDATION_FAILED: which fields, with message keys into messages/<lang>/validation.json. */
  readonly issues?: FieldIssue[];

  constructor(
    code: ErrorCode,
    options: { detail?: string; params?: Record<string, string | number>; issues?: FieldIssue[]; cause?: unknown } = {},
  ) {
    super(options.detail ? `${code}: ${options.detail}` : code, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.detail = options.detail;
    this.params = options.params;
    this.issues = options.issues;
  }

  get status(): number {
    return ERROR_CODES[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
