import { z } from "zod";
import { PRIORITIES } from "@/lib/tickets/priority.ts";
import { ACTIVE_STATUSES, AGENT_SETTABLE_STATUSES, TICKET_STATUSES, type TicketStatusCode } from "@/lib/tickets/status.ts";
import { TICKET_CATEGORIES } from "@/lib/validation/ticket-choices.ts";
import { fieldIssues, type FieldIssue } from "@/lib/validation/issues.ts";
import { toStorableText } from "@/lib/validation/storable-text.ts";

/**
 * The triage queue's filters and page position as they live in the URL, so a view can be
 * bookmarked or shared. One schema serves the queue page, GET /api/agent/tickets and the CSV
 * export, and the bulk actions' input is validated here too.
 */

export const ASSIGNEE_SCOPES = ["me", "unassigned", "anyone"] as const;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
export const SEARCH_MAX_LENGTH = 200;
/**
 * Substring search runs on trigram indexes, which cannot narrow a search for fewer than three
 * characters; at a million tickets such a search would read the whole table.
 */
export const SEARCH_MIN_LENGTH = 3;

/** Only these keys are read from the URL; anything else (tracking parameters …) is ignored. */
const SINGLE_VALUE_KEYS = ["category", "priority", "assignee", "breached", "q", "after", "before", "limit"] as const;

type RawQueueQuery = { status: string[] } & Partial<Record<(typeof SINGLE_VALUE_KEYS)[number], string>>;

export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

function rawQueueQuery(input: SearchParamsInput): RawQueueQuery {
  const all = (key: string): string[] => {
    if (input instanceof URLSearchParams) return input.getAll(key);
    const value = input[key];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  const raw: RawQueueQuery = {
    // Repeated (?status=NEW&status=OPEN, as a form submits checkboxes) or comma-separated.
    status: all("status").flatMap((value) => value.split(",")).map((value) => value.trim()).filter(Boolean),
  };
  for (const key of SINGLE_VALUE_KEYS) {
    const value = all(key)[0]?.trim();
    if (value) raw[key] = value;
  }
  return raw;
}

const statusFilter = z
  .array(z.union([z.literal("all"), z.enum(TICKET_STATUSES)]))
  .transform((values): TicketStatusCode[] => {
    if (values.length === 0) return [...ACTIVE_STATUSES];
    if (values.includes("all")) return [...TICKET_STATUSES];
    return TICKET_STATUSES.filter((status) => values.includes(status));
  });

// Opaque keyset cursors: base64url, produced by the server (lib/server/tickets/queue.ts).
const cursor = z.string().regex(/^[A-Za-z0-9_-]{8,200}$/, { error: "cursor_invalid" });

export const queueQuerySchema = z
  .strictObject({
    status: statusFilter,
    category: z.enum(TICKET_CATEGORIES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    assignee: z.union([z.enum(ASSIGNEE_SCOPES), z.uuid()]).default("anyone"),
    breached: z.enum(["1", "true", "0", "false"]).optional().transform((value) => value === "1" || value === "true"),
    q: z.string().overwrite(toStorableText).min(SEARCH_MIN_LENGTH, { error: "search_too_short" }).max(SEARCH_MAX_LENGTH, { error: "search_too_long" }).optional(),
    after: cursor.optional(),
    before: cursor.optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  })
  .refine((query) => !(query.after && query.before), { path: ["before"], error: "after and before exclude each other" });

export type QueueQuery = z.output<typeof queueQuerySchema>;
export type QueueFilters = Omit<QueueQuery, "after" | "before" | "limit">;

export type QueueQueryResult = { success: true; query: QueueQuery } | { success: false; issues: FieldIssue[] };

/** Reads the queue's filters and position from URL search parameters. */
export function parseQueueQuery(input: SearchParamsInput): QueueQueryResult {
  const parsed = queueQuerySchema.safeParse(rawQueueQuery(input));
  if (parsed.success) return { success: true, query: parsed.data };
  return { success: false, issues: fieldIssues(parsed.error) };
}

export function defaultQueueQuery(): QueueQuery {
  const parsed = parseQueueQuery(new URLSearchParams());
  if (!parsed.success) throw new Error("the empty queue query must be valid");
  return parsed.query;
}

/**
 * The URL search string for a queue view; defaults are left out so links stay short and a
 * bookmark of the plain queue keeps following the defaults.
 */
export function queueSearchString(
  filters: QueueFilters,
  position: { after?: string; before?: string; limit?: number } = {},
): string {
  const params = new URLSearchParams();
  const statuses = [...filters.status];
  const isActiveDefault =
    statuses.length === ACTIVE_STATUSES.length && ACTIVE_STATUSES.every((status) => statuses.includes(status));
  if (statuses.length === TICKET_STATUSES.length) params.set("status", "all");
  else if (!isActiveDefault) for (const status of statuses) params.append("status", status);
  if (filters.category) params.set("category", filters.category);
  if (filters.priority) params.set("priority", filters.priority);
  if (filters.assignee !== "anyone") params.set("assignee", filters.assignee);
  if (filters.breached) params.set("breached", "1");
  if (filters.q) params.set("q", filters.q);
  if (position.after) params.set("after", position.after);
  if (position.before) params.set("before", position.before);
  if (position.limit && position.limit !== DEFAULT_PAGE_SIZE) params.set("limit", String(position.limit));
  const search = params.toString();
  return search ? `?${search}` : "";
}

/** A ticket as the agent saw it: the version makes a change against a newer one fail. */
export const ticketVersionSchema = z.strictObject({
  ticketId: z.uuid(),
  version: z.coerce.number().int().min(1),
});

const BULK_MAX_TICKETS = MAX_PAGE_SIZE;

export const bulkAssignSchema = z.strictObject({
  tickets: z.array(ticketVersionSchema).min(1).max(BULK_MAX_TICKETS),
  // "" unassigns
  assigneeId: z.union([z.uuid(), z.literal("")]),
  /** the agent confirmed taking the tickets other agents own */
  takeOver: z.boolean().default(false),
});

export const bulkStatusSchema = z.strictObject({
  tickets: z.array(ticketVersionSchema).min(1).max(BULK_MAX_TICKETS),
  status: z.enum(AGENT_SETTABLE_STATUSES),
});

