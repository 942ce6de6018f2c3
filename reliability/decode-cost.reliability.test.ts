// Decode cost (issue 13, item 1): four clients make the server decode a small progressive JPEG
// of 883 scans — by uploading it, and by viewing one stored before uploads were checked for it —
// while another customer looks at their own screenshot. That customer's wait must not grow with
// the attack.
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { jpegWithManyScans, samplePng } from "@/lib/server/attachments/test-corpus.ts";
import { startApp, type AppInstance } from "./support/app-instance.ts";
import { newUploadToken, uploadScreenshot } from "./support/customer.ts";
import { recordFigures, sized } from "./support/figures.ts";
import { fileTicket } from "./support/intake.ts";
import { createClusterDatabase } from "./support/postgres-cluster.ts";
import { attachScreenshot, describeLatency, from, p95, storeAsEarlierVersion, timed } from "./support/screenshots.ts";

const port = Number(process.env.RELIABILITY_PORT || 3300) + 24;
const ATTACKERS = 4;
let databaseUrl: string;
let app: AppInstance;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  databaseUrl = await createClusterDatabase(inject("reliabilityCluster"), "reliability_decode_cost");
  app = await startApp({ port, databaseUrl, env: { TRUSTED_PROXY_HOPS: "1" } });
});

afterAll(async () => {
  await app?.stop();
});

test("four clients forcing decodes of a many-scan JPEG do not delay another customer's screenshot", async () => {
  const durationMs = sized(10_000, 30_000);
  const hostile = jpegWithManyScans(4000, 4000);
  const screenshotUrl = (id: string, statusToken: string) => `${app.baseURL}/api/attachments/${id}?token=${statusToken}&size=thumb`;

  const victim = await fileTicket(app.baseURL);
  const victimAttachment = await attachScreenshot(app.baseURL, victim.statusToken, await samplePng(1, 1920, 1080), from("203.0.113.200"));
  expect(victimAttachment).not.toBeNull();
  const viewOwnScreenshot = () =>
    timed(async () => {
      const response = await fetch(screenshotUrl(victimAttachment!, victim.statusToken), { headers: from("203.0.113.200"), signal: AbortSignal.timeout(60_000) });
      await response.arrayBuffer();
      return response.status;
    });

  // Each attacker: a ticket of their own, the JPEG as today's upload sees it, and a copy stored by
  // an earlier version (accepted before scans were counted).
  const attackers = await Promise.all(
    Array.from({ length: ATTACKERS }, async (_, index) => {
      const address = `203.0.113.${index + 1}`;
      const ticket = await fileTicket(app.baseURL);
      const upload = await timed(() => uploadScreenshot(app.baseURL, newUploadToken(), hostile, { ...from(address), "content-type": "image/jpeg" }));
      const stored = await storeAsEarlierVersion({ databaseUrl, uploadDir: app.uploadDir }, { reference: ticket.reference, bytes: hostile, contentType: "image/jpeg", width: 4000, height: 4000 });
      return { address, ticket, upload, stored };
    }),
  );

  const alone: number[] = [];
  for (let index = 0; index < 20; index++) {
    const view = await viewOwnScreenshot();
    expect(view.result).toBe(200);
    alone.push(view.ms);
  }

  const statuses = new Map<number, number>();
  const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const hostileViews: number[] = [];
  const hostileUploads: number[] = [];
  let stop = false;
  const attack = attackers.map(async ({ address, ticket, stored }) => {
    while (!stop) {
      const view = await timed(async () => {
        const response = await fetch(screenshotUrl(stored, ticket.statusToken), { headers: from(address), signal: AbortSignal.timeout(60_000) });
        await response.arrayBuffer();
        return response.status;
      }).catch(() => ({ ms: 60_000, result: 0 }));
      count(view.result);
      if (view.result === 200) hostileViews.push(view.ms);
      const upload = await timed(() => uploadScreenshot(app.baseURL, newUploadToken(), hostile, { ...from(address), "content-type": "image/jpeg" })).catch(() => ({ ms: 60_000, result: { status: 0 } }));
      count(upload.result.status);
      hostileUploads.push(upload.ms);
    }
  });
  const underAttack: number[] = [];
  const stopAt = Date.now() + durationMs;
  await sleep(500);
  while (Date.now() < stopAt) {
    const view = await viewOwnScreenshot().catch(() => ({ ms: 60_000, result: 0 }));
    expect(view.result).toBe(200);
    underAttack.push(view.ms);
    await sleep(250);
  }
  stop = true;
  await Promise.all(attack);

  const firstUpload = attackers[0]!.upload;
  const notes =
    `another customer's screenshot (gallery thumbnail of a 1920×1080 PNG): alone ${describeLatency(alone)}; ` +
    `while ${ATTACKERS} clients forced decodes of a ${(hostile.length / 1024).toFixed(0)} KB 4000×4000 JPEG of 883 scans ${describeLatency(underAttack)}; ` +
    `the JPEG's upload answered ${firstUpload.result.status} in ${firstUpload.ms.toFixed(0)} ms; ` +
    `its earlier-stored copy's thumbnail ${describeLatency(hostileViews)}; attack answers ${[...statuses].map(([status, times]) => `${status} × ${times}`).join(", ")}`;
  console.log(`[decode-cost] ${notes}`);

  expect(p95(underAttack)).toBeLessThan(Math.max(1_000, 10 * p95(alone)));
  for (const { upload } of attackers) {
    expect(upload.result.status).toBe(415);
    expect(JSON.parse(upload.result.body)).toMatchObject({ error: { reason: "too_complex" } });
  }
  expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);

  recordFigures({
    scenario: `decode cost, ${ATTACKERS} clients forcing decodes of a many-scan JPEG`,
    requests: alone.length + underAttack.length + [...statuses.values()].reduce((sum, times) => sum + times, 0),
    serverErrors: 0,
    notes,
  });
});
