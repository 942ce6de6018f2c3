// After a faulted load: every request's fate, checked against the database.
import pg from "pg";
import { leakIn } from "./leaks.ts";
import { inParallel, postIntake } from "./intake.ts";
import type { RequestOutcome } from "./intake-load.ts";

export type AuditResult = {
  answered: number;
  created: number;
  unavailable: number;
  unanswered: number;
  /** statuses other than 200, 201 and a well-formed 503, with a sample body */
  unexpected: string[];
  /** retries (same key, same body) of a 503 whose ticket already existed: the commit outcome was lost with the connection */
  savedDespite503: number;
  /** retries of a request that got no answer (cut off, or in flight when the load stopped) whose ticket already existed */
  savedUnanswered: number;
  rowsChecked: number;
  lost: string[];
  duplicates: string[];
  wrongReference: string[];
};

/** Checks one answer during the load: a success, or the documented 503 and nothing else. */
function unexpectedAnswer(outcome: RequestOutcome): string | null {
  // no answer at all (the process was killed): counted as unanswered and retried
  if (outcome.status === undefined || outcome.status === 200 || outcome.status === 201) return null;
  const leak = leakIn(outcome.answer ?? "");
  if (leak) return `${outcome.status} leaks ${leak}: ${outcome.answer}`;
  if (outcome.status !== 503) return `${outcome.status}: ${outcome.answer}`;
  try {
    const body = JSON.parse(outcome.answer ?? "") as { error?: { code?: string; message?: string } };
    if (body.error?.code !== "DATABASE_UNAVAILABLE" || !body.error.message) return `503 without its code: ${outcome.answer}`;
  } catch {
    return `503 that is not JSON: ${outcome.answer}`;
  }
  if (!outcome.retryAfter) return "503 without Retry-After";
  return null;
}

/**
 * Retries every request that got no success (same Idempotency-Key, same body, as a client
 * should), then checks that each request has exactly one ticket and that a 2xx answer named it.
 */
export async function auditIntakeLoad(baseURL: string, databaseUrl: string, outcomes: Map<string, RequestOutcome>): Promise<AuditResult> {
  const all = [...outcomes.values()];
  const result: AuditResult = {
    answered: all.filter((outcome) => outcome.status !== undefined).length,
    created: all.filter((outcome) => outcome.status === 201 || outcome.status === 200).length,
    unavailable: all.filter((outcome) => outcome.status === 503).length,
    unanswered: all.filter((outcome) => outcome.status === undefined).length,
    unexpected: all.map(unexpectedAnswer).filter((problem): problem is string => problem !== null).slice(0, 10),
    savedDespite503: 0,
    savedUnanswered: 0,
    rowsChecked: 0,
    lost: [],
    duplicates: [],
    wrongReference: [],
  };

  const failed = all.filter((outcome) => outcome.status !== 200 && outcome.status !== 201);
  await inParallel(failed, 16, async (outcome) => {
    const retry = await postIntake(baseURL, outcome.body, { "idempotency-key": outcome.key });
    if (retry.status === 200) {
      if (outcome.status === 503) result.savedDespite503++;
      else result.savedUnanswered++;
    }
    if (retry.status !== 200 && retry.status !== 201) throw new Error(`retry of ${outcome.key} answered ${retry.status}: ${retry.body}`);
    outcome.status = retry.status;
    outcome.answer = retry.body;
  });

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = await client.query<{ contact_email: string; reference: string }>(
      "SELECT contact_email, reference FROM tickets WHERE contact_email = ANY($1::text[])",
      [all.map((outcome) => outcome.email)],
    );
    result.rowsChecked = rows.rowCount ?? 0;
    const byEmail = new Map<string, string[]>();
    for (const row of rows.rows) byEmail.set(row.contact_email, [...(byEmail.get(row.contact_email) ?? []), row.reference]);
    for (const outcome of all) {
      const references = byEmail.get(outcome.email) ?? [];
      if (references.length === 0) result.lost.push(outcome.key);
      if (references.length > 1) result.duplicates.push(outcome.key);
      const answered = (JSON.parse(outcome.answer ?? "{}") as { reference?: string }).reference;
      if (references.length === 1 && answered !== references[0]) result.wrongReference.push(outcome.key);
    }
  } finally {
    await client.end();
  }
  return result;
}

/** Waits until the app files tickets again without anyone restarting it; returns how long it took. */
export async function waitForIntakeRecovery(baseURL: string, probeBody: () => unknown, limitMs = 60_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      const answer = await postIntake(baseURL, probeBody());
      if (answer.status === 201) return Date.now() - started;
    } catch {
      // not answering yet
    }
    if (Date.now() - started > limitMs) throw new Error(`intake did not recover within ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
