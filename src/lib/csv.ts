import { downloadText } from "./download";

export type CsvColumn<Row> = { header: string; value: (row: Row) => unknown };

/**
 * Nothing to say: null, undefined, NaN, blank text, an empty array or an
 * empty object. These export as an empty cell, never as "{}", "[]", "null"
 * or the "—" a screen shows for them.
 */
function isEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === "number") return Number.isNaN(value);
  if (typeof value === "string") return value.trim() === "" || value === "—";
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value).length === 0;
  return false;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF;
 * quotes doubled. A leading =, +, - or @ (or tab/CR) gets a single quote in
 * front so a spreadsheet shows it as text instead of running it as a formula.
 */
export function csvCell(value: unknown): string {
  if (isEmpty(value)) return "";
  let text = typeof value === "object" ? JSON.stringify(value) : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<Row>(columns: CsvColumn<Row>[], rows: Row[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

export function downloadCsv<Row>(filename: string, columns: CsvColumn<Row>[], rows: Row[]): void {
  downloadText(filename, toCsv(columns, rows), "text/csv");
}

export function csvFilename(view: string, now = new Date()): string {
  return `framewise-${view}-${now.toISOString().slice(0, 19).replace(/[:T]/g, "-")}.csv`;
}
