import { describe, expect, test } from "vitest";
import { csvCell, csvFilename, toCsv } from "./csv";

describe("CSV export", () => {
  test("quotes fields with commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
  });

  test("renders empty values, numbers, booleans and objects", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("")).toBe("");
    expect(csvCell("   ")).toBe("");
    expect(csvCell("—")).toBe("");
    expect(csvCell({})).toBe("");
    expect(csvCell([])).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
    expect(csvCell(0)).toBe("0");
    expect(csvCell(-12.5)).toBe("-12.5");
    expect(csvCell(true)).toBe("true");
    expect(csvCell({ a: 1, b: "x,y" })).toBe('"{""a"":1,""b"":""x,y""}"');
  });

  test("defuses spreadsheet formulas", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-cmd")).toBe("'-cmd");
  });

  test("a row with empty values exports empty cells between the commas", () => {
    type Row = { actor?: string; details: Record<string, unknown> };
    const csv = toCsv<Row>(
      [
        { header: "actor", value: (r) => r.actor },
        { header: "details", value: (r) => r.details },
        { header: "n", value: () => 0 },
      ],
      [{ details: {} }],
    );
    expect(csv).toBe("actor,details,n\r\n,,0\r\n");
  });

  test("builds a header row and CRLF-separated records", () => {
    const csv = toCsv(
      [
        { header: "name", value: (r: { name: string; n: number }) => r.name },
        { header: "count, total", value: (r: { name: string; n: number }) => r.n },
      ],
      [
        { name: "a", n: 1 },
        { name: 'b "quoted"', n: 2 },
      ],
    );
    expect(csv).toBe('name,"count, total"\r\na,1\r\n"b ""quoted""",2\r\n');
  });

  test("file names carry the view and a timestamp", () => {
    expect(csvFilename("logs", new Date("2026-11-22T13:04:05Z"))).toBe("framewise-logs-2026-11-22-13-04-05.csv");
  });
});
