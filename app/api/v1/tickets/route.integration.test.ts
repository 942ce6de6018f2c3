import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDatabase, openDatabase } from "@/lib/server/db/client.ts";
import { databaseForThisFile } from "@/lib/server/db/test-database-hooks.ts";
import { fromClient, TEST_SERVER_SEAL } from "@/lib/server/http/test-client-address.ts";
import { POST } from "./route.ts";

vi.stubEnv("SUPPORTGATE_SERVER_SEAL", TEST_SERVER_SEAL);

vi.stubEnv("NEXTAUTH_SECRET", "api-integration-test-secret");
vi.stubEnv("APP_BASE_URL", "https://support.example.test");

const database = databaseForThisFile({ freshRateLimits: true });
beforeAll(async () => {
  // the process-wide slot that database() reads (see lib/server/db/client.ts)
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for("supportgate.database")] = database.current;
});
afterAll(async () => {
  await closeDatabase();
});

const validBody = {
  category: "SMS",
  contactEmail: "api-user@example.com",
  language: "en",
  description: "The SMS code never arrives on my phone.",
  details: { phoneNumber: "+14155550123", problem: "NO_SMS", currentCountry: "US" },
};

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return POST(
    new NextRequest("https://support.example.test/api/v1/tickets", {
      method: "POST",
      headers: { "content-type": "application/json", ...fromClient("198.51.100.200"), ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

describe("POST /api/v1/tickets", () => {
  it("answers 201 with the contract's body, then 200 with the same body for a keyed retry", async () => {
    const first = await post(validBody, { "idempotency-key": "api-retry-1" });
    expect(first.status).toBe(201);
    expect(first.headers.get("cache-control")).toBe("no-store");
    const created = await first.json();
    expect(Object.keys(created).sort()).toEqual(["masked", "priority", "reference", "statusUrl"]);
    expect(created).toMatchObject({ priority: "NORMAL", masked: false });
    expect(created.reference).toMatch(/^SG-\w{4}-\w{4}$/);
    expect(created.statusUrl).toMatch(/^https:\/\/support\.example\.test\/status\/[A-Za-z0-9_-]{43}$/);

    const retry = await post(validBody, { "idempotency-key": "api-retry-1" });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toEqual(created);
    expect(await database.prisma.ticket.count({ where: { reference: created.reference } })).toBe(1);

    const changed = await post({ ...validBody, description: "A different description now." }, { "idempotency-key": "api-retry-1" });
    expect(changed.status).toBe(422);
    expect(await changed.json()).toEqual({
      errors: [{ path: "Idempotency-Key", message: "This Idempotency-Key was already used for a different request." }],
    });
  });

  it("answers 422 with every error at its path, in the body's language, and writes nothing", async () => {
    const before = await database.prisma.ticket.count();
    const japanese = await post({ ...validBody, language: "ja", details: { ...validBody.details, phoneNumber: "090-1234-5678", sim: 2 } });
    expect(japanese.status).toBe(422);
    expect(await japanese.json()).toEqual({
      errors: [
        { path: "details.phoneNumber", message: "電話番号として確認できませんでした。+81 90 1234 5678 のように国番号から入力してください。" },
        { path: "details.sim", message: "この項目は受け付けていません。" },
      ],
    });

    const unknownLanguage = await post({ ...validBody, language: "fr", contactEmail: "nope" });
    expect(await unknownLanguage.json()).toEqual({
      errors: [
        { path: "contactEmail", message: "Enter a valid email address, like name@example.com." },
        { path: "language", message: "Choose Japanese or English." },
      ],
    });
    expect(await database.prisma.ticket.count()).toBe(before);
  });

  it("answers 422 for a body that is not JSON, 415 for another content type, 413 for an oversized body", async () => {
    const notJson = await post("{ category: EMAIL");
    expect(notJson.status).toBe(422);
    expect(await notJson.json()).toEqual({ errors: [{ path: "", message: "The request body is not valid JSON." }] });

    const form = await post("category=EMAIL", { "content-type": "application/x-www-form-urlencoded" });
    expect(form.status).toBe(415);
    expect((await form.json()).error.code).toBe("UNSUPPORTED_MEDIA_TYPE");

    const withCharset = await post({ ...validBody, contactEmail: "charset@example.com" }, { "content-type": "application/json; charset=utf-8" });
    expect(withCharset.status).toBe(201);

    const huge = await post({ ...validBody, description: "x".repeat(70 * 1024) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("answers 429 with Retry-After once a contact email has filed too many tickets", async () => {
    const body = { ...validBody, contactEmail: "many@example.com" };
    for (let i = 0; i < 5; i++) expect((await post(body)).status).toBe(201);
    const refused = await post(body);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe("RATE_LIMITED");
  });

  it("answers 503 when the database is down", async () => {
    const slot = globalThis as unknown as Record<symbol, unknown>;
    // Port 9 (discard) on loopback: nothing listens, so connections are refused at once.
    slot[Symbol.for("supportgate.database")] = openDatabase({ kind: "postgres", url: "postgresql://postgres@127.0.0.1:9/none" });
    try {
      const response = await post({ ...validBody, contactEmail: "down@example.com" });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBeTruthy();
      expect((await response.json()).error.code).toBe("DATABASE_UNAVAILABLE");
    } finally {
      await closeDatabase();
      slot[Symbol.for("supportgate.database")] = database.current;
    }
  });
});
