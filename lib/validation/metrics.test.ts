import { describe, expect, it } from "vitest";
import { daysInRange, defaultMetricsRange, metricsFiltersFromSearchParams, todayIn } from "./metrics.ts";

const now = new Date("2026-11-21T16:30:00Z"); // already Nov 22 in Tokyo

describe("metrics filters", () => {
  it("default to the last 30 days in the support time zone", () => {
    expect(todayIn("Asia/Tokyo", now)).toBe("2026-11-22");
    expect(todayIn("UTC", now)).toBe("2026-11-21");
    expect(defaultMetricsRange("Asia/Tokyo", now)).toEqual({ from: "2026-10-24", to: "2026-11-22" });
  });

  it("read valid URL params", () => {
    expect(metricsFiltersFromSearchParams({ from: "2026-11-01", to: "2026-11-10", category: "SMS", priority: ["HIGH", "LOW"] }, "Asia/Tokyo", now)).toEqual({
      filters: { from: "2026-11-01", to: "2026-11-10", category: "SMS", priority: "HIGH" },
      invalid: [],
    });
  });

  it("fall back for invalid params and name them", () => {
    expect(metricsFiltersFromSearchParams({ from: "2026-11-10", to: "2026-11-01", category: "SMS" }, "Asia/Tokyo", now)).toEqual({
      filters: { from: "2026-10-24", to: "2026-11-22", category: "SMS" },
      invalid: ["to", "from"],
    });
    expect(metricsFiltersFromSearchParams({ from: "2026-11-01", to: "2026-11-05", category: "PHONE" }, "Asia/Tokyo", now)).toEqual({
      filters: { from: "2026-11-01", to: "2026-11-05" },
      invalid: ["category"],
    });
    expect(metricsFiltersFromSearchParams({ from: "2020-01-01", priority: "LOW" }, "Asia/Tokyo", now)).toEqual({
      filters: { from: "2026-10-24", to: "2026-11-22", priority: "LOW" },
      invalid: ["from"],
    });
  });

  it("list every day of a range", () => {
    expect(daysInRange("2026-02-27", "2026-03-02")).toEqual(["2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"]);
  });
});
