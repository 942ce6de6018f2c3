import { settings } from "./lib/server/config/settings.ts";

// Runs once when a Next.js server process starts, before it serves any request.
export async function register() {
  // Read first, so that a bad setting stops the server with the variable named.
  const { NEXT_RUNTIME, NEXT_PHASE } = settings();
  // `next build` may load this file in its workers; the build must never touch the database.
  if (NEXT_RUNTIME === "nodejs" && NEXT_PHASE !== "phase-production-build") {
    const { startServerProcess } = await import("./lib/server/server-process.ts");
    await startServerProcess();
  }
}
