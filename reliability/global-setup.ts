// The reliability suite's private PostgreSQL cluster (faults restart it, so never a shared
// server) and, in the full form, RELIABILITY.md written from the figures the scenarios recorded.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createCluster, destroyCluster, type PostgresCluster } from "./support/postgres-cluster.ts";
import { writeReport } from "./support/report.ts";

declare module "vitest" {
  export interface ProvidedContext {
    reliabilityCluster: PostgresCluster;
    reliabilityFiguresFile: string;
    reliabilityFull: boolean;
  }
}

export default async function setup(project: TestProject) {
  if (!fs.existsSync(path.resolve(".next/BUILD_ID"))) throw new Error("the reliability suite serves the production build: run `npx next build` first");
  const full = process.env.RELIABILITY_FULL === "1";
  const started = new Date();
  const cluster = await createCluster(Number(process.env.RELIABILITY_PG_PORT || 5499));
  const figuresFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "supportgate-reliability-figures-")), "figures.jsonl");
  fs.writeFileSync(figuresFile, "");
  project.provide("reliabilityCluster", cluster);
  project.provide("reliabilityFiguresFile", figuresFile);
  project.provide("reliabilityFull", full);

  return async () => {
    await destroyCluster(cluster);
    if (full) writeReport({ figuresFile, started, finished: new Date(), postgresVersion: postgresVersion(cluster) });
    fs.rmSync(path.dirname(figuresFile), { recursive: true, force: true });
  };
}

function postgresVersion(cluster: PostgresCluster): string {
  try {
    return execFileSync(path.join(cluster.binDir, "postgres"), ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}
