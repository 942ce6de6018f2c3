// Real app processes for the reliability suite: the production build served by scripts/start.ts,
// as `npm start` does, each in its own process group so it can be killed outright.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const RELIABILITY_SECRET = "reliability-only-secret-not-for-production";
export const RELIABILITY_ADMIN = { email: "admin@reliability.test", password: "reliability-admin-password" };

export type AppOptions = {
  port: number;
  databaseUrl: string;
  env?: Record<string, string>;
  /** `npm start` (scripts/start.ts, the default) or a plain `next start` of the same build */
  server?: "npm start" | "next start";
};

export type AppInstance = {
  baseURL: string;
  uploadDir: string;
  /** Output so far, for failure messages and for checking what the server logged. */
  output(): string;
  /** SIGKILL to the whole process group: no shutdown hooks, requests in flight are cut. */
  kill(): Promise<void>;
  /** Starts the process again on the same port, data folder and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

export async function startApp({ port, databaseUrl, env = {}, server = "npm start" }: AppOptions): Promise<AppInstance> {
  const baseURL = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "supportgate-reliability-app-"));
  const uploadDir = path.join(dataDir, "uploads");
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let output = "";
  // kept after the run for a look at what the server logged
  const logFile = path.join(os.tmpdir(), `supportgate-reliability-app-${port}.log`);
  fs.writeFileSync(logFile, "");

  const launch = async () => {
    const [command, args] =
      server === "npm start"
        ? [path.resolve("node_modules/.bin/tsx"), ["scripts/start.ts"]]
        : [process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "--port", String(port)]];
    const process_ = spawn(command, args, {
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: "20",
        NEXTAUTH_SECRET: RELIABILITY_SECRET,
        NEXTAUTH_URL: baseURL,
        APP_BASE_URL: baseURL,
        SEED_DEMO_DATA: "false",
        ADMIN_EMAIL: RELIABILITY_ADMIN.email,
        ADMIN_PASSWORD: RELIABILITY_ADMIN.password,
        SUPPORTGATE_DATA_DIR: dataDir,
        UPLOAD_DIR: uploadDir,
        UPLOADTHING_TOKEN: "",
        ...env,
      },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = process_;
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      fs.appendFileSync(logFile, chunk);
    };
    process_.stdout!.on("data", collect);
    process_.stderr!.on("data", collect);
    exited = new Promise((resolve) => process_.once("exit", () => resolve()));
    await waitHealthy(baseURL, process_, () => output);
  };

  const signal = async (name: NodeJS.Signals) => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, name);
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    }
  };

  await launch();
  return {
    baseURL,
    uploadDir,
    output: () => output,
    kill: () => signal("SIGKILL"),
    restart: launch,
    async stop() {
      await signal("SIGTERM");
      await signal("SIGKILL");
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitHealthy(baseURL: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app on ${baseURL} exited early:\n${output()}`);
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`app on ${baseURL} did not become healthy:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
