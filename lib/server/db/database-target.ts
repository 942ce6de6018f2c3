import path from "node:path";
import type { Environment } from "@/lib/server/config/environment.ts";

/**
 * Where the data lives. With DATABASE_URL set, that PostgreSQL server; otherwise an embedded
 * PostgreSQL (PGlite) inside the data folder, so a newcomer needs nothing installed.
 */
export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "embedded"; directory: string };

export function dataDirectory(env: Environment = process.env): string {
  // The data folder is runtime state, not source: keep the bundler from tracing it.
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.SUPPORTGATE_DATA_DIR || "data");
}

export function resolveDatabaseTarget(env: Environment = process.env): DatabaseTarget {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error("DATABASE_URL must be a postgres:// or postgresql:// URL");
    }
    return { kind: "postgres", url };
  }
  return { kind: "embedded", directory: path.join(dataDirectory(env), "pglite") };
}

/** A URL with the password hidden, for log lines. */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  if (target.kind === "embedded") return `embedded PostgreSQL (PGlite) in ${target.directory}`;
  const url = new URL(target.url);
  if (url.password) url.password = "***";
  return `PostgreSQL at ${url.host}${url.pathname}`;
}
