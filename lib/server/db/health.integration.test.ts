import { NextRequest } from "next/server";
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route.ts";
import { closeDatabase, openDatabase } from "./client.ts";
import { isDatabaseReachable } from "./health.ts";
import { createTestDatabase } from "./test-database.ts";

afterAll(async () => {
  await closeDatabase();
});

describe("database health", () => {
  it("is reachable while open and unreachable once stopped", async () => {
    const database = await createTestDatabase();
    expect(await isDatabaseReachable(database)).toBe(true);
    await database.drop();
    expect(await isDatabaseReachable(database)).toBe(false);
  });

  it("answers 503 quickly from GET /api/health when no server listens", async () => {
    await closeDatabase();
    // Port 9 (discard) on loopback: nothing listens, so connections are refused at once; put in
    // the process-wide slot that database() reads (see client.ts).
    (globalThis as unknown as Record<symbol, unknown>)[Symbol.for("supportgate.database")] = openDatabase({
      kind: "postgres",
      url: "postgresql://postgres@127.0.0.1:9/none",
    });
    try {
      const started = Date.now();
      const response = await GET(new NextRequest("http://localhost/api/health"));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: "unavailable" });
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(Date.now() - started).toBeLessThan(3_000);
    } finally {
      await closeDatabase();
    }
  });

  it("answers 200 {status: ok} from GET /api/health with the database up", async () => {
    const database = await createTestDatabase();
    try {
      const slot = globalThis as unknown as Record<symbol, unknown>;
      // the process-wide slot that database() reads (see client.ts)
      slot[Symbol.for("supportgate.database")] = database;
      const response = await GET(new NextRequest("http://localhost/api/health"));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
    } finally {
      await closeDatabase();
      await database.drop();
    }
  });
});
