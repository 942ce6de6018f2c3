// A second app instance for multi-instance tests: the same production build and the same e2e
// database and secret as the server Playwright started, on E2E_PORT + 5 (3505 for 3500).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { E2E_NEXTAUTH_SECRET } from "../fixtures/accounts.ts";
import { e2eDatabaseUrl, e2ePort } from "../fixtures/database-url.ts";

export type SecondInstance = { baseURL: string; stop(): Promise<void>; /** what the server printed so far */ output(): string };

/** `env`: settings of this instance only (e.g. single sign-on against a provider the spec started). */
export async function startSecondInstance(port = e2ePort() + 5, env: Record<string, string> = {}): Promise<SecondInstance> {
  const baseURL = `http://localhost:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "supportgate-e2e-second-"));
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/start.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: e2eDatabaseUrl(),
      NEXTAUTH_SECRET: E2E_NEXTAUTH_SECRET,
      NEXTAUTH_URL: baseURL,
      APP_BASE_URL: baseURL,
      SEED_DEMO_DATA: "false",
      SUPPORTGATE_DATA_DIR: dataDir,
      ...env,
    },
    // its own process group, so stopping it also stops the server tsx started
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`second instance exited early:\n${output}`);
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return { baseURL, stop, output: () => output };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`second instance did not become healthy:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
