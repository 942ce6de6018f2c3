import "server-only";
import path from "node:path";
import { createEnv, type StandardSchemaV1 } from "@t3-oss/env-core";
import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/validation/auth.ts";

/**
 * Every setting the app reads, validated once: the variables and defaults of the README's
 * Configuration table, plus what Node.js and Next.js set (NODE_ENV, NEXT_PHASE).
 * Code asks `settings()`; tests build their own with `parseSettings({ … })`. A bad value throws
 * InvalidSettingsError naming every offending variable, so `npm start` and the server refuse
 * to start rather than fail on first use.
 */
export type Settings = ReturnType<typeof parseSettings>;

export type MailAddress = { name: string; address: string };

export class InvalidSettingsError extends Error {
  constructor(issues: readonly StandardSchemaV1.Issue[]) {
    const variable = (issue: StandardSchemaV1.Issue) => issue.path?.map((part) => (typeof part === "object" ? part.key : part)).join(".");
    const lines = issues.map((issue) => `  ${variable(issue)}: ${issue.message}`);
    super(`Invalid configuration, check these environment variables:\n${lines.join("\n")}`);
    this.name = "InvalidSettingsError";
  }
}

const DEFAULT_BRAND_NAME = "Example Exchange";

function wholeNumber(min: number, max?: number) {
  const expected = max === undefined ? `expected a whole number of at least ${min}` : `expected a whole number from ${min} to ${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, expected)
    .transform(Number)
    .refine((value) => value >= min && (max === undefined || value <= max), expected);
}

function decimal(expected: string, accept: (value: number) => boolean) {
  return z
    .string()
    .trim()
    .regex(/^\d*\.?\d+$/, expected)
    .transform(Number)
    .refine(accept, expected);
}

/** Seconds or minutes; the floor keeps timers from spinning. */
const atLeast = (min: number) => decimal(`expected a number of at least ${min}`, (value) => value >= min);

function url(protocols: readonly string[], expected: string) {
  return z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), `expected ${expected}`);
}

const webUrl = () => url(["http:", "https:"], "an http:// or https:// URL");

function isTimeZone(zone: string): boolean {
  // Intl also takes offsets such as "+09:00"; only named zones (and UTC) are IANA zones.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const uploadThingTokenPayload = z.object({
  apiKey: z.string().startsWith("sk_"),
  appId: z.string().min(1),
  regions: z.array(z.string()).nonempty(),
});

/** The SDK's own check (uploadthing/dist/shared-schemas), run at start instead of at the first upload. */
function isUploadThingToken(token: string): boolean {
  try {
    return uploadThingTokenPayload.safeParse(JSON.parse(Buffer.from(token, "base64").toString("utf8"))).success;
  } catch {
    return false;
  }
}

/** `Name <address>` or a bare address; the name is left to the brand when not given. */
function parseMailAddress(value: string): { name: string | null; address: string } | null {
  const named = /^"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>$/.exec(value);
  if (named) return { name: named[1]!.trim() || null, address: named[2]! };
  return /^[^<>\s"]+@[^<>\s"]+$/.test(value) ? { name: null, address: value } : null;
}

const variables = {
  NODE_ENV: z.string().optional(),
  NEXT_PHASE: z.string().optional(),

  PORT: wholeNumber(1, 65535).default(3000),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
    .optional(),
  DATABASE_POOL_SIZE: wholeNumber(1).default(10),
  // Runtime state, not source: the comment keeps the bundler from tracing the data folder.
  SUPPORTGATE_DATA_DIR: z
    .string()
    .default("data")
    .transform((directory) => path.resolve(/*turbopackIgnore: true*/ process.cwd(), directory)),
  SEED_DEMO_DATA: z
    .enum(["true", "false"], "expected true or false")
    .transform((value) => value === "true")
    .optional(),
  ADMIN_EMAIL: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[^@\s]+@[^@\s]+$/, "expected an email address")
    .optional(),
  ADMIN_PASSWORD: z.string().min(MIN_PASSWORD_LENGTH, `expected at least ${MIN_PASSWORD_LENGTH} characters`).optional(),
  DEMO_AGENT_PASSWORD: z.string().optional(),
  APP_BASE_URL: webUrl().optional(),
  NEXTAUTH_URL: webUrl().optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  TRUSTED_PROXY_HOPS: wholeNumber(0).default(0),
  EXPORT_MAX_ROWS: wholeNumber(1).default(50_000),
  // Set by scripts/start.ts for the server it runs (lib/server/http/client-address.ts), not by operators.
  SUPPORTGATE_SERVER_SEAL: z.string().min(32, "is set by npm start; leave it unset").optional(),
  RATE_LIMIT_SCALE: decimal("expected a number above 0", (value) => value > 0).default(1),
  SUPPORT_BRAND_NAME: z
    .string()
    .default(DEFAULT_BRAND_NAME)
    .transform((name) => name.trim() || DEFAULT_BRAND_NAME),
  SUPPORT_TIME_ZONE: z.string().trim().refine(isTimeZone, "expected an IANA time zone such as Asia/Tokyo").default("Asia/Tokyo"),

  UPLOAD_DIR: z.string().trim().optional(),
  UPLOADTHING_TOKEN: z
    .string()
    .trim()
    .refine(isUploadThingToken, "expected the token from UploadThing's dashboard (base64 JSON with apiKey, appId and regions)")
    .optional(),
  UPLOADTHING_INGEST_URL: webUrl().optional(),
  UPLOADTHING_API_URL: webUrl().optional(),
  UPLOADTHING_CALLBACK_URL: webUrl().optional(),
  UPLOAD_PENDING_MAX_AGE_MINUTES: atLeast(1).default(120),
  UPLOAD_SWEEP_INTERVAL_SECONDS: atLeast(10).default(300),
  UPLOAD_MAX_JPEG_SCANS: wholeNumber(1).default(32),
  UPLOAD_DECODE_TIMEOUT_SECONDS: wholeNumber(1).default(10),
  ATTACHMENT_READS_PER_MINUTE: wholeNumber(1).default(600),
  UPLOAD_BODY_TIMEOUT_SECONDS: atLeast(1).default(120),
  UPLOAD_BODY_MIN_BYTES_PER_SECOND: atLeast(1).default(8192),
  UPLOAD_BODY_BUFFERS: wholeNumber(1).default(16),
  UPLOAD_BODY_BUFFERS_PER_CLIENT: wholeNumber(1).default(2),
  UPLOAD_CLIENT_DAILY_MEGABYTES: atLeast(0.001).default(200),
  UPLOAD_PENDING_MAX_MEGABYTES: atLeast(0.001).default(2048),
  SELF_HELP_ABANDON_AFTER_MINUTES: atLeast(1).default(1440),
  SELF_HELP_STARTS_PER_CLIENT: wholeNumber(1).default(60),
  SELF_HELP_ANSWERS_PER_CLIENT: wholeNumber(1).default(300),

  SMTP_URL: url(["smtp:", "smtps:"], "an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587").optional(),
  MAIL_FROM: z
    .string()
    .trim()
    .transform((value, context) => {
      const address = parseMailAddress(value);
      if (!address) context.addIssue({ code: "custom", message: 'expected "Name <address@example.com>" or an address' });
      return address ?? z.NEVER;
    })
    .optional(),
  MAIL_POLL_INTERVAL_SECONDS: atLeast(0.05).default(5),
  MAIL_RETRY_BASE_SECONDS: atLeast(0.05).default(30),
  MAIL_RETRY_MAX_SECONDS: atLeast(0.05).default(3600),
  MAIL_MAX_ATTEMPTS: wholeNumber(1).default(20),
  MAIL_LEASE_SECONDS: atLeast(0.05).default(120),
  MAIL_PER_MAILBOX_PER_HOUR: wholeNumber(1).default(10),
};

/** Validates `environment` and fills in the documented defaults, including those derived from other settings. */
export function parseSettings(environment: Readonly<Record<string, string | undefined>>) {
  const parsed = createEnv({
    server: variables,
    // A copy: emptyStringAsUndefined deletes empty entries from the record it is given.
    runtimeEnv: { ...environment },
    emptyStringAsUndefined: true,
    isServer: true,
    onValidationError: (issues) => {
      throw new InvalidSettingsError(issues);
    },
  });
  const appBaseUrl = (parsed.APP_BASE_URL ?? parsed.NEXTAUTH_URL ?? `http://localhost:${parsed.PORT}`).replace(/\/+$/, "");
  const uploadDirectory = parsed.UPLOAD_DIR
    ? path.resolve(/*turbopackIgnore: true*/ process.cwd(), parsed.UPLOAD_DIR)
    : path.join(/*turbopackIgnore: true*/ parsed.SUPPORTGATE_DATA_DIR, "uploads");
  // Next.js serves public/ to anyone, past our access checks and headers.
  const publicFolder = path.resolve(/*turbopackIgnore: true*/ process.cwd(), "public");
  if (uploadDirectory === publicFolder || uploadDirectory.startsWith(publicFolder + path.sep)) {
    throw new InvalidSettingsError([{ path: ["UPLOAD_DIR"], message: `must not be inside ${publicFolder}: files there are served without access checks` }]);
  }
  const mailFrom: MailAddress = {
    name: parsed.MAIL_FROM?.name ?? `${parsed.SUPPORT_BRAND_NAME} Support`,
    address: parsed.MAIL_FROM?.address ?? `support@${new URL(appBaseUrl).hostname}`,
  };
  return {
    ...parsed,
    APP_BASE_URL: appBaseUrl,
    NEXTAUTH_URL: parsed.NEXTAUTH_URL ?? appBaseUrl,
    UPLOAD_DIR: uploadDirectory,
    MAIL_FROM: mailFrom,
  };
}

let current: Settings | undefined;

/** This process's settings, read from the environment on first use. */
export function settings(): Settings {
  current ??= parseSettings(process.env);
  return current;
}

/**
 * For the start of a server process: its settings, or, when they are invalid, the message on
 * stderr and exit code 1. A server that started anyway could only answer errors.
 */
export function settingsOrExit(): Settings {
  try {
    return settings();
  } catch (error) {
    if (!(error instanceof InvalidSettingsError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
