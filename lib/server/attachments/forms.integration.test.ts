import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { customerForStatusToken } from "@/lib/server/tickets/customer-actor.ts";
import { addCustomerReply } from "@/lib/server/tickets/customer-view.ts";
import { submitIntake } from "@/lib/server/tickets/intake.ts";
import { statusTokenFor } from "@/lib/server/tickets/status-link.ts";
import { newUploadToken } from "@/lib/validation/attachment.ts";
import { rejectionReason } from "./rejection.ts";
import { LocalDiskStorage } from "./storage/local-disk.ts";
import * as corpus from "./test-corpus.ts";
import { acceptUpload } from "./uploads.ts";

// The forms' side of the lifecycle: the intake service and the status-page reply bind the
// screenshots their form uploaded inside their own transaction.
vi.stubEnv("NEXTAUTH_SECRET", "attachments-forms-test-secret");

const database = databaseForThisFile({ freshRateLimits: true });
let directory: string;
beforeAll(async () => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "sg-attach-forms-"));
});
afterAll(async () => {
  fs.rmSync(directory, { recursive: true, force: true });
});

async function uploads(count: number, uploadToken = newUploadToken()) {
  const storage = new LocalDiskStorage(directory);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    ids.push((await acceptUpload({ bytes: await corpus.samplePng(i), fileName: `shot-${i}.png`, uploadToken, clientAddress: "198.51.100.1" }, { db: database.prisma, storageOf: () => storage })).id);
  }
  return { uploadToken, attachmentIds: ids };
}

let counter = 0;
function intake(attachments?: { uploadToken: string | null; attachmentIds: string[] }) {
  counter += 1;
  return submitIntake(
    {
      body: {
        category: "TWO_FA",
        contactEmail: `forms-${counter}@example.com`,
        language: "ja",
        description: "認証アプリのコードが毎回拒否されます。",
        details: { problem: "CODE_REJECTED", hasBackupKey: true, phoneVerified: "YES", deviceChangedRecently: false },
      },
      channel: "web",
      clientAddress: `198.51.100.${counter}`,
      attachments,
    },
    database.prisma,
  );
}

describe("the ticket form's screenshots", () => {
  it("are attached to the new ticket in the intake transaction", async () => {
    const attachments = await uploads(2);
    const result = await intake(attachments);
    if (result.kind !== "created") throw new Error(JSON.stringify(result));
    const rows = await database.prisma.attachment.findMany({ where: { id: { in: attachments.attachmentIds } } });
    expect(rows.map((row) => [row.state, row.ticketId, row.messageId])).toEqual([
      ["ATTACHED", result.ticketId, null],
      ["ATTACHED", result.ticketId, null],
    ]);
  });

  it("refuse the whole submission when one is not this form's pending upload: no ticket is written", async () => {
    const mine = await uploads(1);
    const someoneElses = await uploads(1);
    const tickets = await database.prisma.ticket.count();
    const error = await intake({ uploadToken: mine.uploadToken, attachmentIds: [...mine.attachmentIds, ...someoneElses.attachmentIds] }).catch((e) => e);
    expect(rejectionReason(error)).toBe("expired");
    expect(await database.prisma.ticket.count()).toBe(tickets);
    expect((await database.prisma.attachment.findUniqueOrThrow({ where: { id: mine.attachmentIds[0]! } })).state).toBe("PENDING");
  });
});

describe("a status-page reply's screenshots", () => {
  it("are attached to the reply message", async () => {
    const ticket = await intake();
    if (ticket.kind !== "created") throw new Error(JSON.stringify(ticket));
    const attachments = await uploads(1);
    const reply = await addCustomerReply(
      (await customerForStatusToken(statusTokenFor(ticket.ticketId), database.prisma))!,
      { body: "スクリーンショットを添付します。" },
      { clientAddress: "198.51.100.250", attachments },
      database.prisma,
    );
    if (reply.kind !== "added") throw new Error(JSON.stringify(reply));
    const row = await database.prisma.attachment.findUniqueOrThrow({ where: { id: attachments.attachmentIds[0]! } });
    expect(row).toMatchObject({ state: "ATTACHED", ticketId: ticket.ticketId, messageId: reply.messageId });
  });
});
