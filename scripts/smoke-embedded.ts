// Embedded-default smoke run (CI): start on PGlite with no DATABASE_URL, file a ticket through
// the public intake API, restart the app, and check the ticket is still there.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const port = Number(process.env.SMOKE_PORT || 3190);
const baseUrl = `http://localhost:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "supportgate-smoke-"));
const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), SUPPORTGATE_DATA_DIR: dataDir };
delete env.DATABASE_URL;

function fail(message: string): never {
  throw new Error(`smoke: ${message}`);
}

async function startApp(): Promise<ChildProcess> {
  // One plain node process: a SIGTERM reaches the app itself (through npx it was lost, leaving the
  // first instance serving, and holding the data folder, while the "restarted" one failed).
  const app = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "inherit", "inherit"] });
  for (let attempt = 0; attempt < 240; attempt++) {
    if (app.exitCode !== null) fail(`the app exited with code ${app.exitCode}`);
    const healthy = await fetch(`${baseUrl}/api/health`).then((response) => response.ok).catch(() => false);
    if (healthy) return app;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  fail("the app did not become healthy within 2 minutes");
}

async function stopApp(app: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => app.once("exit", resolve));
  app.kill("SIGTERM");
  await exited;
}

async function main() {
  let app = await startApp();
  try {
    for (const [language, heading] of [["ja", "アカウント"], ["en", "account"]] as const) {
      const html = await (await fetch(baseUrl, { headers: { "accept-language": language } })).text();
      if (!html.includes(`lang="${language}"`) || !html.includes(heading)) fail(`home page did not render in ${language}`);
    }
    const response = await fetch(`${baseUrl}/api/v1/tickets`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": "smoke-embedded-1" },
      body: JSON.stringify({
        category: "EMAIL",
        contactEmail: "smoke@example.com",
        language: "en",
        description: "Smoke test: the verification email does not arrive.",
        details: { mailType: "SIGNUP_VERIFICATION", checkedSpam: true },
      }),
    });
    if (response.status !== 201) fail(`intake answered ${response.status}: ${await response.text()}`);
    const { reference, statusUrl } = (await response.json()) as { reference: string; statusUrl: string };
    console.log(`smoke: filed ${reference}`);

    await stopApp(app);
    app = await startApp();

    const statusPage = await fetch(statusUrl);
    const html = await statusPage.text();
    if (statusPage.status !== 200 || !html.includes(reference)) fail(`after a restart ${reference} is gone (${statusPage.status})`);
    console.log(`smoke: ${reference} is still there after a restart — passed`);
  } finally {
    await stopApp(app);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
