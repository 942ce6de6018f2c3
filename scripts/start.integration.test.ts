import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);

// `npm start` as an operator runs it, with one bad setting: it must stop before building or
// serving anything, saying which variable is wrong.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sg-start-settings-"));
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The build's marker file: its modification time, or null while there is no build. */
function buildStamp(): number | null {
  const file = path.resolve(".next/BUILD_ID");
  return fs.existsSync(file) ? fs.statSync(file).mtimeMs : null;
}

function start(settings: Record<string, string>) {
  return run("npx", ["tsx", "scripts/start.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, SUPPORTGATE_DATA_DIR: dataDir, ...settings },
    timeout: 30_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
}

describe("npm start with a bad setting", () => {
  it.each([
    [{ PORT: "abc" }, /PORT: expected a whole number from 1 to 65535/],
    [{ SMTP_URL: "nonsense" }, /SMTP_URL: expected an smtp:\/\/ or smtps:\/\/ URL/],
  ])("stops at once for %o, naming the variable", async (settings, message) => {
    const before = buildStamp();
    const started = Date.now();
    const result = await start(settings);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(message);
    expect(result.output).toContain("Invalid configuration");
    expect(result.output).not.toMatch(/building|SupportGate is running/);
    expect(buildStamp()).toBe(before);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
