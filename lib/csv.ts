/**
 * CSV (RFC 4180) for exports opened in spreadsheet apps. Those apps run a cell that starts with
 * =, +, -, @, a tab or a carriage return as a formula, so such text (which customers control:
 * descriptions, addresses) gets a leading apostrophe and shows as plain text (OWASP "CSV
 * injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/** Lets Excel detect UTF-8 (Japanese text) when the file is opened directly. */
export const CSV_BYTE_ORDER_MARK = "\uFEFF";
