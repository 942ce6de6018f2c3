import { describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/errors.ts";
import { errorResponse, isDatabaseUnavailable } from "./error-response.ts";

describe("errorResponse", () => {
  it("answers an AppError with its status and a translated message", async () => {
    const response = errorResponse(new AppError("ALREADY_CLAIMED", { params: { actor: "Ben" } }), "en", "test");
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: "ALREADY_CLAIMED", message: "Ben already owns this ticket." } });
  });

  it("names the fields of a validation failure, in the request's language", async () => {
    const issues = [{ path: "after", message: "cursor_invalid" }];
    const response = errorResponse(new AppError("VALIDATION_FAILED", { issues }), "ja", "test");
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      error: { code: "VALIDATION_FAILED", message: expect.any(String) },
      errors: [{ path: "after", message: "ページの位置が正しくありません。最初のページから開き直してください。" }],
    });
  });

  it("adds Retry-After to rate-limited answers", () => {
    const response = errorResponse(new AppError("RATE_LIMITED", { params: { retryAfterSeconds: 42 } }), "ja", "test");
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("42");
  });

  it("turns connection failures into 503 and hides every detail of unexpected errors", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const down = errorResponse(new Error("query failed", { cause: refused }), "en", "test");
    expect(down.status).toBe(503);

    const bug = errorResponse(new Error('relation "tickets" does not exist at SELECT * FROM tickets'), "ja", "test");
    expect(bug.status).toBe(500);
    const body = JSON.stringify(await bug.json());
    expect(body).not.toMatch(/relation|SELECT|at /);
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it("recognises unavailability anywhere in the cause chain", () => {
    expect(isDatabaseUnavailable({ cause: { cause: { code: "57P01" } } })).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("duplicate key value"))).toBe(false);
  });

  it("recognises the errors a PostgreSQL restart leaves behind (found by the reliability suite)", () => {
    // Prisma's P2039 carries the driver's error in meta, not in cause
    const driverAdapterError = Object.assign(new Error("terminating connection due to administrator command"), {
      cause: { kind: "postgres", code: "57P01" },
    });
    expect(isDatabaseUnavailable({ code: "P2039", message: "Database error. Code: `57P01`", meta: { driverAdapterError } })).toBe(true);
    expect(isDatabaseUnavailable({ code: "P2039", meta: { driverAdapterError: { cause: { code: "23505" } } } })).toBe(false);
    // a pooled pg client whose connection broke while it was checked out
    expect(isDatabaseUnavailable(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
  });
});
