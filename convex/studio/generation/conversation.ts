/**
 * What a generated conversation is, and the forced tool Claude writes it
 * through: the tool's input schema is the conversation, so nothing is parsed
 * out of free text. `validateConversation` is the one gate before storage.
 */
import type { Turn } from "./validators";

export const CONVERSATION_TOOL_NAME = "record_conversation";
export const MIN_TURNS = 4;
export const MAX_TURNS = 40;
export const MAX_TURN_CHARS = 2_000;
export const MAX_FRAMEWORK_CHARS = 80;

export const conversationTool = {
  name: CONVERSATION_TOOL_NAME,
  description: "Record the complete coaching conversation, turn by turn, in order.",
  input_schema: {
    type: "object",
    properties: {
      framework: { type: "string", description: "The coaching framework the coach follows.", minLength: 1, maxLength: MAX_FRAMEWORK_CHARS },
      turns: {
        type: "array",
        minItems: MIN_TURNS,
        maxItems: MAX_TURNS,
        description: "The conversation: the client speaks first, the coach last, alternating.",
        items: {
          type: "object",
          properties: {
            role: { type: "string", enum: ["client", "coach"] },
            text: { type: "string", minLength: 1, maxLength: MAX_TURN_CHARS },
          },
          required: ["role", "text"],
        },
      },
    },
    required: ["framework", "turns"],
  },
} as const;

export const GENERATION_SYSTEM_PROMPT = [
  "You write realistic synthetic coaching conversations used to train and evaluate a coaching assistant.",
  `Record the conversation with the ${CONVERSATION_TOOL_NAME} tool and nothing else.`,
  `The client speaks first and the coach last; they alternate; ${MIN_TURNS} to ${MAX_TURNS} turns; each turn under ${MAX_TURN_CHARS} characters.`,
].join("\n");

export type Conversation = { framework: string; turns: Turn[] };

/** Typed problems; the UI words them. `turn` is 0-based. */
export type ConversationProblem =
  | { kind: "not_object" }
  | { kind: "framework_missing" }
  | { kind: "framework_too_long"; max: number }
  | { kind: "turns_missing" }
  | { kind: "too_few_turns"; count: number; min: number }
  | { kind: "too_many_turns"; count: number; max: number }
  | { kind: "bad_turn"; turn: number }
  | { kind: "bad_role"; turn: number }
  | { kind: "empty_turn"; turn: number }
  | { kind: "turn_too_long"; turn: number; max: number }
  | { kind: "client_not_first" }
  | { kind: "coach_not_last" }
  | { kind: "not_alternating"; turn: number };

export type ConversationCheck = { ok: true; conversation: Conversation } | { ok: false; problems: ConversationProblem[] };

const MAX_PROBLEMS = 10;

/** Checks an untrusted tool input; on success returns a clean copy (trimmed text, no extra keys). */
export function validateConversation(input: unknown): ConversationCheck {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { ok: false, problems: [{ kind: "not_object" }] };
  const record = input as Record<string, unknown>;
  const problems: ConversationProblem[] = [];
  const framework = typeof record.framework === "string" ? record.framework.trim() : "";
  if (framework === "") problems.push({ kind: "framework_missing" });
  else if (framework.length > MAX_FRAMEWORK_CHARS) problems.push({ kind: "framework_too_long", max: MAX_FRAMEWORK_CHARS });
  if (!Array.isArray(record.turns)) {
    problems.push({ kind: "turns_missing" });
    return { ok: false, problems };
  }
  const raw: unknown[] = record.turns;
  if (raw.length < MIN_TURNS) problems.push({ kind: "too_few_turns", count: raw.length, min: MIN_TURNS });
  if (raw.length > MAX_TURNS) problems.push({ kind: "too_many_turns", count: raw.length, max: MAX_TURNS });
  const turns: Turn[] = [];
  raw.slice(0, MAX_TURNS + 1).forEach((entry, turn) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      problems.push({ kind: "bad_turn", turn });
      return;
    }
    const { role, text } = entry as Record<string, unknown>;
    if (role !== "client" && role !== "coach") problems.push({ kind: "bad_role", turn });
    const clean = typeof text === "string" ? text.trim() : "";
    if (typeof text !== "string" || clean === "") problems.push({ kind: "empty_turn", turn });
    else if (clean.length > MAX_TURN_CHARS) problems.push({ kind: "turn_too_long", turn, max: MAX_TURN_CHARS });
    if (role === "client" || role === "coach") turns.push({ role, text: clean });
  });
  if (turns.length === raw.length && turns.length > 0) {
    if (turns[0].role !== "client") problems.push({ kind: "client_not_first" });
    if (turns[turns.length - 1].role !== "coach") problems.push({ kind: "coach_not_last" });
    for (let i = 1; i < turns.length; i++) {
      if (turns[i].role === turns[i - 1].role) {
        problems.push({ kind: "not_alternating", turn: i });
        break;
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };
  return { ok: true, conversation: { framework, turns } };
}

/** One line for the item's error message. */
export function describeProblems(problems: readonly ConversationProblem[]): string {
  const words = problems.map((p) => {
    switch (p.kind) {
      case "not_object":
        return "the reply was not a conversation";
      case "framework_missing":
        return "no framework was named";
      case "framework_too_long":
        return `the framework name is over ${p.max} characters`;
      case "turns_missing":
        return "there were no turns";
      case "too_few_turns":
        return `only ${p.count} turns (at least ${p.min})`;
      case "too_many_turns":
        return `${p.count} turns (at most ${p.max})`;
      case "bad_turn":
        return `turn ${p.turn + 1} is not a turn`;
      case "bad_role":
        return `turn ${p.turn + 1} has no client/coach role`;
      case "empty_turn":
        return `turn ${p.turn + 1} is empty`;
      case "turn_too_long":
        return `turn ${p.turn + 1} is over ${p.max} characters`;
      case "client_not_first":
        return "the client does not speak first";
      case "coach_not_last":
        return "the coach does not speak last";
      case "not_alternating":
        return `turn ${p.turn + 1} repeats the same speaker`;
    }
  });
  return `The conversation was not usable: ${words.join("; ")}.`;
}
