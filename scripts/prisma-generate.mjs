// `prisma generate` never runs Prisma's native schema engine, but the CLI insists on downloading
// it unless PRISMA_SCHEMA_ENGINE_BINARY names an existing file. Offline, that download fails, so
// point the variable at this script (any existing file will do) when nothing else was chosen.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ||= fileURLToPath(import.meta.url);
const result = spawnSync("npx", ["--no-install", "prisma", "generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
