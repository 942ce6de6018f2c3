import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { categorySlug } from "@/lib/self-help/flows.ts";
import type { BenchContext } from "./context.ts";
import { ms, percentiles, ratio, verdict, type Percentiles } from "./stats.ts";

const PAGES: [name: string, route: string][] = [
  ["start page", "/"],
  ["self-help step (email)", `/help/${categorySlug("EMAIL")}`],
  ["ticket form (email)", `/help/${categorySlug("EMAIL")}/request`],
];
const TARGET_KB = 120;
const KB = 1024;

function gzipSize(file: string): number {
  return zlib.gzipSync(fs.readFileSync(file)).length;
}

/** The framework's own chunks (React, React DOM, the Next.js client), which every page loads. */
function frameworkChunks(): Set<string> {
  const manifest = JSON.parse(fs.readFileSync(".next/build-manifest.json", "utf8")) as { rootMainFiles: string[] };
  return new Set(manifest.rootMainFiles.map((file) => `/_next/${file}`));
}

/**
 * First-load JavaScript of a page: the scripts its HTML loads (module scripts; the legacy
 * polyfills are `nomodule` and skipped by every current browser), read from the build output
 * and gzipped.
 */
function firstLoadJs(html: string, framework: Set<string>): { total: number; framework: number; scripts: number } {
  const sources = new Set<string>();
  for (const match of html.matchAll(/<script\b([^>]*)>/g)) {
    const attributes = match[1]!;
    const source = /\bsrc="([^"]+)"/.exec(attributes)?.[1];
    if (source && !/\bnomodule\b/i.test(attributes)) sources.add(source.replace(/\?.*$/, ""));
  }
  for (const match of html.matchAll(/<link\b[^>]*rel="preload"[^>]*as="script"[^>]*>/g)) {
    const source = /\bhref="([^"]+)"/.exec(match[0])?.[1];
    if (source) sources.add(source.replace(/\?.*$/, ""));
  }
  let total = 0;
  let frameworkBytes = 0;
  for (const source of sources) {
    if (!source.startsWith("/_next/static/")) continue;
    const size = gzipSize(path.join(".next", source.slice("/_next/".length)));
    total += size;
    if (framework.has(source)) frameworkBytes += size;
  }
  return { total, framework: frameworkBytes, scripts: sources.size };
}

async function responseTimes(url: string, iterations: number): Promise<Percentiles> {
  const samples: number[] = [];
  for (let i = 0; i < iterations + 3; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { "accept-language": "en" } });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url} answered ${response.status}`);
    if (i >= 3) samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

export async function benchPages(context: BenchContext): Promise<string> {
  const iterations = context.quick ? 10 : 100;
  const framework = frameworkChunks();
  const health = await responseTimes(`${context.app.baseUrl}/api/health`, iterations);
  const rows: string[] = [];
  let worstIntake = 0;
  for (const [name, route] of PAGES) {
    const response = await fetch(`${context.app.baseUrl}${route}`, { headers: { "accept-language": "en" } });
    if (!response.ok) throw new Error(`${route} answered ${response.status}`);
    const js = firstLoadJs(await response.text(), framework);
    const times = await responseTimes(`${context.app.baseUrl}${route}`, iterations);
    worstIntake = Math.max(worstIntake, js.total);
    context.log(`pages: ${route}: ${(js.total / KB).toFixed(1)} KB gzip, p50 ${ms(times.p50)} ms`);
    rows.push(
      `| ${name} \`${route}\` | ${js.scripts} | ${(js.total / KB).toFixed(1)} | ${(js.framework / KB).toFixed(1)} | ${((js.total - js.framework) / KB).toFixed(1)} | ${ms(times.p50)} | ${ms(times.p95)} | ${ratio(times.p50 / health.p50)} |`,
    );
  }
  return `## Pages

First-load JavaScript: the scripts each page's HTML loads, read from the build output (\`.next/static\`)
and gzipped; "framework" is the part every page shares (React, React DOM, the Next.js client —
\`rootMainFiles\` of \`.next/build-manifest.json\`), "ours" the rest. Response time: ${iterations} requests in a
row for the server-rendered HTML, against \`GET /api/health\` (one \`SELECT 1\`) as the baseline:
health p50 ${ms(health.p50)} ms, p95 ${ms(health.p95)} ms.

| page | scripts | first-load JS KB gzip | framework | ours | p50 ms | p95 ms | p50 ratio to health |
|---|---:|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}

| target | worst measured | |
|---|---|---|
| intake pages ≤ ${TARGET_KB} KB gzip | ${(worstIntake / KB).toFixed(1)} KB | ${verdict(worstIntake <= TARGET_KB * KB)} |

${PAGES_FINDINGS}`;
}

const PAGES_FINDINGS = `### Why the ${TARGET_KB} KB target is missed

The framework alone — React 19, React DOM and the Next.js 16 App Router client, which every page
of an App Router application loads before any of our code — is larger than the target by itself
(the "framework" column), so no change in this repository can bring a page under ${TARGET_KB} KB short
of leaving the App Router. What is ours is the "ours" column: messages of the page's namespaces,
next-intl's client provider, and on the ticket form react-hook-form, the zod/mini schemas and the
screenshot picker.`;
