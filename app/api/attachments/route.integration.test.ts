import { NextRequest } from "next/server";
import { randomBytes, randomUUID } from "node:crypto";
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
import { fromClient, TEST_SERVER_SEAL } from "@/lib/server/http/test-client-address.ts";
import { generateReference } from "@/lib/server/tickets/reference.ts";
import { hashStatusToken, statusTokenFor } from "@/lib/server/tickets/status-link.ts";
import { newUploadToken } from "@/lib/validation/attachment.ts";

vi.stubEnv("SUPPORTGATE_SERVER_SEAL", TEST_SERVER_SEAL);

const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-attach-route-"));
vi.stubEnv("UPLOAD_DIR", uploadDir);
vi.stubEnv("UPLOADTHING_TOKEN", "");
vi.stubEnv("NEXTAUTH_SECRET", "attachments-route-test-secret");

type Routes = typeof import("./route.ts") & typeof import("./[id]/route.ts");
let routes: Routes;

/** The routes on a fresh module graph, so they read the settings from the environment as it is now. */
async function loadRoutes(): Promise<void> {
  vi.resetModules();
  routes = { ...(await import("./route.ts")), ...(await import("./[id]/route.ts")) };
}

/** Settings are read once per module graph: runs `work` against routes loaded with `variables` set. */
async function withSettings(variables: Record<string, string>, work: () => Promise<void>): Promise<void> {
  for (const [name, value] of Object.entries(variables)) vi.stubEnv(name, value);
  await loadRoutes();
  try {
    await work();
  } finally {
    for (const name of Object.keys(variables)) vi.stubEnv(name, "");
    await loadRoutes();
  }
}

const database = databaseForThisFile({ freshRateLimits: true });
beforeAll(async () => {
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for("supportgate.database")] = database.current;
  await loadRoutes();
});
afterAll(async () => {
  await closeDatabase();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

function upload(bytes: Buffer, headers: Record<string, string>) {
  return routes.POST(
    new NextRequest("http://localhost/api/attachments", {
      method: "POST",
      headers: { ...fromClient("198.51.100.9"), "content-type": "image/png", ...headers },
      body: new Uint8Array(bytes),
    }),
  );
}

const context = (id: string) => ({ params: Promise.resolve({ id }) });

/** A ticket, and a form's upload attached to it; returns the upload's answer, its id and the customer's link token. */
async function attachedUpload(bytes: Buffer | Promise<Buffer>) {
  const token = newUploadToken();
  const uploaded = (await (await upload(await bytes, { "x-upload-token": token })).json()) as { id: string; byteSize: number };
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
  return { uploaded, id: uploaded.id, statusToken, ticketId };
}

function view(id: string, statusToken: string, { thumb = false, address = "198.51.100.9" } = {}) {
  const size = thumb ? "&size=thumb" : "";
  return routes.GET(new NextRequest(`http://localhost/api/attachments/${id}?token=${statusToken}${size}`, { headers: { ...fromClient(address) } }), context(id));
}

/** A PNG of random pixels: `kilobytes` KB that no compression shrinks. */
const noisePng = (kilobytes: number) => {
  const side = Math.round(Math.sqrt((kilobytes * 1024) / 3));
  return sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();
};

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

  it("reads bodies before taking a check slot: stalled uploads hold no slot and are cut off at the deadline", async () => {
    await withSettings({ UPLOAD_BODY_TIMEOUT_SECONDS: "2" }, async () => {
      const stalled = Array.from({ length: 3 }, (_, index) => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
          },
        });
        return routes.POST(
          new NextRequest("http://localhost/api/attachments", {
            method: "POST",
            headers: { ...fromClient(`198.51.100.${120 + index}`), "content-type": "image/png", "content-length": "100000", "x-upload-token": newUploadToken() },
            body,
            duplex: "half",
          } as ConstructorParameters<typeof NextRequest>[1]),
        );
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = performance.now();
      const normal = await Promise.race([
        upload(await corpus.samplePng(), { "x-upload-token": newUploadToken() }),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 1_500)),
      ]);
      expect(normal?.status).toBe(201);
      expect(performance.now() - started).toBeLessThan(1_500);
      const answers = await Promise.race([
        Promise.all(stalled),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000)),
      ]);
      expect(answers?.map((answer) => answer.status)).toEqual([408, 408, 408]);
      expect((await answers![0]!.json()).error.reason).toBe("too_slow");
    });
  });

  it("stops one address at its daily byte quota, with the reason and when to try again", async () => {
    await withSettings({ UPLOAD_CLIENT_DAILY_MEGABYTES: "1" }, async () => {
      const statuses = [];
      let refused: Response | undefined;
      for (let i = 0; i < 4 && !refused; i++) {
        const answer = await upload(await noisePng(300), { "x-upload-token": newUploadToken(), ...fromClient("198.51.100.60") });
        statuses.push(answer.status);
        if (answer.status !== 201) refused = answer;
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
      expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(await refused!.json()).toEqual({
        error: { code: "RATE_LIMITED", reason: "quota_exceeded", message: "You have uploaded as many screenshots as we can accept from your connection today. Please send your request without them, or try again tomorrow." },
      });
      const elsewhere = await upload(await noisePng(300), { "x-upload-token": newUploadToken(), ...fromClient("198.51.100.61") });
      expect(elsewhere.status).toBe(201);
    });
  });

  it("keeps a quota scaled out for load tests (RATE_LIMIT_SCALE) within the counter's range", async () => {
    await withSettings({ RATE_LIMIT_SCALE: "1000000" }, async () => {
      expect((await upload(await corpus.samplePng(), { "x-upload-token": newUploadToken(), ...fromClient("198.51.100.62") })).status).toBe(201);
    });
  });

  it("refuses new uploads once everyone's unsent ones reach the pending cap", async () => {
    await database.prisma.attachment.deleteMany({ where: { state: "PENDING" } });
    await withSettings({ UPLOAD_PENDING_MAX_MEGABYTES: "1" }, async () => {
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const address = `198.51.100.${70 + i}`;
        statuses.push((await upload(await noisePng(300), { "x-upload-token": newUploadToken(), ...fromClient(address), "accept-language": "ja" })).status);
      }
      expect(statuses).toEqual([201, 201, 201]);
      const full = await upload(await noisePng(300), { "x-upload-token": newUploadToken(), "accept-language": "ja" });
      expect(full.status).toBe(507);
      expect((await full.json()).error).toMatchObject({ reason: "storage_full", message: expect.stringContaining("スクリーンショット") });
      const pending = await database.prisma.attachment.aggregate({ where: { state: "PENDING" }, _sum: { byteSize: true } });
      expect(pending._sum.byteSize).toBeLessThanOrEqual(1024 * 1024);
    });
  });

  it("rate-limits uploads per client address", async () => {
    const png = await corpus.samplePng();
    const statuses = [];
    for (let i = 0; i < 61; i++) statuses.push((await upload(png, { "x-upload-token": newUploadToken(), "content-type": "image/png" })).status);
    expect(statuses.slice(0, 60).every((status) => status === 201)).toBe(true);
    expect(statuses[60]).toBe(429);
  });
});

const screenshot = (width: number, height: number) => corpus.screenshotPixels(width, height).png().toBuffer();

describe("GET and DELETE /api/attachments/:id", () => {
  it("streams an attached file to the status-link holder with protective headers", async () => {
    const { uploaded, statusToken } = await attachedUpload(corpus.jpegWithGps());

    const response = await routes.GET(new NextRequest(`http://localhost/api/attachments/${uploaded.id}?token=${statusToken}`), context(uploaded.id));
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
    const thumbnail = await routes.GET(
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

  it("serves the thumbnail made at upload, without decoding the file again", async () => {
    const { id, statusToken } = await attachedUpload(screenshot(1600, 900));
    const row = await database.prisma.attachment.findUniqueOrThrow({ where: { id } });
    expect(row.thumbnail?.length).toBeGreaterThan(0);
    // the stored file is no longer needed for the thumbnail
    fs.rmSync(path.join(uploadDir, row.storageKey));
    const thumbnail = await view(id, statusToken, { thumb: true });
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
    expect(Buffer.from(await thumbnail.arrayBuffer()).equals(Buffer.from(row.thumbnail!))).toBe(true);
  });

  it("makes the thumbnail of a file stored before thumbnails were, once, and keeps it", async () => {
    const { id, statusToken } = await attachedUpload(screenshot(1600, 900));
    await database.prisma.attachment.update({ where: { id }, data: { thumbnail: null } });
    const first = await view(id, statusToken, { thumb: true });
    expect(first.status).toBe(200);
    expect((await sharp(Buffer.from(await first.arrayBuffer())).metadata()).width).toBe(THUMBNAIL_EDGE);
    const kept = (await database.prisma.attachment.findUniqueOrThrow({ where: { id } })).thumbnail;
    expect(kept?.length).toBeGreaterThan(0);
  });

  it("never decodes an earlier-stored JPEG of too many scans for a thumbnail: the file itself is served", async () => {
    const { id, statusToken } = await attachedUpload(corpus.samplePng());
    const hostile = corpus.jpegWithManyScans(512, 512);
    const row = await database.prisma.attachment.findUniqueOrThrow({ where: { id } });
    fs.writeFileSync(path.join(uploadDir, row.storageKey), hostile);
    await database.prisma.attachment.update({ where: { id }, data: { thumbnail: null, contentType: "image/jpeg", byteSize: hostile.length, width: 512, height: 512 } });
    const thumbnail = await view(id, statusToken, { thumb: true });
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await thumbnail.arrayBuffer()).equals(hostile)).toBe(true);
    // remembered, so the next view does not look again
    expect((await database.prisma.attachment.findUniqueOrThrow({ where: { id } })).thumbnail?.length).toBe(0);
  });

  it("rate-limits reads per client address", async () => {
    await withSettings({ ATTACHMENT_READS_PER_MINUTE: "5" }, async () => {
      const { id, statusToken } = await attachedUpload(corpus.samplePng());
      const statuses = [];
      for (let i = 0; i < 6; i++) statuses.push((await view(id, statusToken, { thumb: i % 2 === 0, address: "198.51.100.44" })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect((await view(id, statusToken, { address: "198.51.100.45" })).status).toBe(200);
    });
  });

  it("lets only the uploading form discard a pending upload", async () => {
    const token = newUploadToken();
    const uploaded = await (await upload(await corpus.samplePng(), { "x-upload-token": token })).json();
    const discard = (uploadToken: string) =>
      routes.DELETE(new NextRequest(`http://localhost/api/attachments/${uploaded.id}`, { method: "DELETE", headers: { "x-upload-token": uploadToken } }), context(uploaded.id));
    expect((await discard(newUploadToken())).status).toBe(404);
    expect((await discard(token)).status).toBe(204);
    expect((await discard(token)).status).toBe(404);
    expect(await database.prisma.attachment.findUnique({ where: { id: uploaded.id } })).toBeNull();
  });
});
