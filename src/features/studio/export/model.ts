/**
 * The export form, free of React: its state, the args it sends, and the
 * problems it shows before sending (the server's own optionProblems, so the
 * two can never disagree).
 */
import type { Id } from "../../../../convex/_generated/dataModel";
import { CSV_HEADER, EXPORT_FORMATS, exampleLine, type ExportFormat } from "../../../../convex/studio/export/formats";
import { DEFAULT_VALIDATION_PERCENT, optionProblems, type ExportOptions, type OptionProblem } from "../../../../convex/studio/export/options";

export { EXPORT_FORMATS, type ExportFormat };

export const FORMAT_INFO: Record<ExportFormat, { label: string; summary: string; files: string }> = {
  openai: { label: "OpenAI chat", summary: "OpenAI chat fine-tuning: {\"messages\": […]}. Provenance goes in a side file.", files: "train.jsonl, validation.jsonl, provenance.jsonl, README.md" },
  bedrock: { label: "Amazon Bedrock (Claude)", summary: "system plus strictly alternating messages, user first, assistant last, no other keys.", files: "train.jsonl, validation.jsonl, provenance.jsonl, README.md" },
  trl: { label: "Hugging Face TRL", summary: "Conversational messages for SFTTrainer; provenance inline as metadata.", files: "train.jsonl, validation.jsonl, README.md" },
  sharegpt: { label: "ShareGPT", summary: "conversations of {from: system|human|gpt, value}; provenance inline as metadata.", files: "train.jsonl, validation.jsonl, README.md" },
  csv: { label: "CSV", summary: "One row per conversation with a split column, scores and provenance as columns.", files: "conversations.csv, README.md" },
};

/** The example line shown for a format: the formatter's own output, so it can never drift (CSV under its header). */
export function exampleFor(format: ExportFormat): string {
  return format === "csv" ? `${CSV_HEADER}\n${exampleLine(format)}` : exampleLine(format);
}

/** Everything as typed: strings for the inputs, so a half-typed number is not lost. */
export type ExportForm = {
  format: ExportFormat;
  includeSystemPrompt: boolean;
  customPrompt: boolean;
  systemPrompt: string;
  templateId: string;
  batchId: string;
  framework: string;
  minScore: string;
  /** yyyy-mm-dd, UTC days. */
  from: string;
  to: string;
  maxTokens: string;
  includeDuplicates: boolean;
  validationPercent: string;
};

export function defaultForm(): ExportForm {
  return {
    format: "openai",
    includeSystemPrompt: true,
    customPrompt: false,
    systemPrompt: "",
    templateId: "",
    batchId: "",
    framework: "",
    minScore: "",
    from: "",
    to: "",
    maxTokens: "",
    includeDuplicates: false,
    validationPercent: String(DEFAULT_VALIDATION_PERCENT),
  };
}

const DAY_MS = 86_400_000;

/** A yyyy-mm-dd input as ms at the start of that UTC day; undefined when blank, NaN when not a date. */
export function dayStart(value: string): number | undefined {
  const text = value.trim();
  if (text === "") return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return Number.NaN;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return new Date(ms).toISOString().slice(0, 10) === text ? ms : Number.NaN;
}

const numberOrUndefined = (value: string): number | undefined => (value.trim() === "" ? undefined : Number(value.trim()));

/**
 * The form as startExport/exportPage options. Dates are inclusive days: "to"
 * 2026-11-03 sends the start of 11-04 (the server's `to` is exclusive).
 */
export function optionsFromForm(form: ExportForm): ExportOptions {
  const filters: NonNullable<ExportOptions["filters"]> = {};
  if (form.templateId) filters.templateId = form.templateId as Id<"promptTemplates">;
  if (form.batchId.trim()) filters.batchId = form.batchId.trim() as Id<"generationBatches">;
  if (form.framework.trim()) filters.framework = form.framework.trim();
  const minScore = numberOrUndefined(form.minScore);
  if (minScore !== undefined) filters.minScore = minScore;
  const from = dayStart(form.from);
  if (from !== undefined) filters.from = from;
  const to = dayStart(form.to);
  if (to !== undefined) filters.to = Number.isNaN(to) ? to : to + DAY_MS;
  const options: ExportOptions = {
    includeSystemPrompt: form.includeSystemPrompt,
    includeDuplicates: form.includeDuplicates,
  };
  if (form.includeSystemPrompt && form.customPrompt) options.systemPrompt = form.systemPrompt;
  const maxTokens = numberOrUndefined(form.maxTokens);
  if (maxTokens !== undefined) options.maxTokens = maxTokens;
  const validationPercent = numberOrUndefined(form.validationPercent);
  if (validationPercent !== undefined) options.validationPercent = validationPercent;
  if (Object.keys(filters).length > 0) options.filters = filters;
  return options;
}

/** Problems to show before sending; field names match the form's inputs (filters.from → "from"). */
export function formProblems(form: ExportForm): OptionProblem[] {
  const problems: OptionProblem[] = [];
  for (const key of ["from", "to"] as const) {
    if (Number.isNaN(dayStart(form[key]) ?? 0)) problems.push({ field: key, message: "Enter a date as yyyy-mm-dd." });
  }
  for (const key of ["minScore", "maxTokens", "validationPercent"] as const) {
    const value = numberOrUndefined(form[key]);
    if (value !== undefined && Number.isNaN(value)) problems.push({ field: key, message: "Enter a number." });
  }
  if (problems.length > 0) return problems;
  return optionProblems(optionsFromForm(form)).map((p) => ({ field: p.field.replace(/^filters\./, ""), message: p.message }));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
