import { describe, expect, test, vi } from "vitest";
import { emptyCardCounts, type CardCounts } from "../../../../convex/studio/export/card";
import { CSV_HEADER } from "../../../../convex/studio/export/formats";
import { ExportAssembler, ExportCancelled, runExport, type ExportPageResult } from "./assembler";

function counts(train: number, validation: number, filtered = 0): CardCounts {
  const c = emptyCardCounts();
  c.exported = train + validation;
  c.train = train;
  c.validation = validation;
  c.skipped.filtered = filtered;
  c.frameworks = train + validation > 0 ? [{ key: "GROW", train, validation }] : [];
  c.scores.unscored = train + validation;
  return c;
}

const record = (n: number) => JSON.stringify({ messages: [{ role: "user", content: `hello ${n}` }, { role: "assistant", content: `what ${n}?` }] });

function openaiPage(lines: { split: "train" | "validation"; n: number }[], cursor: string | null, filtered = 0): ExportPageResult {
  const offsets = { train: 0, validation: 0 };
  return {
    lines: lines.map(({ split, n }) => ({ split, line: record(n) })),
    provenance: lines.map(({ split, n }) => ({ file: `${split}.jsonl`, line: ++offsets[split], conversationId: `c${n}` })),
    cardCounts: counts(lines.filter((l) => l.split === "train").length, lines.filter((l) => l.split === "validation").length, filtered),
    invalidLines: 0,
    scanned: lines.length + filtered,
    nextCursor: cursor,
    isDone: cursor === null,
  };
}

const text = (blob: Blob) => blob.text();

describe("runExport", () => {
  test("assembles train, validation, provenance and README from pages, passing cursors and offsets, and keeps going past an empty page", async () => {
    const pages = [
      openaiPage([{ split: "train", n: 1 }, { split: "validation", n: 2 }, { split: "train", n: 3 }], "p2"),
      openaiPage([], "p3", 5), // everything filtered, not done
      openaiPage([{ split: "train", n: 4 }], null),
    ];
    const page = vi.fn(async (args: { cursor: string | null; offsets: { train: number; validation: number } }) => pages[[null, "p2", "p3"].indexOf(args.cursor)]);
    const finish = vi.fn(async ({ counts }: { counts: CardCounts }) => ({ readme: `# Dataset\n\nExported ${counts.exported} (train ${counts.train}, validation ${counts.validation}); filtered ${counts.skipped.filtered}.`, exported: counts.exported }));
    const progress: number[] = [];
    const result = await runExport("openai", { validationPercent: 10 }, { start: async () => ({ exportId: "e1" }), page, finish }, { onProgress: (p) => progress.push(p.pages) });

    expect(page.mock.calls.map(([args]) => [args.cursor, args.offsets])).toEqual([
      [null, { train: 0, validation: 0 }],
      ["p2", { train: 2, validation: 1 }],
      ["p3", { train: 2, validation: 1 }],
    ]);
    expect(progress).toEqual([1, 2, 3]);
    expect(result.files.map((f) => f.name)).toEqual(["train.jsonl", "validation.jsonl", "provenance.jsonl", "README.md"]);
    const [train, validation, provenance, readme] = await Promise.all(result.files.map((f) => text(f.blob)));
    expect(train).toBe(`${record(1)}\n${record(3)}\n${record(4)}\n`);
    expect(validation).toBe(`${record(2)}\n`);
    for (const line of train.trimEnd().split("\n")) expect(JSON.parse(line)).toHaveProperty("messages");
    expect(provenance.trimEnd().split("\n").map((l) => (JSON.parse(l) as { conversationId: string }).conversationId)).toEqual(["c1", "c2", "c3", "c4"]);
    expect(readme).toContain("Exported 4 (train 3, validation 1); filtered 5.");
    expect(finish).toHaveBeenCalledWith(expect.objectContaining({ exportId: "e1" }));
    expect(result.progress).toMatchObject({ pages: 3, scanned: 9, exported: 4, train: 3, validation: 1, invalidLines: 0 });
    expect(result.files.find((f) => f.name === "train.jsonl")?.lines).toBe(3);
  });

  test("CSV: one conversations.csv, the header once (from start and the first page), CRLF records, no provenance file", async () => {
    const csvPage = (rows: string[], cursor: string | null, header?: string): ExportPageResult => ({
      lines: rows.map((line, i) => ({ split: i % 2 ? "validation" : "train", line })),
      provenance: null,
      cardCounts: counts(Math.ceil(rows.length / 2), Math.floor(rows.length / 2)),
      ...(header ? { header } : {}),
      invalidLines: 0,
      scanned: rows.length,
      nextCursor: cursor,
      isDone: cursor === null,
    });
    const pages = [csvPage(["a,train", "b,validation"], "next", CSV_HEADER), csvPage(["c,train"], null)];
    let i = 0;
    const result = await runExport("csv", {}, { start: async () => ({ exportId: "e2", header: CSV_HEADER }), page: async () => pages[i++], finish: async () => ({ readme: "# card", exported: 3 }) });
    expect(result.files.map((f) => f.name)).toEqual(["conversations.csv", "README.md"]);
    expect(await text(result.files[0].blob)).toBe(`${CSV_HEADER}\r\na,train\r\nb,validation\r\nc,train\r\n`);
  });

  test("cancel between pages stops the loop and never finishes the run", async () => {
    const controller = new AbortController();
    const finish = vi.fn();
    const page = vi.fn(async () => {
      controller.abort();
      return openaiPage([{ split: "train", n: 1 }], "more");
    });
    await expect(runExport("openai", {}, { start: async () => ({ exportId: "e3" }), page, finish }, { signal: controller.signal })).rejects.toBeInstanceOf(ExportCancelled);
    expect(page).toHaveBeenCalledTimes(1);
    expect(finish).not.toHaveBeenCalled();
  });
});

describe("ExportAssembler", () => {
  test("never retains a page's records: each page becomes at most one Blob per file, and changing the page afterwards changes nothing", async () => {
    const assembler = new ExportAssembler("openai");
    const pages = [1, 2, 3].map((p) => openaiPage([{ split: "train", n: p * 10 }, { split: "train", n: p * 10 + 1 }, { split: "validation", n: p * 10 + 2 }], p < 3 ? `p${p + 1}` : null));
    for (const page of pages) {
      assembler.add(page);
      // The caller drops the page; even mutating it must not reach the output.
      page.lines.length = 0;
      page.lines.push({ split: "train", line: "MUTATED" });
      (page.provenance as object[]).length = 0;
    }
    for (const held of assembler.held()) {
      expect(held.allBlobs).toBe(true);
      expect(held.parts).toBeLessThanOrEqual(pages.length);
    }
    const files = assembler.files();
    const train = await text(files[0].blob);
    expect(train).not.toContain("MUTATED");
    expect(train.trimEnd().split("\n")).toHaveLength(6);
    expect(await text(files[2].blob)).toContain('"conversationId":"c32"');
    expect(assembler.offsets).toEqual({ train: 6, validation: 3 });
  });
});
