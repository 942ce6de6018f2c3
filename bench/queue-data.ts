import pg from "pg";

const AGENT_COUNT = 20;

/**
 * Bulk-loads `count` tickets with SQL: a year of history in which old tickets are mostly closed
 * and recent ones still open, skewed categories and priorities, SLA due times from the priority,
 * late first responses now and then (breaches), ~20 agents of whom `signedInAgentId` is one.
 * The table's secondary indexes are dropped during the load and rebuilt after it (as a restore
 * would), then the table is vacuumed and analyzed.
 */
export async function loadTickets(databaseUrl: string, count: number, signedInAgentId: string, log: (message: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO users (email, name, role, password_hash, updated_at)
       SELECT 'agent' || n || '@bench.example', 'Agent ' || n, 'AGENT', 'not-a-password-hash', now()
       FROM generate_series(1, $1) AS n`,
      [AGENT_COUNT - 1],
    );
    await client.query(`CREATE TEMP TABLE bench_agents AS
      SELECT row_number() OVER (ORDER BY id) - 1 AS slot, id FROM users WHERE email LIKE '%@bench.example' OR id = $1::uuid`, [
      signedInAgentId,
    ]);
    const indexes = (
      await client.query<{ indexname: string; indexdef: string }>(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
         WHERE i.tablename = 'tickets' AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
      )
    ).rows;
    for (const index of indexes) await client.query(`DROP INDEX "${index.indexname}"`);

    const batch = 250_000;
    for (let from = 1; from <= count; from += batch) {
      const to = Math.min(count, from + batch - 1);
      await client.query(LOAD_SQL, [from, to, AGENT_COUNT]);
      log(`queue: loaded ${to.toLocaleString("en")} of ${count.toLocaleString("en")} tickets`);
    }
    log(`queue: rebuilding ${indexes.length} indexes`);
    await client.query("SET maintenance_work_mem = '256MB'");
    for (const index of indexes) await client.query(index.indexdef);
    // What autovacuum would have done by now on a table that grew to this size: statistics for
    // the planner, and the visibility map that lets the capped counts stay index-only scans.
    await client.query("VACUUM (ANALYZE) tickets");
    await client.query("VACUUM (ANALYZE) users");
  } finally {
    await client.end();
  }
}

const REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";

// r1…r6 are independent uniform numbers per row; every column is drawn from them.
const LOAD_SQL = `
WITH base AS (
  SELECT n, random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6
  FROM generate_series($1::int, $2::int) AS n
), aged AS (
  SELECT *, now() - (r1 * r1 * interval '365 days') AS created FROM base
), shaped AS (
  SELECT *,
    CASE WHEN now() - created > interval '14 days' THEN
           CASE WHEN r2 < 0.84 THEN 'CLOSED' WHEN r2 < 0.97 THEN 'RESOLVED' WHEN r2 < 0.99 THEN 'PENDING' ELSE 'OPEN' END
         ELSE
           CASE WHEN r2 < 0.25 THEN 'NEW' WHEN r2 < 0.55 THEN 'OPEN' WHEN r2 < 0.72 THEN 'PENDING' WHEN r2 < 0.90 THEN 'RESOLVED' ELSE 'CLOSED' END
    END AS status,
    CASE WHEN r3 < 0.05 THEN 'URGENT' WHEN r3 < 0.20 THEN 'HIGH' WHEN r3 < 0.85 THEN 'NORMAL' ELSE 'LOW' END AS priority,
    CASE WHEN r4 < 0.35 THEN 'EMAIL' WHEN r4 < 0.60 THEN 'TWO_FA' WHEN r4 < 0.80 THEN 'SMS' ELSE 'ACCOUNT' END AS category
  FROM aged
), timed AS (
  SELECT *,
    created + CASE priority WHEN 'URGENT' THEN interval '1 hour' WHEN 'HIGH' THEN interval '4 hours'
                            WHEN 'NORMAL' THEN interval '24 hours' ELSE interval '72 hours' END AS due
  FROM shaped
)
INSERT INTO tickets (id, reference, status_token_hash, category, status, priority, contact_email, language, description,
                     details, masked, sla_due_at, first_responded_at, resolved_at, closed_at, assignee_id, version,
                     created_at, updated_at)
SELECT
  gen_random_uuid(),
  'SG-' || (SELECT string_agg(substr('${REFERENCE_ALPHABET}', 1 + ((n::bigint * 7919 + 104729) / (29 ^ k)::bigint % 29)::int, 1), '' ORDER BY k)
            FROM generate_series(0, 3) AS k)
        || '-' ||
        (SELECT string_agg(substr('${REFERENCE_ALPHABET}', 1 + ((n::bigint * 7919 + 104729) / (29 ^ (k + 4))::bigint % 29)::int, 1), '' ORDER BY k)
            FROM generate_series(0, 3) AS k),
  encode(sha256(('bench-status-' || n)::bytea), 'hex'),
  category::"TicketCategory",
  status::"TicketStatus",
  priority::"TicketPriority",
  'user' || (n % 400000) || '@' || (ARRAY['example.jp', 'gmail.com', 'yahoo.co.jp', 'icloud.com', 'outlook.com'])[1 + n % 5],
  (CASE WHEN r5 < 0.7 THEN 'ja' ELSE 'en' END)::"Language",
  (ARRAY[
    'Verification email never arrives, checked spam folder, tried twice.',
    'The 2FA code is rejected every time, the phone clock is set automatically.',
    'SMS code does not arrive since I changed carriers.',
    'My account is frozen after a withdrawal request, no explanation given.',
    'Someone logged in from another country, I did not do that.',
    '認証メールが届きません。迷惑メールフォルダも確認しました。',
    '二段階認証のコードが拒否されます。端末を変えたばかりです。',
    'アカウントが凍結されました。理由を教えてください。',
    'captcha keeps failing on the login page, cannot get past it.'
  ])[1 + (n * 31) % 9] || ' (case ' || n || ')',
  '{}'::jsonb,
  false,
  due,
  CASE WHEN status = 'NEW' THEN NULL ELSE created + (due - created) * (r6 * 1.3) END,
  CASE WHEN status IN ('RESOLVED', 'CLOSED') THEN created + interval '2 days' END,
  CASE WHEN status = 'CLOSED' THEN created + interval '5 days' END,
  CASE WHEN status = 'NEW' AND r5 < 0.7 THEN NULL
       WHEN status IN ('OPEN', 'PENDING') AND r5 < 0.1 THEN NULL
       ELSE (SELECT id FROM bench_agents WHERE slot = (n * 13) % $3) END,
  1,
  created,
  created + interval '1 hour'
FROM timed`;
