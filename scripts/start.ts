// `npm start`: build once if there is no production build, then serve it. The server applies
// pending migrations and seeds the demo itself at start (instrumentation.ts).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { runtimeEnvironment } from "./runtime-env.ts";

const env = runtimeEnvironment();
const nextBin = path.resolve("node_modules/next/dist/bin/next");

if (!fs.existsSync(path.resolve(".next/BUILD_ID"))) {
  console.log("No production build yet: building (this takes a minute or two the first time)…");
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn(process.execPath, [nextBin, "start", "--port", env.PORT!], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

void announceWhenReady(env.APP_BASE_URL!);

async function announceWhenReady(baseUrl: string) {
  for (let attempt = 0; attempt < 600; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (server.exitCode !== null) return;
    const healthy = await fetch(new URL("/api/health", `http://127.0.0.1:${env.PORT}`))
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) {
      console.log(`\nSupportGate is running at ${baseUrl}  (agents sign in at ${baseUrl}/agent/sign-in)\n`);
      return;
    }
  }
}
