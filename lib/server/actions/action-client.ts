import "server-only";
import { headers } from "next/headers";
import { createSafeActionClient, returnValidationErrors, type ValidationErrors } from "next-safe-action";
import type { core } from "zod";
import { z } from "zod";
import type { ActionFailure } from "@/lib/actions/action-result.ts";
import { AppError } from "@/lib/errors.ts";
import type { FieldIssue } from "@/lib/validation/issues.ts";
import { requestLocale } from "@/lib/i18n/request.ts";
import { translator } from "@/lib/i18n/messages.ts";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { currentSession, requireAdmin, requireAgent, requireEditor } from "@/lib/server/auth/session.ts";
import type { PendingAgent } from "@/lib/server/auth/sessions.ts";
import { describeError } from "@/lib/server/http/error-response.ts";
import { clientAddress } from "@/lib/server/http/client-address.ts";
import { customerForStatusToken } from "@/lib/server/tickets/customer-actor.ts";

/**
 * The one way a server action is made. Each kind of caller has its client:
 *
 * - `publicAction`: anyone; ctx has the visitor's language and client address.
 * - `customerAction`: the holder of a status link; the input's `token` is resolved to the
 *   ticket before the action runs (ctx.customer), an unknown token is refused as NOT_FOUND.
 * - `agentAction` / `editorAction` / `adminAction`: a signed-in agent (editor or admin, for the
 *   self-help content; admin), re-read from the database for this request (ctx.actor, the branded
 *   AgentActor every data function takes). The session is part of that: an ended session is
 *   UNAUTHENTICATED, one still owing its second factor is SECOND_FACTOR_REQUIRED. With
 *   `stepUp: true` in the metadata the action is sensitive: it also needs a second factor verified
 *   within STEP_UP_MAX_AGE_MINUTES, else STEP_UP_REQUIRED, which the dashboard turns into "confirm
 *   with your second factor" and a retry (components/step-up/step-up-dialog.tsx).
 * - `signingInAction`: a session that is open, signed in or still owing its second factor
 *   (ctx.subject): only for finishing sign-in (giving or enrolling a factor) and signing out.
 *
 * The caller is resolved before the input is looked at; then the input is validated with the
 * action's zod schema (from lib/validation/). Every refusal and failure becomes an
 * ActionFailure in the visitor's language (lib/actions/action-result.ts); logs get the detail.
 */

const metadataSchema = z.object({
  /** names the action in logs */
  name: z.string(),
  /** where the schema's message keys are translated, e.g. "admin.validation" */
  validationMessages: z.string().default("validation"),
  /** a sensitive action: needs a fresh second factor (step-up, lib/server/auth/step-up.ts) */
  stepUp: z.boolean().default(false),
});
type ActionMetadata = z.input<typeof metadataSchema>;

// Our schemas set message keys; anything else is zod's own English and gets the generic message.
const MESSAGE_KEY = /^[A-Za-z][A-Za-z_]*$/;

function fieldMessage(language: Awaited<ReturnType<typeof requestLocale>>, namespace: string, message: string): string {
  const t = translator(language);
  const key = `${namespace}.${message}`;
  return MESSAGE_KEY.test(message) && t.has(key) ? t(key) : t("errors.VALIDATION_FAILED");
}

/** next-safe-action's nested errors ({ details: { phoneNumber: { _errors } } }) as dotted paths. */
function flattenErrors(node: unknown, path: string[], into: [string, string][]): [string, string][] {
  if (!node || typeof node !== "object") return into;
  for (const [key, value] of Object.entries(node)) {
    if (key === "_errors" && Array.isArray(value) && typeof value[0] === "string") into.push([path.join("."), value[0]]);
    else flattenErrors(value, [...path, key], into);
  }
  return into;
}

async function validationFailure(
  errors: ValidationErrors<core.$ZodType>,
  { metadata }: { metadata: { validationMessages?: string } },
): Promise<ActionFailure> {
  const language = await requestLocale();
  const namespace = metadata.validationMessages ?? "validation";
  const fieldErrors: Record<string, string> = {};
  for (const [path, message] of flattenErrors(errors, [], [])) fieldErrors[path] ??= fieldMessage(language, namespace, message);
  return { ok: false, code: "VALIDATION_FAILED", message: translator(language)("errors.VALIDATION_FAILED"), fieldErrors };
}

const baseClient = createSafeActionClient({
  defineMetadataSchema: () => metadataSchema,
  async handleServerError(error, { metadata }): Promise<ActionFailure> {
    const language = await requestLocale();
    const { appError, message } = describeError(error, language, metadata?.name ?? "action");
    // A refusal about one field (e.g. an email already taken) names it, to be shown next to it.
    const { field, fieldMessage: fieldKey } = appError.params ?? {};
    return {
      ok: false,
      code: appError.code,
      message,
      ...(typeof field === "string" && typeof fieldKey === "string"
        ? { fieldErrors: { [field]: fieldMessage(language, metadata?.validationMessages ?? "validation", fieldKey) } }
        : {}),
    };
  },
}).use(async ({ next }) => {
  const requestHeaders = await headers();
  return next({ ctx: { language: await requestLocale(), clientAddress: clientAddress(requestHeaders) } });
});

const publicClient = baseClient;

const customerClient = baseClient.use(async ({ next, clientInput }) => {
  const token = clientInput instanceof FormData ? clientInput.get("token") : (clientInput as { token?: unknown } | null)?.token;
  const customer = await customerForStatusToken(token);
  if (!customer) throw new AppError("NOT_FOUND", { detail: "status token unknown" });
  return next({ ctx: { customer } });
});

const agentClient = baseClient.use(async ({ next, metadata }) => next({ ctx: { actor: await requireAgent({ stepUp: metadata.stepUp }) } }));

const editorClient = baseClient.use(async ({ next }) => next({ ctx: { actor: await requireEditor() } }));

const adminClient = baseClient.use(async ({ next, metadata }) => next({ ctx: { actor: await requireAdmin({ stepUp: metadata.stepUp }) } }));

const signingInClient = baseClient.use(async ({ next }) => {
  const session = await currentSession();
  if (!session) throw new AppError("UNAUTHENTICATED", { detail: "no open session" });
  const subject: AgentActor | PendingAgent = session.status === "active" ? session.actor : session.pending;
  return next({ ctx: { subject } });
});

const shapeErrors = { handleValidationErrorsShape: validationFailure };

/** An action anyone may call, validated with `schema`. */
export function publicAction<Schema extends core.$ZodType>(metadata: ActionMetadata, schema: Schema) {
  return publicClient.metadata(metadataSchema.parse(metadata)).inputSchema(schema, shapeErrors);
}

/** An action for the holder of a ticket's status link (the input carries it as `token`). */
export function customerAction<Schema extends core.$ZodType>(metadata: ActionMetadata, schema: Schema) {
  return customerClient.metadata(metadataSchema.parse(metadata)).inputSchema(schema, shapeErrors);
}

/** An action for any signed-in, active agent. */
export function agentAction<Schema extends core.$ZodType>(metadata: ActionMetadata, schema: Schema) {
  return agentClient.metadata(metadataSchema.parse(metadata)).inputSchema(schema, shapeErrors);
}

/** An action for signed-in, active editors and admins (the self-help content). */
export function editorAction<Schema extends core.$ZodType>(metadata: ActionMetadata, schema: Schema) {
  return editorClient.metadata(metadataSchema.parse(metadata)).inputSchema(schema, shapeErrors);
}

/** An action for signed-in, active admins. */
export function adminAction<Schema extends core.$ZodType>(metadata: ActionMetadata, schema: Schema) {
  return adminClient.metadata(metadataSchema.parse(metadata)).inputSchema(schema, shapeErrors);
}

/**
 * An action for a session that is open but may still owe its second factor (ctx.subject is the
 * signed-in AgentActor or the PendingAgent): the pages that finish sign-in use it. Data functions
 * it calls must accept a PendingAgent explicitly (lib/server/auth/factors.ts); no ticket or admin
 * function does.
 */
export function signingInAction<Schema extends core.$ZodType>(metadata: ActionMetadata, schema: Schema) {
  return signingInClient.metadata(metadataSchema.parse(metadata)).inputSchema(schema, shapeErrors);
}

/**
 * Refuses the input with field errors found after its schema passed (e.g. a self-help session
 * that can no longer be linked): the visitor gets them like any validation error.
 */
export function refuseFields(schema: core.$ZodType, issues: FieldIssue[]): never {
  type Node = { _errors?: string[]; [key: string]: unknown };
  const errors: Node = {};
  for (const issue of issues) {
    let node = errors;
    for (const part of issue.path.split(".").filter(Boolean)) node = (node[part] ??= {}) as Node;
    (node._errors ??= []).push(issue.message);
  }
  return returnValidationErrors(schema, errors as never);
}
