// The figures each scenario reports (requests, faults, inputs, rows checked, lost, duplicates,
// 5xx), appended to one JSON-lines file the global teardown turns into RELIABILITY.md.
import fs from "node:fs";
import { inject } from "vitest";

export type ScenarioFigures = {
  scenario: string;
  requests?: number;
  faults?: number;
  inputs?: number;
  rowsChecked?: number;
  lost?: number;
  duplicates?: number;
  serverErrors?: number;
  notes?: string;
};

export function recordFigures(figures: ScenarioFigures): void {
  console.log(`[reliability] ${JSON.stringify(figures)}`);
  fs.appendFileSync(inject("reliabilityFiguresFile"), `${JSON.stringify(figures)}\n`);
}

/** The full form (`npm run test:reliability`) or the short one `npm test` runs. */
export function isFullRun(): boolean {
  return inject("reliabilityFull");
}

/** `short` in the short form, `full` in the full one. */
export function sized(short: number, full: number): number {
  return isFullRun() ? full : short;
}
