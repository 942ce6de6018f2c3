import { randomUUID } from "node:crypto";
import { encode } from "next-auth/jwt";
import { request as playwrightRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import { isSignInFlowPath } from "../../lib/auth/routes.ts";
import { hashStatusToken, statusTokenFor } from "../../lib/server/tickets/status-link.ts";
import { E2E_AGENTS, E2E_NEXTAUTH_SECRET } from "../fixtures/accounts.ts";
import { expect, test } from "../fixtures/agent.ts";
import { actionPagePath, appPaths, isAdminAction, isAgentAction, routePath, serverActions, type ServerAction } from "../fixtures/build-manifest.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";

/**
 * The authorization matrix, read from the production build: every dashboard page, dashboard API
 * route and dashboard server action refuses anonymous visitors, customers holding a status link and
 * holders of a valid session token whose account was deactivated (which passes proxy.ts, so this
 * checks the pages' and actions' own checks); every admin action refuses agents. "Refuses" means no
 * success answer, none of the desk's data in the response and nothing changed in the database.
 */
test.describe.configure({ mode: "serial" });

const PROBE = "authz-probe";
// No real target is 7 minutes; looking for the probe's value, rather than comparing the whole
// table, keeps the check true while admin.spec edits targets in a parallel worker.
const PROBE_SLA_MINUTES = 7;
const SAMPLE_TABLES: Record<string, string> = { tickets: "tickets", "canned-responses": "canned_responses", agents: "users", users: "users" };

type Sentinels = { ticketId: string; statusToken: string; userId: string; cannedId: string; formerAdminId: string };
let sentinels: Sentinels;
let secrets: string[];
const sampleIds = new Map<string, string>();

test.beforeAll(async () => {
  const ticketId = randomUUID();
  const statusToken = statusTokenFor(ticketId, E2E_NEXTAUTH_SECRET);
  await queryE2eDatabase(
    `INSERT INTO tickets (id, reference, status_token_hash, category, status, priority, contact_email, language, description, sla_due_at, updated_at)
     VALUES ($1, 'SG-AUTH-Z000', $2, 'SMS', 'NEW', 'NORMAL', 'sentinel.customer@e2e.test', 'en', 'Sentinel ticket for the authorization matrix.', now() + interval '1 day', now())`,
    [ticketId, hashStatusToken(statusToken)],
  );
  const [user] = await queryE2eDatabase<{ id: string }>(
    `INSERT INTO users (email, name, role, password_hash, updated_at) VALUES ('authz-sentinel@e2e.test', 'Sentinel Agent', 'AGENT', 'x', now()) RETURNING id`,
  );
  const [former] = await queryE2eDatabase<{ id: string }>(
    `INSERT INTO users (email, name, role, active, password_hash, updated_at) VALUES ('authz-former-admin@e2e.test', 'Former Admin', 'ADMIN', false, 'x', now()) RETURNING id`,
  );
  const [canned] = await queryE2eDatabase<{ id: string }>(
    `INSERT INTO canned_responses (language, title, body, updated_at) VALUES ('en', 'Sentinel canned response', 'Sentinel body', now()) RETURNING id`,
  );
  sentinels = { ticketId, statusToken, userId: user!.id, cannedId: canned!.id, formerAdminId: former!.id };
  sampleIds.set("tickets", ticketId).set("canned_responses", canned!.id).set("users", user!.id);

  // Text that must never reach someone without access: every ticket's reference and contact, every account's email.
  const rows = await queryE2eDatabase<{ value: string }>(
    "SELECT reference AS value FROM tickets UNION ALL SELECT contact_email FROM tickets UNION ALL SELECT email FROM users",
  );
  secrets = rows.map((row) => row.value);
});

const sample = (segmentBefore: string) => sampleIds.get(SAMPLE_TABLES[segmentBefore] ?? "tickets") ?? sentinels.ticketId;

function dashboardPages(): string[] {
  return appPaths()
    .filter((appPath) => appPath.endsWith("/page"))
    .map((appPath) => routePath(appPath, sample))
    // sign-in and the steps that finish it (second factor, reset link) are not the dashboard
    .filter((path) => (path === "/agent" || path.startsWith("/agent/")) && !isSignInFlowPath(path));
}

function dashboardApiRoutes(): string[] {
  return appPaths()
    .filter((appPath) => appPath.startsWith("/api/agent/") && appPath.endsWith("/route"))
    .map((appPath) => routePath(appPath, sample));
}

/** A plausible input for any action: valid for the admin actions, pointing at sentinel rows for the rest. */
function probeInput(action: ServerAction): unknown {
  const byName: Record<string, unknown> = {
    createAgentAction: { name: PROBE, email: `${PROBE}@e2e.test`, role: "ADMIN", password: "authz-probe-password" },
    changeAgentRoleAction: { userId: sentinels.userId, role: "ADMIN" },
    setAgentActiveAction: { userId: sentinels.userId, active: false },
    saveCannedResponseAction: { id: sentinels.cannedId, category: "ALL", language: "en", title: PROBE, body: PROBE },
    setCannedResponseActiveAction: { id: sentinels.cannedId, active: false },
    updateSlaTargetsAction: { URGENT: PROBE_SLA_MINUTES, HIGH: PROBE_SLA_MINUTES, NORMAL: PROBE_SLA_MINUTES, LOW: PROBE_SLA_MINUTES },
  };
  return (
    byName[action.exportedName] ?? {
      ticketId: sentinels.ticketId, ticketIds: [sentinels.ticketId], id: sentinels.ticketId, version: 1,
      status: "CLOSED", priority: "LOW", category: "ACCOUNT", assigneeId: sentinels.userId, userId: sentinels.userId,
      body: PROBE, kind: "PUBLIC_REPLY", note: PROBE,
    }
  );
}

/** Everything a probe could have changed: the sentinel rows, anything carrying the probe text, SLA targets set to the probe's value. */
async function fingerprint(): Promise<string> {
  const rows = await queryE2eDatabase(
    `SELECT json_build_object(
       'ticket', (SELECT row_to_json(t) FROM tickets t WHERE id = $1::uuid),
       'messages', (SELECT count(*) FROM messages WHERE ticket_id = $1::uuid OR body = $5::text),
       'audit', (SELECT count(*) FROM audit_events WHERE ticket_id = $1::uuid OR data::text LIKE '%' || $2::text || '%' OR data::text LIKE '%' || $3::text || '%'),
       'user', (SELECT row_to_json(u) FROM users u WHERE id = $2::uuid),
       'former', (SELECT row_to_json(u) FROM users u WHERE id = $4::uuid),
       'canned', (SELECT row_to_json(c) FROM canned_responses c WHERE id = $3::uuid),
       'probes', (SELECT count(*) FROM users WHERE email LIKE $5::text || '%') + (SELECT count(*) FROM canned_responses WHERE title = $5::text),
       'sla', (SELECT count(*) FROM sla_targets WHERE first_response_minutes = $6::int)
     ) AS state`,
    [sentinels.ticketId, sentinels.userId, sentinels.cannedId, sentinels.formerAdminId, PROBE, PROBE_SLA_MINUTES],
  );
  return JSON.stringify(rows[0]);
}

async function callAction(request: APIRequestContext, baseURL: string, path: string, action: ServerAction): Promise<APIResponse> {
  return request.post(path, {
    headers: { "Next-Action": action.id, Accept: "text/x-component", "Content-Type": "text/plain;charset=UTF-8", Origin: baseURL },
    data: JSON.stringify([probeInput(action)]),
    maxRedirects: 0,
  });
}

/** Refused: not a success, and if the action answered normally its answer names the refusal. */
async function expectRefused(response: APIResponse, label: string, codes: string[]) {
  const body = await response.text();
  for (const secret of secrets) expect(body, `${label} leaks ${secret}`).not.toContain(secret);
  if (response.status() >= 300) return;
  const redirect = response.headers()["x-action-redirect"] ?? "";
  if (redirect.startsWith("/agent/sign-in")) return;
  // An action's return value only ever travels as a React flight payload; anything else (e.g. the
  // empty answer when Next.js forwarded the call to the action's page and proxy.ts redirected it)
  // carries no result.
  if (!(response.headers()["content-type"] ?? "").startsWith("text/x-component")) return;
  expect(body, `${label} answered ${response.status()} without a refusal`).toMatch(new RegExp(`"ok":false,"code":"(${codes.join("|")})"`));
}

async function expectPageRefused(response: APIResponse, label: string) {
  const body = await response.text();
  for (const secret of secrets) expect(body, `${label} leaks ${secret}`).not.toContain(secret);
  const location = response.headers()["location"] ?? "";
  const redirected = response.status() >= 300 && response.status() < 400 && location.includes("/agent/sign-in");
  // A redirect issued while rendering may arrive as a 200 stream that only carries the redirect.
  const redirectInBody = response.status() === 200 && body.includes("/agent/sign-in") && body.includes("NEXT_REDIRECT");
  // An RSC request whose claimed router state already is the target renders nothing at all.
  const renderedNothing = response.status() === 200 && body.length < 200 && !body.includes("\n1:");
  expect(redirected || redirectInBody || renderedNothing || response.status() === 401 || response.status() === 404, `${label}: ${response.status()} ${location} ${body.slice(0, 500)}`).toBe(true);
}

type Caller = { name: string; context: (baseURL: string) => Promise<APIRequestContext> };
const callers: Caller[] = [
  { name: "an anonymous visitor", context: (baseURL) => playwrightRequest.newContext({ baseURL }) },
  {
    name: "a customer holding a status link",
    context: async (baseURL) => {
      const context = await playwrightRequest.newContext({ baseURL });
      await context.get(`/status/${sentinels.statusToken}`);
      return context;
    },
  },
  {
    // A correctly signed token whose account was deactivated: proxy.ts lets it through.
    name: "a deactivated admin's still-valid session token",
    context: async (baseURL) => {
      const token = await encode({ token: { sub: sentinels.formerAdminId, role: "ADMIN", name: "Former Admin" }, secret: E2E_NEXTAUTH_SECRET });
      const { hostname } = new URL(baseURL);
      return playwrightRequest.newContext({
        baseURL,
        storageState: { cookies: [{ name: "next-auth.session-token", value: token, domain: hostname, path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" }], origins: [] },
      });
    },
  },
];

test("the build has dashboard pages and actions to check", () => {
  expect(dashboardPages()).toEqual(expect.arrayContaining(["/agent", "/agent/metrics", "/agent/admin/agents", "/agent/admin/sla-targets"]));
  expect(serverActions().filter(isAgentAction).map((action) => action.exportedName)).toEqual(
    expect.arrayContaining(["createAgentAction", "changeAgentRoleAction", "setAgentActiveAction", "saveCannedResponseAction", "setCannedResponseActiveAction", "updateSlaTargetsAction"]),
  );
  expect(serverActions().filter(isAgentAction).map((action) => action.exportedName)).not.toContain("setLocaleAction");
});

for (const caller of callers) {
  test.describe(`${caller.name}`, () => {
    test("gets no dashboard page, page data (RSC) or dashboard API answer", async ({ baseURL }) => {
      const request = await caller.context(baseURL!);
      try {
        for (const path of dashboardPages()) {
          await expectPageRefused(await request.get(path, { maxRedirects: 0 }), `GET ${path}`);
          // An RSC request that claims the dashboard layout is already on screen, as a client-side
          // navigation would: the page must check the session itself.
          const tree = encodeURIComponent(JSON.stringify(["", { children: ["(agent)", { children: ["agent", { children: ["__PAGE__", {}] }] }] }]));
          const rscHeaders = { RSC: "1", "Next-Router-State-Tree": tree };
          let rsc = await request.get(path, { maxRedirects: 0, headers: rscHeaders });
          // Next.js first answers with its cache-busting ?_rsc= redirect to the same page
          const location = rsc.headers()["location"] ?? "";
          if (rsc.status() === 307 && location.includes("_rsc=")) rsc = await request.get(location, { maxRedirects: 0, headers: rscHeaders });
          await expectPageRefused(rsc, `RSC ${path}`);
        }
        for (const path of dashboardApiRoutes()) {
          for (const method of ["GET", "POST"] as const) {
            const response = await request.fetch(path, { method, maxRedirects: 0, data: method === "POST" ? {} : undefined });
            expect([401, 403, 404, 405], `${method} ${path}`).toContain(response.status());
            const body = await response.text();
            for (const secret of secrets) expect(body, `${method} ${path} leaks ${secret}`).not.toContain(secret);
          }
        }
      } finally {
        await request.dispose();
      }
    });

    test("cannot run any dashboard server action", async ({ baseURL }) => {
      const request = await caller.context(baseURL!);
      try {
        const before = await fingerprint();
        for (const action of serverActions().filter(isAgentAction)) {
          const label = `${action.filename}#${action.exportedName}`;
          await expectRefused(await callAction(request, baseURL!, actionPagePath(action, sample), action), `${label} on its page`, ["UNAUTHENTICATED"]);
          // the same action posted to a public page, which proxy.ts never looks at
          await expectRefused(await callAction(request, baseURL!, "/", action), `${label} on /`, ["UNAUTHENTICATED"]);
        }
        expect(await fingerprint()).toBe(before);
      } finally {
        await request.dispose();
      }
    });
  });
}

test("an agent cannot run any admin server action", async ({ baseURL, sessionStateFor }) => {
  const request = await playwrightRequest.newContext({ baseURL, storageState: await sessionStateFor(E2E_AGENTS[0]) });
  try {
    // the session is real: the agent's own pages work
    expect((await request.get("/agent/metrics", { maxRedirects: 0 })).status()).toBe(200);
    const before = await fingerprint();
    const adminActions = serverActions().filter(isAdminAction);
    expect(adminActions.length).toBeGreaterThanOrEqual(6);
    for (const action of adminActions) {
      const response = await callAction(request, baseURL!, actionPagePath(action, sample), action);
      expect(response.status(), action.exportedName).toBe(200);
      expect(await response.text(), action.exportedName).toMatch(/"ok":false,"code":"FORBIDDEN"/);
    }
    expect(await fingerprint()).toBe(before);
  } finally {
    await request.dispose();
  }
});
