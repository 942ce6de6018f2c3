// Runs once when a Next.js server process starts, before it serves any request.
export async function register() {
  // `next build` may load this file in its workers; the build must never touch the database.
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    const { startServerProcess } = await import("./lib/server/server-process.ts");
    await startServerProcess();
  }
}
