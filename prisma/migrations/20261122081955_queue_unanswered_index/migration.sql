-- Triage queue at a million tickets (measurements in scripts/queue-plans.ts):
--
-- The SLA breached filter asks for tickets nobody has answered yet, in SLA order. The status index has to
-- step over every answered ticket of the status to find them (20,000 index entries and 8,400
-- buffers for one page); this partial index holds only the unanswered ones.
CREATE INDEX "tickets_unanswered_sla_idx" ON "tickets" ("status", "sla_due_at", "id") WHERE "first_responded_at" IS NULL;

-- Status and assignee are correlated (NEW tickets are the unassigned ones). Without this the
-- planner multiplies their separate frequencies, expects a handful of unassigned NEW tickets
-- and sorts a bitmap scan instead of reading the index in order.
CREATE STATISTICS "tickets_status_assignee_stats" (mcv) ON "status", "assignee_id" FROM "tickets";

-- Agents paste whole addresses in any letter case; trigrams of addresses are too alike to narrow
-- a search, so an exact, case-insensitive lookup gets its own b-tree.
CREATE INDEX "tickets_contact_email_lower_idx" ON "tickets" (lower("contact_email"));
