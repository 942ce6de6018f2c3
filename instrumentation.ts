// Runs once when a Next.js server process starts, before it serves any request.
export async function register() {
  // Not read from the environment: Next.js writes the runtime into each bundle in place of this
  // expression, which is what lets the bundler leave the Node.js-only code out of the Edge one.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Settings first, so that a bad value stops the server with the variable named.
    const { settingsOrExit } = await import("./lib/server/config/settings.ts");
    const config = settingsOrExit();
    // `next build` may load this file in its workers; the build must never touch the database.
    if (config.NEXT_PHASE !== "phase-production-build") {
      // Rate limits key on the client's address. Only our server (npm start, npm run dev) or a
      // trusted proxy in front can say what it is: plain `next start` and `next dev` pass on
      // whatever X-Forwarded-For the client sent.
      if (!config.SUPPORTGATE_SERVER_SEAL && config.TRUSTED_PROXY_HOPS === 0) {
        console.error(
          "SupportGate must be started with `npm start` (or `npm run dev`), which see each client's address; " +
            "behind a reverse proxy that appends to X-Forwarded-For, plain `next start` works with TRUSTED_PROXY_HOPS set.",
        );
        process.exit(1);
      }
      const { startServerProcess } = await import("./lib/server/server-process.ts");
      await startServerProcess();
    }
  }
}
