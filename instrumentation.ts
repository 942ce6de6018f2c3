// Runs once when a Next.js server process starts, before it serves any request.
export async function register() {
  // Not read from the environment: Next.js writes the runtime into each bundle in place of this
  // expression, which is what lets the bundler leave the Node.js-only code out of the Edge one.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Settings first, so that a bad value stops the server with the variable named.
    const { settingsOrExit } = await import("./lib/server/config/settings.ts");
    // `next build` may load this file in its workers; the build must never touch the database.
    if (settingsOrExit().NEXT_PHASE !== "phase-production-build") {
      const { startServerProcess } = await import("./lib/server/server-process.ts");
      await startServerProcess();
    }
  }
}
