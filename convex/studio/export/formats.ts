/**
 * Fine-tuning export formats: pure, no ctx. Each format has a formatter that
 * turns one approved conversation into one output line and a validator that
 * every line must pass before it leaves the server (exportPage refuses to
 * hand out a line its own validator rejects, so a bug shows up as a count,
 * never as a file a training job rejects hours later).
 *
 * Roles: the client is the `user`, the coach is the `assistant` — we train
 * the coach.
 */
import { literals } from "convex-helpers/validators";
import type { Infer } from "convex/values";
import { v } from "convex/values";

export const EXPORT_FORMATS = ["openai", "bedrock", "trl", "sharegpt", "csv"] as const;
export const exportFormatValidator = literals(...EXPORT_FORMATS);
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type SplitName = "train" | "validation";
export type ExportTurn = { role: "client" | "coach"; text: string };

/**
 * Where provenance goes. Bedrock forbids any key but system/messages; OpenAI's
 * docs list no top-level key but `messages`, so we do not bet a training job
 * on it being ignored: both get `provenance.jsonl`, keyed by file and line.
 * TRL and ShareGPT load through `datasets`, where an extra column is simply
 * another column, so the record carries it as `metadata`. CSV has columns.
 */
export const PROVENANCE_PLACEMENT: Record<ExportFormat, "side_file" | "inline" | "columns"> = {
  openai: "side_file",
  bedrock: "side_file",
  trl: "inline",
  sharegpt: "inline",
  csv: "columns",
};

/** File names inside the download. CSV is one file with a `split` column. */
export function fileNameFor(format: ExportFormat, split: SplitName): string {
  return format === "csv" ? "conversations.csv" : `${split}.jsonl`;
}

export const provenanceValidator = v.object({
  conversationId: v.string(),
  templateId: v.string(),
  templateVersionId: v.string(),
  /** The version number, when the version still exists. */
  templateVersion: v.optional(v.number()),
  batchId: v.optional(v.string()),
  /** The seed's stable hash (hex): variants of one seed share it, and the split follows it. */
  seed: v.string(),
  /** Template variables as strings, so every record's metadata has one type per key (Arrow needs that). */
  variables: v.record(v.string(), v.string()),
  framework: v.string(),
  model: v.string(),
  score: v.optional(v.number()),
  qualityOverall: v.optional(v.number()),
  judgeOverall: v.optional(v.number()),
  reviewedBy: v.optional(v.string()),
  reviewedAt: v.optional(v.number()),
  createdAt: v.number(),
});
export type Provenance = Infer<typeof provenanceValidator>;

/** One conversation, as the formatters see it. */
export type ExportRecord = {
  turns: ExportTurn[];
  /** Present when the export includes the coach's system prompt. */
  system?: string;
  split: SplitName;
  provenance: Provenance;
};

// ---------------------------------------------------------------------------
// Default system prompts

const FRAMEWORK_PROMPTS: Record<string, string> = {
  GROW: "Guide the client through the GROW model: a specific Goal, an honest look at the current Reality, real Options, and a committed, dated Way forward.",
  CLEAR: "Follow the CLEAR model: Contract what the session is for, Listen, Explore, agree Action, and Review what the client takes away.",
  COMPASS: "Use the COMPASS approach: help the client find their direction, check it against their values and circumstances, and commit to the next step.",
  POWER_INTEREST_GRID: "Help the client map their stakeholders by power and interest, and plan how to engage each group.",
  PSYCHOLOGICAL_SAFETY: "Help the client build psychological safety in their team: name what makes speaking up risky and agree concrete behaviours that lower the risk.",
  EXECUTIVE_PRESENCE: "Help the client strengthen their executive presence: how they show up, communicate and are perceived, with concrete practice steps.",
};

const PROMPT_HEAD = "You are an experienced professional coach. Ask rather than tell: open questions, short reflections of what the client said, one question at a time. Never diagnose, never give medical, legal or financial advice, and let the client own the answers.";

/** The coach's default system prompt for a framework (documented in the export README). */
export function defaultSystemPrompt(framework: string): string {
  const specific = FRAMEWORK_PROMPTS[framework.toUpperCase()];
  return specific ? `${PROMPT_HEAD} ${specific}` : `${PROMPT_HEAD} Follow the ${framework} coaching framework step by step.`;
}

// ---------------------------------------------------------------------------
// Turn shaping

type Message = { role: "user" | "assistant"; content: string };

/**
 * Client → user, coach → assistant. Consecutive turns of one speaker merge
 * (a blank line between), empty turns drop, and a trailing client turn drops
 * since nothing answers it. `userFirst` also drops a coach opening (Bedrock
 * must start with the user).
 */
export function toMessages(turns: ExportTurn[], userFirst: boolean): Message[] {
  const messages: Message[] = [];
  for (const turn of turns) {
    const content = turn.text.trim();
    if (content.length === 0) continue;
    const role = turn.role === "client" ? "user" : "assistant";
    if (messages.length === 0 && userFirst && role === "assistant") continue;
    const last = messages[messages.length - 1];
    if (last && last.role === role) last.content = `${last.content}\n\n${content}`;
    else messages.push({ role, content });
  }
  while (messages.length > 0 && messages[messages.length - 1].role === "user") messages.pop();
  return messages;
}

/** Whether a conversation yields a trainable example at all (a user turn answered by the coach). */
export function isUsable(turns: ExportTurn[]): boolean {
  const messages = toMessages(turns, true);
  return messages.length >= 2;
}

/** chars/4: the documented rough estimate; good enough to keep records under a context budget. */
export function estimateTokens(record: Pick<ExportRecord, "turns" | "system">): number {
  let chars = record.system?.length ?? 0;
  for (const turn of record.turns) chars += turn.text.length;
  return Math.ceil(chars / 4);
}

// ---------------------------------------------------------------------------
// Formatters

export function formatOpenAI(record: ExportRecord): string {
  const messages: { role: string; content: string }[] = [];
  if (record.system !== undefined) messages.push({ role: "system", content: record.system });
  messages.push(...toMessages(record.turns, false));
  return JSON.stringify({ messages });
}

export function formatBedrock(record: ExportRecord): string {
  const messages = toMessages(record.turns, true);
  // Key order as Bedrock's documentation writes it; `system` only when there is one.
  return JSON.stringify(record.system !== undefined ? { system: record.system, messages } : { messages });
}

export function formatTrl(record: ExportRecord): string {
  const messages: { role: string; content: string }[] = [];
  if (record.system !== undefined) messages.push({ role: "system", content: record.system });
  messages.push(...toMessages(record.turns, false));
  return JSON.stringify({ messages, metadata: record.provenance });
}

export function formatShareGpt(record: ExportRecord): string {
  const conversations: { from: string; value: string }[] = [];
  if (record.system !== undefined) conversations.push({ from: "system", value: record.system });
  for (const message of toMessages(record.turns, false)) {
    conversations.push({ from: message.role === "user" ? "human" : "gpt", value: message.content });
  }
  return JSON.stringify({ conversations, metadata: record.provenance });
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180)

export const CSV_COLUMNS = [
  "conversation_id",
  "split",
  "template_id",
  "template_version_id",
  "template_version",
  "batch_id",
  "seed",
  "framework",
  "persona",
  "emotion",
  "topic",
  "model",
  "turns",
  "score",
  "quality_overall",
  "judge_overall",
  "reviewed_by",
  "reviewed_at",
  "created_at",
  "system_prompt",
  "transcript",
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell: a text cell starting with = + - @ (or a tab/CR) gets a leading
 * apostrophe so a spreadsheet shows it instead of evaluating it (OWASP's CSV
 * injection advice); then RFC 4180 quoting.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return "";
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: (string | number | undefined)[]): string {
  return cells.map(csvCell).join(",");
}

export const CSV_HEADER = csvRow([...CSV_COLUMNS]);

/** Records end with CRLF, as RFC 4180 says; the browser appends it after each line. */
export const CSV_LINE_END = "\r\n";

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function formatCsv(record: ExportRecord): string {
  const p = record.provenance;
  const transcript = record.turns.map((turn) => `${turn.role}: ${turn.text}`).join("\n");
  return csvRow([
    p.conversationId,
    record.split,
    p.templateId,
    p.templateVersionId,
    p.templateVersion,
    p.batchId,
    p.seed,
    p.framework,
    p.variables.persona,
    p.variables.emotion,
    p.variables.topic,
    p.model,
    record.turns.length,
    p.score,
    p.qualityOverall,
    p.judgeOverall,
    p.reviewedBy,
    iso(p.reviewedAt),
    iso(p.createdAt),
    record.system,
    transcript,
  ]);
}

/** Splits RFC 4180 text into records of cells; null when quoting is broken. */
export function parseCsv(text: string): string[][] | null {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  let cellStarted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        // After a closing quote only a separator or the end may follow.
        if (i < text.length && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") return null;
        continue;
      }
      cell += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (cellStarted && cell.length > 0) return null;
      quoted = true;
      cellStarted = true;
      i++;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
      cellStarted = false;
      i++;
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] !== "\n") return null;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      cellStarted = false;
      i += ch === "\r" ? 2 : 1;
    } else {
      cell += ch;
      cellStarted = true;
      i++;
    }
  }
  if (quoted) return null;
  if (cellStarted || cell.length > 0 || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Validators: each returns the problems of one line (empty when valid).

export type LineProblem = string;

function parseObject(line: string): { value?: Record<string, unknown>; problem?: string } {
  if (line.includes("\n") || line.includes("\r")) return { problem: "a JSONL line must not contain a raw line break" };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { problem: "not valid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { problem: "not a JSON object" };
  return { value: value as Record<string, unknown> };
}

const isString = (value: unknown): value is string => typeof value === "string";

function checkKeys(object: Record<string, unknown>, allowed: string[], where: string): string[] {
  return Object.keys(object)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${where} has an unexpected key "${key}"`);
}

/** OpenAI / TRL chat messages: system only first, then user and assistant, at least one assistant. */
function checkChatMessages(messages: unknown, allowMessageKeys: string[]): string[] {
  if (!Array.isArray(messages)) return ["messages must be an array"];
  if (messages.length === 0) return ["messages is empty"];
  const problems: string[] = [];
  let assistants = 0;
  messages.forEach((message: unknown, index) => {
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      problems.push(`message ${index} is not an object`);
      return;
    }
    const m = message as Record<string, unknown>;
    problems.push(...checkKeys(m, allowMessageKeys, `message ${index}`));
    if (m.role !== "system" && m.role !== "user" && m.role !== "assistant") problems.push(`message ${index} has role ${JSON.stringify(m.role)}`);
    if (m.role === "system" && index !== 0) problems.push(`message ${index}: a system message may only come first`);
    if (!isString(m.content) || m.content.trim().length === 0) problems.push(`message ${index} has no text content`);
    if (m.weight !== undefined && (m.role !== "assistant" || (m.weight !== 0 && m.weight !== 1))) problems.push(`message ${index}: weight is 0 or 1 on an assistant message`);
    if (m.role === "assistant") assistants++;
  });
  if (assistants === 0) problems.push("no assistant message to learn from");
  return problems;
}

export function validateOpenAI(line: string): LineProblem[] {
  const { value, problem } = parseObject(line);
  if (!value) return [problem!];
  return [...checkKeys(value, ["messages"], "the record"), ...checkChatMessages(value.messages, ["role", "content", "weight", "name"])];
}

export function validateBedrock(line: string): LineProblem[] {
  const { value, problem } = parseObject(line);
  if (!value) return [problem!];
  const problems = checkKeys(value, ["system", "messages"], "the record");
  if (value.system !== undefined && !isString(value.system)) problems.push("system must be a string");
  const messages = value.messages;
  if (!Array.isArray(messages)) return [...problems, "messages must be an array"];
  if (messages.length < 2) problems.push("at least 2 messages are required");
  messages.forEach((message: unknown, index) => {
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      problems.push(`message ${index} is not an object`);
      return;
    }
    const m = message as Record<string, unknown>;
    problems.push(...checkKeys(m, ["role", "content"], `message ${index}`));
    const expected = index % 2 === 0 ? "user" : "assistant";
    if (m.role !== expected) problems.push(`message ${index} must be from the ${expected} (strict alternation starting with the user)`);
    if (!isString(m.content) || m.content.trim().length === 0) problems.push(`message ${index} has no text content`);
  });
  const last = messages[messages.length - 1] as Record<string, unknown> | undefined;
  if (last && last.role !== "assistant") problems.push("the last message must be from the assistant");
  return problems;
}

export function validateTrl(line: string): LineProblem[] {
  const { value, problem } = parseObject(line);
  if (!value) return [problem!];
  const problems = checkKeys(value, ["messages", "metadata"], "the record");
  if (value.metadata !== undefined && (typeof value.metadata !== "object" || value.metadata === null)) problems.push("metadata must be an object");
  return [...problems, ...checkChatMessages(value.messages, ["role", "content"])];
}

export function validateShareGpt(line: string): LineProblem[] {
  const { value, problem } = parseObject(line);
  if (!value) return [problem!];
  const problems = checkKeys(value, ["conversations", "metadata"], "the record");
  const turns = value.conversations;
  if (!Array.isArray(turns) || turns.length === 0) return [...problems, "conversations must be a non-empty array"];
  let gpt = 0;
  turns.forEach((turn: unknown, index) => {
    if (typeof turn !== "object" || turn === null || Array.isArray(turn)) {
      problems.push(`turn ${index} is not an object`);
      return;
    }
    const t = turn as Record<string, unknown>;
    problems.push(...checkKeys(t, ["from", "value"], `turn ${index}`));
    if (t.from !== "system" && t.from !== "human" && t.from !== "gpt") problems.push(`turn ${index} has from ${JSON.stringify(t.from)}`);
    if (t.from === "system" && index !== 0) problems.push(`turn ${index}: a system turn may only come first`);
    if (!isString(t.value) || t.value.trim().length === 0) problems.push(`turn ${index} has no text`);
    if (t.from === "gpt") gpt++;
  });
  if (gpt === 0) problems.push("no gpt turn to learn from");
  return problems;
}

export function validateCsvLine(line: string): LineProblem[] {
  const rows = parseCsv(line);
  if (rows === null) return ["broken quoting"];
  if (rows.length !== 1) return [`one record expected, found ${rows.length}`];
  const cells = rows[0];
  const problems: string[] = [];
  if (cells.length !== CSV_COLUMNS.length) problems.push(`${CSV_COLUMNS.length} cells expected, found ${cells.length}`);
  cells.forEach((cell, index) => {
    if (FORMULA_START.test(cell)) problems.push(`cell ${CSV_COLUMNS[index] ?? index} starts like a formula`);
  });
  return problems;
}

export const FORMATTERS: Record<ExportFormat, (record: ExportRecord) => string> = {
  openai: formatOpenAI,
  bedrock: formatBedrock,
  trl: formatTrl,
  sharegpt: formatShareGpt,
  csv: formatCsv,
};

export const VALIDATORS: Record<ExportFormat, (line: string) => LineProblem[]> = {
  openai: validateOpenAI,
  bedrock: validateBedrock,
  trl: validateTrl,
  sharegpt: validateShareGpt,
  csv: validateCsvLine,
};

/** The README's one example line per format, built by the formatter itself so it can never drift. */
export function exampleLine(format: ExportFormat): string {
  const record: ExportRecord = {
    system: "You are an experienced professional coach.",
    turns: [
      { role: "client", text: "I want to speak up more in meetings." },
      { role: "coach", text: "What would speaking up look like for you?" },
    ],
    split: "train",
    provenance: {
      conversationId: "c1",
      templateId: "t1",
      templateVersionId: "v1",
      templateVersion: 3,
      seed: "9f1c2a7b40e3d5",
      variables: { persona: "new team lead", emotion: "anxious" },
      framework: "GROW",
      model: "claude-sonnet-5-5",
      score: 8.4,
      createdAt: Date.UTC(2026, 10, 1),
    },
  };
  return FORMATTERS[format](record);
}
