// `npm start`: build once if there is no production build, then serve it. `npm run dev` (--dev):
// the development server behind the same front. The server applies pending migrations and seeds
// the demo itself at start (instrumentation.ts).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { settingsOrExit } from "@/lib/server/config/settings.ts";
import { closeDatabase } from "@/lib/server/db/client.ts";
import { stopProcessOutboxWorker } from "@/lib/server/email/process-worker.ts";
import { clientAddressHeaders, SERVER_SEAL_HEADER, trustedForwardedProto } from "@/lib/server/http/client-address.ts";
import { hasDecodablePath } from "@/lib/server/http/request-target.ts";
import { strictTransportSecurity } from "@/lib/server/http/security-headers.ts";
import { runtimeEnvironment } from "./runtime-env.ts";

// Settings first: a bad value stops here, with the variable named, before any build or serving.
const config = settingsOrExit();
const dev = process.argv.includes("--dev");
// proxy.ts trusts the client address only with this process's seal (lib/server/http/client-address.ts)
const seal = randomBytes(32).toString("base64url");
Object.assign(process.env, runtimeEnvironment(config, dev ? "development" : "production"), { SUPPORTGATE_SERVER_SEAL: seal });
const { PORT: port, APP_BASE_URL: baseUrl, TRUSTED_PROXY_HOPS: trustedProxyHops } = config;

if (!dev && !fs.existsSync(path.resolve(".next/BUILD_ID"))) {
  console.log("No production build yet: building (this takes a minute or two the first time)…");
  const build = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: process.env,
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// A small custom server rather than `next start`: Next only fills X-Forwarded-For when the client
// did not send one, so rate limits keyed on it could be dodged. Here the socket decides. HSTS is
// set here too, for every response, because only this server knows whether a trusted proxy
// received the request over TLS.
const app = next({ dev, dir: process.cwd(), port });
const handle = app.getRequestHandler();
await app.prepare();
const server = createServer((request, response) => {
  Object.assign(request.headers, clientAddressHeaders(request.headers["x-forwarded-for"], request.socket.remoteAddress, trustedProxyHops), {
    [SERVER_SEAL_HEADER]: seal,
  });
  const hsts = strictTransportSecurity(config, trustedForwardedProto(request.headers["x-forwarded-proto"], trustedProxyHops));
  if (hsts) response.setHeader("Strict-Transport-Security", hsts);
  if (!hasDecodablePath(request.url)) {
    response.writeHead(400, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
    response.end("Bad Request");
    return;
  }
  void handle(request, response);
});
server.listen(port, () => {
  console.log(`\nSupportGate is running at ${baseUrl}  (agents sign in at ${baseUrl}/agent/sign-in)\n`);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    // Finish in-flight requests and the mail being sent, then close the database (PGlite must be
    // closed cleanly).
    const forceExit = setTimeout(() => process.exit(1), 10_000);
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    void Promise.allSettled([serverClosed, stopProcessOutboxWorker()])
      .then(() => closeDatabase())
      .finally(() => {
        clearTimeout(forceExit);
        process.exit(0);
      });
  });
}
