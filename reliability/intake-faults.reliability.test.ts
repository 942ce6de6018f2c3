// Faults during 32-client intake load: PostgreSQL restarted, and separately the app process
// killed with SIGKILL and started again. Every request is then accounted for in the database.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { startApp, type AppInstance } from "./support/app-instance.ts";
import { recordFigures, sized } from "./support/figures.ts";
import { intakeBody } from "./support/intake.ts";
import { auditIntakeLoad, waitForIntakeRecovery } from "./support/intake-audit.ts";
import { startIntakeLoad } from "./support/intake-load.ts";
import { createClusterDatabase, startCluster, stopCluster } from "./support/postgres-cluster.ts";

const cluster = inject("reliabilityCluster");
const port = Number(process.env.RELIABILITY_PORT || 3300);
let databaseUrl: string;
let app: AppInstance;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  databaseUrl = await createClusterDatabase(cluster, "reliability_intake_faults");
  // Load from one address would hit the per-client limit within a second; the limits have their own test.
  app = await startApp({ port, databaseUrl, env: { RATE_LIMIT_SCALE: "1000000" } });
});

afterAll(async () => {
  await app?.stop();
});

function expectNothingLost(audit: Awaited<ReturnType<typeof auditIntakeLoad>>) {
  expect(audit.unexpected).toEqual([]);
  expect(audit.lost).toEqual([]);
  expect(audit.duplicates).toEqual([]);
  expect(audit.wrongReference).toEqual([]);
}

test("PostgreSQL restarted during 32-client intake load: clear 503s, nothing lost or doubled, recovers by itself", async () => {
  const restarts = sized(1, 3);
  const outageMs = 3_000;
  const durationSeconds = sized(14, 45);
  const load = startIntakeLoad(app.baseURL, { durationSeconds });

  const spacing = (durationSeconds * 1000) / (restarts + 1);
  let unavailableDuringOutage = 0;
  for (let restart = 0; restart < restarts; restart++) {
    await sleep(spacing - outageMs);
    await stopCluster(cluster);
    await sleep(outageMs);
    // while the server is down, the app answers at once with the documented 503
    const during = await fetch(`${app.baseURL}/api/v1/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(intakeBody(`probe-${randomUUID()}`)),
      signal: AbortSignal.timeout(10_000),
    });
    if (during.status === 503) unavailableDuringOutage++;
    await startCluster(cluster);
  }
  const result = await load.finished;
  const recoveryMs = await waitForIntakeRecovery(app.baseURL, () => intakeBody(`recovered-${randomUUID()}`));

  const audit = await auditIntakeLoad(app.baseURL, databaseUrl, load.outcomes);
  expect(result.timeouts, "requests that hung").toBe(0);
  expect(result.errors, "connection errors (the app stays up)").toBe(0);
  expect(unavailableDuringOutage).toBe(restarts);
  expect(audit.unavailable, "503 answers during the outages").toBeGreaterThan(0);
  expect(audit.created).toBeGreaterThan(0);
  expectNothingLost(audit);
  expect(app.output()).not.toMatch(/uncaught|unhandled/i);

  recordFigures({
    scenario: "intake, PostgreSQL restarted (32 clients)",
    requests: load.outcomes.size + audit.unavailable + audit.unanswered + restarts,
    faults: restarts,
    rowsChecked: audit.rowsChecked,
    lost: audit.lost.length,
    duplicates: audit.duplicates.length,
    serverErrors: audit.unexpected.length,
    notes: `${load.outcomes.size} load requests in ${durationSeconds} s: ${audit.created} answered 2xx, ${audit.unavailable} answered 503 (${audit.savedDespite503} of them found saved on retry), ${audit.unanswered} still in flight when the load stopped (${audit.savedUnanswered} saved), ${result.timeouts} hung, 0 other answers; every one not answered 2xx retried with its key: each filed exactly once; ${restarts} outages of ${outageMs / 1000} s; recovered ${recoveryMs} ms after the last restart without an app restart`,
  });
});

test("app process killed (SIGKILL) during 32-client intake load: nothing lost or doubled after it is started again", async () => {
  const kills = sized(1, 3);
  const durationSeconds = sized(20, 60);
  const load = startIntakeLoad(app.baseURL, { durationSeconds });
  const spacing = (durationSeconds * 1000) / (kills + 1);
  const restartTimes: number[] = [];
  for (let kill = 0; kill < kills; kill++) {
    await sleep(spacing / 2);
    const killedAt = Date.now();
    await app.kill();
    await app.restart();
    restartTimes.push(Date.now() - killedAt);
    await sleep(spacing / 2);
  }
  const result = await load.finished;
  await waitForIntakeRecovery(app.baseURL, () => intakeBody(`recovered-${randomUUID()}`));

  const auditStarted = Date.now();
  const audit = await auditIntakeLoad(app.baseURL, databaseUrl, load.outcomes);
  const auditMs = Date.now() - auditStarted;
  expect(result.timeouts, "requests that hung").toBe(0);
  expect(audit.unanswered, "requests cut by the kill").toBeGreaterThan(0);
  expectNothingLost(audit);

  recordFigures({
    scenario: "intake, app SIGKILLed and restarted (32 clients)",
    requests: load.outcomes.size + audit.unanswered + audit.unavailable,
    faults: kills,
    rowsChecked: audit.rowsChecked,
    lost: audit.lost.length,
    duplicates: audit.duplicates.length,
    serverErrors: audit.unexpected.length,
    notes: `${load.outcomes.size} load requests in ${durationSeconds} s: ${audit.created} answered 2xx, ${audit.unanswered} cut off by the kill or in flight when the load stopped (${audit.savedUnanswered} of them had been saved and were answered 200 on retry), ${audit.unavailable} answered 503; every one not answered 2xx retried with its key: each filed exactly once; down ${restartTimes.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(", ")} from kill to healthy again; retries and checks took ${(auditMs / 1000).toFixed(1)} s`,
  });
});
