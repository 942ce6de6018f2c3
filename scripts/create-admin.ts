// `npm run admin:create -- --email you@example.com [--name "Your Name"] [--password …] [--reset-factors]`
// Creates an admin, or resets the password of an existing account (ending its sessions);
// --reset-factors also removes its second factors (it enrols a new one at its next sign-in). Without --password a strong
// one is generated and printed once. Stop the app first when it runs on the embedded database.
import { parseArgs } from "node:util";
import { settings } from "@/lib/server/config/settings.ts";
import { openDatabase } from "@/lib/server/db/client.ts";
import { applyMigrations } from "@/lib/server/db/migrate.ts";
import { generatePassword } from "@/lib/server/auth/password.ts";
import { upsertAdmin } from "@/lib/server/seed/first-admin.ts";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, password: { type: "string" }, "reset-factors": { type: "boolean" } },
});
if (!values.email) {
  console.error('Usage: npm run admin:create -- --email you@example.com [--name "Name"] [--password …] [--reset-factors]');
  process.exit(2);
}
const { ADMIN_PASSWORD } = settings();
const password = values.password ?? ADMIN_PASSWORD ?? generatePassword();
const database = openDatabase();
try {
  await applyMigrations(database);
  const { created } = await upsertAdmin(database.prisma, { email: values.email, password, name: values.name, resetFactors: values["reset-factors"] });
  console.log(`${created ? "Created" : "Updated"} admin ${values.email.toLowerCase()}${values["reset-factors"] && !created ? " and removed its second factors" : ""}.`);
  if (!values.password && !ADMIN_PASSWORD) console.log(`Password (shown once): ${password}`);
} catch (error) {
  console.error(`Could not create the admin: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
