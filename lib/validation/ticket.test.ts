import { describe, expect, it } from "vitest";
import { fieldIssues } from "./issues.ts";
import { ticketIntakeSchema } from "./ticket.ts";

const body = {
  category: "ACCOUNT",
  contactEmail: "lee@example.com",
  language: "en",
  description: "I cannot log in since yesterday.",
  details: { problem: "CANNOT_LOGIN", suspectedUnauthorizedAccess: false },
};

function issuesFor(startedAt: string) {
  const parsed = ticketIntakeSchema.safeParse({ ...body, startedAt });
  return parsed.success ? [] : fieldIssues(parsed.error);
}

describe("when the problem started", () => {
  it.each(["0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "1970-01-01T08:59:59+09:00"])(
    "refuses %s as too early, at the field (the browser form and the server share this check)",
    (startedAt) => {
      expect(issuesFor(startedAt)).toEqual([{ path: "startedAt", message: "datetime_too_early" }]);
    },
  );

  it("accepts dates from 1970 on", () => {
    expect(issuesFor("1970-01-01T00:00:00Z")).toEqual([]);
    expect(issuesFor("2026-11-20T09:00:00+09:00")).toEqual([]);
  });
});
