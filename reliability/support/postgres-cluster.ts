// A private PostgreSQL cluster for the reliability suite: the fault tests stop and start it, which
// nobody may do to a shared server. Made with the Debian binaries in a temporary folder, trust auth.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type PostgresCluster = { directory: string; port: number; binDir: string };

/**
 * The newest PostgreSQL's binaries: Debian keeps them per version under /usr/lib/postgresql
 * (scripts/ensure-postgres.sh installs them on CI); elsewhere pg_config knows where they are.
 */
export function postgresBinDir(): string {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, "bin", "pg_ctl")))
    : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions[0]) return path.join(root, versions[0], "bin");
  try {
    return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error(`no PostgreSQL binaries under ${root} or from pg_config: run scripts/ensure-postgres.sh first`);
  }
}

// PostgreSQL refuses to run as root: as root, run its binaries as the postgres user.
function ownerCommand(binary: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", binary, ...args]] : [binary, args];
}

// Asynchronous, so a test's load generator keeps running while the server stops and starts.
async function runAsOwner(binary: string, args: string[]): Promise<void> {
  const [command, commandArgs] = ownerCommand(binary, args);
  await promisify(execFile)(command, commandArgs, { cwd: os.tmpdir() });
}

export async function createCluster(port: number): Promise<PostgresCluster> {
  const binDir = postgresBinDir();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "supportgate-reliability-pg-"));
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", directory]);
  await runAsOwner(path.join(binDir, "initdb"), ["-D", path.join(directory, "data"), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
  const cluster = { directory, port, binDir };
  await startCluster(cluster);
  return cluster;
}

export function clusterUrl(cluster: Pick<PostgresCluster, "port">, database = "postgres"): string {
  return `postgresql://postgres@127.0.0.1:${cluster.port}/${database}`;
}

export async function startCluster(cluster: PostgresCluster): Promise<void> {
  const options = `-p ${cluster.port} -k ${cluster.directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  await runAsOwner(path.join(cluster.binDir, "pg_ctl"), ["-D", path.join(cluster.directory, "data"), "-l", path.join(cluster.directory, "log"), "-o", options, "-w", "start"]);
}

/** A fast shutdown: open connections are cut, as when the server crashes or is restarted. */
export async function stopCluster(cluster: PostgresCluster): Promise<void> {
  await runAsOwner(path.join(cluster.binDir, "pg_ctl"), ["-D", path.join(cluster.directory, "data"), "-m", "fast", "-w", "stop"]);
}

export async function destroyCluster(cluster: PostgresCluster): Promise<void> {
  await stopCluster(cluster).catch(() => undefined);
  fs.rmSync(cluster.directory, { recursive: true, force: true });
}

/** A fresh database on the cluster for one test file. */
export async function createClusterDatabase(cluster: Pick<PostgresCluster, "port">, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: clusterUrl(cluster) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return clusterUrl(cluster, name);
}
