import { createServer, type Server } from "node:http";
import { Readable } from "node:stream";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startUploadThingStandIn, type UploadThingStandIn } from "@/e2e/support/uploadthing-stand-in.ts";
import * as corpus from "@/lib/server/attachments/test-corpus.ts";
import { closeDatabase } from "@/lib/server/db/client.ts";
import { createTestDatabase, type TestDatabase } from "@/lib/server/db/test-database.ts";
import { fromClient, TEST_SERVER_SEAL } from "@/lib/server/http/test-client-address.ts";
import { newUploadToken, type UploadThingServerData } from "@/lib/validation/attachment.ts";

vi.stubEnv("SUPPORTGATE_SERVER_SEAL", TEST_SERVER_SEAL);

// The UploadThing backend end to end at the HTTP level: this file plays the browser, a local
// stand-in plays UploadThing (e2e/support/uploadthing-stand-in.ts), and the real route handler
// (app/api/uploadthing) runs behind a small HTTP server so the stand-in can call it back.
const STAND_IN_PORT = 3308;
const APP_PORT = 3309;
const appUrl = `http://localhost:${APP_PORT}`;

let database: TestDatabase;
let standIn: UploadThingStandIn;
let app: Server;

beforeAll(async () => {
  standIn = await startUploadThingStandIn(STAND_IN_PORT);
  for (const [name, value] of Object.entries(standIn.environment)) vi.stubEnv(name, value);
  vi.stubEnv("UPLOADTHING_LOG_LEVEL", "Error");
  database = await createTestDatabase();
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for("supportgate.database")] = database;
  const { GET, POST } = await import("./route.ts");
  app = createServer((request, response) => {
    const web = new Request(`${appUrl}${request.url}`, {
      method: request.method,
      headers: { ...(request.headers as Record<string, string>), ...fromClient("198.51.100.77") },
      body: request.method === "GET" ? undefined : (Readable.toWeb(request) as ReadableStream),
      duplex: "half",
    } as RequestInit);
    const handler = request.method === "GET" ? GET : POST;
    void handler(web as never).then(async (answer) => {
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      response.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => app.listen(APP_PORT, resolve));
});
afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
  await standIn.close();
  await closeDatabase();
  await database.drop();
  vi.unstubAllEnvs();
});

/** What @uploadthing/react does for one file: ask our route for a signed URL, then PUT to the ingest. */
async function uploadThroughUploadThing(bytes: Buffer, name: string, type: string, uploadToken: string) {
  const presign = await fetch(`${appUrl}/api/uploadthing?actionType=upload&slug=screenshot`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-uploadthing-package": "@uploadthing/react", "x-uploadthing-version": "7.7.4" },
    body: JSON.stringify({ files: [{ name, size: bytes.length, type, lastModified: Date.now() }], input: { uploadToken } }),
  });
  if (!presign.ok) return { presignStatus: presign.status, error: await presign.json() };
  const [presigned] = (await presign.json()) as { url: string; key: string }[];
  expect((await fetch(presigned!.url, { method: "HEAD" })).status).toBe(200);
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), name);
  const put = await fetch(presigned!.url, { method: "PUT", body: form, headers: { Range: "bytes=0-" } });
  const body = (await put.json()) as { ufsUrl: string; serverData: UploadThingServerData };
  return { presignStatus: presign.status, key: presigned!.key, serverData: body.serverData };
}

describe("UploadThing backend (route handler + stand-in ingest)", () => {
  it("serves the route config with the shared limits", async () => {
    const config = (await (await fetch(`${appUrl}/api/uploadthing`)).json()) as { slug: string; config: Record<string, { maxFileSize: string; maxFileCount: number }> }[];
    expect(config[0]!.slug).toBe("screenshot");
    expect(Object.keys(config[0]!.config).sort()).toEqual(["image/jpeg", "image/png", "image/webp"]);
    expect(config[0]!.config["image/png"]).toMatchObject({ maxFileSize: "10MB", maxFileCount: 5 });
  });

  it("checks, strips and records an upload, replacing UploadThing's copy with the stripped one", async () => {
    const uploadToken = newUploadToken();
    const result = await uploadThroughUploadThing(await corpus.jpegWithGps(), "holiday.jpg", "image/jpeg", uploadToken);
    expect(result.serverData).toMatchObject({ ok: true, attachment: { contentType: "image/jpeg", width: 96, height: 64 } });
    if (!result.serverData?.ok) throw new Error("upload refused");
    const row = await database.prisma.attachment.findUniqueOrThrow({ where: { id: result.serverData.attachment.id } });
    expect(row).toMatchObject({ state: "PENDING", storage: "UPLOADTHING", originalName: "holiday.jpg" });
    // the original (with its GPS position) is gone from UploadThing; the stored copy has no EXIF
    expect(row.storageKey).not.toBe(result.key);
    expect(standIn.deletedKeys).toContain(result.key);
    expect(standIn.files.has(result.key!)).toBe(false);
    const stored = standIn.files.get(row.storageKey)!;
    expect(stored.name).not.toContain("holiday");
    const metadata = await sharp(stored.bytes).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(stored.bytes.length).toBe(row.byteSize);
  });

  it("refuses the attack corpus in onUploadComplete and deletes what was uploaded", async () => {
    const uploadToken = newUploadToken();
    const attacks: [Buffer, string, string][] = [
      [corpus.htmlRenamedAsPng(), "image/png", "unsupported_type"],
      [await corpus.pngWithTrailingHtml(), "image/png", "unsupported_type"],
      [await corpus.truncatedJpeg(), "image/jpeg", "damaged"],
      [corpus.pngPixelBomb(), "image/png", "too_many_pixels"],
    ];
    for (const [bytes, type, reason] of attacks) {
      const before = await database.prisma.attachment.count();
      const result = await uploadThroughUploadThing(bytes, "evil.png", type, uploadToken);
      expect(result.serverData).toEqual({ ok: false, reason });
      expect(standIn.files.has(result.key!)).toBe(false);
      expect(await database.prisma.attachment.count()).toBe(before);
    }
  });

  it("refuses to sign uploads without a valid upload capability, of other types, or too large", async () => {
    const bad = await uploadThroughUploadThing(await corpus.samplePng(), "a.png", "image/png", "not-a-token");
    expect(bad.presignStatus).toBe(400);
    const svg = await uploadThroughUploadThing(corpus.svgWithScript(), "a.svg", "image/svg+xml", newUploadToken());
    expect(svg.presignStatus).toBe(400);
    const huge = await fetch(`${appUrl}/api/uploadthing?actionType=upload&slug=screenshot`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ files: [{ name: "big.png", size: 10 * 1024 * 1024 + 1, type: "image/png" }], input: { uploadToken: newUploadToken() } }),
    });
    expect(huge.status).toBe(400);
  });

  it("answers 404 when UploadThing is not configured", async () => {
    vi.stubEnv("UPLOADTHING_TOKEN", "");
    try {
      // Settings are read once per module instance: a fresh copy of the route reads them again.
      vi.resetModules();
      const { GET } = await import("./route.ts");
      expect((await GET(new Request(`${appUrl}/api/uploadthing`) as never)).status).toBe(404);
    } finally {
      vi.stubEnv("UPLOADTHING_TOKEN", standIn.token);
    }
  });
});
