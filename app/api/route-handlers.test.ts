import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isWrappedRouteHandler } from "@/lib/server/http/route-handler.ts";

// Every route handler under app/api goes through lib/server/http/route-handler.ts (caller,
// origin check, body limit, error answers); a handler written any other way fails here.
const API_DIR = path.resolve(import.meta.dirname);
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function routeFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

describe("route handlers", () => {
  const files = routeFiles(API_DIR);

  it("are found (the health check and the intake API at least)", () => {
    const routes = files.map((file) => path.relative(API_DIR, file));
    expect(routes).toEqual(expect.arrayContaining(["health/route.ts", "v1/tickets/route.ts", "agent/tickets/route.ts"]));
  });

  it.each(files.map((file) => [path.relative(API_DIR, file), file]))("%s answers only through the route layer", async (_name, file) => {
    const routeModule = (await import(file)) as Record<string, unknown>;
    const handlers = Object.entries(routeModule).filter(([name]) => HTTP_METHODS.includes(name));
    expect(handlers.length).toBeGreaterThan(0);
    for (const [method, handler] of handlers) expect([method, isWrappedRouteHandler(handler)]).toEqual([method, true]);
  });
});
