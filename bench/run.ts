// `npm run bench [-- intake queue uploads pages suggestions] [--quick] [--skip-build]`: builds the app, runs it
// in production mode on a fresh database on DATABASE_URL's PostgreSQL server, measures each part
// against its raw-database baseline and writes the part's section of BENCHMARKS.md (the quick
// mode, which CI runs, writes to a temporary file instead).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startAppServer, type AppServer } from "./app-server.ts";
import type { BenchContext } from "./context.ts";
import { benchIntake } from "./intake.ts";
import { benchPages } from "./pages.ts";
import { benchQueue } from "./queue.ts";
import { headerSection, PARTS, writeSections, type Part } from "./report.ts";
import { benchSuggestions } from "./suggestions.ts";
import { benchUploads } from "./uploads.ts";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const skipBuild = args.includes("--skip-build");
const unknown = args.filter((arg) => arg.startsWith("--") && !["--quick", "--skip-build"].includes(arg));
const named = args.filter((arg) => !arg.startsWith("--"));
const badParts = named.filter((arg) => !(PARTS as readonly string[]).includes(arg));
if (unknown.length || badParts.length) {
  console.error(`unknown ${[...unknown, ...badParts].join(", ")}; usage: npm run bench [-- ${PARTS.join(" ")}] [--quick] [--skip-build]`);
  process.exit(2);
}
const parts: Part[] = named.length ? PARTS.filter((part) => named.includes(part)) : [...PARTS];
// Intake runs after the queue part has loaded its million tickets: inserts into a full table.
const runOrder: Part[] = (["pages", "suggestions", "uploads", "queue", "intake"] as const).filter((part) => parts.includes(part));
const runners: Record<Part, (context: BenchContext) => Promise<string>> = {
  intake: benchIntake,
  queue: benchQueue,
  uploads: benchUploads,
  pages: benchPages,
  suggestions: benchSuggestions,
};

const serverUrl = process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/postgres";
const port = Number(process.env.BENCH_PORT || 3400);
const outputFile = quick ? path.join(os.tmpdir(), `supportgate-bench-quick-${process.pid}.md`) : path.resolve("BENCHMARKS.md");
const command = `npm run bench${args.length ? ` -- ${args.join(" ")}` : ""}`;
const log = (message: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

function databaseUrlFor(name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

if (!skipBuild || !fs.existsSync(".next/BUILD_ID")) {
  log("building the app (next build)");
  const build = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const databaseName = `sg_bench_${Date.now().toString(36)}_${process.pid}`;
const databaseUrl = databaseUrlFor(databaseName);
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "supportgate-bench-"));
const admin = { email: "bench-admin@example.com", password: randomBytes(18).toString("base64url") };
// What the app and this process's in-process measurements (submitIntake, listQueue) share: the
// same limits and the same secret and public URL for status links.
const sharedSettings = {
  NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
  APP_BASE_URL: `http://127.0.0.1:${port}`,
  // Load from a few addresses would otherwise hit the per-address limits within seconds.
  RATE_LIMIT_SCALE: "1000000",
};
Object.assign(process.env, sharedSettings);
let app: AppServer | undefined;
let failed = false;

try {
  await onServer(`CREATE DATABASE ${databaseName}`);
  log(`database ${databaseName}; starting the app on port ${port}`);
  app = await startAppServer(
    {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: databaseUrl,
      ...sharedSettings,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      SEED_DEMO_DATA: "false",
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      // As behind a reverse proxy: the intake part's load comes from many client addresses.
      TRUSTED_PROXY_HOPS: "1",
      SUPPORTGATE_DATA_DIR: path.join(workDir, "data"),
      UPLOAD_DIR: path.join(workDir, "uploads"),
      UPLOADTHING_TOKEN: "",
    },
    port,
  );
  const context: BenchContext = {
    quick,
    app,
    databaseUrl,
    admin,
    uploadDir: path.join(workDir, "uploads"),
    workDir,
    log,
  };
  const sections = new Map<string, string>();
  sections.set(
    "header",
    await headerSection(
      databaseUrl,
      command,
      [
        quick ? "Quick mode (CI): 10,000 tickets, 5 s load phases; the figures only show that the benchmark runs." : "",
        // e.g. BENCH_NOTE="The machine was shared with other jobs during this run."
        process.env.BENCH_NOTE ?? "",
      ]
        .filter(Boolean)
        .join("\n\n"),
    ),
  );
  for (const part of runOrder) {
    log(`== ${part} ==`);
    const started = Date.now();
    const body = await runners[part](context);
    // A part can be re-run alone, so each section says which run it comes from.
    const [heading, ...rest] = body.trim().split("\n");
    sections.set(part, [heading, "", `_Measured ${new Date().toISOString().replace(/\.\d+Z$/, "Z")} by \`${command}\`._`, ...rest].join("\n"));
    log(`${part} done in ${Math.round((Date.now() - started) / 1000)} s`);
  }
  writeSections(outputFile, sections);
  log(`wrote ${outputFile}`);
} catch (error) {
  failed = true;
  console.error(error);
  if (app) console.error(`--- app output (last lines)\n${app.output().split("\n").slice(-40).join("\n")}`);
} finally {
  await app?.stop();
  await onServer(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`).catch((error) => console.error("could not drop", databaseName, error));
  fs.rmSync(workDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
