import "server-only";
import path from "node:path";
import { settings } from "@/lib/server/config/settings.ts";

/**
 * Where the data lives. With DATABASE_URL set, that PostgreSQL server; otherwise an embedded
 * PostgreSQL (PGlite) inside the data folder, so a newcomer needs nothing installed.
 */
export type DatabaseTarget =
  | { kind: "postgres"; url: string }
  | { kind: "embedded"; directory: string };

export function resolveDatabaseTarget(): DatabaseTarget {
  const { DATABASE_URL, SUPPORTGATE_DATA_DIR } = settings();
  if (DATABASE_URL) return { kind: "postgres", url: DATABASE_URL };
  return { kind: "embedded", directory: path.join(/*turbopackIgnore: true*/ SUPPORTGATE_DATA_DIR, "pglite") };
}

/** A URL with the password hidden, for log lines. */
export function describeDatabaseTarget(target: DatabaseTarget): string {
  if (target.kind === "embedded") return `embedded PostgreSQL (PGlite) in ${target.directory}`;
  const url = new URL(target.url);
  if (url.password) url.password = "***";
  return `PostgreSQL at ${url.host}${url.pathname}`;
}
