import { beforeAll, describe, expect, it, vi } from "vitest";
import { isAppError } from "@/lib/errors.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { createAgent } from "@/lib/server/tickets/test-fixtures.ts";
import { findStep } from "@/lib/self-help/flows.ts";
import type { AgentActor } from "@/lib/server/auth/actor.ts";
import type { SaveStepFormValues } from "@/lib/validation/self-help-content.ts";
import { saveStepSchema } from "@/lib/validation/self-help-content.ts";
import type { SelfHelpStep } from "@/lib/self-help/types.ts";
import { publishedFlow } from "./content.ts";
import {
  addDraftStep,
  contentEditorView,
  contentOverview,
  discardDraft,
  markLanguageChecked,
  publishDraft,
  removeDraftStep,
  rollbackToRevision,
  saveDraftStep,
  startDraft,
  stepFigures,
} from "./editor.ts";
import { answerSelfHelpStep, markAbandonedSessions, startSelfHelpSession } from "./sessions.ts";

vi.stubEnv("NEXTAUTH_SECRET", "self-help-editor-test-secret");

const database = databaseForThisFile();
let editor: AgentActor;
beforeAll(async () => {
  editor = await createAgent(database.prisma, "Eri Editor", { role: "EDITOR" });
});

const codeOf = (promise: Promise<unknown>) => promise.then(() => "allowed", (error: unknown) => (isAppError(error) ? error.code : String(error)));

/** The step as the editor's form would submit it, with `change` applied to the form's values. */
function stepForm(step: SelfHelpStep, version: string, change: Partial<SaveStepFormValues> = {}) {
  return saveStepSchema.parse({
    category: "EMAIL",
    stepKey: step.key,
    version,
    titleJa: step.title.ja,
    titleEn: step.title.en,
    bodyJa: step.body.ja.join("\n\n"),
    bodyEn: step.body.en.join("\n\n"),
    checklistJa: (step.checklist?.ja ?? []).join("\n"),
    checklistEn: (step.checklist?.en ?? []).join("\n"),
    urgent: !!step.urgent,
    answers: step.answers.map((answer) => ({
      value: answer.value,
      labelJa: answer.label.ja,
      labelEn: answer.label.en,
      next: answer.next ?? "",
      prefill: Object.entries(answer.prefill ?? {}).map(([field, value]) => `${field}=${String(value)}`).join("\n"),
    })),
    ...change,
  });
}

async function draftOf(category: "EMAIL" | "SMS" = "EMAIL") {
  const view = await contentEditorView(editor, category, database.prisma);
  if (!view.draft) throw new Error("no draft");
  return view.draft;
}

describe("the self-help content editor", () => {
  it("edits a draft copy: editing Japanese flags English until it is touched, and customers see nothing until it is published", async () => {
    await startDraft(editor, "EMAIL", database.prisma);
    // a second start keeps the one draft
    await startDraft(editor, "EMAIL", database.prisma);
    expect(await database.prisma.selfHelpRevision.count({ where: { category: "EMAIL", state: "DRAFT" } })).toBe(1);
    let draft = await draftOf();
    expect(draft.summary.number).toBe(2);
    expect(draft.issues).toEqual([]);

    const spam = findStep(draft.flow, "email.spam-folder")!;
    await saveDraftStep(editor, stepForm(spam, draft.version, { titleJa: "迷惑メールフォルダを確かめましょう" }), database.prisma);
    draft = await draftOf();
    expect(draft.needsUpdate["email.spam-folder"]).toEqual({ ja: false, en: true });
    expect(draft.issues).toEqual([{ code: "NEEDS_UPDATE", stepKey: "email.spam-folder", detail: "en" }]);
    expect(findStep(await publishedFlow("EMAIL", database.prisma), "email.spam-folder")?.title.ja).toBe("迷惑メールフォルダを見てみましょう");

    // a save made on an older version (someone saved since) is refused
    expect(await codeOf(saveDraftStep(editor, stepForm(spam, new Date(0).toISOString()), database.prisma))).toBe("CONFLICT");

    const refused = await publishDraft(editor, { category: "EMAIL", version: draft.version }, database.prisma);
    expect(refused).toEqual({ published: false, issues: [{ code: "NEEDS_UPDATE", stepKey: "email.spam-folder", detail: "en" }] });

    // updating English is the awaited update: it clears English's mark without marking Japanese
    const edited = findStep(draft.flow, "email.spam-folder")!;
    await saveDraftStep(editor, stepForm(edited, draft.version, { titleEn: "Check your spam folder" }), database.prisma);
    expect((await draftOf()).needsUpdate["email.spam-folder"]).toBeUndefined();
    // editing English on its own marks Japanese, and "still right" clears it
    draft = await draftOf();
    await saveDraftStep(editor, stepForm(findStep(draft.flow, "email.spam-folder")!, draft.version, { titleEn: "Look in your spam folder" }), database.prisma);
    expect((await draftOf()).needsUpdate["email.spam-folder"]).toEqual({ ja: true, en: false });
    await markLanguageChecked(editor, { category: "EMAIL", stepKey: "email.spam-folder", language: "ja" }, database.prisma);
    draft = await draftOf();
    expect(draft.issues).toEqual([]);
    expect(await publishDraft(editor, { category: "EMAIL", version: draft.version }, database.prisma)).toEqual({ published: true, number: 2 });
    const live = await publishedFlow("EMAIL", database.prisma);
    expect(live.number).toBe(2);
    expect(findStep(live, "email.spam-folder")?.title.ja).toBe("迷惑メールフォルダを確かめましょう");
    expect((await contentEditorView(editor, "EMAIL", database.prisma)).draft).toBeNull();
  });

  it("refuses to publish a draft with an unreachable step, naming it", async () => {
    await startDraft(editor, "SMS", database.prisma);
    await addDraftStep(editor, { category: "SMS", name: "check-sim", titleJa: "SIMカードを確かめましょう", titleEn: "Check your SIM card" }, database.prisma);
    const draft = await draftOf("SMS");
    const result = await publishDraft(editor, { category: "SMS", version: draft.version }, database.prisma);
    expect(result.published).toBe(false);
    expect(!result.published && result.issues).toEqual(
      expect.arrayContaining([{ code: "UNREACHABLE", stepKey: "sms.check-sim" }, { code: "EMPTY_TEXT", stepKey: "sms.check-sim", detail: "ja: body" }]),
    );
    expect(await codeOf(addDraftStep(editor, { category: "SMS", name: "check-sim", titleJa: "もう一度", titleEn: "Again" }, database.prisma))).toBe("CONFLICT");
    await removeDraftStep(editor, { category: "SMS", stepKey: "sms.check-sim" }, database.prisma);
    expect((await draftOf("SMS")).issues).toEqual([]);
    await discardDraft(editor, "SMS", database.prisma);
    expect((await contentOverview(editor, database.prisma)).find((row) => row.category === "SMS")).toMatchObject({ draft: null, live: { number: 1 } });
  });

  it("rolls back to an earlier revision as a new live one, keeping the history", async () => {
    const before = await contentEditorView(editor, "EMAIL", database.prisma);
    const first = before.history.find((revision) => revision.number === 1)!;
    expect(await rollbackToRevision(editor, { category: "EMAIL", revisionId: first.id }, database.prisma)).toEqual({ number: 3 });
    const live = await publishedFlow("EMAIL", database.prisma);
    expect(live.number).toBe(3);
    expect(findStep(live, "email.spam-folder")?.title.ja).toBe("迷惑メールフォルダを見てみましょう");
    const history = (await contentEditorView(editor, "EMAIL", database.prisma)).history;
    expect(history.map((revision) => [revision.number, revision.live, revision.note, revision.publishedBy?.name])).toEqual([
      [3, true, "rollback:1", "Eri Editor"],
      [2, false, null, "Eri Editor"],
      [1, false, null, undefined],
    ]);
  });

  it("counts each step's visitors per revision: reached, solved, continued, abandoned", async () => {
    const live = await publishedFlow("TWO_FA", database.prisma);
    const at = new Date(Date.now() - 2 * 24 * 60 * 60_000);
    const solved = await startSelfHelpSession("TWO_FA", "ja", "192.0.2.1", database.prisma, at);
    await answerSelfHelpStep(solved, "TWO_FA", { stepKey: "two-fa.lost-device", answer: "SOLVED" }, "192.0.2.1", database.prisma, at);
    const onward = await startSelfHelpSession("TWO_FA", "ja", "192.0.2.2", database.prisma, at);
    await answerSelfHelpStep(onward, "TWO_FA", { stepKey: "two-fa.lost-device", answer: "LOST" }, "192.0.2.2", database.prisma, at);
    await startSelfHelpSession("TWO_FA", "ja", "192.0.2.3", database.prisma, at);
    await markAbandonedSessions({ idleSince: new Date(Date.now() - 24 * 60 * 60_000), db: database.prisma });
    const figures = await stepFigures(editor, "TWO_FA", [live.revisionId], database.prisma);
    expect(figures.get(live.revisionId)?.get("two-fa.lost-device")).toEqual({ reached: 3, solved: 1, continued: 1, abandoned: 1 });
    expect(figures.get(live.revisionId)?.get("two-fa.backup-key")).toEqual({ reached: 1, solved: 0, continued: 0, abandoned: 1 });
  });

  it("is refused to agents without the editor role, and to an editor demoted or deactivated since", async () => {
    const agent = await createAgent(database.prisma, "Plain Agent");
    expect(await codeOf(startDraft(agent, "ACCOUNT", database.prisma))).toBe("FORBIDDEN");
    expect(await codeOf(contentOverview(agent, database.prisma))).toBe("FORBIDDEN");
    const admin = await createAgent(database.prisma, "Any Admin", { role: "ADMIN" });
    expect(await codeOf(contentOverview(admin, database.prisma))).toBe("allowed");
  });
});
