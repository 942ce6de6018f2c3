import { z } from "zod";
import { PRIORITIES } from "@/lib/tickets/priority.ts";
import { TICKET_CATEGORIES } from "./ticket-choices.ts";

/**
 * Metrics filters as they appear in the URL (?from=2026-11-01&to=2026-11-30&category=SMS&priority=HIGH),
 * shared by the filter form and the server. Dates are calendar days in the support time zone;
 * the range is inclusive and at most MAX_METRICS_DAYS long so every query stays date-bounded.
 */
export const MAX_METRICS_DAYS = 366;
export const DEFAULT_METRICS_DAYS = 30;

const day = z.iso.date({ error: "dateInvalid" });

export const metricsFiltersSchema = z
  .object({
    from: day,
    to: day,
    category: z.enum(TICKET_CATEGORIES, { error: "invalid" }).optional(),
    priority: z.enum(PRIORITIES, { error: "invalid" }).optional(),
  })
  .refine((filters) => filters.from <= filters.to, { error: "rangeReversed", path: ["to"] })
  .refine((filters) => daysBetween(filters.from, filters.to) < MAX_METRICS_DAYS, { error: "rangeTooLong", path: ["from"] });

export type MetricsFilters = z.output<typeof metricsFiltersSchema>;

/** Whole days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Every day from `from` to `to`, inclusive, as YYYY-MM-DD. */
export function daysInRange(from: string, to: string): string[] {
  const days: string[] = [];
  for (let time = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); time <= end; time += 86_400_000) {
    days.push(new Date(time).toISOString().slice(0, 10));
  }
  return days;
}

/** Today's date in `timeZone`, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The last DEFAULT_METRICS_DAYS days up to today. */
export function defaultMetricsRange(timeZone: string, now: Date = new Date()): { from: string; to: string } {
  const to = todayIn(timeZone, now);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_METRICS_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/**
 * Reads filters from URL search params. A missing or invalid range falls back to the default
 * one and an invalid category or priority to none; the ignored params are named so the page can
 * say so.
 */
export function metricsFiltersFromSearchParams(
  params: Record<string, string | string[] | undefined>,
  timeZone: string,
  now: Date = new Date(),
): { filters: MetricsFilters; invalid: string[] } {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value) || undefined;
  const requested = { from: first(params.from), to: first(params.to), category: first(params.category), priority: first(params.priority) };
  const range = { ...defaultMetricsRange(timeZone, now) };
  if (requested.from) range.from = requested.from;
  if (requested.to) range.to = requested.to;
  const parsed = metricsFiltersSchema.safeParse({ ...range, category: requested.category, priority: requested.priority });
  if (parsed.success) return { filters: parsed.data, invalid: [] };

  const invalid = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
  const rangeValid = metricsFiltersSchema.safeParse(range).success;
  const keep = (key: "category" | "priority") => (invalid.includes(key) ? undefined : requested[key]);
  const filters = metricsFiltersSchema.parse({
    ...(rangeValid ? range : defaultMetricsRange(timeZone, now)),
    category: keep("category"),
    priority: keep("priority"),
  });
  if (!rangeValid) invalid.push(...["from", "to"].filter((key) => requested[key as "from" | "to"] && !invalid.includes(key)));
  return { filters, invalid };
}
