import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDirectory } from "@/lib/server/db/database-target.ts";

/**
 * Fills in what a zero-configuration start needs: the port, the public URL, and a session
 * secret kept in the data folder (so sign-ins survive restarts). Explicit settings always win;
 * several instances behind a load balancer must share an explicit NEXTAUTH_SECRET.
 */
export function runtimeEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const port = env.PORT || "3000";
  const baseUrl = env.APP_BASE_URL || env.NEXTAUTH_URL || `http://localhost:${port}`;
  return {
    ...env,
    PORT: port,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_BASE_URL: baseUrl,
    NEXTAUTH_URL: env.NEXTAUTH_URL || baseUrl,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET || persistedSecret(env),
  };
}

function persistedSecret(env: NodeJS.ProcessEnv): string {
  const file = path.join(dataDirectory(env), "nextauth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  fs.writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
