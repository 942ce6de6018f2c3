import { describe, expect, it } from "vitest";
import { parseSettings } from "@/lib/server/config/settings.ts";
import { uploadSweepSchedule } from "./sweep.ts";

describe("uploadSweepSchedule", () => {
  it("keeps uploads of a form that was never sent for two hours, looking every five minutes", () => {
    expect(uploadSweepSchedule(parseSettings({}))).toEqual({ maxAgeMs: 2 * 3600_000, intervalMs: 5 * 60_000 });
  });

  it("takes UPLOAD_PENDING_MAX_AGE_MINUTES and UPLOAD_SWEEP_INTERVAL_SECONDS", () => {
    expect(uploadSweepSchedule(parseSettings({ UPLOAD_PENDING_MAX_AGE_MINUTES: "30", UPLOAD_SWEEP_INTERVAL_SECONDS: "60" }))).toEqual({
      maxAgeMs: 30 * 60_000,
      intervalMs: 60_000,
    });
  });
});
