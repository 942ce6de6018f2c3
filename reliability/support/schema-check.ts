// Every stored ticket and customer message must still satisfy the schemas intake validated with.
import pg from "pg";
import { customerReplySchema, ticketIntakeSchemas } from "@/lib/validation/ticket.ts";
import type { TicketCategoryCode } from "@/lib/validation/ticket-choices.ts";

export async function schemaViolations(databaseUrl: string): Promise<{ rowsChecked: number; violations: string[] }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const violations: string[] = [];
    const tickets = await client.query<{ reference: string; category: TicketCategoryCode; contact_email: string; language: string; description: string; details: unknown; started_at: Date | null }>(
      "SELECT reference, category::text AS category, contact_email, language::text AS language, description, details, started_at FROM tickets",
    );
    for (const row of tickets.rows) {
      const parsed = ticketIntakeSchemas[row.category].safeParse({
        category: row.category,
        contactEmail: row.contact_email,
        language: row.language,
        description: row.description,
        details: row.details,
        ...(row.started_at ? { startedAt: row.started_at.toISOString() } : {}),
      });
      if (!parsed.success) violations.push(`ticket ${row.reference}: ${parsed.error.message}`);
    }
    const messages = await client.query<{ id: string; body: string }>("SELECT id::text AS id, body FROM messages WHERE author_type = 'CUSTOMER'");
    for (const row of messages.rows) {
      if (!customerReplySchema.safeParse({ body: row.body }).success) violations.push(`message ${row.id}: body of ${row.body.length} characters`);
    }
    const strayAttachments = await client.query("SELECT id FROM attachments WHERE state = 'ATTACHED' AND (ticket_id IS NULL)");
    for (const row of strayAttachments.rows as { id: string }[]) violations.push(`attachment ${row.id} attached to no ticket`);
    return { rowsChecked: tickets.rowCount! + messages.rowCount! + strayAttachments.rowCount!, violations };
  } finally {
    await client.end();
  }
}
