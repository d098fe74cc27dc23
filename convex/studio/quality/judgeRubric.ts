/**
 * The model judge's rubric: a forced tool whose input is one
 * `{ score: 1–5, rationale }` per criterion, and the one gate that reads it.
 * Pure. An answer that fails the gate is a failure with its raw text, never a
 * silent null (distilabel users lost whole runs to empty rows, #956).
 */
import type { LlmParams } from "../../llm/tables";
import { JUDGE_CRITERIA, type JudgeCriterion } from "./validators";

export const JUDGE_TOOL_NAME = "record_judgement";
export const JUDGE_MAX_TOKENS = 2_048;
export const MAX_RATIONALE_CHARS = 1_000;
/** What is kept of an unreadable answer: enough to see what went wrong, small enough to store. */
export const MAX_RAW_CHARS = 4_000;

export const JUDGE_CRITERION_TEXT: Record<JudgeCriterion, string> = {
  frameworkFidelity: "Framework fidelity: the coach covers every step of the named framework, in order.",
  asksRatherThanTells: "Asks rather than tells: the coach mostly asks open questions and reflects, rather than advising or lecturing.",
  empathy: "Empathy: the coach notices and acknowledges the client's feelings accurately.",
  clientRealism: "Realism of the client: the client sounds like a real person with this persona, emotion and situation.",
  safety: "Safety: no medical or legal advice; any crisis or risk signal is acknowledged and referred to appropriate help.",
};

const criterionSchema = (criterion: JudgeCriterion) => ({
  type: "object",
  description: JUDGE_CRITERION_TEXT[criterion],
  properties: {
    score: { type: "integer", minimum: 1, maximum: 5, description: "1 = poor, 3 = adequate, 5 = excellent." },
    rationale: { type: "string", minLength: 1, maxLength: MAX_RATIONALE_CHARS, description: "One or two sentences citing the turns that decided the score." },
  },
  required: ["score", "rationale"],
});

export const judgeTool = {
  name: JUDGE_TOOL_NAME,
  description: "Record your judgement of the coaching conversation, one score and rationale per criterion.",
  input_schema: {
    type: "object",
    properties: Object.fromEntries(JUDGE_CRITERIA.map((criterion) => [criterion, criterionSchema(criterion)])),
    required: [...JUDGE_CRITERIA],
  },
};

export const JUDGE_SYSTEM_PROMPT = [
  "You are an expert coaching supervisor rating a synthetic coaching conversation used to train a coaching assistant.",
  `Rate it with the ${JUDGE_TOOL_NAME} tool and nothing else: for each criterion an integer score from 1 to 5 and a short rationale.`,
  "Judge what the transcript shows, not its length: a longer conversation is not better for being longer.",
  ...JUDGE_CRITERIA.map((criterion) => `- ${JUDGE_CRITERION_TEXT[criterion]}`),
].join("\n");

export type JudgedTurn = { role: "client" | "coach"; text: string };

export function judgeParams(conversation: { framework: string; turns: readonly JudgedTurn[] }): LlmParams {
  const transcript = conversation.turns.map((turn, i) => `${i + 1}. ${turn.role === "coach" ? "Coach" : "Client"}: ${turn.text}`).join("\n");
  return {
    system: JUDGE_SYSTEM_PROMPT,
    messages: [{ role: "user", content: `Framework: ${conversation.framework}\n\nTranscript:\n${transcript}` }],
    tools: [judgeTool],
    toolChoice: { type: "tool", name: JUDGE_TOOL_NAME },
    maxTokens: JUDGE_MAX_TOKENS,
    // The same conversation should get the same judgement.
    temperature: 0,
  };
}

export type JudgeScores = Record<JudgeCriterion, number>;
export type JudgeRationales = Record<JudgeCriterion, string>;
export type JudgeAnswer =
  | { ok: true; scores: JudgeScores; rationales: JudgeRationales; overall: number }
  | { ok: false; error: string; raw: string };

/** 1–5 per criterion → 0–10, one decimal: all 1s are 0, all 5s are 10. */
export function judgeOverall(scores: JudgeScores): number {
  const mean = JUDGE_CRITERIA.reduce((sum, criterion) => sum + scores[criterion], 0) / JUDGE_CRITERIA.length;
  return Math.round(((mean - 1) / 4) * 100) / 10;
}

function rawOf(toolInput: unknown, text: string): string {
  let raw = "";
  if (toolInput !== undefined) {
    try {
      raw = JSON.stringify(toolInput) ?? String(toolInput);
    } catch {
      raw = String(toolInput);
    }
  }
  if (text.trim() !== "") raw = raw === "" ? text : `${raw}\n${text}`;
  return raw.length > MAX_RAW_CHARS ? `${raw.slice(0, MAX_RAW_CHARS)}…` : raw;
}

/**
 * Reads the judge's reply: the tool input when the tool was called, else
 * nothing usable. Scores must be whole numbers 1–5 (a "4" string or 4.5 is
 * refused, not rounded: a judge that breaks the schema is not trusted on the
 * number either).
 */
export function parseJudgeAnswer(reply: { toolUses: readonly { name: string; input: unknown }[]; text: string }): JudgeAnswer {
  const call = reply.toolUses.find((use) => use.name === JUDGE_TOOL_NAME);
  if (call === undefined) return { ok: false, error: "The judge replied without using the rubric tool.", raw: rawOf(undefined, reply.text) || "(empty reply)" };
  const input = call.input;
  const fail = (error: string): JudgeAnswer => ({ ok: false, error, raw: rawOf(input, reply.text) || "(empty input)" });
  if (typeof input !== "object" || input === null || Array.isArray(input)) return fail("The rubric answer is not an object.");
  const record = input as Record<string, unknown>;
  const scores = {} as JudgeScores;
  const rationales = {} as JudgeRationales;
  const problems: string[] = [];
  for (const criterion of JUDGE_CRITERIA) {
    const entry = record[criterion];
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      problems.push(`${criterion} is missing`);
      continue;
    }
    const { score, rationale } = entry as Record<string, unknown>;
    if (typeof score !== "number" || !Number.isInteger(score) || score < 1 || score > 5) problems.push(`${criterion}.score is not a whole number from 1 to 5`);
    else scores[criterion] = score;
    const text = typeof rationale === "string" ? rationale.trim() : "";
    if (text === "") problems.push(`${criterion}.rationale is empty`);
    else rationales[criterion] = text.length > MAX_RATIONALE_CHARS ? `${text.slice(0, MAX_RATIONALE_CHARS)}…` : text;
  }
  if (problems.length > 0) return fail(`The rubric answer was not usable: ${problems.join("; ")}.`);
  return { ok: true, scores, rationales, overall: judgeOverall(scores) };
}
