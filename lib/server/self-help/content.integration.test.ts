import { describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "@/lib/server/db/test-database.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { SEED_FLOWS, seedSelfHelpContent } from "@/lib/server/seed/self-help-flows.ts";
import { TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";
import { describeRecordedSteps, publishedFlow, publishedFlows, revisionFlow } from "./content.ts";
import { answerSelfHelpStep, startSelfHelpSession } from "./sessions.ts";

vi.stubEnv("NEXTAUTH_SECRET", "self-help-content-test-secret");

const database = databaseForThisFile();

describe("the self-help content in the database", () => {
  it.each(TICKET_CATEGORIES)("holds the %s seed flow as published revision 1, with the same step keys, answers and prefills", async (category) => {
    const flow = await publishedFlow(category, database.prisma);
    const { revisionId, number, ...content } = flow;
    expect(number).toBe(1);
    expect(revisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(content).toEqual(SEED_FLOWS[category]);
    expect((await publishedFlows(database.prisma)).map((each) => each.category)).toEqual([...TICKET_CATEGORIES]);
  });

  it("is loaded once: seeding again changes nothing", async () => {
    const before = await database.prisma.selfHelpRevision.count();
    expect(await seedSelfHelpContent(database.prisma)).toEqual([]);
    expect(await database.prisma.selfHelpRevision.count()).toBe(before);
  });

  it("attributes steps recorded before revisions existed to revision 1 when it is loaded", async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const { applyMigrations } = await import("@/lib/server/db/migrate.ts");
      await applyMigrations(fresh);
      const session = await fresh.prisma.selfHelpSession.create({
        data: { category: "SMS", language: "ja", steps: { create: { position: 0, stepKey: "sms.symptom" } } },
        select: { id: true },
      });
      expect(await seedSelfHelpContent(fresh.prisma)).toEqual([...TICKET_CATEGORIES]);
      const live = await publishedFlow("SMS", fresh.prisma);
      expect(await fresh.prisma.selfHelpStep.findMany({ where: { sessionId: session.id }, select: { revisionId: true } })).toEqual([{ revisionId: live.revisionId }]);
    } finally {
      await fresh.drop();
    }
  });

  it("records the revision each step was shown from and describes recorded steps in it", async () => {
    const sessionId = await startSelfHelpSession("EMAIL", "en", "198.51.100.30", database.prisma);
    await answerSelfHelpStep(sessionId, "EMAIL", { stepKey: "email.address-typo", answer: "STILL_STUCK" }, "198.51.100.30", database.prisma);
    const live = await publishedFlow("EMAIL", database.prisma);
    const rows = await database.prisma.selfHelpStep.findMany({ where: { sessionId }, orderBy: { position: "asc" }, select: { position: true, stepKey: true, answer: true, revisionId: true } });
    expect(rows.map((row) => row.revisionId)).toEqual([live.revisionId, live.revisionId]);
    expect(await describeRecordedSteps("EMAIL", rows, "ja", database.prisma)).toEqual([
      { position: 0, stepKey: "email.address-typo", title: "メールアドレスを確かめましょう", answer: "STILL_STUCK", answerLabel: "アドレスは正しいです" },
      { position: 1, stepKey: "email.spam-folder", title: "迷惑メールフォルダを見てみましょう", answer: null, answerLabel: null },
    ]);
    expect(await revisionFlow("00000000-0000-4000-8000-000000000000", database.prisma)).toBeNull();
  });
});
