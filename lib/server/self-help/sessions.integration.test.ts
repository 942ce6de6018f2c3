import { describe, expect, it, vi } from "vitest";
import * as z from "zod/mini";
import { isAppError } from "@/lib/errors.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { findStep } from "@/lib/self-help/flows.ts";
import { SEED_FLOWS } from "@/lib/server/seed/self-help-flows.ts";
import { SOLVED, STILL_STUCK, TO_TICKET } from "@/lib/self-help/types.ts";
import { ticketDetailsSchemas } from "@/lib/validation/ticket.ts";
import { TICKET_CATEGORIES, type TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";
import {
  answerSelfHelpStep,
  markAbandonedSessions,
  reopenSelfHelpSession,
  selfHelpProgress,
  selfHelpTicketContext,
  startSelfHelpSession,
  stepBackFrom,
  visitSelfHelpStep,
} from "./sessions.ts";

vi.stubEnv("NEXTAUTH_SECRET", "self-help-integration-test-secret");

const database = databaseForThisFile({ freshRateLimits: true });

const CLIENT = "198.51.100.20";

async function stepsOf(sessionId: string) {
  return database.prisma.selfHelpStep.findMany({
    where: { sessionId },
    orderBy: { position: "asc" },
    select: { position: true, stepKey: true, answer: true },
  });
}

/** Every row as "position key answer", undone ones marked with a leading "~". */
async function historyOf(sessionId: string) {
  const rows = await database.prisma.selfHelpStep.findMany({ where: { sessionId }, orderBy: { position: "asc" } });
  return rows.map((row) => `${row.undoneAt ? "~" : ""}${row.position} ${row.stepKey} ${row.answer ?? "-"}`);
}

/**
 * Walks a flow answering "still stuck" (or the first non-solving branch) until it leads to the
 * form; `at` stamps the answers for sessions that happened in the past.
 */
async function walkToTicket(category: TicketCategoryCode, sessionId: string, at?: Date) {
  for (let guard = 0; guard < 40; guard++) {
    const progress = await selfHelpProgress(sessionId, category, database.prisma);
    if (!progress?.currentStepKey) return progress;
    const step = findStep(SEED_FLOWS[category], progress.currentStepKey)!;
    const answer = step.answers.find((candidate) => candidate.value === STILL_STUCK) ?? step.answers.find((candidate) => candidate.value !== SOLVED)!;
    await answerSelfHelpStep(sessionId, category, { stepKey: step.key, answer: answer.value }, CLIENT, database.prisma, at);
  }
  throw new Error(`${category}: the flow never reaches the ticket form`);
}

describe("self-help sessions", () => {
  it("start anonymously with the first step shown", async () => {
    const sessionId = await startSelfHelpSession("EMAIL", "ja", CLIENT, database.prisma);
    const session = await database.prisma.selfHelpSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session).toMatchObject({ category: "EMAIL", language: "ja", outcome: "IN_PROGRESS", endedAt: null });
    expect(await stepsOf(sessionId)).toEqual([{ position: 0, stepKey: SEED_FLOWS.EMAIL.firstStep, answer: null }]);
    expect(await selfHelpProgress(sessionId, "EMAIL", database.prisma)).toMatchObject({
      currentStepKey: SEED_FLOWS.EMAIL.firstStep,
      stepsShown: 1,
      readyForTicket: false,
    });
  });

  it("refuse step keys and answers that are not in the flow, storing nothing", async () => {
    const sessionId = await startSelfHelpSession("EMAIL", "en", CLIENT, database.prisma);
    const first = SEED_FLOWS.EMAIL.firstStep;
    for (const choice of [
      { stepKey: first, answer: "<script>alert(1)</script>" },
      { stepKey: "email.no-such-step", answer: STILL_STUCK },
      { stepKey: "sms.number-format", answer: STILL_STUCK },
      // a NUL cannot even be looked up (PostgreSQL refuses it in text)
      { stepKey: "email.a\u0000b", answer: STILL_STUCK },
    ]) {
      const error = await answerSelfHelpStep(sessionId, "EMAIL", choice, CLIENT, database.prisma).catch((caught: unknown) => caught);
      expect(isAppError(error) && error.code).toBe("VALIDATION_FAILED");
    }
    expect(await stepsOf(sessionId)).toEqual([{ position: 0, stepKey: first, answer: null }]);
  });

  it("ignore an answer to a step that is no longer on screen (double click, stale tab)", async () => {
    const sessionId = await startSelfHelpSession("EMAIL", "en", CLIENT, database.prisma);
    const first = findStep(SEED_FLOWS.EMAIL, SEED_FLOWS.EMAIL.firstStep)!;
    const stuck = first.answers.find((answer) => answer.value === STILL_STUCK)!;
    const outcomes = await Promise.all([
      answerSelfHelpStep(sessionId, "EMAIL", { stepKey: first.key, answer: STILL_STUCK }, CLIENT, database.prisma),
      answerSelfHelpStep(sessionId, "EMAIL", { stepKey: first.key, answer: STILL_STUCK }, CLIENT, database.prisma),
    ]);
    expect(outcomes.sort()).toEqual(["next", "stale"]);
    expect(await stepsOf(sessionId)).toEqual([
      { position: 0, stepKey: first.key, answer: STILL_STUCK },
      { position: 1, stepKey: stuck.next, answer: null },
    ]);
  });

  it("end as deflected when solved, and reopen at the same step when not solved after all", async () => {
    const sessionId = await startSelfHelpSession("EMAIL", "en", CLIENT, database.prisma);
    const first = SEED_FLOWS.EMAIL.firstStep;
    expect(await answerSelfHelpStep(sessionId, "EMAIL", { stepKey: first, answer: SOLVED }, CLIENT, database.prisma)).toBe("solved");
    const deflected = await database.prisma.selfHelpSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(deflected.outcome).toBe("DEFLECTED");
    expect(deflected.endedAt).toBeInstanceOf(Date);
    // a second "solved" (double click) changes nothing; another answer to the ended session is refused
    expect(await answerSelfHelpStep(sessionId, "EMAIL", { stepKey: first, answer: SOLVED }, CLIENT, database.prisma)).toBe("stale");
    expect(await answerSelfHelpStep(sessionId, "EMAIL", { stepKey: first, answer: STILL_STUCK }, CLIENT, database.prisma)).toBe("closed");

    expect(await reopenSelfHelpSession(sessionId, "EMAIL", database.prisma)).toBe(first);
    expect(await reopenSelfHelpSession(sessionId, "EMAIL", database.prisma)).toBeNull();
    const reopened = await database.prisma.selfHelpSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(reopened).toMatchObject({ outcome: "IN_PROGRESS", endedAt: null });
    expect(await historyOf(sessionId)).toEqual([`~0 ${first} SOLVED`, `1 ${first} -`]);
  });

  it.each(TICKET_CATEGORIES)("%s: every step leads on until the ticket form, carrying the steps and valid prefill", async (category) => {
    const sessionId = await startSelfHelpSession(category, "en", CLIENT, database.prisma);
    const progress = await walkToTicket(category, sessionId);
    expect(progress).toMatchObject({ outcome: "IN_PROGRESS", currentStepKey: null, readyForTicket: true });
    const steps = await stepsOf(sessionId);
    expect(steps.map((step) => step.position)).toEqual(steps.map((_, index) => index));
    expect(steps.every((step) => step.answer !== null)).toBe(true);
    const last = steps.at(-1)!;
    expect(findStep(SEED_FLOWS[category], last.stepKey)?.answers.find((answer) => answer.value === last.answer)?.next).toBe(TO_TICKET);

    const context = await selfHelpTicketContext(sessionId, category, database.prisma);
    expect(context?.stepsTried.map(({ stepKey, answer }) => ({ stepKey, answer }))).toEqual(steps.map(({ stepKey, answer }) => ({ stepKey, answer })));
    expect(z.partial(ticketDetailsSchemas[category]).safeParse(context?.prefill).success).toBe(true);
  });

  it("are reachable only with their own id and category", async () => {
    const sessionId = await startSelfHelpSession("SMS", "en", CLIENT, database.prisma);
    expect(await selfHelpProgress(sessionId, "EMAIL", database.prisma)).toBeNull();
    expect(await selfHelpProgress("not-a-uuid", "SMS", database.prisma)).toBeNull();
    expect(await selfHelpProgress("00000000-0000-4000-8000-000000000000", "SMS", database.prisma)).toBeNull();
    const first = SEED_FLOWS.EMAIL.firstStep;
    const error = await answerSelfHelpStep(sessionId, "EMAIL", { stepKey: first, answer: STILL_STUCK }, CLIENT, database.prisma).catch(
      (caught: unknown) => caught,
    );
    expect(isAppError(error) && error.code).toBe("NOT_FOUND");
    expect(await selfHelpTicketContext(sessionId, "EMAIL", database.prisma)).toBeNull();
  });

  it("left idle end as abandoned, keeping active and finished ones, and can still lead to a ticket", async () => {
    const dayAgo = new Date(Date.now() - 25 * 60 * 60_000);
    const idleOne = await startSelfHelpSession("TWO_FA", "ja", CLIENT, database.prisma, dayAgo);
    const idleAtForm = await startSelfHelpSession("EMAIL", "en", CLIENT, database.prisma, dayAgo);
    await walkToTicket("EMAIL", idleAtForm, dayAgo);
    const startedLongAgoButActive = await startSelfHelpSession("SMS", "en", CLIENT, database.prisma, dayAgo);
    const firstSms = findStep(SEED_FLOWS.SMS, SEED_FLOWS.SMS.firstStep)!;
    await answerSelfHelpStep(startedLongAgoButActive, "SMS", { stepKey: firstSms.key, answer: firstSms.answers.at(-1)!.value }, CLIENT, database.prisma);
    const deflected = await startSelfHelpSession("ACCOUNT", "en", CLIENT, database.prisma, dayAgo);
    await answerSelfHelpStep(deflected, "ACCOUNT", { stepKey: SEED_FLOWS.ACCOUNT.firstStep, answer: SOLVED }, CLIENT, database.prisma, dayAgo);
    const fresh = await startSelfHelpSession("SMS", "ja", CLIENT, database.prisma);

    const idleSince = new Date(Date.now() - 24 * 60 * 60_000);
    await markAbandonedSessions({ idleSince, db: database.prisma });
    const outcomes = Object.fromEntries(
      (
        await database.prisma.selfHelpSession.findMany({
          where: { id: { in: [idleOne, idleAtForm, startedLongAgoButActive, deflected, fresh] } },
          select: { id: true, outcome: true, endedAt: true },
        })
      ).map((row) => [row.id, row]),
    );
    expect(outcomes[idleOne]).toEqual({ id: idleOne, outcome: "ABANDONED", endedAt: dayAgo });
    expect(outcomes[idleAtForm]).toMatchObject({ outcome: "ABANDONED", endedAt: dayAgo });
    expect(outcomes[startedLongAgoButActive]?.outcome).toBe("IN_PROGRESS");
    expect(outcomes[deflected]?.outcome).toBe("DEFLECTED");
    expect(outcomes[fresh]?.outcome).toBe("IN_PROGRESS");
    // Running again finds nothing new.
    expect(await markAbandonedSessions({ idleSince, db: database.prisma })).toBe(0);

    // The visitor who left at the form comes back: the steps they tried are still carried over.
    const context = await selfHelpTicketContext(idleAtForm, "EMAIL", database.prisma);
    expect(context?.stepsTried.length).toBeGreaterThan(0);
  });
});


describe("a self-help path that follows the step on screen", () => {
  const answer = (sessionId: string, stepKey: string, value: string) =>
    answerSelfHelpStep(sessionId, "EMAIL", { stepKey, answer: value }, CLIENT, database.prisma);
  const visit = (sessionId: string, stepKey: string) => visitSelfHelpStep(sessionId, "EMAIL", stepKey, CLIENT, database.prisma);

  async function threeStepsIn() {
    const sessionId = await startSelfHelpSession("EMAIL", "en", CLIENT, database.prisma);
    await answer(sessionId, "email.address-typo", STILL_STUCK);
    await answer(sessionId, "email.spam-folder", STILL_STUCK);
    return sessionId;
  }

  it("goes back to an earlier step with its answer and the later steps undone, and Forward takes the undone answer again", async () => {
    const sessionId = await threeStepsIn();
    expect(await visit(sessionId, "email.wait-delay")).toBe("current");
    expect(await visit(sessionId, "email.spam-folder")).toBe("rewound");
    expect(await historyOf(sessionId)).toEqual([
      "0 email.address-typo STILL_STUCK",
      "~1 email.spam-folder STILL_STUCK",
      "~2 email.wait-delay -",
      "3 email.spam-folder -",
    ]);
    expect(await selfHelpProgress(sessionId, "EMAIL", database.prisma)).toMatchObject({ currentStepKey: "email.spam-folder", stepsShown: 2 });
    // the undone answer no longer pre-fills the form
    expect((await selfHelpTicketContext(sessionId, "EMAIL", database.prisma))?.prefill).toEqual({});

    expect(await visit(sessionId, "email.wait-delay")).toBe("redone");
    expect((await historyOf(sessionId)).slice(3)).toEqual(["3 email.spam-folder STILL_STUCK", "4 email.wait-delay -"]);
    expect((await selfHelpTicketContext(sessionId, "EMAIL", database.prisma))?.prefill).toEqual({ checkedSpam: true });
  });

  it("takes \"previous step\" back one step, and to nothing before the first", async () => {
    const sessionId = await threeStepsIn();
    expect(await stepBackFrom(sessionId, "EMAIL", "email.wait-delay", CLIENT, database.prisma)).toBe("email.spam-folder");
    expect(await stepBackFrom(sessionId, "EMAIL", "email.spam-folder", CLIENT, database.prisma)).toBe("email.address-typo");
    expect(await stepBackFrom(sessionId, "EMAIL", "email.address-typo", CLIENT, database.prisma)).toBeNull();
    expect((await selfHelpProgress(sessionId, "EMAIL", database.prisma))?.path).toEqual([
      expect.objectContaining({ stepKey: "email.address-typo", answer: null }),
    ]);
  });

  it("answers an earlier step from a page kept by Back (no JavaScript) by going back to it first", async () => {
    const sessionId = await threeStepsIn();
    expect(await answer(sessionId, "email.spam-folder", SOLVED)).toBe("solved");
    expect(await historyOf(sessionId)).toEqual([
      "0 email.address-typo STILL_STUCK",
      "~1 email.spam-folder STILL_STUCK",
      "~2 email.wait-delay -",
      "3 email.spam-folder SOLVED",
    ]);
  });

  it("reopens a solved session when the visitor goes back to a step of it, and undoes the answer that led to the form", async () => {
    const solved = await threeStepsIn();
    await answer(solved, "email.wait-delay", SOLVED);
    expect(await visit(solved, "email.wait-delay")).toBe("rewound");
    expect((await database.prisma.selfHelpSession.findUniqueOrThrow({ where: { id: solved } })).outcome).toBe("IN_PROGRESS");
    // a step off the path of an ended session changes nothing
    await answer(solved, "email.wait-delay", SOLVED);
    expect(await visit(solved, "email.security-filter")).toBe("unchanged");

    const atForm = await startSelfHelpSession("ACCOUNT", "en", CLIENT, database.prisma);
    await answerSelfHelpStep(atForm, "ACCOUNT", { stepKey: "account.symptom", answer: "UNAUTHORIZED" }, CLIENT, database.prisma);
    await answerSelfHelpStep(atForm, "ACCOUNT", { stepKey: "account.unauthorized", answer: STILL_STUCK }, CLIENT, database.prisma);
    expect((await selfHelpProgress(atForm, "ACCOUNT", database.prisma))?.readyForTicket).toBe(true);
    expect(await visitSelfHelpStep(atForm, "ACCOUNT", "account.unauthorized", CLIENT, database.prisma)).toBe("rewound");
    expect(await selfHelpProgress(atForm, "ACCOUNT", database.prisma)).toMatchObject({ readyForTicket: false, currentStepKey: "account.unauthorized" });
  });

  it("shows a step reached by its link after the current one, and starts a session at a step", async () => {
    const sessionId = await threeStepsIn();
    expect(await visit(sessionId, "email.service-status")).toBe("jumped");
    expect((await selfHelpProgress(sessionId, "EMAIL", database.prisma))?.currentStepKey).toBe("email.service-status");
    expect(await visit(sessionId, "email.no-such-step")).toBe("unchanged");

    const linked = await startSelfHelpSession("EMAIL", "ja", CLIENT, database.prisma, new Date(), { atStep: "email.resend-once" });
    expect(await historyOf(linked)).toEqual(["0 email.resend-once -"]);
    const error = await startSelfHelpSession("EMAIL", "ja", CLIENT, database.prisma, new Date(), { atStep: "sms.symptom" }).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.code).toBe("VALIDATION_FAILED");
  });
});


describe("self-help per client", () => {
  it("limits starting and answering per client, an IPv6 /64 counting as one client", async () => {
    vi.stubEnv("SELF_HELP_STARTS_PER_CLIENT", "3");
    vi.stubEnv("SELF_HELP_ANSWERS_PER_CLIENT", "4");
    // Settings are read once per process: a fresh module graph reads the limits set above.
    vi.resetModules();
    const { answerSelfHelpStep, startSelfHelpSession } = await import("./sessions.ts");
    const { isAppError } = await import("@/lib/errors.ts");
    try {
      const phone = ["2001:db8:1:2::10", "2001:db8:1:2:ffff::1", "2001:0db8:0001:0002:0:0:0:99"];
      const sessions: string[] = [];
      for (const address of phone) sessions.push(await startSelfHelpSession("EMAIL", "en", address, database.prisma));
      const refused = await startSelfHelpSession("EMAIL", "en", "2001:db8:1:2::beef", database.prisma).catch((caught: unknown) => caught);
      expect(isAppError(refused) && refused.code).toBe("RATE_LIMITED");
      expect(isAppError(refused) && Number(refused.params?.retryAfterSeconds)).toBeGreaterThan(0);
      // another network is another client
      expect(await startSelfHelpSession("EMAIL", "en", "2001:db8:1:3::10", database.prisma)).toMatch(/^[0-9a-f-]{36}$/);

      const first = SEED_FLOWS.EMAIL.firstStep;
      const answer = (address: string) =>
        answerSelfHelpStep(sessions[0]!, "EMAIL", { stepKey: first, answer: STILL_STUCK }, address, database.prisma).catch((caught: unknown) => caught);
      for (let i = 0; i < 4; i++) expect(isAppError(await answer("192.0.2.40"))).toBe(false);
      const tooMany = await answer("192.0.2.40");
      expect(isAppError(tooMany) && tooMany.code).toBe("RATE_LIMITED");
      expect(await answer("::ffff:192.0.2.41")).toBe("stale");
    } finally {
      vi.unstubAllEnvs();
      vi.stubEnv("NEXTAUTH_SECRET", "self-help-integration-test-secret");
      vi.resetModules();
    }
  });

  it("keep a daily pseudonym of the client, never its address", async () => {
    const day = new Date("2026-11-20T10:00:00Z");
    const nextDay = new Date("2026-11-21T10:00:00Z");
    const hashOf = async (address: string, at: Date) =>
      (await database.prisma.selfHelpSession.findUniqueOrThrow({ where: { id: await startSelfHelpSession("SMS", "ja", address, database.prisma, at) } })).clientHash;
    const morning = await hashOf("203.0.113.77", day);
    expect(morning).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(morning).not.toContain("203");
    expect(await hashOf("203.0.113.77", new Date(day.getTime() + 3_600_000))).toBe(morning);
    expect(await hashOf("203.0.113.77", nextDay)).not.toBe(morning);
    expect(await hashOf("203.0.113.78", day)).not.toBe(morning);
  });
});
