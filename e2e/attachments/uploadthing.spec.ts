import { spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import sharp from "sharp";
import { e2eDatabaseUrl } from "../fixtures/database-url.ts";
import { expectUploaded, fillEmailTicketForm, pickedFiles, statusLinkAfterSubmit } from "../support/screenshots.ts";
import { startUploadThingStandIn, type UploadThingStandIn } from "../support/uploadthing-stand-in.ts";

// The UploadThing backend through the real browser path: @uploadthing/react's useUploadThing in
// the picker, our /api/uploadthing route handler, and a local stand-in for UploadThing's ingest
// (their service is unreachable here). It needs its own app server, started with the stand-in's
// token and URLs, on its own port and database.
const APP_PORT = Number(process.env.E2E_UPLOADTHING_PORT || 3301);
const STAND_IN_PORT = Number(process.env.E2E_UPLOADTHING_STAND_IN_PORT || 3305);
const appUrl = `http://localhost:${APP_PORT}`;
const databaseUrl = e2eDatabaseUrl({ ...process.env, E2E_PORT: String(APP_PORT) });

async function query<Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<Row>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

let standIn: UploadThingStandIn;
let server: ChildProcess;

test.describe("screenshots, UploadThing backend", () => {
  test.use({ locale: "en-US", baseURL: appUrl });

  test.beforeAll(async () => {
    test.setTimeout(300_000);
    standIn = await startUploadThingStandIn(STAND_IN_PORT);
    server = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/e2e-server.ts"], {
      env: {
        ...process.env,
        ...standIn.environment,
        E2E_PORT: String(APP_PORT),
        PORT: String(APP_PORT),
        SUPPORTGATE_DATA_DIR: path.join(os.tmpdir(), `supportgate-e2e-${APP_PORT}`),
        APP_BASE_URL: appUrl,
        NEXTAUTH_URL: appUrl,
        NEXTAUTH_SECRET: "e2e-only-secret-not-for-production",
        SEED_DEMO_DATA: "false",
        UPLOADTHING_LOG_LEVEL: "Warning",
      },
      stdio: ["ignore", "inherit", "inherit"],
    });
    await expect
      .poll(async () => (await fetch(`${appUrl}/api/health`).catch(() => null))?.status, { timeout: 280_000, intervals: [1_000] })
      .toBe(200);
  });

  test.afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once("exit", resolve));
      server.kill("SIGTERM");
      await exited;
    }
    await standIn?.close();
  });

  test("uploads through UploadThing, keeps only the checked, stripped copy there, and serves it through our route", async ({ page }) => {
    const files = await pickedFiles();
    const contactEmail = `uploadthing-${Date.now()}@example.com`;
    await page.goto("/help/email/request");
    await fillEmailTicketForm(page, contactEmail, "Verification mail missing; photo of my screen attached.");

    await page.getByLabel("Screenshots (optional)").setInputFiles([files.photo]);
    await expectUploaded(page, ["phone-photo.jpg"]);
    await page.getByLabel("Screenshots (optional)").setInputFiles([files.fake]);
    await expect(page.getByRole("alert").filter({ hasText: "invoice.png" })).toHaveText("invoice.png: This is not a PNG, JPEG or WebP image.");

    await page.getByRole("button", { name: "Send request" }).click();
    const { statusUrl, statusToken } = await statusLinkAfterSubmit(page);
    const rows = await query<{ id: string; storage: string; state: string; storage_key: string; byte_size: number }>(
      `SELECT a.id, a.storage::text, a.state::text, a.storage_key, a.byte_size
         FROM attachments a JOIN tickets t ON t.id = a.ticket_id WHERE t.contact_email = $1`,
      [contactEmail],
    );
    expect(rows.map((row) => [row.storage, row.state])).toEqual([["UPLOADTHING", "ATTACHED"]]);
    const attachment = rows[0]!;

    // UploadThing holds the stripped copy only: the uploaded original and the refused file are deleted
    expect([...standIn.files.values()].map((file) => file.key)).toEqual([attachment.storage_key]);
    expect(standIn.deletedKeys).toHaveLength(2);
    const stored = standIn.files.get(attachment.storage_key)!;
    expect(stored.bytes.length).toBe(attachment.byte_size);
    expect((await sharp(stored.bytes).metadata()).exif).toBeUndefined();

    // the status page shows it, fetched by our route from UploadThing with our headers
    await page.goto(statusUrl);
    const gallery = page.getByRole("region", { name: "Screenshots" });
    await expect.poll(() => gallery.locator("img").evaluateAll((images) => images.map((image) => (image as HTMLImageElement).naturalWidth))).toEqual([96]);
    const served = await page.request.get(`/api/attachments/${attachment.id}?token=${statusToken}`);
    expect(served.status()).toBe(200);
    expect(served.headers()).toMatchObject({ "content-type": "image/jpeg", "x-content-type-options": "nosniff" });
    expect(Buffer.compare(await served.body(), stored.bytes)).toBe(0);
    expect((await page.request.get(`/api/attachments/${attachment.id}`)).status()).toBe(404);
  });
});
