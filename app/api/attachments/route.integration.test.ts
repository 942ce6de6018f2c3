import { NextRequest } from "next/server";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bindPendingAttachments } from "@/lib/server/attachments/binding.ts";
import { THUMBNAIL_EDGE } from "@/lib/server/attachments/thumbnail.ts";
import * as corpus from "@/lib/server/attachments/test-corpus.ts";
import { closeDatabase } from "@/lib/server/db/client.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { CLIENT_ADDRESS_HEADER } from "@/lib/server/http/client-address.ts";
import { generateReference } from "@/lib/server/tickets/reference.ts";
import { hashStatusToken, statusTokenFor } from "@/lib/server/tickets/status-link.ts";
import { newUploadToken } from "@/lib/validation/attachment.ts";
import { DELETE, GET } from "./[id]/route.ts";
import { POST } from "./route.ts";

const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-attach-route-"));
vi.stubEnv("UPLOAD_DIR", uploadDir);
vi.stubEnv("UPLOADTHING_TOKEN", "");
vi.stubEnv("NEXTAUTH_SECRET", "attachments-route-test-secret");

const database = databaseForThisFile({ freshRateLimits: true });
beforeAll(async () => {
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for("supportgate.database")] = database.current;
});
afterAll(async () => {
  await closeDatabase();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

function upload(bytes: Buffer, headers: Record<string, string>) {
  return POST(
    new NextRequest("http://localhost/api/attachments", {
      method: "POST",
      headers: { [CLIENT_ADDRESS_HEADER]: "198.51.100.9", "content-type": "image/png", ...headers },
      body: new Uint8Array(bytes),
    }),
  );
}

const context = (id: string) => ({ params: Promise.resolve({ id }) });

describe("POST /api/attachments", () => {
  it("answers 201 with the pending attachment", async () => {
    const response = await upload(await corpus.jpegWithGps(), { "x-upload-token": newUploadToken(), "x-upload-file-name": encodeURIComponent("写真 1.jpg") });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(Object.keys(body).sort()).toEqual(["byteSize", "contentType", "height", "id", "width"]);
    expect(body).toMatchObject({ contentType: "image/jpeg", width: 96, height: 64 });
    expect((await database.prisma.attachment.findUniqueOrThrow({ where: { id: body.id } })).originalName).toBe("写真 1.jpg");
  });

  it("refuses by content with the reason and a message in the request's language", async () => {
    const token = newUploadToken();
    const html = await upload(corpus.htmlRenamedAsPng(), { "x-upload-token": token, "accept-language": "ja" });
    expect(html.status).toBe(415);
    expect(await html.json()).toEqual({
      error: { code: "UNSUPPORTED_MEDIA_TYPE", reason: "unsupported_type", message: "PNG・JPEG・WebP形式の画像ではありません。" },
    });
    const bomb = await upload(corpus.pngPixelBomb(), { "x-upload-token": token });
    expect((await bomb.json()).error.reason).toBe("too_many_pixels");
    const big = await upload(corpus.oversizeFile(), { "x-upload-token": token });
    expect(big.status).toBe(413);
    expect((await big.json()).error.message).toBe("This file is larger than 10 MB.");
    const noToken = await upload(await corpus.samplePng(), {});
    expect(noToken.status).toBe(422);
  });

  it("rate-limits uploads per client address", async () => {
    const png = await corpus.samplePng();
    const statuses = [];
    for (let i = 0; i < 61; i++) statuses.push((await upload(png, { "x-upload-token": newUploadToken(), "content-type": "image/png" })).status);
    expect(statuses.slice(0, 60).every((status) => status === 201)).toBe(true);
    expect(statuses[60]).toBe(429);
  });
});

describe("GET and DELETE /api/attachments/:id", () => {
  it("streams an attached file to the status-link holder with protective headers", async () => {
    const token = newUploadToken();
    const uploaded = await (await upload(await corpus.jpegWithGps(), { "x-upload-token": token })).json();
    const ticketId = randomUUID();
    const statusToken = statusTokenFor(ticketId);
    await database.prisma.ticket.create({
      data: {
        id: ticketId,
        reference: generateReference(),
        statusTokenHash: hashStatusToken(statusToken),
        category: "TWO_FA",
        contactEmail: "x@example.com",
        language: "ja",
        description: "2FA codes are always rejected.",
        slaDueAt: new Date(),
      },
    });
    await database.prisma.$transaction((tx) => bindPendingAttachments(tx, { attachmentIds: [uploaded.id], uploadToken: token, ticketId }));

    const response = await GET(new NextRequest(`http://localhost/api/attachments/${uploaded.id}?token=${statusToken}`), context(uploaded.id));
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/jpeg",
      "content-length": String(uploaded.byteSize),
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
      "content-disposition": `inline; filename="screenshot-${uploaded.id}.jpg"`,
      "cache-control": "private, max-age=300",
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(uploaded.byteSize);
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();

    // Galleries ask for a small WebP of the same file, under the same access check and headers.
    const thumbnail = await GET(
      new NextRequest(`http://localhost/api/attachments/${uploaded.id}?token=${statusToken}&size=thumb`),
      context(uploaded.id),
    );
    expect(thumbnail.status).toBe(200);
    expect(Object.fromEntries(thumbnail.headers)).toMatchObject({
      "content-type": "image/webp",
      "x-content-type-options": "nosniff",
      "content-security-policy": "sandbox; default-src 'none'",
    });
    const small = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    const full = await sharp(bytes).metadata();
    expect(small.format).toBe("webp");
    expect(Math.max(small.width, small.height)).toBe(Math.min(THUMBNAIL_EDGE, Math.max(full.width, full.height)));
    expect(small.width / small.height).toBeCloseTo(full.width / full.height, 1);
  });

  it("lets only the uploading form discard a pending upload", async () => {
    const token = newUploadToken();
    const uploaded = await (await upload(await corpus.samplePng(), { "x-upload-token": token })).json();
    const discard = (uploadToken: string) =>
      DELETE(new NextRequest(`http://localhost/api/attachments/${uploaded.id}`, { method: "DELETE", headers: { "x-upload-token": uploadToken } }), context(uploaded.id));
    expect((await discard(newUploadToken())).status).toBe(404);
    expect((await discard(token)).status).toBe(204);
    expect((await discard(token)).status).toBe(404);
    expect(await database.prisma.attachment.findUnique({ where: { id: uploaded.id } })).toBeNull();
  });
});
