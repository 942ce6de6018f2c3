import { describe, expect, it } from "vitest";
import { bulkStatusSchema, defaultQueueQuery, parseQueueQuery, queueSearchString } from "./queue.ts";

const parse = (search: string | Record<string, string | string[] | undefined>) =>
  parseQueueQuery(typeof search === "string" ? new URLSearchParams(search) : search);

describe("queue filters from the URL", () => {
  it("default to the open work (new, open, pending), anyone's, 50 a page", () => {
    expect(defaultQueueQuery()).toEqual({
      status: ["NEW", "OPEN", "PENDING"],
      assignee: "anyone",
      breached: false,
      limit: 50,
    });
  });

  it("read repeated and comma-separated statuses, 'all', and the other filters", () => {
    const repeated = parse("status=PENDING&status=NEW&category=SMS&priority=URGENT&assignee=me&breached=1&q=%20roaming%20&limit=20");
    expect(repeated).toEqual({
      success: true,
      query: {
        status: ["NEW", "PENDING"],
        category: "SMS",
        priority: "URGENT",
        assignee: "me",
        breached: true,
        q: "roaming",
        limit: 20,
      },
    });
    expect(parse("status=CLOSED,RESOLVED")).toMatchObject({ query: { status: ["RESOLVED", "CLOSED"] } });
    expect(parse("status=all")).toMatchObject({ query: { status: ["NEW", "OPEN", "PENDING", "RESOLVED", "CLOSED"] } });
    // Next.js hands pages a plain record
    expect(parse({ status: ["OPEN", "NEW"], assignee: "3f1c1d2e-8a4b-4c5d-9e6f-0a1b2c3d4e5f", utm_source: "mail" })).toMatchObject({
      query: { status: ["NEW", "OPEN"], assignee: "3f1c1d2e-8a4b-4c5d-9e6f-0a1b2c3d4e5f" },
    });
  });

  it("refuse what they cannot read instead of guessing", () => {
    for (const bad of ["status=DONE", "category=PHONE", "assignee=bob", "limit=0", "limit=500", "breached=maybe", "after=a&before=b", "after=%25%25%25%25%25%25%25%25"]) {
      expect(parse(bad).success, bad).toBe(false);
    }
    expect(parse("q=ab")).toEqual({ success: false, issues: [{ path: "q", message: "search_too_short" }] });
    expect(parse(`q=${"x".repeat(201)}`).success).toBe(false);
  });

  it("write back a short URL that reads the same", () => {
    expect(queueSearchString(defaultQueueQuery())).toBe("");
    const parsed = parse("status=NEW&status=CLOSED&category=EMAIL&assignee=unassigned&breached=true&q=spam folder");
    if (!parsed.success) throw new Error("expected valid");
    const search = queueSearchString(parsed.query, { after: "abcdefghij", limit: 100 });
    expect(search).toBe("?status=NEW&status=CLOSED&category=EMAIL&assignee=unassigned&breached=1&q=spam+folder&after=abcdefghij&limit=100");
    expect(parse(search.slice(1))).toEqual({ success: true, query: { ...parsed.query, after: "abcdefghij", limit: 100 } });
    expect(queueSearchString({ ...parsed.query, status: ["NEW", "OPEN", "PENDING", "RESOLVED", "CLOSED"] })).toContain("status=all");
  });
});

describe("bulk status changes", () => {
  it("accept only the statuses an agent may set, with the versions seen", () => {
    const ticket = { ticketId: "3f1c1d2e-8a4b-4c5d-9e6f-0a1b2c3d4e5f", version: 3 };
    expect(bulkStatusSchema.safeParse({ tickets: [ticket], status: "RESOLVED" }).success).toBe(true);
    expect(bulkStatusSchema.safeParse({ tickets: [ticket], status: "NEW" }).success).toBe(false);
    expect(bulkStatusSchema.safeParse({ tickets: [], status: "OPEN" }).success).toBe(false);
    expect(bulkStatusSchema.safeParse({ tickets: [{ ticketId: ticket.ticketId }], status: "OPEN" }).success).toBe(false);
  });
});
