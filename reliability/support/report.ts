// RELIABILITY.md from the figures of a full run: what was sent, broken and checked, and the
// outcome (lost, duplicated, 5xx), with the command, date and machine that produced them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ScenarioFigures } from "./figures.ts";

const COLUMNS = ["requests", "faults", "inputs", "rowsChecked", "lost", "duplicates", "serverErrors"] as const;
const HEADINGS = ["requests", "faults injected", "inputs tried", "rows checked", "lost", "duplicates", "5xx"];

export function writeReport({ figuresFile, started, finished, postgresVersion }: {
  figuresFile: string;
  started: Date;
  finished: Date;
  postgresVersion: string;
}): void {
  const scenarios = fs
    .readFileSync(figuresFile, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ScenarioFigures);
  const total = (column: (typeof COLUMNS)[number]) => scenarios.reduce((sum, scenario) => sum + (scenario[column] ?? 0), 0);
  const cell = (value: number | undefined) => (value === undefined ? "–" : value.toLocaleString("en-US"));
  const cpus = os.cpus();
  const lines = [
    "# Reliability figures",
    "",
    "Produced by the full form of the reliability suite (README, \"Reliability suite\"):",
    "",
    "```sh",
    "npm run test:reliability",
    "```",
    "",
    `- date: ${started.toISOString()} (took ${Math.round((finished.getTime() - started.getTime()) / 1000)} s)`,
    `- machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Node.js ${process.version}, ${postgresVersion} (a private cluster the suite creates, restarts and removes)`,
    "",
    `| scenario | ${HEADINGS.join(" | ")} |`,
    `|---|${HEADINGS.map(() => "---:").join("|")}|`,
    ...scenarios.map((scenario) => `| ${scenario.scenario} | ${COLUMNS.map((column) => cell(scenario[column])).join(" | ")} |`),
    `| **total** | ${COLUMNS.map((column) => `**${cell(total(column))}**`).join(" | ")} |`,
    "",
    "Notes per scenario:",
    "",
    ...scenarios.filter((scenario) => scenario.notes).map((scenario) => `- ${scenario.scenario}: ${scenario.notes}`),
    "",
    "A scenario records its figures only after all of its assertions passed, so every row above is a passing run.",
    "",
  ];
  fs.writeFileSync(path.resolve("RELIABILITY.md"), lines.join("\n"));
}
