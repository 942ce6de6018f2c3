import "server-only";
import type { NextRequest } from "next/server";
import type { core } from "zod";
import { AppError } from "@/lib/errors.ts";
import { languageOfRequest } from "@/lib/i18n/locale.ts";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import { currentAgent, requireAdmin, requireAgent } from "@/lib/server/auth/session.ts";
import { customerForStatusToken, type CustomerActor } from "@/lib/server/tickets/customer-actor.ts";
import type { LanguageCode } from "@/lib/validation/ticket-choices.ts";
import { clientAddress } from "./client-address.ts";
import { errorResponse } from "./error-response.ts";
import { readBodyWithLimit } from "./read-body.ts";
import { assertSameOrigin } from "./same-origin.ts";

/**
 * The one way a route handler under app/api is made. A wrapper resolves the caller, checks the
 * origin of browser calls that change state, bounds and parses the body, and turns anything
 * thrown into the JSON error answer (lib/server/http/error-response.ts), so a handler is only
 * what its route does:
 *
 * - `publicRoute`: anyone.
 * - `agentRoute` / `adminRoute`: a signed-in agent (admin), re-read from the database with its
 *   session (ctx.actor); `stepUp: true` makes the route sensitive (a second factor within
 *   STEP_UP_MAX_AGE_MINUTES, else 403 STEP_UP_REQUIRED), `passive: true` keeps the request from
 *   counting as activity for the idle timeout (the live stream, heartbeats).
 * - `viewerRoute`: the holder of a status link (`?token=`) or else a signed-in agent (ctx.viewer);
 *   anyone else gets NOT_FOUND, the same as for something that does not exist.
 */

type Params = Record<string, string | string[]>;
type RouteContext = { params: Promise<Params> };

type BaseContext = {
  /** Language of error answers: the visitor's (cookie, then Accept-Language); a handler may set it from the body. */
  language: LanguageCode;
  clientAddress: string;
  params: Params;
};

type Viewer = { kind: "customer"; customer: CustomerActor; statusToken: string } | { kind: "agent"; actor: AgentActor };

type Options<Body> = {
  /** names the route in logs */
  name: string;
  /** refuse cross-site browser requests (for cookie-authenticated calls that change state) */
  sameOrigin?: boolean;
  /** the request body's size limit, for routes that read one */
  maxBodyBytes?: number;
  /** parse the body as JSON with this schema (VALIDATION_FAILED otherwise) into ctx.body */
  json?: core.$ZodType<Body>;
  /** answer in this language, not the visitor's (e.g. an API for other programs); a handler may still set ctx.language */
  language?: LanguageCode;
  /** agent and admin routes: needs a fresh second factor (step-up, lib/server/auth/step-up.ts) */
  stepUp?: boolean;
  /** agent and admin routes: not activity for the session's idle timeout (automatic requests) */
  passive?: boolean;
  /** a route-specific answer for some errors (e.g. a refused upload's reason); the rest get the common one */
  errorAnswer?: (error: unknown, language: LanguageCode) => Response | null;
};

type Handler<Context> = (request: NextRequest, context: Context) => Promise<Response>;
type RouteHandler = (request: NextRequest, context?: RouteContext) => Promise<Response>;

const WRAPPED = new WeakSet<RouteHandler>();

/** True for a handler made by this module (checked for every route in app/api by a test). */
export function isWrappedRouteHandler(handler: unknown): boolean {
  return typeof handler === "function" && WRAPPED.has(handler as RouteHandler);
}

const DEFAULT_JSON_LIMIT_BYTES = 16 * 1024;

function wrap<Extra, Body>(
  options: Options<Body>,
  resolve: (request: NextRequest) => Promise<Extra>,
  handler: Handler<BaseContext & Extra & { body: Body }>,
): RouteHandler {
  const wrapped: RouteHandler = async (request, routeContext) => {
    const base: BaseContext = {
      language: options.language ?? languageOfRequest(request),
      clientAddress: clientAddress(request.headers),
      params: (await routeContext?.params) ?? {},
    };
    try {
      if (options.sameOrigin) assertSameOrigin(request);
      const limit = options.maxBodyBytes ?? (options.json ? DEFAULT_JSON_LIMIT_BYTES : undefined);
      const declared = Number(request.headers.get("content-length"));
      if (limit !== undefined && Number.isFinite(declared) && declared > limit) {
        throw new AppError("PAYLOAD_TOO_LARGE", { detail: `declared ${declared} bytes to ${options.name}` });
      }
      const extra = await resolve(request);
      const body = options.json ? await parseJson(request, options.json, limit ?? DEFAULT_JSON_LIMIT_BYTES, options.name) : (undefined as Body);
      return await handler(request, { ...base, ...extra, body });
    } catch (error) {
      return options.errorAnswer?.(error, base.language) ?? errorResponse(error, base.language, options.name);
    }
  };
  WRAPPED.add(wrapped);
  return wrapped;
}

async function parseJson<Body>(request: Request, schema: core.$ZodType<Body>, limit: number, name: string): Promise<Body> {
  let value: unknown;
  try {
    value = JSON.parse(await readBodyWithLimit(request, limit));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("VALIDATION_FAILED", { detail: `${name}: body is not JSON` });
  }
  const parsed = await schema["~standard"].validate(value);
  if (parsed.issues) {
    throw new AppError("VALIDATION_FAILED", { detail: `${name}: ${parsed.issues.map((issue) => issue.path?.join(".")).join(", ")}` });
  }
  return parsed.value;
}

const anyone = async () => ({});

export function publicRoute<Body = undefined>(options: Options<Body>, handler: Handler<BaseContext & { body: Body }>): RouteHandler {
  return wrap(options, anyone, handler);
}

export function agentRoute<Body = undefined>(options: Options<Body>, handler: Handler<BaseContext & { actor: AgentActor; body: Body }>): RouteHandler {
  return wrap(options, async () => ({ actor: await requireAgent({ stepUp: options.stepUp, passive: options.passive }) }), handler);
}

export function adminRoute<Body = undefined>(options: Options<Body>, handler: Handler<BaseContext & { actor: AgentActor; body: Body }>): RouteHandler {
  return wrap(options, async () => ({ actor: await requireAdmin({ stepUp: options.stepUp, passive: options.passive }) }), handler);
}

export function viewerRoute(options: Options<undefined>, handler: Handler<BaseContext & { viewer: Viewer }>): RouteHandler {
  return wrap(
    options,
    async (request) => {
      const statusToken = request.nextUrl.searchParams.get("token");
      if (statusToken) {
        const customer = await customerForStatusToken(statusToken);
        if (customer) return { viewer: { kind: "customer", customer, statusToken } as Viewer };
      }
      const actor = await currentAgent();
      if (!actor) throw new AppError("NOT_FOUND", { detail: `${options.name}: neither a status link nor an agent` });
      return { viewer: { kind: "agent", actor } as Viewer };
    },
    handler,
  );
}
