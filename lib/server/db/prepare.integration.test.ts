import { afterEach, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/server/auth/password.ts";
import { parseSettings } from "@/lib/server/config/settings.ts";
import { DEMO_ADMIN_EMAIL, ensureFirstAdmin } from "@/lib/server/seed/first-admin.ts";
import { DEMO_TICKETS } from "@/lib/server/seed/demo-data.ts";
import { ticketIntakeSchema } from "@/lib/validation/ticket.ts";
import { prepareDatabase } from "./prepare.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.drop();
  database = undefined;
});

const seedConfig = parseSettings({
  ADMIN_EMAIL: "Root@Example.com",
  ADMIN_PASSWORD: "a-long-admin-password",
  DEMO_AGENT_PASSWORD: "a-long-agent-password",
  SEED_DEMO_DATA: "true",
});

describe("prepareDatabase", () => {
  it("migrates an empty database, creates the admin from the environment and seeds demo data once", async () => {
    database = await createTestDatabase({ migrate: false });
    const log: string[] = [];

    await prepareDatabase(database, seedConfig, (line) => log.push(line));
    await prepareDatabase(database, seedConfig, (line) => log.push(line));

    const admin = await database.prisma.user.findUniqueOrThrow({ where: { email: "root@example.com" } });
    expect(admin.role).toBe("ADMIN");
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(admin.passwordHash, "a-long-admin-password")).toBe(true);
    expect(await database.prisma.user.count({ where: { role: "AGENT" } })).toBe(3);
    // a second start neither duplicates demo data nor prints passwords again
    expect(await database.prisma.ticket.count()).toBe(DEMO_TICKETS.length);
    expect(log.join("\n")).not.toContain("a-long-agent-password");
  });

  it("seeds every category and status in Japanese and English, with valid details and steps tried", async () => {
    database = await createTestDatabase();
    await prepareDatabase(database, seedConfig, () => undefined);

    const tickets = await database.prisma.ticket.findMany({
      include: { selfHelpSession: { include: { steps: true } }, messages: true },
    });
    expect(new Set(tickets.map((ticket) => ticket.category))).toEqual(new Set(["EMAIL", "TWO_FA", "SMS", "ACCOUNT"]));
    expect(new Set(tickets.map((ticket) => ticket.status))).toEqual(new Set(["NEW", "OPEN", "PENDING", "RESOLVED", "CLOSED"]));
    for (const language of ["ja", "en"] as const) {
      const inLanguage = tickets.filter((ticket) => ticket.language === language);
      expect(new Set(inLanguage.map((ticket) => ticket.category)).size).toBe(4);
    }
    expect(tickets.some((ticket) => /[\u3040-\u30ff]/.test(ticket.description))).toBe(true);
    for (const ticket of tickets) {
      expect(ticket.reference).toMatch(/^SG-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      const parsed = ticketIntakeSchema.safeParse({
        category: ticket.category, contactEmail: ticket.contactEmail, language: ticket.language,
        description: ticket.description, details: ticket.details,
      });
      expect(parsed.success, `${ticket.reference}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
    // the intake priority rules hold for seeded tickets too
    const urgent = tickets.find((ticket) => ticket.category === "ACCOUNT" && ticket.priority === "URGENT");
    expect(urgent?.details).toMatchObject({ suspectedUnauthorizedAccess: true });
    expect(tickets.some((ticket) => (ticket.selfHelpSession?.steps.length ?? 0) > 0)).toBe(true);
    expect(tickets.some((ticket) => ticket.messages.some((message) => message.kind === "INTERNAL_NOTE"))).toBe(true);
  });

  it("generates and prints a demo admin password only on the embedded demo", async () => {
    database = await createTestDatabase();
    const demoLog: string[] = [];
    await ensureFirstAdmin(database.prisma, { config: parseSettings({}), embedded: true, log: (line) => demoLog.push(line) });
    const printed = demoLog.join("\n").match(/password: (\S+)/)?.[1];
    expect(printed).toBeTruthy();
    const admin = await database.prisma.user.findUniqueOrThrow({ where: { email: DEMO_ADMIN_EMAIL } });
    expect(await verifyPassword(admin.passwordHash, printed!)).toBe(true);
    expect(admin.passwordHash).not.toContain(printed!);

    const again: string[] = [];
    await ensureFirstAdmin(database.prisma, { config: parseSettings({}), embedded: true, log: (line) => again.push(line) });
    expect(again).toEqual([]);

    await database.prisma.user.deleteMany();
    const serverLog: string[] = [];
    await ensureFirstAdmin(database.prisma, { config: parseSettings({}), embedded: false, log: (line) => serverLog.push(line) });
    expect(await database.prisma.user.count()).toBe(0);
    expect(serverLog.join("\n")).toMatch(/admin:create/);
  });
});
