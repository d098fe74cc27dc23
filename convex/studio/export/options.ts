/**
 * Export options: the argument shape, the defaults and the checks, pure.
 * A refused option names its field; nothing is read before the options pass.
 */
import { v, type Infer } from "convex/values";

export const DEFAULT_VALIDATION_PERCENT = 10;
export const MAX_VALIDATION_PERCENT = 50;
export const MAX_SYSTEM_PROMPT_CHARS = 8_000;
export const MAX_TOKENS_LIMIT = 1_000_000;

export const exportFiltersValidator = v.object({
  templateId: v.optional(v.id("promptTemplates")),
  batchId: v.optional(v.id("generationBatches")),
  framework: v.optional(v.string()),
  /** On the 0–10 scale; compares with the list's score (an override when there is one). */
  minScore: v.optional(v.number()),
  /** createdAt range, ms since the epoch: from inclusive, to exclusive. */
  from: v.optional(v.number()),
  to: v.optional(v.number()),
});

export const exportOptionsValidator = v.object({
  /** Default true: each record starts with the coach's system prompt. */
  includeSystemPrompt: v.optional(v.boolean()),
  /** Replaces the per-framework default prompt. */
  systemPrompt: v.optional(v.string()),
  filters: v.optional(exportFiltersValidator),
  /** Skip records whose estimate (characters / 4) is above this. */
  maxTokens: v.optional(v.number()),
  /** Default false: conversations review marked as near-duplicates (duplicateOf) stay out. */
  includeDuplicates: v.optional(v.boolean()),
  /** Default 10; 0 puts everything in train. */
  validationPercent: v.optional(v.number()),
});
export type ExportOptions = Infer<typeof exportOptionsValidator>;
export type ExportFilters = Infer<typeof exportFiltersValidator>;

export const resolvedOptionsValidator = v.object({
  includeSystemPrompt: v.boolean(),
  systemPrompt: v.optional(v.string()),
  filters: exportFiltersValidator,
  maxTokens: v.optional(v.number()),
  includeDuplicates: v.boolean(),
  validationPercent: v.number(),
});
export type ResolvedOptions = Infer<typeof resolvedOptionsValidator>;

export type OptionProblem = { field: string; message: string };

export function optionProblems(options: ExportOptions): OptionProblem[] {
  const problems: OptionProblem[] = [];
  const f = options.filters ?? {};
  if (options.validationPercent !== undefined) {
    const p = options.validationPercent;
    if (!Number.isFinite(p) || p < 0 || p > MAX_VALIDATION_PERCENT) problems.push({ field: "validationPercent", message: `The validation share is 0 to ${MAX_VALIDATION_PERCENT} %.` });
  }
  if (options.maxTokens !== undefined && (!Number.isInteger(options.maxTokens) || options.maxTokens < 1 || options.maxTokens > MAX_TOKENS_LIMIT)) {
    problems.push({ field: "maxTokens", message: `The token limit is a whole number from 1 to ${MAX_TOKENS_LIMIT}.` });
  }
  if (options.systemPrompt !== undefined) {
    const text = options.systemPrompt.trim();
    if (text.length === 0 || text.length > MAX_SYSTEM_PROMPT_CHARS) problems.push({ field: "systemPrompt", message: `A custom system prompt has 1 to ${MAX_SYSTEM_PROMPT_CHARS} characters.` });
    if (options.includeSystemPrompt === false) problems.push({ field: "systemPrompt", message: "A custom system prompt needs the system prompt included." });
  }
  if (f.minScore !== undefined && (!Number.isFinite(f.minScore) || f.minScore < 0 || f.minScore > 10)) problems.push({ field: "filters.minScore", message: "The minimum score is 0 to 10." });
  if (f.framework !== undefined && (f.framework.trim().length === 0 || f.framework.length > 100)) problems.push({ field: "filters.framework", message: "Name a framework." });
  for (const key of ["from", "to"] as const) {
    const value = f[key];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) problems.push({ field: `filters.${key}`, message: "Dates are milliseconds since 1970." });
  }
  if (f.from !== undefined && f.to !== undefined && f.from >= f.to) problems.push({ field: "filters.to", message: "The end date must come after the start date." });
  if (f.templateId !== undefined && f.batchId !== undefined) problems.push({ field: "filters.batchId", message: "Filter by a template or a batch, not both (a batch already has one template)." });
  return problems;
}

export function resolveOptions(options: ExportOptions): ResolvedOptions {
  return {
    includeSystemPrompt: options.includeSystemPrompt ?? true,
    systemPrompt: options.systemPrompt?.trim(),
    filters: { ...(options.filters ?? {}), framework: options.filters?.framework?.trim() },
    maxTokens: options.maxTokens,
    includeDuplicates: options.includeDuplicates ?? false,
    validationPercent: options.validationPercent ?? DEFAULT_VALIDATION_PERCENT,
  };
}
