import "server-only";
import type { PrismaClient } from "@/generated/prisma/client.ts";
import { generatePassword, hashPassword } from "@/lib/server/auth/password.ts";
import { clearSignInThrottles } from "@/lib/server/auth/sign-in.ts";
import { MIN_PASSWORD_LENGTH } from "@/lib/validation/auth.ts";
import type { Settings } from "@/lib/server/config/settings.ts";

export const DEMO_ADMIN_EMAIL = "admin@example.com";

export type AdminInput = {
  email: string;
  password: string;
  name?: string;
  /** also remove the account's second factors (a lost phone): it enrols a new one at its next sign-in */
  resetFactors?: boolean;
};

/** Creates an admin, or resets the password and role of an existing account with that email. */
export async function upsertAdmin(prisma: PrismaClient, input: AdminInput): Promise<{ created: boolean }> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new Error(`"${input.email}" is not an email address`);
  if (input.password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`the admin password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const passwordHash = await hashPassword(input.password);
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true } });
  await prisma.user.upsert({
    where: { email },
    create: { email, name: input.name ?? "Administrator", role: "ADMIN", passwordHash },
    update: { role: "ADMIN", passwordHash, active: true, failedSignIns: 0, passwordChangedAt: new Date() },
  });
  if (existing) {
    // a new password ends the account's sessions and clears its sign-in throttles, as in the app
    await prisma.agentSession.updateMany({ where: { userId: existing.id, endedAt: null }, data: { endedAt: new Date(), endReason: "password-changed" } });
    await clearSignInThrottles(prisma, { id: existing.id, email });
    if (input.resetFactors) {
      await prisma.secondFactor.deleteMany({ where: { userId: existing.id } });
      await prisma.recoveryCode.deleteMany({ where: { userId: existing.id } });
    }
  }
  return { created: !existing };
}

/**
 * Makes sure someone can sign in: ADMIN_EMAIL / ADMIN_PASSWORD when given (created once, never
 * overwritten at start), otherwise — only for the embedded demo — a generated password that is
 * printed this one time and never stored in clear.
 */
export async function ensureFirstAdmin(
  prisma: PrismaClient,
  options: { config: Settings; embedded: boolean; log: (line: string) => void },
): Promise<void> {
  const { config, embedded, log } = options;
  if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
    const email = config.ADMIN_EMAIL;
    if (!(await prisma.user.findUnique({ where: { email }, select: { id: true } }))) {
      await upsertAdmin(prisma, { email, password: config.ADMIN_PASSWORD });
      log(`Created admin ${email} from ADMIN_EMAIL / ADMIN_PASSWORD.`);
    }
    return;
  }
  if (await prisma.user.count({ where: { role: "ADMIN" } })) return;
  if (!embedded) {
    log('No admin yet: set ADMIN_EMAIL and ADMIN_PASSWORD, or run "npm run admin:create -- --email you@example.com".');
    return;
  }
  const password = generatePassword();
  await upsertAdmin(prisma, { email: DEMO_ADMIN_EMAIL, password, name: "Demo Admin" });
  log("");
  log("  Demo sign-in (shown only this once — note it down):");
  log(`    email:    ${DEMO_ADMIN_EMAIL}`);
  log(`    password: ${password}`);
  log("  Admins need a second factor: at this first sign-in you set one up (an authenticator app or a passkey).");
  log('  Forgot it? "npm run admin:create -- --email admin@example.com" sets a new one.');
  log("");
}
