import { describe, expect, it } from "vitest";
import { durationParts, slaState } from "./sla-countdown.ts";

const now = new Date("2026-11-22T12:00:00Z");

describe("slaState", () => {
  it("counts down to the first-response due time, then counts the breach", () => {
    expect(slaState({ status: "NEW", slaDueAt: "2026-11-22T13:30:00Z", firstRespondedAt: null }, now)).toEqual({ kind: "due", ms: 90 * 60_000 });
    expect(slaState({ status: "OPEN", slaDueAt: "2026-11-22T11:45:00Z", firstRespondedAt: null }, now)).toEqual({ kind: "breached", ms: 15 * 60_000 });
  });

  it("stops once answered or finished", () => {
    expect(slaState({ status: "OPEN", slaDueAt: "2026-11-22T11:00:00Z", firstRespondedAt: "2026-11-22T11:30:00Z" }, now)).toEqual({ kind: "answered" });
    expect(slaState({ status: "CLOSED", slaDueAt: "2026-11-22T11:00:00Z", firstRespondedAt: null }, now)).toEqual({ kind: "finished" });
  });
});

describe("durationParts", () => {
  it("keeps the two most significant units", () => {
    expect(durationParts((2 * 24 + 3) * 3_600_000 + 59 * 60_000)).toEqual({ days: 2, hours: 3, minutes: 0 });
    expect(durationParts(3 * 3_600_000 + 12 * 60_000 + 59_000)).toEqual({ days: 0, hours: 3, minutes: 12 });
    expect(durationParts(30_000)).toEqual({ days: 0, hours: 0, minutes: 0 });
    expect(durationParts(-5)).toEqual({ days: 0, hours: 0, minutes: 0 });
  });
});
