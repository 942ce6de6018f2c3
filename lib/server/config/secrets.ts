import "server-only";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { settings, type Settings } from "./settings.ts";

/**
 * The key that signs sessions and derives status-link tokens. NEXTAUTH_SECRET when set (it must
 * be the same on every instance); otherwise one generated into the data folder on first use,
 * so a zero-configuration demo keeps its sign-ins and links across restarts.
 */
export function applicationSecret(config: Settings = settings()): string {
  if (config.NEXTAUTH_SECRET) return config.NEXTAUTH_SECRET;
  const file = path.join(config.SUPPORTGATE_DATA_DIR, "nextauth-secret");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  // "wx" fails if another process wrote it first; then read theirs.
  try {
    fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return fs.readFileSync(file, "utf8").trim();
  }
}
