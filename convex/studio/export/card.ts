/**
 * The dataset card: pure. Each exportPage returns the counts of its own
 * records; the browser merges them page by page (mergeCardCounts, an
 * associative, commutative sum) and finishExport renders the README from the
 * total. Counts are lists of {key, count}, not records keyed by value, since
 * a persona may be any text and Convex object keys may not.
 */
import { v, type Infer } from "convex/values";
import type { ExportFormat } from "./formats";
import { defaultSystemPrompt, exampleLine, fileNameFor, PROVENANCE_PLACEMENT } from "./formats";
import type { ResolvedOptions } from "./options";

/** Beyond this many distinct values a list folds the rest into OTHER_KEY (the card stays readable and bounded). */
export const MAX_KEYS = 500;
export const OTHER_KEY = "(other)";
export const SCORE_BUCKETS = 11;

const keyCount = v.object({ key: v.string(), count: v.number() });
export const cardCountsValidator = v.object({
  exported: v.number(),
  train: v.number(),
  validation: v.number(),
  skipped: v.object({
    /** Outside the filters (template, batch, framework, minimum score, dates) or not approved. */
    filtered: v.number(),
    duplicates: v.number(),
    tooLong: v.number(),
    /** No client turn answered by the coach: nothing to train on. */
    unusable: v.number(),
  }),
  frameworks: v.array(v.object({ key: v.string(), train: v.number(), validation: v.number() })),
  personas: v.array(keyCount),
  emotions: v.array(keyCount),
  templateVersions: v.array(keyCount),
  models: v.array(keyCount),
  /** Exported records by score: bucket i holds scores in [i, i+1) (10 holds 10); unscored are counted apart. */
  scores: v.object({ buckets: v.array(v.number()), sum: v.number(), count: v.number(), min: v.optional(v.number()), max: v.optional(v.number()), unscored: v.number() }),
});
export type CardCounts = Infer<typeof cardCountsValidator>;
type KeyCount = { key: string; count: number };

export function emptyCardCounts(): CardCounts {
  return {
    exported: 0,
    train: 0,
    validation: 0,
    skipped: { filtered: 0, duplicates: 0, tooLong: 0, unusable: 0 },
    frameworks: [],
    personas: [],
    emotions: [],
    templateVersions: [],
    models: [],
    scores: { buckets: new Array<number>(SCORE_BUCKETS).fill(0), sum: 0, count: 0, unscored: 0 },
  };
}

function mergeKeyed<T extends { key: string }>(a: T[], b: T[], add: (x: T, y: T) => T): T[] {
  const byKey = new Map<string, T>();
  for (const item of [...a, ...b]) {
    const seen = byKey.get(item.key);
    byKey.set(item.key, seen ? add(seen, item) : { ...item });
  }
  const sorted = [...byKey.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  if (sorted.length <= MAX_KEYS) return sorted;
  // Fold the overflow into one row so the sums stay right.
  const kept = sorted.filter((item) => item.key !== OTHER_KEY).slice(0, MAX_KEYS - 1);
  const keptKeys = new Set(kept.map((item) => item.key));
  let other: T | undefined;
  for (const item of sorted) {
    if (keptKeys.has(item.key)) continue;
    other = other ? add(other, { ...item, key: OTHER_KEY }) : { ...item, key: OTHER_KEY };
  }
  return other ? [...kept, other] : kept;
}

const addCount = (x: KeyCount, y: KeyCount): KeyCount => ({ key: x.key, count: x.count + y.count });
const addSplit = (x: CardCounts["frameworks"][number], y: CardCounts["frameworks"][number]) => ({ key: x.key, train: x.train + y.train, validation: x.validation + y.validation });
const minOf = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
const maxOf = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

export function mergeCardCounts(a: CardCounts, b: CardCounts): CardCounts {
  return {
    exported: a.exported + b.exported,
    train: a.train + b.train,
    validation: a.validation + b.validation,
    skipped: {
      filtered: a.skipped.filtered + b.skipped.filtered,
      duplicates: a.skipped.duplicates + b.skipped.duplicates,
      tooLong: a.skipped.tooLong + b.skipped.tooLong,
      unusable: a.skipped.unusable + b.skipped.unusable,
    },
    frameworks: mergeKeyed(a.frameworks, b.frameworks, addSplit),
    personas: mergeKeyed(a.personas, b.personas, addCount),
    emotions: mergeKeyed(a.emotions, b.emotions, addCount),
    templateVersions: mergeKeyed(a.templateVersions, b.templateVersions, addCount),
    models: mergeKeyed(a.models, b.models, addCount),
    scores: {
      buckets: a.scores.buckets.map((count, i) => count + (b.scores.buckets[i] ?? 0)),
      sum: a.scores.sum + b.scores.sum,
      count: a.scores.count + b.scores.count,
      min: minOf(a.scores.min, b.scores.min),
      max: maxOf(a.scores.max, b.scores.max),
      unscored: a.scores.unscored + b.scores.unscored,
    },
  };
}

export type CountedRecord = {
  split: "train" | "validation";
  framework: string;
  persona?: string;
  emotion?: string;
  templateVersionLabel: string;
  model: string;
  score?: number;
};

/** Counts of one page's exported records (skips are counted by the caller). */
export function countRecords(records: CountedRecord[]): CardCounts {
  const counts = emptyCardCounts();
  const bump = (list: KeyCount[], key: string) => {
    const found = list.find((item) => item.key === key);
    if (found) found.count++;
    else list.push({ key, count: 1 });
  };
  for (const record of records) {
    counts.exported++;
    counts[record.split]++;
    let framework = counts.frameworks.find((item) => item.key === record.framework);
    if (!framework) counts.frameworks.push((framework = { key: record.framework, train: 0, validation: 0 }));
    framework[record.split]++;
    bump(counts.personas, record.persona ?? "(none)");
    bump(counts.emotions, record.emotion ?? "(none)");
    bump(counts.templateVersions, record.templateVersionLabel);
    bump(counts.models, record.model);
    if (record.score === undefined) counts.scores.unscored++;
    else {
      const bucket = Math.min(SCORE_BUCKETS - 1, Math.max(0, Math.floor(record.score)));
      counts.scores.buckets[bucket]++;
      counts.scores.sum += record.score;
      counts.scores.count++;
      counts.scores.min = minOf(counts.scores.min, record.score);
      counts.scores.max = maxOf(counts.scores.max, record.score);
    }
  }
  // Sorted like a merge, so one page's counts and a merged total compare equal.
  return mergeCardCounts(emptyCardCounts(), counts);
}

/** What a browser-supplied total must satisfy before finishExport trusts it for the audit and the card. */
export function cardCountsProblems(counts: CardCounts): string[] {
  const problems: string[] = [];
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (![counts.exported, counts.train, counts.validation].every(whole)) problems.push("counts must be whole numbers");
  if (counts.train + counts.validation !== counts.exported) problems.push("train + validation must equal exported");
  if (counts.scores.buckets.length !== SCORE_BUCKETS) problems.push(`scores has ${SCORE_BUCKETS} buckets`);
  for (const list of [counts.personas, counts.emotions, counts.templateVersions, counts.models, counts.frameworks]) {
    if (list.length > MAX_KEYS) problems.push(`at most ${MAX_KEYS} values per list`);
  }
  return problems;
}

// ---------------------------------------------------------------------------
// README

const pct = (part: number, whole: number) => (whole === 0 ? "0 %" : `${Math.round((part / whole) * 1000) / 10} %`);
const mdCell = (text: string) => text.replace(/\|/g, "\\|").replace(/[\r\n]+/g, " ");

function table(header: string[], rows: (string | number)[][]): string {
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const row of rows) lines.push(`| ${row.map((cell) => mdCell(String(cell))).join(" | ")} |`);
  return lines.join("\n");
}

const byCount = (list: KeyCount[]) => [...list].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));

export const REVIEW_POLICY =
  "Only conversations a reviewer approved are exported; template-test conversations never are. Near-duplicates (marked duplicateOf in review) are left out unless the export asked for them. Each record keeps its reviewer and review time in its provenance.";

export type CardMeta = { format: ExportFormat; options: ResolvedOptions; generatedAt: number; name?: string };

export function renderDatasetCard(counts: CardCounts, meta: CardMeta): string {
  const { format, options } = meta;
  const files = format === "csv" ? ["conversations.csv"] : [fileNameFor(format, "train"), ...(counts.validation > 0 ? [fileNameFor(format, "validation")] : [])];
  if (PROVENANCE_PLACEMENT[format] === "side_file") files.push("provenance.jsonl");
  const mean = counts.scores.count === 0 ? "n/a" : (counts.scores.sum / counts.scores.count).toFixed(2);
  const f = options.filters;
  const filterLines = [
    f.templateId ? `template ${f.templateId}` : undefined,
    f.batchId ? `batch ${f.batchId}` : undefined,
    f.framework ? `framework ${f.framework}` : undefined,
    f.minScore !== undefined ? `score ≥ ${f.minScore}` : undefined,
    f.from !== undefined ? `created from ${new Date(f.from).toISOString()}` : undefined,
    f.to !== undefined ? `created before ${new Date(f.to).toISOString()}` : undefined,
  ].filter((line): line is string => line !== undefined);
  const provenanceText =
    PROVENANCE_PLACEMENT[format] === "side_file"
      ? "`provenance.jsonl`: one object per exported line, `{\"file\":…,\"line\":…}` (1-based) plus the fields below — this format allows no extra keys in a record."
      : PROVENANCE_PLACEMENT[format] === "inline"
        ? "each record's `metadata` field."
        : "the row's own columns.";
  const sections = [
    `# ${meta.name ?? "Framewise coaching conversations"}`,
    `Synthetic coaching conversations generated from Framewise Studio templates and approved by human reviewers. Exported ${new Date(meta.generatedAt).toISOString()} as **${format}**.`,
    `## Files\n${files.map((file) => `- \`${file}\``).join("\n")}`,
    `## Example line\n\`\`\`\n${exampleLine(format)}\n\`\`\``,
    `## Size and split\n${table(["", "Records"], [["Exported", counts.exported], ["Train", counts.train], ["Validation", `${counts.validation} (${pct(counts.validation, counts.exported)})`]])}\n\nThe split follows a stable hash of each conversation's seed (template version + variable combination), salted per framework: variants of one seed are always on the same side, each framework gets about ${options.validationPercent} % validation, and the same data always splits the same way.`,
    `## Frameworks\n${table(["Framework", "Train", "Validation", "Validation share"], counts.frameworks.map((row) => [row.key, row.train, row.validation, pct(row.validation, row.train + row.validation)]))}`,
    `## Personas\n${table(["Persona", "Records"], byCount(counts.personas).map((row) => [row.key, row.count]))}`,
    `## Emotions\n${table(["Emotion", "Records"], byCount(counts.emotions).map((row) => [row.key, row.count]))}`,
    `## Quality\nDeterministic quality score (0–10; a reviewer's override replaces the scorer's value). Mean ${mean}, min ${counts.scores.min ?? "n/a"}, max ${counts.scores.max ?? "n/a"}, unscored ${counts.scores.unscored}.\n\n${table(["Score", "Records"], counts.scores.buckets.map((count, i) => [i === 10 ? "10" : `${i}–${i + 1}`, count]))}`,
    `## Template versions\n${table(["Template version", "Records"], byCount(counts.templateVersions).map((row) => [row.key, row.count]))}`,
    `## Models\n${table(["Model", "Records"], byCount(counts.models).map((row) => [row.key, row.count]))}`,
    `## Review policy\n${REVIEW_POLICY}`,
    `## Export options\n${[
      `- System prompt: ${options.includeSystemPrompt ? (options.systemPrompt ? "a custom prompt for every record" : "the default coaching prompt of each record's framework, e.g. GROW: \"" + defaultSystemPrompt("GROW") + "\"") : "not included"}`,
      "- Roles: the client is `user` (ShareGPT `human`), the coach is `assistant` (`gpt`). Consecutive turns of one speaker are joined; a trailing client turn is dropped" + (format === "bedrock" ? "; a coach opening is dropped so the record starts with the user." : "."),
      `- Filters: ${filterLines.length > 0 ? filterLines.join(", ") : "none"}`,
      `- Token limit: ${options.maxTokens !== undefined ? `records over ~${options.maxTokens} tokens (characters / 4) skipped` : "none"}`,
      `- Near-duplicates: ${options.includeDuplicates ? "included" : "excluded"}`,
      `- Validation share: ${options.validationPercent} %`,
    ].join("\n")}`,
    `## Skipped\n${table(["Reason", "Conversations"], [["Outside the filters or not approved", counts.skipped.filtered], ["Near-duplicate", counts.skipped.duplicates], ["Over the token limit", counts.skipped.tooLong], ["Nothing to train on", counts.skipped.unusable]])}`,
    `## Provenance\nEvery record's template, version, variables, seed, model, scores, reviewer and review time are in ${provenanceText}`,
  ];
  return `${sections.join("\n\n")}\n`;
}
