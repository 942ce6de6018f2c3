import { describe, expect, it, vi } from "vitest";
import { AppError, isAppError } from "@/lib/errors.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { hashStatusToken, statusTokenFor } from "@/lib/server/tickets/status-link.ts";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import { INTAKE_CLIENT_LIMIT, INTAKE_EMAIL_LIMIT, submitIntake, type IntakeRequest, type IntakeResult } from "./intake.ts";

vi.stubEnv("NEXTAUTH_SECRET", "intake-integration-test-secret");
vi.stubEnv("APP_BASE_URL", "https://support.example.test");

const database = databaseForThisFile({ freshRateLimits: true });

let clientCounter = 0;
function freshClient() {
  clientCounter += 1;
  return `198.51.100.${clientCounter}`;
}

const VALID_INTAKES: Record<TicketCategoryCode, Record<string, unknown>> = {
  EMAIL: {
    category: "EMAIL",
    contactEmail: "mika@example.jp",
    language: "ja",
    description: "登録確認のメールが届きません。迷惑メールフォルダも見ました。",
    details: { mailType: "SIGNUP_VERIFICATION", checkedSpam: true, mailProvider: "Gmail" },
  },
  TWO_FA: {
    category: "TWO_FA",
    contactEmail: "sam@example.com",
    language: "en",
    description: "The authenticator codes are rejected every time.",
    details: { problem: "CODE_REJECTED", hasBackupKey: true, phoneVerified: "YES", deviceChangedRecently: false },
  },
  SMS: {
    category: "SMS",
    contactEmail: "rina@example.jp",
    language: "ja",
    description: "SMSのコードが届きません。海外にいます。",
    details: { phoneNumber: "+819012345678", problem: "NO_SMS", currentCountry: "SG", carrier: "docomo" },
  },
  ACCOUNT: {
    category: "ACCOUNT",
    contactEmail: "lee@example.com",
    language: "en",
    description: "I cannot log in since yesterday, the page keeps failing.",
    details: { problem: "CANNOT_LOGIN", suspectedUnauthorizedAccess: false },
  },
};

function intake(
  category: TicketCategoryCode,
  changes: Record<string, unknown> = {},
  detailChanges: Record<string, unknown> = {},
): Record<string, unknown> {
  const base = VALID_INTAKES[category];
  return { ...base, details: { ...(base.details as object), ...detailChanges }, ...changes };
}

function submit(body: unknown, options: Partial<IntakeRequest> = {}): Promise<IntakeResult> {
  return submitIntake({ body, channel: "api", clientAddress: freshClient(), ...options }, database.prisma);
}

async function rowCounts() {
  const [tickets, audits, keys, buckets, sessions, escalated] = await Promise.all([
    database.prisma.ticket.count(),
    database.prisma.auditEvent.count(),
    database.prisma.idempotencyKey.count(),
    database.prisma.rateLimitBucket.count(),
    database.prisma.selfHelpSession.count(),
    database.prisma.selfHelpSession.count({ where: { outcome: { not: "IN_PROGRESS" } } }),
  ]);
  return { tickets, audits, keys, buckets, sessions, escalated };
}

const LONG = (length: number) => "x".repeat(length);
const FUTURE = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();

// [label, body, path, message key]: every field of every category, each invalid in its own way.
const INVALID_CASES: [string, unknown, string, string][] = [
  ["body not an object", [1, 2], "", "category_invalid"],
  ["unknown category", intake("EMAIL", { category: "PHONE" }), "category", "category_invalid"],
  ["missing category", (({ category: _category, ...rest }) => rest)(intake("EMAIL")), "category", "category_invalid"],
  ["unknown top-level field", intake("EMAIL", { priority: "URGENT" }), "priority", "unknown_field"],
  ...(["EMAIL", "TWO_FA", "SMS", "ACCOUNT"] as const).flatMap((category): [string, unknown, string, string][] => [
    [`${category} contactEmail`, intake(category, { contactEmail: "not-an-address" }), "contactEmail", "email_invalid"],
    [`${category} contactEmail missing`, intake(category, { contactEmail: undefined }), "contactEmail", "email_invalid"],
    [`${category} language`, intake(category, { language: "fr" }), "language", "language_invalid"],
    [`${category} description short`, intake(category, { description: "help" }), "description", "description_length"],
    [`${category} description long`, intake(category, { description: LONG(5001) }), "description", "description_length"],
    [`${category} startedAt`, intake(category, { startedAt: "last tuesday" }), "startedAt", "datetime_invalid"],
    [`${category} startedAt future`, intake(category, { startedAt: FUTURE }), "startedAt", "datetime_future"],
    [`${category} startedAt year 0`, intake(category, { startedAt: "0000-01-01T00:00:00Z" }), "startedAt", "datetime_too_early"],
    [`${category} startedAt before 1970`, intake(category, { startedAt: "1969-12-31T23:59:59+09:00" }), "startedAt", "datetime_too_early"],
    [`${category} selfHelpSessionId`, intake(category, { selfHelpSessionId: "abc" }), "selfHelpSessionId", "session_invalid"],
    [`${category} details missing`, intake(category, { details: undefined }), "details", "invalid"],
    [`${category} unknown detail`, intake(category, {}, { favouriteColour: "blue" }), "details.favouriteColour", "unknown_field"],
  ]),
  ["EMAIL registeredEmail", intake("EMAIL", {}, { registeredEmail: "me@" }), "details.registeredEmail", "email_invalid"],
  ["EMAIL mailType", intake("EMAIL", {}, { mailType: "NEWSLETTER" }), "details.mailType", "choice_required"],
  ["EMAIL mailType missing", intake("EMAIL", {}, { mailType: undefined }), "details.mailType", "choice_required"],
  ["EMAIL mailProvider", intake("EMAIL", {}, { mailProvider: LONG(201) }), "details.mailProvider", "text_too_long"],
  ["EMAIL lastRequestedAt", intake("EMAIL", {}, { lastRequestedAt: "2026-13-45" }), "details.lastRequestedAt", "datetime_invalid"],
  ["EMAIL lastRequestedAt year 1", intake("EMAIL", {}, { lastRequestedAt: "0001-01-01T00:00:00Z" }), "details.lastRequestedAt", "datetime_too_early"],
  ["EMAIL checkedSpam", intake("EMAIL", {}, { checkedSpam: "yes" }), "details.checkedSpam", "yes_no_required"],
  ["TWO_FA problem", intake("TWO_FA", {}, { problem: "FORGOT" }), "details.problem", "choice_required"],
  ["TWO_FA hasBackupKey", intake("TWO_FA", {}, { hasBackupKey: "no" }), "details.hasBackupKey", "yes_no_required"],
  ["TWO_FA phoneVerified", intake("TWO_FA", {}, { phoneVerified: true }), "details.phoneVerified", "choice_required"],
  ["TWO_FA deviceChangedRecently", intake("TWO_FA", {}, { deviceChangedRecently: 1 }), "details.deviceChangedRecently", "yes_no_required"],
  ["SMS phoneNumber national", intake("SMS", {}, { phoneNumber: "090-1234-5678" }), "details.phoneNumber", "phone_invalid"],
  ["SMS phoneNumber spaces", intake("SMS", {}, { phoneNumber: "+81 90 1234 5678" }), "details.phoneNumber", "phone_invalid"],
  ["SMS carrier", intake("SMS", {}, { carrier: LONG(201) }), "details.carrier", "text_too_long"],
  ["SMS problem", intake("SMS", {}, { problem: "SLOW" }), "details.problem", "choice_required"],
  ["SMS currentCountry unknown", intake("SMS", {}, { currentCountry: "XX" }), "details.currentCountry", "country_invalid"],
  ["SMS currentCountry lower case", intake("SMS", {}, { currentCountry: "jp" }), "details.currentCountry", "country_invalid"],
  ["ACCOUNT problem", intake("ACCOUNT", {}, { problem: "HACKED" }), "details.problem", "choice_required"],
  ["ACCOUNT noticeReason", intake("ACCOUNT", {}, { noticeReason: LONG(501) }), "details.noticeReason", "text_too_long"],
  ["ACCOUNT suspectedUnauthorizedAccess", intake("ACCOUNT", {}, { suspectedUnauthorizedAccess: "true" }), "details.suspectedUnauthorizedAccess", "yes_no_required"],
];

describe("ticket intake", () => {
  it.each(INVALID_CASES)("refuses %s with a message at the field and writes nothing", async (label, body, path, message) => {
    const before = await rowCounts();
    const result = await submit(body, { idempotencyKey: `invalid-${label.replace(/\W+/g, "-")}` });
    expect(result.kind).toBe("invalid");
    expect(result.kind === "invalid" && result.issues).toContainEqual({ path, message });
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a session of another category, or one already linked, and writes nothing", async () => {
    const session = await database.prisma.selfHelpSession.create({ data: { category: "SMS", language: "en" } });
    const before = await rowCounts();
    expect(await submit(intake("EMAIL", { selfHelpSessionId: session.id }))).toEqual({
      kind: "invalid",
      issues: [{ path: "selfHelpSessionId", message: "session_invalid" }],
    });
    expect(await rowCounts()).toEqual(before);

    expect((await submit(intake("SMS", { selfHelpSessionId: session.id }))).kind).toBe("created");
    const afterFirst = await rowCounts();
    expect((await submit(intake("SMS", { selfHelpSessionId: session.id }))).kind).toBe("invalid");
    expect(await rowCounts()).toEqual(afterFirst);
  });

  it.each(Object.keys(VALID_INTAKES) as TicketCategoryCode[])("files a valid %s ticket with everything the agents need", async (category) => {
    const startedAt = "2026-11-20T09:00:00.000Z";
    const result = await submit(intake(category, { startedAt }));
    if (result.kind !== "created") throw new Error(`expected created, got ${JSON.stringify(result)}`);
    expect(result.answer.reference).toMatch(/^SG-[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}$/);
    expect(result.answer.statusUrl).toBe(`https://support.example.test/status/${statusTokenFor(result.ticketId)}`);
    expect(result.answer).toMatchObject({ priority: "NORMAL", masked: false });

    const ticket = await database.prisma.ticket.findUniqueOrThrow({ where: { id: result.ticketId }, include: { auditEvents: true } });
    expect(ticket).toMatchObject({
      reference: result.answer.reference,
      category,
      status: "NEW",
      priority: "NORMAL",
      contactEmail: VALID_INTAKES[category].contactEmail,
      language: VALID_INTAKES[category].language,
      description: VALID_INTAKES[category].description,
      details: VALID_INTAKES[category].details,
      masked: false,
      version: 1,
    });
    expect(ticket.startedAt?.toISOString()).toBe(startedAt);
    // the token is never stored, only its hash
    expect(ticket.statusTokenHash).toBe(hashStatusToken(statusTokenFor(ticket.id)));
    expect(JSON.stringify(await database.prisma.idempotencyKey.findMany())).not.toContain(statusTokenFor(ticket.id));
    // NORMAL: first response due 24 h after creation (the sla_targets default)
    expect(ticket.slaDueAt.getTime() - ticket.createdAt.getTime()).toBe(24 * 3600_000);
    expect(ticket.auditEvents).toEqual([
      expect.objectContaining({ action: "ticket.created", actorType: "CUSTOMER", toValue: "NEW" }),
    ]);
  });

  it("sets URGENT and HIGH by the triage rules, with the SLA target stored for that priority", async () => {
    await database.prisma.slaTarget.update({ where: { priority: "HIGH" }, data: { firstResponseMinutes: 90 } });
    const cases: [Record<string, unknown>, string][] = [
      [intake("ACCOUNT", {}, { problem: "UNAUTHORIZED_ACCESS", suspectedUnauthorizedAccess: true }), "URGENT"],
      [intake("ACCOUNT", {}, { problem: "CANNOT_LOGIN", suspectedUnauthorizedAccess: true }), "URGENT"],
      [intake("ACCOUNT", {}, { problem: "FROZEN", suspectedUnauthorizedAccess: false }), "HIGH"],
      [intake("TWO_FA", {}, { problem: "LOST_DEVICE", hasBackupKey: false, phoneVerified: "NO" }), "HIGH"],
      [intake("TWO_FA", {}, { problem: "LOST_DEVICE", hasBackupKey: false, phoneVerified: "YES" }), "NORMAL"],
      [intake("TWO_FA", {}, { problem: "LOST_DEVICE", hasBackupKey: true, phoneVerified: "NO" }), "NORMAL"],
    ];
    for (const [body, priority] of cases) {
      const result = await submit(body);
      if (result.kind !== "created") throw new Error(JSON.stringify(result));
      expect(result.answer.priority).toBe(priority);
      const ticket = await database.prisma.ticket.findUniqueOrThrow({ where: { id: result.ticketId } });
      expect(ticket.priority).toBe(priority);
      const minutes = { URGENT: 60, HIGH: 90, NORMAL: 24 * 60 }[priority]!;
      expect(ticket.slaDueAt.getTime() - ticket.createdAt.getTime()).toBe(minutes * 60_000);
    }
    await database.prisma.slaTarget.update({ where: { priority: "HIGH" }, data: { firstResponseMinutes: 240 } });
  });

  it("links the self-help session: steps kept, session escalated and ended", async () => {
    const session = await database.prisma.selfHelpSession.create({
      data: {
        category: "TWO_FA",
        language: "en",
        steps: {
          create: [
            { position: 0, stepKey: "two-fa.current-code", answer: "STILL_STUCK", answeredAt: new Date() },
            { position: 1, stepKey: "two-fa.time-sync", answer: "STILL_STUCK", answeredAt: new Date() },
          ],
        },
      },
    });
    const result = await submit(intake("TWO_FA", { selfHelpSessionId: session.id }));
    if (result.kind !== "created") throw new Error(JSON.stringify(result));
    const ticket = await database.prisma.ticket.findUniqueOrThrow({
      where: { id: result.ticketId },
      include: { selfHelpSession: { include: { steps: { orderBy: { position: "asc" } } } } },
    });
    expect(ticket.selfHelpSession?.outcome).toBe("ESCALATED");
    expect(ticket.selfHelpSession?.endedAt).toBeInstanceOf(Date);
    expect(ticket.selfHelpSession?.steps.map((step) => step.stepKey)).toEqual(["two-fa.current-code", "two-fa.time-sync"]);
  });

  it("masks secrets in the description and the details before storing them", async () => {
    const seed = "abandon ability able about above absent absorb abstract absurd abuse access accident";
    const result = await submit(
      intake(
        "ACCOUNT",
        { description: `My 2FA code is 482913 and my seed phrase is ${seed}. Please help me get back in.` },
        { problem: "FROZEN", noticeReason: "password: Hunter2-secret!" },
      ),
    );
    if (result.kind !== "created") throw new Error(JSON.stringify(result));
    expect(result.answer.masked).toBe(true);
    const ticket = await database.prisma.ticket.findUniqueOrThrow({ where: { id: result.ticketId } });
    expect(ticket.masked).toBe(true);
    expect(ticket.description).not.toContain("482913");
    expect(ticket.description).not.toContain("abandon ability able");
    expect(ticket.description).toContain("Please help me get back in.");
    expect(JSON.stringify(ticket.details)).not.toContain("Hunter2-secret!");
    expect(ticket.details).toMatchObject({ problem: "FROZEN", suspectedUnauthorizedAccess: false });

    const japanese = await submit(
      intake("EMAIL", { description: "メールが届きません。パスワードは kuma7neko です。" }, { mailProvider: "backup key JBSW Y3DP EHPK 3PXP" }),
    );
    if (japanese.kind !== "created") throw new Error(JSON.stringify(japanese));
    expect(japanese.answer.masked).toBe(true);
    const stored = await database.prisma.ticket.findUniqueOrThrow({ where: { id: japanese.ticketId } });
    expect(stored.description).not.toContain("kuma7neko");
    expect(JSON.stringify(stored.details)).not.toContain("JBSW Y3DP");
    expect(stored.details).toMatchObject({ mailType: "SIGNUP_VERIFICATION", checkedSpam: true });
  });

  describe("idempotency", () => {
    it("answers a retry with the same key and body with the first answer and one ticket", async () => {
      const body = intake("EMAIL", { contactEmail: "retry@example.com" });
      const first = await submit(body, { idempotencyKey: "retry-1" });
      const before = await rowCounts();
      // key order does not make it another body
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const second = await submit(reordered, { idempotencyKey: "retry-1" });
      expect(first.kind).toBe("created");
      expect(second.kind).toBe("replayed");
      expect(second.kind !== "invalid" && second.answer).toEqual(first.kind !== "invalid" && first.answer);
      expect(await rowCounts()).toEqual(before);
      expect(await database.prisma.ticket.count({ where: { contactEmail: "retry@example.com" } })).toBe(1);
    });

    it("refuses the same key with a different body", async () => {
      await submit(intake("EMAIL", { contactEmail: "mismatch@example.com" }), { idempotencyKey: "mismatch-1" });
      const before = await rowCounts();
      const error = await submit(intake("EMAIL", { contactEmail: "mismatch@example.com", description: "Another text entirely." }), {
        idempotencyKey: "mismatch-1",
      }).catch((caught: unknown) => caught);
      expect(isAppError(error) && error.code).toBe("IDEMPOTENCY_MISMATCH");
      expect(await rowCounts()).toEqual(before);
    });

    it("creates exactly one ticket for concurrent identical requests", async () => {
      const body = intake("SMS", { contactEmail: "burst@example.com" });
      const results = await Promise.all(
        Array.from({ length: 4 }, () => submit(body, { idempotencyKey: "concurrent-1", clientAddress: "203.0.113.50" })),
      );
      expect(await database.prisma.ticket.count({ where: { contactEmail: "burst@example.com" } })).toBe(1);
      expect(results.filter((result) => result.kind === "created")).toHaveLength(1);
      expect(results.filter((result) => result.kind === "replayed")).toHaveLength(3);
      const answers = results.map((result) => result.kind !== "invalid" && result.answer);
      expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    });

    it("keeps keys of the web form and the API apart, and refuses malformed keys", async () => {
      const body = intake("ACCOUNT", { contactEmail: "channels@example.com" });
      expect((await submit(body, { idempotencyKey: "shared-key", channel: "api" })).kind).toBe("created");
      expect((await submit(body, { idempotencyKey: "shared-key", channel: "web" })).kind).toBe("created");
      const before = await rowCounts();
      expect(await submit(body, { idempotencyKey: "has spaces in it" })).toEqual({
        kind: "invalid",
        issues: [{ path: "Idempotency-Key", message: "idempotency_key_invalid" }],
      });
      expect(await rowCounts()).toEqual(before);
    });

    it("treats an expired key as unused", async () => {
      const body = intake("EMAIL", { contactEmail: "expired@example.com" });
      const first = await submit(body, { idempotencyKey: "expiring-1" });
      await database.prisma.idempotencyKey.update({ where: { key: "intake:api:expiring-1" }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const second = await submit(body, { idempotencyKey: "expiring-1" });
      expect(first.kind).toBe("created");
      expect(second.kind).toBe("created");
      expect(await database.prisma.ticket.count({ where: { contactEmail: "expired@example.com" } })).toBe(2);
    });
  });

  describe("rate limits", () => {
    it("refuses a sixth ticket per contact email within the hour, with the wait", async () => {
      const body = intake("EMAIL", { contactEmail: "Flood@Example.com" });
      for (let i = 0; i < 5; i++) expect((await submit(body)).kind).toBe("created");
      const error = await submit({ ...body, contactEmail: "flood@example.com" }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("RATE_LIMITED");
      expect(Number((error as AppError).params?.retryAfterSeconds)).toBeGreaterThan(0);
      expect(await database.prisma.ticket.count({ where: { contactEmail: { in: ["Flood@Example.com", "flood@example.com"] } } })).toBe(5);
    });

    it("counts only accepted tickets against an address: a third party's refused requests lock nobody out", async () => {
      const attacker = "192.0.2.66";
      for (let i = 0; i < INTAKE_CLIENT_LIMIT.limit; i++) {
        expect((await submit(intake("EMAIL", { contactEmail: `filler-${i}@example.com` }), { clientAddress: attacker })).kind).toBe("created");
      }
      // refused at the attacker's own limit, six times, all naming the victim
      for (let i = 0; i < INTAKE_EMAIL_LIMIT.limit + 1; i++) {
        const refused = await submit(intake("EMAIL", { contactEmail: "victim@example.com" }), { clientAddress: attacker }).catch((caught: unknown) => caught);
        expect(isAppError(refused) && refused.code).toBe("RATE_LIMITED");
      }
      expect((await submit(intake("EMAIL", { contactEmail: "victim@example.com" }))).kind).toBe("created");
    });

    it("gives back the slot of a ticket that was rolled back", async () => {
      const body = intake("EMAIL", { contactEmail: "slots@example.com" });
      for (let i = 0; i < INTAKE_EMAIL_LIMIT.limit - 1; i++) expect((await submit(body)).kind).toBe("created");
      // rolled back after the ticket was written: the description trips the test trigger below
      await database.prisma.$executeRawUnsafe(`
        CREATE OR REPLACE FUNCTION fail_intake_for_test() RETURNS trigger AS $$
        BEGIN IF NEW.description LIKE '%roll me back%' THEN RAISE EXCEPTION 'rolled back for the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
      await database.prisma.$executeRawUnsafe(
        "CREATE TRIGGER fail_intake_for_test AFTER INSERT ON tickets FOR EACH ROW EXECUTE FUNCTION fail_intake_for_test()",
      );
      try {
        await expect(submit({ ...body, description: "Please roll me back, this one fails." }, { idempotencyKey: "rolled-back" })).rejects.toThrow();
        await expect(submit({ ...body, description: "Please roll me back, plain intake." })).rejects.toThrow();
      } finally {
        await database.prisma.$executeRawUnsafe("DROP TRIGGER fail_intake_for_test ON tickets");
      }
      expect((await submit(body)).kind).toBe("created");
      const refused = await submit(body).catch((caught: unknown) => caught);
      expect(isAppError(refused) && refused.code).toBe("RATE_LIMITED");
    });

    it("counts case, width, +tag and Gmail dot variants of one mailbox together", async () => {
      const variants = ["Mika.Sato+1@gmail.com", "mikasato+2@GMAIL.com", "m.i.k.a.sato@googlemail.com", "MIKASATO@gmail.com", "mika.sato+support@gmail.com"];
      for (const contactEmail of variants) expect((await submit(intake("EMAIL", { contactEmail }))).kind).toBe("created");
      const refused = await submit(intake("EMAIL", { contactEmail: "mika.sato+6@googlemail.com" })).catch((caught: unknown) => caught);
      expect(isAppError(refused) && refused.code).toBe("RATE_LIMITED");
      // another mailbox is not affected
      expect((await submit(intake("EMAIL", { contactEmail: "mika.sato+1@example.com" }))).kind).toBe("created");
    });

    it("refuses a ticket over the limit per client address within ten minutes", async () => {
      const clientAddress = "192.0.2.77";
      for (let i = 0; i < INTAKE_CLIENT_LIMIT.limit; i++) {
        expect((await submit(intake("SMS", { contactEmail: `client-${i}@example.com` }), { clientAddress })).kind).toBe("created");
      }
      const error = await submit(intake("SMS", { contactEmail: "one-more@example.com" }), { clientAddress }).catch((caught: unknown) => caught);
      expect(isAppError(error) && error.code).toBe("RATE_LIMITED");
    });
  });
});
