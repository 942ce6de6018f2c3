// Prints the query plans and timings of the triage queue's statements against DATABASE_URL
// (a PostgreSQL server), e.g. a scratch database bulk-loaded with a million tickets:
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<scratch> npx tsx scripts/queue-plans.ts
import pg from "pg";
import type { Prisma } from "@/generated/prisma/client.ts";
import { loadAgentActor } from "@/lib/server/auth/actor.ts";
import { settings } from "@/lib/server/config/settings.ts";
import { closeDatabase, openDatabase } from "@/lib/server/db/client.ts";
import { countByStatus, encodeCursor, listQueue, queueStatements, searchStrategy } from "@/lib/server/tickets/queue.ts";
import { parseQueueQuery, type QueueQuery } from "@/lib/validation/queue.ts";

const url = settings().DATABASE_URL;
if (!url) throw new Error("set DATABASE_URL to the PostgreSQL database to inspect");

const client = new pg.Client({ connectionString: url });
await client.connect();
const agentRow = (await client.query<{ id: string }>("SELECT id FROM users WHERE active ORDER BY email LIMIT 1")).rows[0];
if (!agentRow) throw new Error("the database has no active users");
const total = Number((await client.query("SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'tickets'")).rows[0].n);
const middle = (await client.query<{ sla_due_at: Date; id: string }>(
  "SELECT sla_due_at, id FROM tickets ORDER BY sla_due_at, id OFFSET $1 LIMIT 1",
  [Math.floor(total / 2)],
)).rows[0];
const deepActive = (await client.query<{ sla_due_at: Date; id: string }>(
  "SELECT sla_due_at, id FROM tickets WHERE status IN ('NEW','OPEN','PENDING') ORDER BY sla_due_at, id OFFSET 20000 LIMIT 1",
)).rows[0];

function query(search: string): QueueQuery {
  const parsed = parseQueueQuery(new URLSearchParams(search));
  if (!parsed.success) throw new Error(`bad scenario ${search}: ${parsed.issues.map((issue) => issue.path).join(", ")}`);
  return parsed.query;
}

const scenarios: [string, string][] = [
  ["default (NEW, OPEN, PENDING), first page", ""],
  ["default, deep page (20,000 active rows in)", deepActive ? `after=${encodeCursor({ slaDueAt: deepActive.sla_due_at, id: deepActive.id })}` : ""],
  ["all statuses, page in the middle of the table", middle ? `status=all&after=${encodeCursor({ slaDueAt: middle.sla_due_at, id: middle.id })}` : "status=all"],
  ["default, previous page from deep", deepActive ? `before=${encodeCursor({ slaDueAt: deepActive.sla_due_at, id: deepActive.id })}` : ""],
  ["breached only", "breached=1"],
  ["assignee me", "assignee=me"],
  ["unassigned", "assignee=unassigned"],
  ["category SMS, priority URGENT", "category=SMS&priority=URGENT"],
  ["CLOSED only", "status=CLOSED"],
  ["search: exact reference", "status=all&q=SG-0000-0000"],
  ["search: one contact email", "status=all&q=user123456@example.jp"],
  ["search: common word (English)", "q=captcha"],
  ["search: rare substring, all statuses", "status=all&q=case 98765)"],
  ["search: Japanese, three characters", "q=凍結さ"],
];

async function explain(statement: Prisma.Sql): Promise<{ ms: number; plan: string }> {
  const result = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
  const lines = result.rows.map((row) => row["QUERY PLAN"] as string);
  const ms = Number(/Execution Time: ([\d.]+)/.exec(lines.at(-1) ?? "")?.[1] ?? NaN);
  return { ms, plan: lines.join("\n") };
}

const database = openDatabase({ kind: "postgres", url });
const actor = await loadAgentActor(agentRow.id, database.prisma);
if (!actor) throw new Error(`user ${agentRow.id} is not an active agent`);
const verbose = process.argv.includes("--plans");
const now = new Date();
console.log(`tickets ≈ ${total.toLocaleString("en")}\n`);
console.log("scenario".padEnd(48), "page SQL ms".padStart(12), "counts ms".padStart(10), "listQueue ms".padStart(13));
for (const [name, search] of scenarios) {
  const parsed = query(search);
  // warm up, then time what a page load runs: the counts (estimates, then capped exact counts)
  // and the whole listQueue call (page, neighbour check and counts)
  await listQueue(actor, parsed, database.prisma, now);
  let started = performance.now();
  const counts = await countByStatus(actor, parsed, database.prisma, now);
  const countsMs = performance.now() - started;
  started = performance.now();
  const result = await listQueue(actor, parsed, database.prisma, now);
  const totalMs = performance.now() - started;
  const statements = queueStatements(actor, parsed, now, parsed.q ? searchStrategy(parsed, counts) : "per-status");
  const page = await explain(statements.page);
  console.log(
    name.padEnd(48),
    page.ms.toFixed(2).padStart(12),
    countsMs.toFixed(1).padStart(10),
    totalMs.toFixed(1).padStart(13),
    ` rows=${result.rows.length}`,
    ` counts=${counts.map((count) => `${count.status}:${count.kind === "estimate" ? "≈" : ""}${count.count}${count.kind === "atLeast" ? "+" : ""}`).join(" ")}`,
  );
  if (verbose) {
    const exactCounts = await explain(statements.counts);
    console.log(`--- page plan\n${page.plan}\n--- exact counts of every status (the worst case; large statuses are estimated instead)\n${exactCounts.plan}\n`);
  }
}
await client.end();
await database.close();
await closeDatabase();
