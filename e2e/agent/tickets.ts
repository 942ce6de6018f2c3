// Tickets for the dashboard's browser tests, each test with its own so tests never compete for
// the seeded demo tickets.
import { randomUUID } from "node:crypto";
import { generateReference } from "../../lib/server/tickets/reference.ts";
import { hashStatusToken, statusPath, statusTokenFor } from "../../lib/server/tickets/status-link.ts";
import { E2E_NEXTAUTH_SECRET } from "../fixtures/accounts.ts";
import { queryE2eDatabase } from "../fixtures/db.ts";

export type E2eTicket = { id: string; reference: string; statusPath: string };

/**
 * A NEW, unassigned ticket written straight to the e2e database (as intake would), with the
 * self-help steps the customer tried. Unique text in `description` keeps searches unambiguous.
 */
export async function insertTicket(input: {
  category: "EMAIL" | "TWO_FA" | "SMS" | "ACCOUNT";
  language: "ja" | "en";
  contactEmail: string;
  description: string;
  details: Record<string, unknown>;
  stepsTried?: { stepKey: string; answer: string }[];
}): Promise<E2eTicket> {
  const id = randomUUID();
  const reference = generateReference();
  // derived from the e2e server's secret, as the server derives it
  const token = statusTokenFor(id, E2E_NEXTAUTH_SECRET);
  let sessionId: string | null = null;
  if (input.stepsTried?.length) {
    sessionId = randomUUID();
    await queryE2eDatabase(
      `INSERT INTO self_help_sessions (id, category, language, outcome, ended_at) VALUES ($1, $2, $3, 'ESCALATED', now())`,
      [sessionId, input.category, input.language],
    );
    for (const [position, step] of input.stepsTried.entries()) {
      await queryE2eDatabase(
        `INSERT INTO self_help_steps (id, session_id, position, step_key, answer, answered_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, now())`,
        [sessionId, position, step.stepKey, step.answer],
      );
    }
  }
  await queryE2eDatabase(
    `INSERT INTO tickets (id, reference, status_token_hash, category, status, priority, contact_email, language, description,
                          details, sla_due_at, self_help_session_id, updated_at)
     VALUES ($1, $2, $3, $4, 'NEW', 'NORMAL', $5, $6, $7, $8, now() + interval '24 hours', $9, now())`,
    [id, reference, hashStatusToken(token), input.category, input.contactEmail, input.language, input.description,
      JSON.stringify(input.details), sessionId],
  );
  await queryE2eDatabase(`INSERT INTO audit_events (ticket_id, actor_type, action) VALUES ($1, 'CUSTOMER', 'ticket.created')`, [id]);
  return { id, reference, statusPath: statusPath(token) };
}

/** A canned response agents can pick for `category` in `language`. */
export async function insertCannedResponse(input: { category: string | null; language: "ja" | "en"; title: string; body: string }) {
  await queryE2eDatabase(
    `INSERT INTO canned_responses (id, category, language, title, body, active, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, $4, true, now())`,
    [input.category, input.language, input.title, input.body],
  );
}
