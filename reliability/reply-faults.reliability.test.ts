// Customers replying with a screenshot while PostgreSQL restarts and the app process is killed:
// no attachment row without its file, no file counted as attached that is not.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, test } from "vitest";
import { samplePng } from "@/lib/server/attachments/test-corpus.ts";
import { startApp, type AppInstance } from "./support/app-instance.ts";
import { newUploadToken, sendReply, uploadScreenshot } from "./support/customer.ts";
import { recordFigures, sized } from "./support/figures.ts";
import { fileTicket } from "./support/intake.ts";
import { leakIn } from "./support/leaks.ts";
import { createClusterDatabase, startCluster, stopCluster } from "./support/postgres-cluster.ts";

const cluster = inject("reliabilityCluster");
const port = Number(process.env.RELIABILITY_PORT || 3300) + 20;
let databaseUrl: string;
let app: AppInstance;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  databaseUrl = await createClusterDatabase(cluster, "reliability_reply_faults");
  app = await startApp({ port, databaseUrl, env: { RATE_LIMIT_SCALE: "1000000" } });
});

afterAll(async () => {
  await app?.stop();
});

type Attempt = { statusToken: string; attachmentId?: string; uploadStatus?: number; replyState?: string; messageId?: string; failure?: string };

test("replies with a screenshot through a PostgreSQL restart and an app SIGKILL: every row has its file, every attached file its reply", async () => {
  const workers = 8;
  const durationMs = sized(16_000, 45_000);
  const png = await samplePng(7);
  const tickets = await Promise.all(Array.from({ length: workers }, () => fileTicket(app.baseURL)));
  const attempts: Attempt[] = [];
  let stopAt = Date.now() + durationMs;

  const worker = async (statusToken: string) => {
    let replies = 0;
    while (Date.now() < stopAt) {
      const attempt: Attempt = { statusToken };
      attempts.push(attempt);
      try {
        const uploadToken = newUploadToken();
        const upload = await uploadScreenshot(app.baseURL, uploadToken, png);
        attempt.uploadStatus = upload.status;
        if (leakIn(upload.body)) attempt.failure = `upload answer leaks: ${upload.body}`;
        if (upload.status >= 500 && upload.status !== 503) attempt.failure = `upload ${upload.status}: ${upload.body}`;
        if (!upload.id) {
          await sleep(100);
          continue;
        }
        attempt.attachmentId = upload.id;
        const reply = await sendReply(app.baseURL, statusToken, { body: `Reply ${++replies} with a screenshot`, uploadToken, attachmentIds: [upload.id] });
        attempt.replyState = reply.state;
        attempt.messageId = reply.messageId;
        if (leakIn(reply.body)) attempt.failure = `reply answer leaks: ${reply.body.slice(0, 500)}`;
        if (reply.status >= 500 || !reply.state) attempt.failure = `reply ${reply.status}: ${reply.body.slice(0, 500)}`;
      } catch (error) {
        // no answer at all: the process was killed under the request
        attempt.replyState ??= `no answer (${(error as Error).message})`;
        await sleep(200);
      }
    }
  };

  const load = Promise.all(tickets.map((ticket) => worker(ticket.statusToken)));
  const faults = (async () => {
    await sleep(durationMs / 4);
    await stopCluster(cluster);
    await sleep(3_000);
    await startCluster(cluster);
    await sleep(durationMs / 4);
    await app.kill();
    await app.restart();
  })();
  await faults;
  // run on for a while after the last fault, so recovery is part of the run
  stopAt = Math.max(stopAt, Date.now() + 3_000);
  await load;

  expect(attempts.filter((attempt) => attempt.failure).map((attempt) => attempt.failure)).toEqual([]);
  const sent = attempts.filter((attempt) => attempt.replyState === "sent");
  expect(sent.length).toBeGreaterThan(0);
  expect(attempts.some((attempt) => attempt.replyState !== "sent")).toBe(true);

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = (
      await client.query<{ id: string; state: string; storage_key: string; ticket_id: string | null; message_id: string | null; message_ticket: string | null }>(
        `SELECT a.id::text AS id, a.state::text AS state, a.storage_key, a.ticket_id::text AS ticket_id, a.message_id::text AS message_id, m.ticket_id::text AS message_ticket
         FROM attachments a LEFT JOIN messages m ON m.id = a.message_id`,
      )
    ).rows;
    const byId = new Map(rows.map((row) => [row.id, row]));
    const withoutFile = rows.filter((row) => !fs.existsSync(path.join(app.uploadDir, row.storage_key)));
    const attachedWithoutReply = rows.filter((row) => row.state === "ATTACHED" && (!row.message_id || row.message_ticket !== row.ticket_id));
    const pendingWithReply = rows.filter((row) => row.state === "PENDING" && (row.message_id || row.ticket_id));
    // a reply the customer saw as sent has its screenshot attached to it
    const lostAttachments = sent.filter((attempt) => {
      const row = byId.get(attempt.attachmentId!);
      return !row || row.state !== "ATTACHED" || row.message_id !== attempt.messageId;
    });
    const messages = await client.query<{ id: string }>("SELECT id::text AS id FROM messages WHERE author_type = 'CUSTOMER'");
    const messageIds = new Set(messages.rows.map((row) => row.id));
    const lostReplies = sent.filter((attempt) => !messageIds.has(attempt.messageId!));
    // files nobody's row names: left when the process died between writing and recording; never shown as attached
    const storedFiles = fs.existsSync(app.uploadDir)
      ? fs.readdirSync(app.uploadDir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).length
      : 0;

    expect(withoutFile.map((row) => row.id)).toEqual([]);
    expect(attachedWithoutReply.map((row) => row.id)).toEqual([]);
    expect(pendingWithReply.map((row) => row.id)).toEqual([]);
    expect(lostAttachments).toEqual([]);
    expect(lostReplies).toEqual([]);

    recordFigures({
      scenario: "reply with screenshot, PostgreSQL restarted + app SIGKILLed (8 clients)",
      requests: attempts.length * 2,
      faults: 2,
      rowsChecked: rows.length + messages.rowCount!,
      lost: lostReplies.length + lostAttachments.length,
      serverErrors: 0,
      notes: `${attempts.length} upload+reply attempts, ${sent.length} replies sent; ${rows.length} attachment rows (${rows.filter((row) => row.state === "ATTACHED").length} attached, all with their reply and file; ${rows.filter((row) => row.state === "PENDING").length} pending from refused replies, left for the sweep); ${withoutFile.length} rows without a file; ${Math.max(0, storedFiles - rows.length)} stored files without a row`,
    });
  } finally {
    await client.end();
  }
});
