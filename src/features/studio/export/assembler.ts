/**
 * The browser side of an export, free of React: the loop the export README
 * describes (startExport → exportPage until isDone → finishExport) and the
 * assembler that writes each page straight into Blob parts. A page's records
 * are turned into one Blob per file as soon as the page arrives and the page
 * is dropped, so at most one page of records is ever held as JS objects.
 */
import { emptyCardCounts, mergeCardCounts, type CardCounts } from "../../../../convex/studio/export/card";
import { CSV_LINE_END, fileNameFor, type ExportFormat, type SplitName } from "../../../../convex/studio/export/formats";

export type PageLine = { split: SplitName; line: string };

/** What exportPage returns, as far as the browser needs it. */
export type ExportPageResult = {
  lines: PageLine[];
  provenance: object[] | null;
  cardCounts: CardCounts;
  header?: string;
  invalidLines: number;
  scanned: number;
  nextCursor: string | null;
  isDone: boolean;
};

export type ExportProgress = { pages: number; scanned: number; exported: number; train: number; validation: number; invalidLines: number };

export type ExportFile = { name: string; blob: Blob; lines: number };

const JSONL_TYPE = "application/jsonl";
const CSV_TYPE = "text/csv";

/** Writes pages into per-file Blob parts; holds strings only until the page's Blob is made. */
export class ExportAssembler {
  private readonly parts = new Map<string, Blob[]>();
  private readonly lineCounts = new Map<string, number>();
  private provenance: Blob[] = [];
  private provenanceLines = 0;
  private counts: CardCounts = emptyCardCounts();
  private readonly end: string;
  readonly offsets = { train: 0, validation: 0 };
  readonly progress: ExportProgress = { pages: 0, scanned: 0, exported: 0, train: 0, validation: 0, invalidLines: 0 };

  constructor(readonly format: ExportFormat) {
    this.end = format === "csv" ? CSV_LINE_END : "\n";
    if (format === "csv") this.ensure("conversations.csv");
    else {
      this.ensure(fileNameFor(format, "train"));
      this.ensure(fileNameFor(format, "validation"));
    }
  }

  private ensure(name: string): Blob[] {
    let list = this.parts.get(name);
    if (!list) {
      list = [];
      this.parts.set(name, list);
      this.lineCounts.set(name, 0);
    }
    return list;
  }

  /** The CSV header record, once, before any row (startExport or the first page gives it). */
  header(header: string | undefined): void {
    if (header === undefined || this.format !== "csv") return;
    const file = "conversations.csv";
    if ((this.lineCounts.get(file) ?? 0) > 0 || this.ensure(file).length > 0) return;
    this.ensure(file).push(new Blob([header + this.end], { type: CSV_TYPE }));
  }

  /** Appends one page; nothing of `page` is kept after this returns. */
  add(page: ExportPageResult): void {
    this.header(page.header);
    const texts = new Map<string, string[]>();
    for (const { split, line } of page.lines) {
      const name = fileNameFor(this.format, split);
      let list = texts.get(name);
      if (!list) texts.set(name, (list = []));
      list.push(line + this.end);
      this.offsets[split]++;
    }
    for (const [name, list] of texts) {
      this.ensure(name).push(new Blob(list, { type: this.format === "csv" ? CSV_TYPE : JSONL_TYPE }));
      this.lineCounts.set(name, (this.lineCounts.get(name) ?? 0) + list.length);
    }
    if (page.provenance && page.provenance.length > 0) {
      this.provenance.push(new Blob(page.provenance.map((p) => `${JSON.stringify(p)}\n`), { type: JSONL_TYPE }));
      this.provenanceLines += page.provenance.length;
    }
    this.counts = mergeCardCounts(this.counts, page.cardCounts);
    this.progress.pages++;
    this.progress.scanned += page.scanned;
    this.progress.invalidLines += page.invalidLines;
    this.progress.exported = this.counts.exported;
    this.progress.train = this.offsets.train;
    this.progress.validation = this.offsets.validation;
  }

  cardCounts(): CardCounts {
    return this.counts;
  }

  /** What is held: Blob parts per file (for tests: nothing but Blobs, one per page and file at most). */
  held(): { file: string; parts: number; allBlobs: boolean }[] {
    const all = [...this.parts.entries(), ["provenance.jsonl", this.provenance] as [string, Blob[]]];
    return all.map(([file, parts]) => ({ file, parts: parts.length, allBlobs: parts.every((part) => part instanceof Blob) }));
  }

  /** The data files, in a stable order (train, validation, provenance | conversations.csv). */
  files(): ExportFile[] {
    const out: ExportFile[] = [];
    for (const [name, parts] of this.parts) {
      out.push({ name, blob: new Blob(parts, { type: this.format === "csv" ? `${CSV_TYPE};charset=utf-8` : JSONL_TYPE }), lines: this.lineCounts.get(name) ?? 0 });
    }
    if (this.format === "openai" || this.format === "bedrock") {
      out.push({ name: "provenance.jsonl", blob: new Blob(this.provenance, { type: JSONL_TYPE }), lines: this.provenanceLines });
    }
    return out;
  }
}

export type ExportCalls<Options> = {
  start: (args: { format: ExportFormat; options: Options }) => Promise<{ exportId: string; header?: string }>;
  page: (args: { format: ExportFormat; options: Options; cursor: string | null; offsets: { train: number; validation: number } }) => Promise<ExportPageResult>;
  finish: (args: { exportId: string; counts: CardCounts }) => Promise<{ readme: string; exported: number }>;
};

export class ExportCancelled extends Error {
  override name = "ExportCancelled";
  constructor() {
    super("The export was cancelled.");
  }
}

/**
 * Runs one export to the end: returns the files plus README.md. Throws
 * ExportCancelled when `signal` aborts between pages (the run is left
 * unfinished on the server: it was never audited as finished).
 */
export async function runExport<Options>(
  format: ExportFormat,
  options: Options,
  calls: ExportCalls<Options>,
  { signal, onProgress }: { signal?: AbortSignal; onProgress?: (progress: ExportProgress) => void } = {},
): Promise<{ files: ExportFile[]; readme: string; exported: number; counts: CardCounts; progress: ExportProgress }> {
  const { exportId, header } = await calls.start({ format, options });
  const assembler = new ExportAssembler(format);
  assembler.header(header);
  let cursor: string | null = null;
  for (;;) {
    if (signal?.aborted) throw new ExportCancelled();
    const page = await calls.page({ format, options, cursor, offsets: { ...assembler.offsets } });
    if (signal?.aborted) throw new ExportCancelled();
    assembler.add(page);
    onProgress?.({ ...assembler.progress });
    if (page.isDone) break;
    // A page may hold no lines (all filtered) while not done: keep going.
    cursor = page.nextCursor;
    if (cursor === null) break;
  }
  const counts = assembler.cardCounts();
  const { readme, exported } = await calls.finish({ exportId, counts });
  const files = [...assembler.files(), { name: "README.md", blob: new Blob([readme], { type: "text/markdown;charset=utf-8" }), lines: readme.split("\n").length }];
  return { files, readme, exported, counts, progress: { ...assembler.progress } };
}
