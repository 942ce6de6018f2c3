import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { generateReference } from "@/lib/server/tickets/reference.ts";
import { createAgent } from "@/lib/server/tickets/test-fixtures.ts";
import { hashStatusToken, statusTokenFor } from "@/lib/server/tickets/status-link.ts";
import { newUploadToken } from "@/lib/validation/attachment.ts";
import { findViewableAttachment, listTicketAttachments } from "./access.ts";
import { bindPendingAttachments } from "./binding.ts";
import { rejectionReason } from "./rejection.ts";
import { LocalDiskStorage } from "./storage/local-disk.ts";
import type { AttachmentStorage } from "./storage/types.ts";
import { sweepAbandonedUploads } from "./sweep.ts";
import * as corpus from "./test-corpus.ts";
import { acceptUpload, discardPendingUpload, MAX_PENDING_PER_UPLOAD_TOKEN } from "./uploads.ts";

const secret = "attachments-test-secret";
let database: TestDatabase;
let directory: string;
let storage: LocalDiskStorage;
let deps: { db: TestDatabase["prisma"]; storageOf: () => AttachmentStorage };

beforeAll(async () => {
  database = await createTestDatabase();
  directory = fs.mkdtempSync(path.join(os.tmpdir(), "sg-attach-test-"));
  storage = new LocalDiskStorage(directory);
  deps = { db: database.prisma, storageOf: () => storage };
});
afterAll(async () => {
  await database.drop();
  fs.rmSync(directory, { recursive: true, force: true });
});

async function createTicket() {
  const id = randomUUID();
  const statusToken = statusTokenFor(id, secret);
  await database.prisma.ticket.create({
    data: {
      id,
      reference: generateReference(),
      statusTokenHash: hashStatusToken(statusToken),
      category: "EMAIL",
      contactEmail: "someone@example.com",
      language: "en",
      description: "The verification mail never arrives.",
      slaDueAt: new Date(Date.now() + 3600_000),
    },
  });
  return { id, statusToken };
}

const upload = async (uploadToken: string, bytes: Buffer | Promise<Buffer> = corpus.jpegWithGps()) =>
  acceptUpload({ bytes: await bytes, fileName: "C:\\Users\\me\\IMG_0001.jpg", uploadToken, clientAddress: "198.51.100.1" }, deps);

async function storedBytes(attachmentId: string): Promise<Buffer> {
  const row = await database.prisma.attachment.findUniqueOrThrow({ where: { id: attachmentId } });
  return fs.promises.readFile(path.join(directory, row.storageKey));
}

describe("uploads", () => {
  it("store the stripped image under a random name and record a PENDING row with its facts", async () => {
    const token = newUploadToken();
    const uploaded = await upload(token);
    const row = await database.prisma.attachment.findUniqueOrThrow({ where: { id: uploaded.id } });
    expect(row).toMatchObject({
      state: "PENDING",
      storage: "LOCAL",
      contentType: "image/jpeg",
      width: 96,
      height: 64,
      originalName: "IMG_0001.jpg",
      ticketId: null,
    });
    expect(row.uploadTokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.uploadTokenHash).not.toContain(token);
    expect(row.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f-]{36}\.jpg$/);
    const bytes = await storedBytes(uploaded.id);
    expect(bytes.length).toBe(row.byteSize);
    // GPS EXIF is gone from what was stored
    const metadata = await sharp(bytes).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(corpus.exifHasGps(metadata.exif)).toBe(false);
    expect(bytes.includes(Buffer.from("ExamplePhone"))).toBe(false);
    // no temporary files left behind
    expect(fs.readdirSync(path.dirname(path.join(directory, row.storageKey))).filter((name) => name.startsWith(".tmp-"))).toEqual([]);
  });

  it("refuse bad content and bad tokens without writing a row or a file", async () => {
    const before = await database.prisma.attachment.count();
    const filesBefore = fs.readdirSync(directory, { recursive: true }).length;
    const token = newUploadToken();
    for (const bytes of [corpus.htmlRenamedAsPng(), await corpus.pngWithTrailingHtml(), corpus.pngPixelBomb()]) {
      expect(rejectionReason(await upload(token, bytes).catch((error) => error))).not.toBeNull();
    }
    const badToken = await acceptUpload({ bytes: await corpus.samplePng(), fileName: null, uploadToken: "short", clientAddress: "198.51.100.1" }, deps).catch((e) => e);
    expect(badToken.code).toBe("VALIDATION_FAILED");
    expect(await database.prisma.attachment.count()).toBe(before);
    expect(fs.readdirSync(directory, { recursive: true }).length).toBe(filesBefore);
  });

  it("leave no file behind when the row cannot be written", async () => {
    const filesBefore = fs.readdirSync(directory, { recursive: true }).filter((name) => String(name).includes(".")).length;
    const failingDb: typeof database.prisma = new Proxy(database.prisma, {
      get(target, property) {
        if (property === "attachment") {
          return { ...target.attachment, count: target.attachment.count, create: () => Promise.reject(new Error("insert failed")) };
        }
        // the row is inserted in a transaction (with the pending-bytes check): it gets this client too
        if (property === "$transaction") return (work: (tx: typeof database.prisma) => Promise<unknown>) => work(failingDb);
        return Reflect.get(target, property);
      },
    });
    const error = await acceptUpload({ bytes: await corpus.samplePng(), fileName: "a.png", uploadToken: newUploadToken(), clientAddress: "198.51.100.1" }, { db: failingDb, storageOf: () => storage }).catch((e) => e);
    expect(error.message).toBe("insert failed");
    expect(fs.readdirSync(directory, { recursive: true }).filter((name) => String(name).includes(".")).length).toBe(filesBefore);
  });

  it("answer a full disk with storage_full, leaving no partial file and no row", async () => {
    const rowsBefore = await database.prisma.attachment.count();
    const filesBefore = fs.readdirSync(directory, { recursive: true }).length;
    const realOpen = fs.promises.open;
    // The disk fills up halfway through writing the file.
    const open = vi.spyOn(fs.promises, "open").mockImplementationOnce(async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      handle.writeFile = async (data) => {
        await handle.write((data as Buffer).subarray(0, 100));
        throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      };
      return handle;
    });
    try {
      const error = await upload(newUploadToken(), corpus.samplePng()).catch((caught: unknown) => caught);
      expect(rejectionReason(error)).toBe("storage_full");
    } finally {
      open.mockRestore();
    }
    expect(await database.prisma.attachment.count()).toBe(rowsBefore);
    const files = fs.readdirSync(directory, { recursive: true }).filter((name) => fs.statSync(path.join(directory, String(name))).isFile());
    expect(files.filter((name) => String(name).includes(".tmp-"))).toEqual([]);
    expect(fs.readdirSync(directory, { recursive: true }).length).toBeLessThanOrEqual(filesBefore + 1); // at most the shard folder
  });

  it("cap how many pending uploads one form can hold", async () => {
    const token = newUploadToken();
    const png = await corpus.samplePng();
    for (let i = 0; i < MAX_PENDING_PER_UPLOAD_TOKEN; i++) await upload(token, png);
    expect(rejectionReason(await upload(token, png).catch((e) => e))).toBe("too_many_files");
  });

  it("can be discarded by the form that made them, and only by it", async () => {
    const token = newUploadToken();
    const uploaded = await upload(token);
    const bytesPath = path.join(directory, (await database.prisma.attachment.findUniqueOrThrow({ where: { id: uploaded.id } })).storageKey);
    const stranger = await discardPendingUpload({ attachmentId: uploaded.id, uploadToken: newUploadToken() }, deps).catch((e) => e);
    expect(stranger.code).toBe("NOT_FOUND");
    await discardPendingUpload({ attachmentId: uploaded.id, uploadToken: token }, deps);
    expect(await database.prisma.attachment.findUnique({ where: { id: uploaded.id } })).toBeNull();
    expect(fs.existsSync(bytesPath)).toBe(false);
  });
});

describe("bindPendingAttachments", () => {
  it("attaches a form's uploads to the ticket inside the caller's transaction", async () => {
    const ticket = await createTicket();
    const token = newUploadToken();
    const first = await upload(token);
    const second = await upload(token, corpus.sampleWebp());
    const bound = await database.prisma.$transaction((tx) =>
      bindPendingAttachments(tx, { attachmentIds: [first.id, second.id], uploadToken: token, ticketId: ticket.id }),
    );
    expect(bound).toBe(2);
    const rows = await database.prisma.attachment.findMany({ where: { ticketId: ticket.id } });
    expect(rows.map((row) => [row.state, row.uploadTokenHash, row.attachedAt !== null])).toEqual([
      ["ATTACHED", null, true],
      ["ATTACHED", null, true],
    ]);
  });

  it("binds nothing and rolls the caller back when any id is not this form's pending upload", async () => {
    const ticket = await createTicket();
    const token = newUploadToken();
    const mine = await upload(token);
    const someoneElses = await upload(newUploadToken());
    const error = await database.prisma
      .$transaction(async (tx) => {
        await tx.message.create({ data: { ticketId: ticket.id, kind: "PUBLIC_REPLY", authorType: "CUSTOMER", body: "see screenshots" } });
        await bindPendingAttachments(tx, { attachmentIds: [mine.id, someoneElses.id], uploadToken: token, ticketId: ticket.id });
      })
      .catch((e) => e);
    expect(rejectionReason(error)).toBe("expired");
    expect(await database.prisma.message.count({ where: { ticketId: ticket.id } })).toBe(0);
    expect((await database.prisma.attachment.findUniqueOrThrow({ where: { id: mine.id } })).state).toBe("PENDING");
  });

  it("refuses more than five per message, and binding the same uploads twice", async () => {
    const ticket = await createTicket();
    const token = newUploadToken();
    const png = await corpus.samplePng();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await upload(token, png)).id);
    const tooMany = await database.prisma.$transaction((tx) => bindPendingAttachments(tx, { attachmentIds: ids, uploadToken: token, ticketId: ticket.id })).catch((e) => e);
    expect(rejectionReason(tooMany)).toBe("too_many_files");
    await database.prisma.$transaction((tx) => bindPendingAttachments(tx, { attachmentIds: ids.slice(0, 2), uploadToken: token, ticketId: ticket.id }));
    const again = await database.prisma.$transaction((tx) => bindPendingAttachments(tx, { attachmentIds: ids.slice(0, 2), uploadToken: token, ticketId: ticket.id })).catch((e) => e);
    expect(rejectionReason(again)).toBe("expired");
  });
});

describe("reading attachments", () => {
  it("lets the ticket's link and agents read attached files; nobody else, and never pending ones", async () => {
    const ticket = await createTicket();
    const other = await createTicket();
    const token = newUploadToken();
    const attached = await upload(token);
    const pending = await upload(token);
    const note = await upload(token);
    await database.prisma.$transaction(async (tx) => {
      await bindPendingAttachments(tx, { attachmentIds: [attached.id], uploadToken: token, ticketId: ticket.id });
      const internal = await tx.message.create({ data: { ticketId: ticket.id, kind: "INTERNAL_NOTE", authorType: "AGENT", body: "note" } });
      await bindPendingAttachments(tx, { attachmentIds: [note.id], uploadToken: token, ticketId: ticket.id, messageId: internal.id });
    });
    const customer = { kind: "customer" as const, statusToken: ticket.statusToken };
    const agent = { kind: "agent" as const, actor: await createAgent(database.prisma, "Gallery Agent") };
    const db = database.prisma;
    expect((await findViewableAttachment(customer, attached.id, db))?.id).toBe(attached.id);
    expect((await findViewableAttachment(agent, attached.id, db))?.id).toBe(attached.id);
    expect(await findViewableAttachment({ kind: "customer", statusToken: other.statusToken }, attached.id, db)).toBeNull();
    expect(await findViewableAttachment({ kind: "customer", statusToken: "x".repeat(43) }, attached.id, db)).toBeNull();
    expect(await findViewableAttachment(customer, pending.id, db)).toBeNull();
    expect(await findViewableAttachment(agent, pending.id, db)).toBeNull();
    expect(await findViewableAttachment(customer, note.id, db)).toBeNull();
    expect((await findViewableAttachment(agent, note.id, db))?.id).toBe(note.id);
    expect(await findViewableAttachment(agent, "not-a-uuid", db)).toBeNull();

    const customerGallery = await listTicketAttachments(customer, null, db);
    expect(customerGallery.map((image) => image.id)).toEqual([attached.id]);
    expect(customerGallery[0]!.url).toBe(`/api/attachments/${attached.id}?token=${ticket.statusToken}`);
    const agentGallery = await listTicketAttachments(agent, ticket.id, db);
    expect(agentGallery.map((image) => [image.id, image.url])).toEqual([
      [attached.id, `/api/attachments/${attached.id}`],
      [note.id, `/api/attachments/${note.id}`],
    ]);
  });
});

describe("sweepAbandonedUploads", () => {
  it("deletes old pending uploads (row and file) and orphan files, keeps everything else", async () => {
    const ticket = await createTicket();
    const token = newUploadToken();
    const old = await upload(token);
    const kept = await upload(token);
    await database.prisma.$transaction((tx) => bindPendingAttachments(tx, { attachmentIds: [kept.id], uploadToken: token, ticketId: ticket.id }));
    const fresh = await upload(newUploadToken());
    const oldRow = await database.prisma.attachment.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 2 * 86400_000) } });
    const oldFile = path.join(directory, oldRow.storageKey);
    // a file whose row never got written (crash between the two), and an abandoned temp file
    const orphanKey = await storage.put(await corpus.samplePng(), "image/png");
    const orphanFile = path.join(directory, orphanKey);
    const tempFile = path.join(path.dirname(orphanFile), ".tmp-crashed");
    fs.writeFileSync(tempFile, "partial");
    const longAgo = new Date(Date.now() - 2 * 86400_000);
    for (const file of [oldFile, orphanFile, tempFile]) fs.utimesSync(file, longAgo, longAgo);
    // the row of an old attached file is kept even though its file is old
    const keptRow = await database.prisma.attachment.findUniqueOrThrow({ where: { id: kept.id } });
    fs.utimesSync(path.join(directory, keptRow.storageKey), longAgo, longAgo);

    const result = await sweepAbandonedUploads({ olderThan: new Date(Date.now() - 86400_000), db: database.prisma, storageOf: () => storage });
    expect(result.pendingRows).toBe(1);
    expect(result.orphanFiles).toBe(2);
    expect(await database.prisma.attachment.findUnique({ where: { id: old.id } })).toBeNull();
    for (const file of [oldFile, orphanFile, tempFile]) expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(path.join(directory, keptRow.storageKey))).toBe(true);
    expect(await database.prisma.attachment.findUnique({ where: { id: fresh.id } })).not.toBeNull();

    // a second sweep (another instance, or the file already gone) finds nothing and fails on nothing
    expect(await sweepAbandonedUploads({ olderThan: new Date(Date.now() - 86400_000), db: database.prisma, storageOf: () => storage })).toEqual({ pendingRows: 0, orphanFiles: 0 });
  });
});
