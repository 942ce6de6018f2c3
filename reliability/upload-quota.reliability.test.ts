// Disk quota (issue 13, item 3): one address uploading without ever sending a form is stopped at
// its daily byte quota, and everyone's unsent uploads together at the pending cap; sending a form
// makes room again.
import { randomBytes } from "node:crypto";
import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { startApp, type AppInstance } from "./support/app-instance.ts";
import { newUploadToken, sendReply, uploadScreenshot, type UploadAnswer } from "./support/customer.ts";
import { recordFigures } from "./support/figures.ts";
import { fileTicket } from "./support/intake.ts";
import { createClusterDatabase } from "./support/postgres-cluster.ts";
import { from } from "./support/screenshots.ts";

const port = Number(process.env.RELIABILITY_PORT || 3300) + 26;
const MiB = 1024 * 1024;
// Small, so the scenario reaches them in a few dozen uploads (defaults: 200 MB and 2048 MB).
const DAILY_MEGABYTES = 4;
const PENDING_MEGABYTES = 10;
let databaseUrl: string;
let app: AppInstance;
let requests = 0;

beforeAll(async () => {
  databaseUrl = await createClusterDatabase(inject("reliabilityCluster"), "reliability_upload_quota");
  app = await startApp({
    port,
    databaseUrl,
    env: { TRUSTED_PROXY_HOPS: "1", UPLOAD_CLIENT_DAILY_MEGABYTES: String(DAILY_MEGABYTES), UPLOAD_PENDING_MAX_MEGABYTES: String(PENDING_MEGABYTES) },
  });
});

afterAll(async () => {
  await app?.stop();
});

/** A PNG of random pixels (so nothing shrinks it) of about 1 MB. */
const noisePng = () => sharp(randomBytes(580 * 580 * 3), { raw: { width: 580, height: 580, channels: 3 } }).png({ compressionLevel: 0 }).toBuffer();

async function pendingBytes(): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ total: string }>("SELECT COALESCE(SUM(byte_size), 0)::text AS total FROM attachments WHERE state = 'PENDING'");
    return Number(rows[0]!.total);
  } finally {
    await client.end();
  }
}

type Accepted = { id: string; bytes: number; uploadToken: string };

/** Uploads ~1 MB files from `address` until one is refused or `attempts` ran out. */
async function uploadUntilRefused(address: string, attempts: number): Promise<{ accepted: Accepted[]; refusal?: UploadAnswer }> {
  const accepted: Accepted[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    const png = await noisePng();
    const uploadToken = newUploadToken();
    const answer = await uploadScreenshot(app.baseURL, uploadToken, png, from(address));
    requests++;
    if (answer.status !== 201) return { accepted, refusal: answer };
    accepted.push({ id: answer.id!, bytes: png.length, uploadToken });
  }
  return { accepted };
}

const megabytes = (bytes: number) => (bytes / MiB).toFixed(1);
const reasonOf = (answer?: UploadAnswer) => (answer ? `${answer.status} ${(JSON.parse(answer.body) as { error?: { reason?: string } }).error?.reason}` : "none");

test("a daily byte quota per address and a cap on everyone's unsent uploads; sending a form makes room", async () => {
  // one address, never sending a form
  const hoarder = await uploadUntilRefused("203.0.113.70", DAILY_MEGABYTES * 3);
  const hoarded = hoarder.accepted.reduce((sum, upload) => sum + upload.bytes, 0);
  const someoneElse = await uploadUntilRefused("203.0.113.71", 1);

  // many addresses, each within its quota, until everyone's unsent uploads reach the cap
  let capRefusal: UploadAnswer | undefined;
  const others: Accepted[] = [];
  for (let index = 0; index < PENDING_MEGABYTES && !capRefusal; index++) {
    const result = await uploadUntilRefused(`203.0.113.${80 + index}`, DAILY_MEGABYTES - 1);
    others.push(...result.accepted);
    capRefusal = result.refusal;
  }
  const pendingAtCap = await pendingBytes();

  // the hoarder's first screenshots sent with a reply: no longer pending, room for others again
  const ticket = await fileTicket(app.baseURL);
  const sent = hoarder.accepted.slice(0, 1);
  const reply = await sendReply(app.baseURL, ticket.statusToken, { body: "With my screenshot.", uploadToken: sent[0]?.uploadToken, attachmentIds: sent.map((upload) => upload.id) }, from("203.0.113.70"));
  const afterSending = await uploadUntilRefused("203.0.113.99", 1);
  requests += 2;

  const notes =
    `one address uploading ~1 MB screenshots without sending a form: ${hoarder.accepted.length} accepted (${megabytes(hoarded)} MB), then ${reasonOf(hoarder.refusal)} ` +
    `(quota ${DAILY_MEGABYTES} MB a day; on main nothing stopped it: about 86 GB a day at the upload rate limit); another address meanwhile: ${someoneElse.accepted.length ? "accepted" : reasonOf(someoneElse.refusal)}; ` +
    `unsent uploads of all addresses at the cap: ${megabytes(pendingAtCap)} MB of ${PENDING_MEGABYTES} MB, next upload ${reasonOf(capRefusal)}; after one reply sent its screenshot: ${afterSending.accepted.length ? "accepted" : reasonOf(afterSending.refusal)}`;
  console.log(`[upload-quota] ${notes}`);

  expect(hoarder.refusal?.status).toBe(429);
  expect(JSON.parse(hoarder.refusal!.body)).toMatchObject({ error: { reason: "quota_exceeded" } });
  expect(hoarded).toBeLessThanOrEqual(DAILY_MEGABYTES * MiB);
  expect(hoarded).toBeGreaterThan((DAILY_MEGABYTES - 1.5) * MiB);
  expect(someoneElse.accepted).toHaveLength(1);
  expect(capRefusal?.status).toBe(507);
  expect(JSON.parse(capRefusal!.body)).toMatchObject({ error: { reason: "storage_full" } });
  expect(pendingAtCap).toBeLessThanOrEqual(PENDING_MEGABYTES * MiB);
  expect(reply.state).toBe("sent");
  expect(afterSending.accepted).toHaveLength(1);

  recordFigures({
    scenario: "upload quota per address and cap on unsent uploads",
    requests,
    rowsChecked: hoarder.accepted.length + someoneElse.accepted.length + others.length + afterSending.accepted.length,
    serverErrors: 0,
    notes,
  });
});
