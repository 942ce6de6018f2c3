import { describe, expect, it, vi } from "vitest";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { ticketMetrics } from "@/lib/server/metrics/ticket-metrics.ts";
import { createAgent } from "@/lib/server/tickets/test-fixtures.ts";
import { contentEditorView, publishDraft, saveDraftStep, startDraft } from "./editor.ts";
import { markSuggestionSessionsFiled, startSelfHelpSession } from "./sessions.ts";
import { suggestSteps } from "./suggestions.ts";
import { findStep } from "@/lib/self-help/flows.ts";

vi.stubEnv("NEXTAUTH_SECRET", "self-help-suggestions-test-secret");

const database = databaseForThisFile();

describe("suggestions while typing", () => {
  it("come from the published revisions, and follow a publish at once", async () => {
    expect((await suggestSteps("迷惑メール", { language: "ja" }, database.prisma))[0]?.stepKey).toBe("email.spam-folder");
    expect((await suggestSteps("junk folder", { language: "en" }, database.prisma))[0]).toMatchObject({ stepKey: "email.spam-folder", title: "Look in your spam folder" });

    const editor = await createAgent(database.prisma, "Suggesting Editor", { role: "EDITOR" });
    await startDraft(editor, "EMAIL", database.prisma);
    const draft = (await contentEditorView(editor, "EMAIL", database.prisma)).draft!;
    const step = findStep(draft.flow, "email.spam-folder")!;
    await saveDraftStep(editor, {
      category: "EMAIL", stepKey: step.key, version: draft.version, titleJa: "迷惑メールやごみ箱を見てみましょう", titleEn: "Look in your junk and trash folders",
      bodyJa: step.body.ja, bodyEn: step.body.en, checklistJa: step.checklist!.ja, checklistEn: step.checklist!.en, urgent: false,
      answers: step.answers.map((answer) => ({ value: answer.value, labelJa: answer.label.ja, labelEn: answer.label.en, next: answer.next ?? "", prefill: answer.prefill })),
    }, database.prisma);
    const version = (await contentEditorView(editor, "EMAIL", database.prisma)).draft!.version;
    expect(await publishDraft(editor, { category: "EMAIL", version }, database.prisma)).toMatchObject({ published: true });
    expect((await suggestSteps("junk folder", { language: "en" }, database.prisma))[0]?.title).toBe("Look in your junk and trash folders");
  });

  it("count a visitor who opened one and did not file as deflected by suggestion, and one who filed as escalated", async () => {
    const day = new Date("2026-11-10T03:00:00Z");
    const agent = await createAgent(database.prisma, "Metrics Reader");
    const deflected = await startSelfHelpSession("EMAIL", "ja", "203.0.113.10", database.prisma, day, { atStep: "email.spam-folder", entry: "SUGGESTION" });
    const filed = await startSelfHelpSession("SMS", "en", "203.0.113.11", database.prisma, day, { atStep: "sms.carrier-filter", entry: "SUGGESTION" });
    await startSelfHelpSession("SMS", "en", "203.0.113.12", database.prisma, day);
    await database.prisma.selfHelpSession.update({ where: { id: deflected }, data: { outcome: "ABANDONED", endedAt: day } });
    expect(await markSuggestionSessionsFiled([filed, "not-an-id"], database.prisma, day)).toBe(1);
    const metrics = await ticketMetrics(agent, { from: "2026-11-10", to: "2026-11-10" }, { timeZone: "Asia/Tokyo" }, database.prisma);
    expect(metrics.suggestions).toEqual({ opened: 2, deflected: 1, escalated: 1 });
  });
});
