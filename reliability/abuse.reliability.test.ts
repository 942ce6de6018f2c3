// Abuse from outside, against two app instances on one database: rate limits per client and per
// email, sign-in throttling that an attacker cannot turn against an agent, sessions that end at the
// next request (signed out, deactivated, demoted, password changed: API, page, /api/auth/session and
// the live stream), step-up on the CSV export, CSRF, security headers, error bodies, and status
// links that cannot be enumerated.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { samplePng } from "@/lib/server/attachments/test-corpus.ts";
import { hashPassword } from "@/lib/server/auth/password.ts";
import { decode } from "next-auth/jwt";
import { changeAgentRole, setAgentActive } from "@/lib/server/admin/agents.ts";
import { loadAgentActor } from "@/lib/server/auth/actor.ts";
import { changeOwnPassword } from "@/lib/server/auth/passwords.ts";
import { SIGN_IN_FAILURES_PER_CLIENT } from "@/lib/server/auth/sign-in.ts";
import { UPLOAD_CLIENT_LIMIT } from "@/lib/server/attachments/http.ts";
import { REPLY_CLIENT_LIMIT, REPLY_TICKET_LIMIT } from "@/lib/server/tickets/customer-view.ts";
import { INTAKE_CLIENT_LIMIT, INTAKE_EMAIL_LIMIT } from "@/lib/server/tickets/intake.ts";
import { signInOverHttp } from "./support/agent-sign-in.ts";
import { RELIABILITY_ADMIN, RELIABILITY_SECRET, startApp, type AppInstance } from "./support/app-instance.ts";
import { newUploadToken, sendReply, uploadScreenshot } from "./support/customer.ts";
import { openClusterDatabase } from "./support/database.ts";
import { recordFigures } from "./support/figures.ts";
import { intakeBody, postIntake } from "./support/intake.ts";
import { leakIn } from "./support/leaks.ts";

const port = Number(process.env.RELIABILITY_PORT || 3300) + 30;
let database: Awaited<ReturnType<typeof openClusterDatabase>>;
let instances: [AppInstance, AppInstance];
let requests = 0;
const errorBodies: string[] = [];
const agent = { email: "lockout.agent@reliability.test", password: "the-right-password-123" };

/** Alternates between the two instances, so every limit must hold across them. */
const instance = (index: number) => instances[index % 2]!;
/** A distinct client address, passed as the trusted proxy would. */
const from = (address: string) => ({ "x-forwarded-for": address });
let addressesHandedOut = 0;
/**
 * A client address no other request of this file has used. Counted, not random: two random picks
 * from 198.51.x.y could meet an address an earlier test filled to its limit (a CI run met one).
 */
const freshAddress = () => {
  addressesHandedOut++;
  return `198.51.${Math.floor(addressesHandedOut / 256) % 256}.${addressesHandedOut % 256}`;
};

function note(status: number, body: string) {
  requests++;
  if (status >= 400) errorBodies.push(body);
}

beforeAll(async () => {
  database = await openClusterDatabase("reliability_abuse", 5);
  await database.prisma.user.create({ data: { email: agent.email, name: "Lockout Agent", role: "AGENT", passwordHash: await hashPassword(agent.password) } });
  // one trusted proxy hop: the tests play many clients through X-Forwarded-For, and TLS through X-Forwarded-Proto
  const env = { TRUSTED_PROXY_HOPS: "1" };
  instances = await Promise.all([startApp({ port, databaseUrl: database.url, env }), startApp({ port: port + 1, databaseUrl: database.url, env })]);
});

afterAll(async () => {
  await Promise.all((instances ?? []).map((app) => app.stop()));
  await database?.close();
  const leaks = errorBodies.map(leakIn).filter(Boolean);
  expect(leaks).toEqual([]);
});

describe("rate limits hold across two instances on one database", () => {
  test(`intake: ${INTAKE_CLIENT_LIMIT.limit} tickets per client address, then 429 with Retry-After`, async () => {
    const address = freshAddress();
    for (let index = 0; index < INTAKE_CLIENT_LIMIT.limit; index++) {
      const answer = await postIntake(instance(index).baseURL, intakeBody(`client-${randomUUID()}`), from(address));
      note(answer.status, answer.body);
      expect(answer.status, answer.body).toBe(201);
    }
    const refused = await postIntake(instance(1).baseURL, intakeBody(`client-${randomUUID()}`), from(address));
    note(refused.status, refused.body);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(JSON.parse(refused.body)).toEqual({ error: { code: "RATE_LIMITED", message: expect.any(String) } });
    // someone else is not affected
    const other = await postIntake(instance(0).baseURL, intakeBody(`client-${randomUUID()}`), from(freshAddress()));
    note(other.status, other.body);
    expect(other.status).toBe(201);
  });

  test(`intake: ${INTAKE_EMAIL_LIMIT.limit} tickets per contact email, whatever the address`, async () => {
    const tag = `email-${randomUUID()}`;
    for (let index = 0; index < INTAKE_EMAIL_LIMIT.limit; index++) {
      const answer = await postIntake(instance(index).baseURL, intakeBody(tag), from(freshAddress()));
      note(answer.status, answer.body);
      expect(answer.status, answer.body).toBe(201);
    }
    // the same address in other letter case is the same mailbox
    const refused = await postIntake(instance(1).baseURL, { ...intakeBody(tag), contactEmail: `${tag}@RELIABILITY.test` }, from(freshAddress()));
    note(refused.status, refused.body);
    expect(refused.status).toBe(429);
    expect(await database.prisma.ticket.count({ where: { contactEmail: { startsWith: tag, mode: "insensitive" } } })).toBe(INTAKE_EMAIL_LIMIT.limit);
  });

  test("intake: a third party's refused requests lock nobody out, and +tag variants of one mailbox share its limit", async () => {
    const started = requests;
    const attacker = freshAddress();
    for (let index = 0; index < INTAKE_CLIENT_LIMIT.limit; index++) {
      const answer = await postIntake(instance(index).baseURL, intakeBody(`filler-${randomUUID()}`), from(attacker));
      note(answer.status, answer.body);
      expect(answer.status, answer.body).toBe(201);
    }
    // the attacker, now over its own limit, names the victim again and again
    const victim = `victim-${randomUUID()}`;
    let refused = 0;
    for (let index = 0; index <= INTAKE_EMAIL_LIMIT.limit; index++) {
      const answer = await postIntake(instance(index).baseURL, intakeBody(victim), from(attacker));
      note(answer.status, answer.body);
      expect(answer.status).toBe(429);
      refused++;
    }
    const own = await postIntake(instance(1).baseURL, intakeBody(victim), from(freshAddress()));
    note(own.status, own.body);
    expect(own.status, own.body).toBe(201);

    // one mailbox however it is spelled: the limit counts the accepted tickets of all spellings
    const mailbox = `tagged-${randomUUID().slice(0, 8)}`;
    const spelled = (index: number) => ({ ...intakeBody(mailbox), contactEmail: `${index % 2 ? mailbox.toUpperCase() : mailbox}+${index}@reliability.test` });
    for (let index = 0; index < INTAKE_EMAIL_LIMIT.limit; index++) {
      const answer = await postIntake(instance(index).baseURL, spelled(index), from(freshAddress()));
      note(answer.status, answer.body);
      expect(answer.status, answer.body).toBe(201);
    }
    const overTagged = await postIntake(instance(0).baseURL, spelled(99), from(freshAddress()));
    note(overTagged.status, overTagged.body);
    expect(overTagged.status).toBe(429);

    recordFigures({
      scenario: "abuse: intake lock-out of an address by a third party, +tag variants (2 instances)",
      requests: requests - started,
      rowsChecked: await database.prisma.ticket.count({ where: { contactEmail: { contains: victim } } }),
      serverErrors: 0,
      notes: `${refused} requests naming the victim refused at the sender's own limit, then the victim's own request filed (201); ${INTAKE_EMAIL_LIMIT.limit} +tag spellings of one mailbox filed, the next refused`,
    });
  });

  test(`replies: ${REPLY_TICKET_LIMIT.limit} per ticket and ${REPLY_CLIENT_LIMIT.limit} per client address`, async () => {
    const file = async () => {
      const answer = await postIntake(instance(0).baseURL, intakeBody(`reply-${randomUUID()}`), from(freshAddress()));
      note(answer.status, answer.body);
      const { reference, statusUrl } = JSON.parse(answer.body) as { reference: string; statusUrl: string };
      return { reference, token: new URL(statusUrl).pathname.split("/").pop()! };
    };
    const reply = async (index: number, token: string, address: string) => {
      const answer = await sendReply(instance(index).baseURL, token, { body: `Reply ${index}` }, from(address));
      note(answer.status, answer.state === "sent" ? "" : answer.body);
      return answer;
    };
    const messagesOf = (reference: string) => database.prisma.message.count({ where: { ticket: { reference }, authorType: "CUSTOMER" } });

    // per ticket, from many addresses
    const busy = await file();
    for (let index = 0; index < REPLY_TICKET_LIMIT.limit; index++) expect((await reply(index, busy.token, freshAddress())).state).toBe("sent");
    const overTicket = await reply(1, busy.token, freshAddress());
    expect(overTicket.state).toBe("error");
    expect(overTicket.body).toContain("Too many requests");
    expect(await messagesOf(busy.reference)).toBe(REPLY_TICKET_LIMIT.limit);

    // per client, spread over tickets each under their own limit
    const address = freshAddress();
    const tickets = await Promise.all(Array.from({ length: Math.ceil(REPLY_CLIENT_LIMIT.limit / (REPLY_TICKET_LIMIT.limit - 1)) + 1 }, file));
    for (let index = 0; index < REPLY_CLIENT_LIMIT.limit; index++) {
      expect((await reply(index, tickets[index % tickets.length]!.token, address)).state).toBe("sent");
    }
    const overClient = await reply(0, tickets.at(-1)!.token, address);
    expect(overClient.state).toBe("error");
    expect(overClient.body).toContain("Too many requests");
  });

  test(`uploads: ${UPLOAD_CLIENT_LIMIT.limit} per client address`, async () => {
    const png = await samplePng(3);
    const address = freshAddress();
    for (let index = 0; index < UPLOAD_CLIENT_LIMIT.limit; index++) {
      const answer = await uploadScreenshot(instance(index).baseURL, newUploadToken(), png, from(address));
      note(answer.status, answer.body);
      expect(answer.status, answer.body).toBe(201);
    }
    const refused = await uploadScreenshot(instance(1).baseURL, newUploadToken(), png, from(address));
    note(refused.status, refused.body);
    expect(refused.status).toBe(429);
    expect((JSON.parse(refused.body) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    expect((await uploadScreenshot(instance(0).baseURL, newUploadToken(), png, from(freshAddress()))).status).toBe(201);
  });

  test("sign-in: wrong passwords for an agent's address from other addresses never keep the agent out; one address is slowed down, then stopped", async () => {
    const perAccount = 5; // SIGN_IN_FAILURES_PER_ACCOUNT_CLIENT's default
    const attacker = freshAddress();
    let attempts = 0;
    let slowedDown = 0;
    // one address hammering the agent's account, on both instances: a slowdown after the limit, never a lock
    for (let index = 0; index < perAccount * 3; index++) {
      const answer = await signInOverHttp(instance(index).baseURL, { email: agent.email, password: `wrong-password-${index}` }, { headers: from(attacker) });
      note(answer.status, answer.body);
      attempts++;
      expect(answer.signedIn).toBe(false);
      expect(answer.error).toBe(index < perAccount ? "CredentialsSignin" : "RATE_LIMITED");
      if (answer.error === "RATE_LIMITED") slowedDown++;
    }
    // many other addresses, each up to its limit and one more
    for (let address = 0; address < 8; address++) {
      const elsewhere = freshAddress();
      for (let index = 0; index <= perAccount; index++) {
        const answer = await signInOverHttp(instance(index).baseURL, { email: agent.email, password: `guess-${address}-${index}` }, { headers: from(elsewhere) });
        note(answer.status, answer.body);
        attempts++;
        expect(answer.signedIn).toBe(false);
        if (answer.error === "RATE_LIMITED") slowedDown++;
      }
    }
    // the agent, from their own address, signs in at once on either instance
    const agentAddress = freshAddress();
    const signedIn = await Promise.all([0, 1].map((index) => signInOverHttp(instance(index).baseURL, agent, { headers: from(agentAddress) })));
    requests += 2;
    expect(signedIn.map((answer) => answer.signedIn)).toEqual([true, true]);
    // even the attacker's own address gets the right password refused only as a slowdown, never as a wrong password
    const fromAttacker = await signInOverHttp(instance(0).baseURL, agent, { headers: from(attacker) });
    expect(fromAttacker.error).toBe("RATE_LIMITED");
    requests++;
    recordFigures({
      scenario: "abuse: an attacker's wrong passwords against an agent's account (2 instances)",
      requests: attempts + 3,
      notes: `${attempts} wrong passwords from 9 addresses, ${slowedDown} slowed down (429), agent signed in from its own address on both instances: yes`,
    });

    // one address spraying unknown accounts
    const address = freshAddress();
    for (let index = 0; index < SIGN_IN_FAILURES_PER_CLIENT.limit; index++) {
      const answer = await signInOverHttp(instance(index).baseURL, { email: `nobody-${index}@reliability.test`, password: "not-a-real-password" }, { headers: from(address) });
      note(answer.status, answer.body);
      expect(answer.error).toBe("CredentialsSignin");
    }
    const stopped = await signInOverHttp(instance(0).baseURL, { email: "admin@reliability.test", password: "reliability-admin-password" }, { headers: from(address) });
    expect(stopped.signedIn).toBe(false);
    expect(stopped.error).toBe("RATE_LIMITED");
    requests++;
  });
});

describe("the client address cannot be written by the client", () => {
  // A forged address header from the client, different on every request: were it believed, the
  // per-client limit would never bite.
  const forged = () => ({ "x-supportgate-client-address": freshAddress() });

  test("under npm start, the server's own address wins over a header the client wrote", async () => {
    const address = freshAddress();
    for (let index = 0; index < INTAKE_CLIENT_LIMIT.limit; index++) {
      const answer = await postIntake(instance(index).baseURL, intakeBody(`forged-${randomUUID()}`), { ...from(address), ...forged() });
      note(answer.status, answer.body);
      expect(answer.status).toBe(201);
    }
    const refused = await postIntake(instance(0).baseURL, intakeBody(`forged-${randomUUID()}`), { ...from(address), ...forged() });
    note(refused.status, refused.body);
    expect(refused.status).toBe(429);
  });

  test("a plain `next start` refuses to serve without a trusted proxy, and behind one believes only the proxy", async () => {
    const plainPort = port - 2;
    const withoutProxy = await startApp({ port: plainPort, databaseUrl: database.url, server: "next start" }).then(
      async (app) => {
        await app.stop();
        return "served";
      },
      (error: Error) => error.message,
    );
    expect(withoutProxy).toContain("must be started with `npm start`");

    const plain = await startApp({ port: plainPort, databaseUrl: database.url, server: "next start", env: { TRUSTED_PROXY_HOPS: "1" } });
    try {
      const address = freshAddress();
      for (let index = 0; index < INTAKE_CLIENT_LIMIT.limit; index++) {
        const answer = await postIntake(plain.baseURL, intakeBody(`plain-${randomUUID()}`), { ...from(`6.6.6.${index}, ${address}`), ...forged() });
        note(answer.status, answer.body);
        expect(answer.status).toBe(201);
      }
      const refused = await postIntake(plain.baseURL, intakeBody(`plain-${randomUUID()}`), { ...from(`7.7.7.7, ${address}`), ...forged() });
      note(refused.status, refused.body);
      expect(refused.status).toBe(429);
      recordFigures({
        scenario: "abuse: a client writing its own address header (npm start and a plain next start behind a proxy)",
        requests: 2 * (INTAKE_CLIENT_LIMIT.limit + 1),
        serverErrors: 0,
        notes: `each request carried a different forged X-SupportGate-Client-Address; the ${INTAKE_CLIENT_LIMIT.limit + 1}th from one real address was refused (429) both ways; a plain next start without TRUSTED_PROXY_HOPS exited before serving`,
      });
    } finally {
      await plain.stop();
    }
  });
});

describe("sessions end at their next request, on every instance", () => {
  const sessionIdOf = async (cookie: string) => (await decode({ token: cookie.split("=").slice(1).join("="), secret: RELIABILITY_SECRET }))?.sid as string;

  /** An agent (or admin) signed in over HTTP on instance 0, with the cookie working on instance 1. */
  async function signedInAgent(role: "AGENT" | "ADMIN") {
    const credentials = { email: `session-${randomUUID()}@reliability.test`, password: "a-session-password-123" };
    const user = await database.prisma.user.create({ data: { email: credentials.email, name: `Session ${role}`, role, passwordHash: await hashPassword(credentials.password) } });
    const answer = await signInOverHttp(instance(0).baseURL, credentials, { headers: from(freshAddress()) });
    expect(answer.signedIn).toBe(true);
    const cookie = answer.sessionCookie!;
    // an admin owes a second factor (the policy): recorded as given, as entering a code does
    if (role === "ADMIN") await database.prisma.agentSession.update({ where: { id: await sessionIdOf(cookie) }, data: { secondFactorAt: new Date() } });
    expect((await fetch(`${instance(1).baseURL}/api/agent/tickets`, { headers: { cookie } })).status).toBe(200);
    requests += 2;
    return { user, cookie, credentials };
  }

  /** What the old cookie gets now: API, page, next-auth's session endpoint. */
  async function refusedEverywhere(cookie: string) {
    const api = await fetch(`${instance(1).baseURL}/api/agent/tickets`, { headers: { cookie } });
    const page = await fetch(`${instance(0).baseURL}/agent`, { headers: { cookie }, redirect: "manual" });
    const session = await fetch(`${instance(1).baseURL}/api/auth/session`, { headers: { cookie } });
    const sessionBody = await session.text();
    requests += 3;
    note(api.status, await api.text());
    return {
      api: api.status,
      page: `${page.status} ${new URL(page.headers.get("location") ?? "/", instance(0).baseURL).pathname}`,
      session: sessionBody,
      renewed: session.headers.getSetCookie().some((set) => set.startsWith("next-auth.session-token=") && !/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(set)),
    };
  }

  /** Opens the live stream on instance 1 and resolves, with the time it took, when the server closes it. */
  async function openStream(cookie: string) {
    const response = await fetch(`${instance(1).baseURL}/api/agent/events`, { headers: { cookie } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await reader.read();
    requests++;
    return {
      /** ms from `started` (just before the session was ended) until the server closed the stream, or null */
      closedWithin: async (limitMs: number, started: number) => {
        const deadline = started + limitMs;
        while (performance.now() < deadline) {
          const next = await Promise.race([reader.read(), new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - performance.now()))]);
          if (next === null) break;
          if (next.done) return performance.now() - started;
        }
        await reader.cancel();
        return null;
      },
    };
  }

  test("signed out, deactivated, demoted or password changed: the old cookie is refused by API, page and session endpoint, and its live stream closes", async () => {
    const admin = (await loadAgentActor((await database.prisma.user.findUniqueOrThrow({ where: { email: RELIABILITY_ADMIN.email } })).id, database.prisma))!;
    const requestsBefore = requests;
    const closeTimes: Record<string, number | null> = {};
    const cases: [string, "AGENT" | "ADMIN", (target: Awaited<ReturnType<typeof signedInAgent>>) => Promise<void>][] = [
      ["signed out", "AGENT", async ({ cookie }) => {
        const csrf = await fetch(`${instance(0).baseURL}/api/auth/csrf`, { headers: { cookie } });
        const { csrfToken } = (await csrf.json()) as { csrfToken: string };
        const csrfCookie = csrf.headers.getSetCookie().map((set) => set.split(";")[0]).join("; ");
        const out = await fetch(`${instance(0).baseURL}/api/auth/signout`, {
          method: "POST",
          headers: { cookie: `${cookie}; ${csrfCookie}`, "content-type": "application/x-www-form-urlencoded", origin: instance(0).baseURL },
          body: new URLSearchParams({ csrfToken, json: "true" }),
          redirect: "manual",
        });
        expect(out.status).toBeLessThan(400);
        requests += 2;
      }],
      ["deactivated", "AGENT", async ({ user }) => void (await setAgentActive(admin, { userId: user.id, active: false }, database.prisma))],
      ["demoted", "ADMIN", async ({ user }) => void (await changeAgentRole(admin, { userId: user.id, role: "AGENT" }, database.prisma))],
      ["password changed", "AGENT", async ({ user, credentials }) => {
        const actor = (await loadAgentActor(user.id, database.prisma))!;
        await changeOwnPassword(actor, { currentPassword: credentials.password, newPassword: "a-brand-new-password-456" }, database.prisma);
      }],
    ];
    for (const [name, role, end] of cases) {
      const target = await signedInAgent(role);
      const stream = await openStream(target.cookie);
      const started = performance.now();
      await end(target);
      closeTimes[name] = await stream.closedWithin(10_000, started);
      expect(closeTimes[name], `${name}: live stream closed`).not.toBeNull();
      expect(await refusedEverywhere(target.cookie), name).toEqual({ api: 401, page: "307 /agent/sign-in", session: "{}", renewed: false });
      if (name === "deactivated") {
        // reactivating the account revives none of the cookies issued before
        await setAgentActive(admin, { userId: target.user.id, active: true }, database.prisma);
        expect((await refusedEverywhere(target.cookie)).api).toBe(401);
      }
    }
    recordFigures({
      scenario: "abuse: ended sessions (signed out, deactivated, demoted, password changed) on 2 instances",
      requests: requests - requestsBefore,
      notes: `old cookie refused at the next request by API, page and /api/auth/session in every case, and after reactivation; live stream closed by the server, from the start of the change, after ${Object.entries(closeTimes)
        .map(([name, ms]) => `${name} ${ms!.toFixed(0)} ms`)
        .join(", ")}`,
    });
  });

  test("step-up: the CSV export is refused without a second factor from the last few minutes", async () => {
    const { cookie } = await signedInAgent("AGENT");
    const refused = await fetch(`${instance(0).baseURL}/api/agent/tickets/export`, { headers: { cookie } });
    const body = await refused.text();
    note(refused.status, body);
    expect(refused.status).toBe(403);
    expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe("STEP_UP_REQUIRED");
    // a second factor given in this session (as the step-up dialog does) opens it, on either instance
    await database.prisma.agentSession.update({ where: { id: await sessionIdOf(cookie) }, data: { secondFactorAt: new Date() } });
    const allowed = await fetch(`${instance(1).baseURL}/api/agent/tickets/export`, { headers: { cookie } });
    await allowed.arrayBuffer();
    expect(allowed.status).toBe(200);
    // … and only for a few minutes
    await database.prisma.agentSession.update({ where: { id: await sessionIdOf(cookie) }, data: { secondFactorAt: new Date(Date.now() - 6 * 60_000) } });
    expect((await fetch(`${instance(0).baseURL}/api/agent/tickets/export`, { headers: { cookie } })).status).toBe(403);
    requests += 3;
  });
});

describe("CSRF", () => {
  test("state-changing routes refuse requests from other sites", async () => {
    const app = instance(0);
    // next-auth's sign-in without its CSRF token
    const noToken = await signInOverHttp(app.baseURL, { email: "admin@reliability.test", password: "reliability-admin-password" }, { headers: from(freshAddress()), withCsrfToken: false });
    expect(noToken.signedIn).toBe(false);

    // a signed-in agent's cookie, sent by a page on another site
    const session = await signInOverHttp(app.baseURL, agent, { headers: from(freshAddress()) });
    expect(session.signedIn).toBe(true);
    const ticket = await database.prisma.ticket.findFirstOrThrow({ select: { id: true } });
    for (const method of ["POST", "DELETE"]) {
      const forged = await fetch(`${app.baseURL}/api/agent/presence`, {
        method,
        headers: { cookie: session.sessionCookie!, origin: "https://evil.example", "content-type": "text/plain", "sec-fetch-site": "cross-site" },
        body: JSON.stringify({ ticketId: ticket.id }),
      });
      const body = await forged.text();
      note(forged.status, body);
      expect(forged.status, `${method} presence from another site`).toBe(403);
      const own = await fetch(`${app.baseURL}/api/agent/presence`, {
        method,
        headers: { cookie: session.sessionCookie!, origin: app.baseURL, "content-type": "application/json", "sec-fetch-site": "same-origin" },
        body: JSON.stringify({ ticketId: ticket.id }),
      });
      expect(own.status).toBeLessThan(300);
      requests += 2;
    }
    expect(await database.prisma.ticketPresence.count({ where: { ticketId: ticket.id } })).toBe(0);

    // a customer's reply action posted from another site
    const filed = await postIntake(app.baseURL, intakeBody(`csrf-${randomUUID()}`), from(freshAddress()));
    const token = new URL((JSON.parse(filed.body) as { statusUrl: string }).statusUrl).pathname.split("/").pop()!;
    const forgedReply = await sendReply(app.baseURL, token, { body: "Forged reply" }, { origin: "https://evil.example" });
    note(forgedReply.status, forgedReply.body);
    expect(forgedReply.state).toBeUndefined();
    expect(forgedReply.status).toBeGreaterThanOrEqual(400);
    expect(await database.prisma.message.count({ where: { body: "Forged reply" } })).toBe(0);
  });
});

describe("headers and error bodies", () => {
  test("pages carry a CSP without unsafe-eval, frame-ancestors, a referrer policy, and HSTS only behind TLS", async () => {
    const app = instance(0);
    const plain = await fetch(`${app.baseURL}/`);
    const policy = plain.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("unsafe-eval");
    expect(policy).toMatch(/script-src 'self' 'nonce-/);
    expect(plain.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    // the trusted proxy terminated TLS: pages and API answers alike get HSTS
    for (const path of ["/", "/api/health", "/api/v1/tickets"]) {
      const behindTls = await fetch(`${app.baseURL}${path}`, { headers: { "x-forwarded-proto": "https", "x-forwarded-for": "192.0.2.1" } });
      expect(behindTls.headers.get("strict-transport-security"), path).toBe("max-age=31536000; includeSubDomains");
      requests++;
    }
    const status = await fetch(`${app.baseURL}/status/${randomBytes(32).toString("base64url")}`);
    expect(status.headers.get("referrer-policy")).toBe("no-referrer");
    requests += 2;
  });

  test("no error answer carries a stack trace, a path or SQL", async () => {
    const app = instance(1);
    const probes: [string, RequestInit][] = [
      ["/api/v1/tickets", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" }],
      ["/api/v1/tickets", { method: "POST", headers: { "content-type": "application/json" }, body: "{not json" }],
      ["/api/v1/tickets", { method: "POST", headers: { "content-type": "application/json" }, body: "x".repeat(70_000) }],
      ["/api/v1/tickets", { method: "POST", headers: { "content-type": "application/json", "idempotency-key": "bad key with spaces" }, body: JSON.stringify(intakeBody("probe")) }],
      ["/api/v1/tickets", { method: "GET" }],
      ["/api/attachments/not-a-uuid", { method: "GET" }],
      [`/api/attachments/${randomUUID()}`, { method: "GET" }],
      [`/api/attachments/${randomUUID()}`, { method: "DELETE", headers: { "x-upload-token": "nope" } }],
      ["/api/attachments", { method: "POST", headers: { "x-upload-token": newUploadToken() }, body: "<svg onload=alert(1)>" }],
      ["/api/agent/tickets", { method: "GET" }],
      ["/api/agent/tickets/export", { method: "GET" }],
      ["/api/agent/presence", { method: "POST", body: "{]" }],
      ["/api/agent/events", { method: "GET" }],
      ["/api/auth/callback/credentials", { method: "POST", body: "%%%", headers: { "content-type": "application/x-www-form-urlencoded" } }],
      ["/status/%E0%A4%A", { method: "GET" }],
      ["/no/such/page", { method: "GET" }],
      ["/agent/tickets/not-a-uuid", { method: "GET" }],
    ];
    for (const [path, init] of probes) {
      const response = await fetch(`${app.baseURL}${path}`, { ...init, redirect: "manual", headers: { ...from(freshAddress()), ...(init.headers as Record<string, string>) } });
      const body = await response.text();
      requests++;
      expect(response.status, `${init.method} ${path}`).toBeLessThan(500);
      expect(leakIn(body), `${init.method} ${path}: ${body.slice(0, 300)}`).toBeNull();
    }
  });
});

describe("status links and references cannot be enumerated", () => {
  // pages may differ only by their CSP nonce (fresh for every response) and the route parameter echoed back
  const comparable = (html: string, policy: string, token: string): string => {
    const withoutToken = html.split(token).join("");
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    return nonce ? withoutToken.split(nonce).join("") : withoutToken;
  };
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

  test("a wrong token and a missing one get the same answer in about the same time", async () => {
    const app = instance(0);
    const filed = await postIntake(app.baseURL, intakeBody(`enum-${randomUUID()}`), from(freshAddress()));
    const { reference, statusUrl } = JSON.parse(filed.body) as { reference: string; statusUrl: string };
    const real = new URL(statusUrl).pathname.split("/").pop()!;
    const wrong = `${real.slice(0, -1)}${real.endsWith("A") ? "B" : "A"}`; // one character off a real link
    const missing = randomBytes(32).toString("base64url"); // well-formed, never issued
    // the malformed one cannot occur in the page itself (a hex action id once contained "abc")
    const candidates = { wrong, missing, malformed: "no~such~link", reference };

    const answers = new Map<string, { status: number; body: string; times: number[] }>();
    const rounds = 15;
    for (let round = 0; round < rounds; round++) {
      for (const [name, token] of Object.entries(candidates)) {
        const started = performance.now();
        const response = await fetch(`${app.baseURL}/status/${encodeURIComponent(token)}`, { headers: { "accept-language": "en" } });
        const body = comparable(await response.text(), response.headers.get("content-security-policy") ?? "", encodeURIComponent(token));
        const elapsed = performance.now() - started;
        requests++;
        const entry = answers.get(name) ?? { status: response.status, body, times: [] };
        expect(response.status).toBe(entry.status);
        entry.times.push(elapsed);
        answers.set(name, entry);
      }
    }
    const baseline = answers.get("missing")!;
    expect(baseline.status).toBe(404);
    for (const [name, entry] of answers) {
      expect(entry.status, name).toBe(baseline.status);
      const differsAt = [...entry.body].findIndex((character, index) => character !== baseline.body[index]);
      expect(differsAt === -1 && entry.body.length === baseline.body.length, `${name} differs: …${entry.body.slice(differsAt - 80, differsAt + 80)}… vs …${baseline.body.slice(differsAt - 80, differsAt + 80)}…`).toBe(true);
    }
    // a lookup by hash costs the same whether or not the row exists; allow for scheduling noise
    const wrongMedian = median(answers.get("wrong")!.times);
    const missingMedian = median(baseline.times);
    expect(Math.abs(wrongMedian - missingMedian)).toBeLessThan(Math.max(25, missingMedian * 0.5));

    // the reply action tells nothing either
    const replyWrong = await sendReply(app.baseURL, wrong, { body: "Hello?" });
    const replyMissing = await sendReply(app.baseURL, missing, { body: "Hello?" });
    requests += 2;
    expect(replyWrong.status).toBe(replyMissing.status);
    expect(replyWrong.state).toBe(replyMissing.state);

    recordFigures({
      scenario: "abuse (limits on 2 instances, sign-in throttling, ended sessions, step-up, CSRF, headers, error bodies, enumeration)",
      requests,
      rowsChecked: await database.prisma.ticket.count(),
      serverErrors: 0,
      notes: `status page for a wrong vs a missing token: identical 404 page, median ${wrongMedian.toFixed(1)} ms vs ${missingMedian.toFixed(1)} ms`,
    });
  });
});
