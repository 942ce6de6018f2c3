// Property-based fuzzing (fast-check) of the intake API and the queue's cursors over HTTP and of
// the public server actions' data access in process: malformed input never causes a 5xx or a row
// that breaks the schema.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { hashPassword } from "@/lib/server/auth/password.ts";
import { authenticateAgent } from "@/lib/server/auth/sign-in.ts";
import { toAppError } from "@/lib/server/http/error-response.ts";
import { answerSelfHelpStep } from "@/lib/server/self-help/sessions.ts";
import { customerForStatusToken } from "@/lib/server/tickets/customer-actor.ts";
import { addCustomerReply } from "@/lib/server/tickets/customer-view.ts";
import { submitIntake } from "@/lib/server/tickets/intake.ts";
import { pendingAttachmentsSchema } from "@/lib/validation/upload-token.ts";
import { signInOverHttp } from "./support/agent-sign-in.ts";
import { startApp, type AppInstance } from "./support/app-instance.ts";
import { openClusterDatabase } from "./support/database.ts";
import { recordFigures, sized } from "./support/figures.ts";
import { fileTicket } from "./support/intake.ts";
import { leakIn } from "./support/leaks.ts";
import { extremeCursor, malformedIntakeText, malformedValue, weirdString } from "./support/malformed.ts";
import { schemaViolations } from "./support/schema-check.ts";

const port = Number(process.env.RELIABILITY_PORT || 3300) + 10;
let database: Awaited<ReturnType<typeof openClusterDatabase>>;
let app: AppInstance;

// Fuzzing is thousands of requests from one address; the limits themselves are tested in abuse.
// Set before anything reads the settings, which this process then keeps.
vi.stubEnv("RATE_LIMIT_SCALE", "1000000");

beforeAll(async () => {
  database = await openClusterDatabase("reliability_fuzz");
  app = await startApp({ port, databaseUrl: database.url, env: { RATE_LIMIT_SCALE: "1000000" } });
});

afterAll(async () => {
  await app?.stop();
  await database?.close();
});

const ANSWERS = new Set([200, 201, 413, 415, 422]);

test("malformed payloads to the intake API: never a 5xx, never a leak", async () => {
  const runs = sized(1_000, 6_000);
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(malformedIntakeText, fc.constantFrom("application/json", "application/json; charset=utf-8", "APPLICATION/JSON"), async (text, contentType) => {
      const response = await fetch(`${app.baseURL}/api/v1/tickets`, {
        method: "POST",
        headers: { "content-type": contentType, "idempotency-key": randomUUID() },
        body: text,
        signal: AbortSignal.timeout(30_000),
      });
      const body = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(ANSWERS.has(response.status), `${response.status} for ${text.slice(0, 300)}: ${body.slice(0, 300)}`).toBe(true);
      expect(leakIn(body), body.slice(0, 300)).toBeNull();
    }),
    { numRuns: runs, endOnFailure: true },
  );
  const { rowsChecked, violations } = await schemaViolations(database.url);
  expect(violations).toEqual([]);
  recordFigures({
    scenario: "fuzz, intake API over HTTP",
    requests: runs,
    inputs: runs,
    rowsChecked,
    serverErrors: [...statuses].filter(([status]) => status >= 500).reduce((sum, [, count]) => sum + count, 0),
    notes: `answers: ${[...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status} × ${count}`).join(", ")}; ${violations.length} rows violating the schema`,
  });
});

test("queue cursors at the extremes, over the JSON API and the page: a 422 naming the field, never a 5xx", async () => {
  const runs = sized(200, 2_000);
  const agent = { email: "fuzz.agent@reliability.test", password: "fuzz-agent-password-123" };
  await database.prisma.user.create({ data: { email: agent.email, name: "Fuzz Agent", role: "AGENT", passwordHash: await hashPassword(agent.password) } });
  const { sessionCookie } = await signInOverHttp(app.baseURL, agent);
  expect(sessionCookie).not.toBeNull();
  const statuses = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(extremeCursor, fc.constantFrom("after", "before"), async (cursor, field) => {
      const search = new URLSearchParams({ [field]: cursor, status: "all" });
      const api = await fetch(`${app.baseURL}/api/agent/tickets?${search}`, { headers: { cookie: sessionCookie! }, signal: AbortSignal.timeout(30_000) });
      const body = await api.text();
      statuses.set(`api ${api.status}`, (statuses.get(`api ${api.status}`) ?? 0) + 1);
      expect([200, 422], `${api.status} for ${field}=${cursor}: ${body.slice(0, 300)}`).toContain(api.status);
      if (api.status === 422) expect((JSON.parse(body) as { errors?: { path: string }[] }).errors?.map((error) => error.path)).toEqual([field]);
      expect(leakIn(body), body.slice(0, 300)).toBeNull();
      const page = await fetch(`${app.baseURL}/agent?${search}`, { headers: { cookie: sessionCookie! }, signal: AbortSignal.timeout(30_000) });
      statuses.set(`page ${page.status}`, (statuses.get(`page ${page.status}`) ?? 0) + 1);
      expect(page.status, `page ${page.status} for ${field}=${cursor}`).toBeLessThan(500);
    }),
    { numRuns: runs, endOnFailure: true },
  );
  recordFigures({
    scenario: "fuzz, queue cursors over HTTP (API and page)",
    requests: runs * 2,
    inputs: runs,
    serverErrors: [...statuses].filter(([key]) => Number(key.split(" ")[1]) >= 500).reduce((sum, [, count]) => sum + count, 0),
    notes: `answers: ${[...statuses].sort().map(([key, count]) => `${key} × ${count}`).join(", ")}`,
  });
});

test("malformed arguments to the public server actions' data access: only safe refusals, no broken rows", async () => {
  const runs = sized(1_000, 5_000);
  // a real ticket, filed as a customer would, so its row is checked like the rest
  const { statusToken: realToken } = await fileTicket(app.baseURL);
  const token = fc.oneof(fc.constant(realToken), weirdString);
  const actions = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("intake" as const), body: malformedValue, key: fc.option(weirdString), screenshots: malformedValue }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("reply" as const), token, input: fc.oneof(malformedValue, weirdString.map((body) => ({ body }))), screenshots: malformedValue }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("self-help" as const), sessionId: fc.oneof(weirdString, fc.uuid()), stepKey: weirdString, answer: weirdString }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant("sign-in" as const), email: malformedValue, password: malformedValue }) },
  );
  const codes = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(actions, async (action) => {
      const clientAddress = "203.0.113.7";
      let outcome = "ok";
      try {
        // The action layer refuses malformed screenshot fields and unknown links before the data access runs.
        const screenshots = pendingAttachmentsSchema.safeParse(action.kind === "intake" || action.kind === "reply" ? action.screenshots : undefined);
        if ((action.kind === "intake" || action.kind === "reply") && !screenshots.success) {
          outcome = "invalid";
        } else if (action.kind === "intake") {
          const result = await submitIntake({ body: action.body, channel: "web", clientAddress, idempotencyKey: action.key, attachments: screenshots.data }, database.prisma);
          outcome = result.kind;
        } else if (action.kind === "reply") {
          const customer = await customerForStatusToken(action.token, database.prisma);
          const result = customer ? await addCustomerReply(customer, action.input, { clientAddress, attachments: screenshots.data }, database.prisma) : undefined;
          outcome = result?.kind ?? "NOT_FOUND";
        } else if (action.kind === "self-help") {
          await answerSelfHelpStep(action.sessionId, "EMAIL", { stepKey: action.stepKey, answer: action.answer }, clientAddress, database.prisma);
        } else {
          outcome = (await authenticateAgent({ email: action.email, password: action.password, clientAddress }, database.prisma)) ? "signed-in" : "refused";
        }
      } catch (error) {
        const appError = toAppError(error);
        expect(appError.status, `${action.kind} threw ${String(error)}`).toBeLessThan(500);
        outcome = appError.code;
      }
      codes.set(`${action.kind}:${outcome}`, (codes.get(`${action.kind}:${outcome}`) ?? 0) + 1);
    }),
    { numRuns: runs, endOnFailure: true },
  );
  // "__proto__" keys were parsed, validated and stored without reaching any prototype
  expect(Object.keys(Object.prototype)).toEqual([]);
  const { rowsChecked, violations } = await schemaViolations(database.url);
  expect(violations).toEqual([]);
  recordFigures({
    scenario: "fuzz, server actions (intake, reply, self-help, sign-in) in process",
    inputs: runs,
    rowsChecked,
    serverErrors: 0,
    notes: `outcomes: ${[...codes].sort().map(([code, count]) => `${code} × ${count}`).join(", ")}`,
  });
});
