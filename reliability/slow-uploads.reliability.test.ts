// Slow uploads (issue 13, item 2): connections that send their screenshot very slowly, some
// slower than any phone, some just slow, while another customer uploads normally. The normal
// uploads must not wait for the slow ones, and the slow ones must be cut off by the server.
import http from "node:http";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { samplePng } from "@/lib/server/attachments/test-corpus.ts";
import { UPLOAD_TOKEN_HEADER } from "@/lib/validation/attachment.ts";
import { startApp, type AppInstance } from "./support/app-instance.ts";
import { newUploadToken, uploadScreenshot } from "./support/customer.ts";
import { recordFigures, sized } from "./support/figures.ts";
import { createClusterDatabase } from "./support/postgres-cluster.ts";
import { describeLatency, from, p95, timed } from "./support/screenshots.ts";

const port = Number(process.env.RELIABILITY_PORT || 3300) + 25;
// Short enough for the scenario to see it act, instead of the default 120 s.
const BODY_TIMEOUT_SECONDS = 15;
let app: AppInstance;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type SlowUpload = { kind: string; bytesPerSecond: number; sent: number; endedAfterMs?: number; status?: number; ended: Promise<void>; abort(): void };

/** A 2 MB screenshot upload whose body is written at `bytesPerSecond`, until the server answers or closes. */
function slowUpload(baseURL: string, kind: string, bytesPerSecond: number, address: string): SlowUpload {
  const declared = 2 * 1024 * 1024;
  const started = performance.now();
  const request = http.request(`${baseURL}/api/attachments`, {
    method: "POST",
    headers: { "content-type": "image/png", "content-length": declared, [UPLOAD_TOKEN_HEADER]: newUploadToken(), ...from(address) },
  });
  const upload: SlowUpload = { kind, bytesPerSecond, sent: 0, ended: Promise.resolve(), abort: () => request.destroy() };
  let stopWriting = () => {};
  upload.ended = new Promise<void>((resolve) => {
    const end = (status?: number) => {
      stopWriting();
      upload.endedAfterMs ??= performance.now() - started;
      upload.status ??= status;
      resolve();
    };
    request.on("response", (response) => {
      end(response.statusCode);
      response.resume();
      request.destroy();
    });
    request.on("error", () => end());
    request.on("close", () => end());
  });
  request.flushHeaders();
  const chunk = Math.max(1, Math.round(bytesPerSecond / 10));
  const timer = setInterval(() => {
    if (upload.sent + chunk > declared || request.destroyed) return;
    request.write(Buffer.alloc(chunk, upload.sent === 0 ? 0x89 : 0));
    upload.sent += chunk;
  }, 100);
  stopWriting = () => clearInterval(timer);
  return upload;
}

beforeAll(async () => {
  const databaseUrl = await createClusterDatabase(inject("reliabilityCluster"), "reliability_slow_uploads");
  app = await startApp({ port, databaseUrl, env: { TRUSTED_PROXY_HOPS: "1", UPLOAD_BODY_TIMEOUT_SECONDS: String(BODY_TIMEOUT_SECONDS) } });
});

afterAll(async () => {
  await app?.stop();
});

test("slow connections hold no check slot: other uploads go through at their usual speed, the slow ones are cut off", async () => {
  const durationMs = sized(20_000, 40_000);
  const png = await samplePng(4, 800, 600);
  // other customers, each from their own address (one address would soon meet its upload rate limit)
  let customers = 0;
  const normal = () => {
    const address = `198.18.${Math.floor(++customers / 250)}.${customers % 250}`;
    return timed(() => uploadScreenshot(app.baseURL, newUploadToken(), png, from(address))).catch(() => ({ ms: 30_000, result: { status: 0, body: "" } }));
  };

  const alone: number[] = [];
  for (let index = 0; index < 10; index++) {
    const upload = await normal();
    expect(upload.result.status).toBe(201);
    alone.push(upload.ms);
  }

  // Four slow connections from two addresses, more than there are check slots.
  const slow = [
    slowUpload(app.baseURL, "trickle, 100 B/s", 100, "203.0.113.61"),
    slowUpload(app.baseURL, "trickle, 100 B/s", 100, "203.0.113.62"),
    slowUpload(app.baseURL, "slow, 16 KiB/s", 16 * 1024, "203.0.113.61"),
    slowUpload(app.baseURL, "slow, 16 KiB/s", 16 * 1024, "203.0.113.62"),
  ];
  await sleep(1_000);
  const whileSlow: number[] = [];
  const statuses: number[] = [];
  const stopAt = Date.now() + durationMs;
  while (Date.now() < stopAt) {
    const upload = await normal();
    statuses.push(upload.result.status);
    whileSlow.push(upload.ms);
    await sleep(200);
  }
  for (const upload of slow) upload.abort();
  await Promise.all(slow.map((upload) => upload.ended));

  const describeSlow = slow.map((upload) => `${upload.kind}: ${upload.status ?? "closed"} after ${((upload.endedAfterMs ?? NaN) / 1000).toFixed(1)} s (${(upload.sent / 1024).toFixed(0)} KiB sent)`);
  const notes =
    `another customer's 800×600 PNG upload: alone ${describeLatency(alone)}; while 4 slow connections were open ${describeLatency(whileSlow)}` +
    ` (${statuses.filter((status) => status === 201).length} of ${statuses.length} accepted); slow connections (body deadline ${BODY_TIMEOUT_SECONDS} s): ${describeSlow.join("; ")}`;
  console.log(`[slow-uploads] ${notes}`);

  expect(statuses.every((status) => status === 201)).toBe(true);
  expect(p95(whileSlow)).toBeLessThan(Math.max(2_000, 10 * p95(alone)));
  for (const upload of slow) {
    // cut off by the server (answered or closed) well before the scenario gave up on them
    expect(upload.endedAfterMs).toBeLessThan((BODY_TIMEOUT_SECONDS + 5) * 1000);
    if (upload.status !== undefined) expect(upload.status).toBe(408);
  }

  recordFigures({
    scenario: "slow uploads, 4 slow connections against 2 check slots",
    requests: alone.length + whileSlow.length + slow.length,
    serverErrors: statuses.filter((status) => status >= 500).length,
    notes,
  });
});
