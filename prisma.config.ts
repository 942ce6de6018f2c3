import { defineConfig } from "prisma/config";

// Used only by the Prisma CLI (generate, and migration authoring with scripts/prisma-dev.sh).
// The app itself applies migrations with lib/server/db/migrate.ts and never needs the CLI at runtime.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
