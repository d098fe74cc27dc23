import { conceptStems, relevance, topicStems } from "./lexicon";
import { identifierWords } from "./words";

// Where the reply should lead. Apps that move a conversation through steps
// tell the model in the system prompt what to do when the latest message
// completes the current step ("If the person's latest message supplies all of
// these, … lead into the next step, Reality, with: <question>"); a careful
// model follows that when the message really does supply them.

export interface PacingRule {
  /** The property names "all of these" refers to. */
  fields: string[];
  /** What to ask instead, when the rule gives a question. */
  question: string | null;
  /** The next step's name, when the rule gives one. */
  stepName: string | null;
  /** The rule says to close the conversation rather than ask. */
  close: boolean;
  /** Stated without a condition ("Everything is captured. Lead into the next step, … with: …"). */
  unconditional: boolean;
}

const LEAD_ON = /\b(?:lead|move|go|transition)\s+(?:on\s+)?(?:in)?to\s+the\s+next\s+(?:step|stage|phase|section)\b|\b(?:close|wrap\s+up|end|finish|conclude)\s+the\s+(?:session|conversation)\b/i;

const CONDITION = /\bif\b[^\n]{0,60}\b(?:latest|last|current|next)\s+(?:user\s+)?(?:message|reply|answer|turn)\b[^\n]{0,40}\b(?:supplies|provides|gives|contains|answers|covers|includes)\b[^\n]{0,20}\ball\s+(?:of\s+)?(?:these|them|those|the\s+above)\b/i;

/** The rule in `system`, with "these" resolved against the tool's property names; null when there is none. */
export function findPacingRule(system: string, propertyNames: readonly string[]): PacingRule | null {
  const lines = system.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!CONDITION.test(line)) continue;
    let fields: string[] = [];
    for (let j = i; j >= Math.max(0, i - 4) && fields.length === 0; j--) {
      const text = j === i ? line.slice(0, line.search(CONDITION)) : lines[j]!;
      fields = propertyNames.filter((name) => new RegExp(`(?<![\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`).test(text));
    }
    if (fields.length === 0) return null;
    const rest = line.slice(line.search(CONDITION));
    const question = /(?:with|ask|asking|by asking)\s*:?\s*(.+\?)["”]?\s*$/i.exec(rest)?.[1]?.trim() ?? /([^.:]+\?)\s*$/.exec(rest)?.[1]?.trim() ?? null;
    const stepName = /\bnext\s+(?:step|stage|phase|section)\s*,?\s*(?:called\s+)?["“]?([^,"”:]{2,40}?)["”]?\s*(?:,|\bwith\b|:|\.|$)/i.exec(rest)?.[1]?.trim() ?? null;
    const close = question === null && /\b(?:close|end|wrap\s+up|finish|conclude)\b[^\n]{0,30}\b(?:session|conversation|chat)\b/i.test(rest);
    return { fields, question, stepName, close, unconditional: false };
  }
  // An instruction to move on that depends on nothing.
  for (const line of lines) {
    // Conditions are read only before the instruction, so a question containing "when" still counts.
    if (!LEAD_ON.test(line) || /\b(?:if|unless|when|once)\b/i.test(line.slice(0, line.search(LEAD_ON)))) continue;
    const rest = line.slice(line.search(LEAD_ON));
    const question = /(?:with|ask|asking)\s*:?\s*(.+\?)["”]?\s*$/i.exec(rest)?.[1]?.trim() ?? null;
    const stepName = /\bnext\s+(?:step|stage|phase|section)\s*,?\s*["“]?([^,"”:]{2,40}?)["”]?\s*(?:,|\bwith\b|:|\.|$)/i.exec(rest)?.[1]?.trim() ?? null;
    const close = question === null && /\b(?:close|wrap\s+up|end|finish|conclude)\b[^\n]{0,30}\b(?:session|conversation)\b/i.test(rest);
    if (question || close) return { fields: [], question, stepName, close, unconditional: true };
  }
  return null;
}

/** The question a prompt says to steer back to after a flagged message ("Steer back to this step's question: …?"). */
export function steerBackQuestion(system: string): string | null {
  return /\b(?:steer|come|bring|return|get)\s+(?:it\s+|things\s+)?back\b[^\n]*?:\s*(.+\?)["”]?\s*$/im.exec(system)?.[1]?.trim() ?? null;
}

/** Whether `input` supplies every field of the rule. */
export function supplies(rule: PacingRule, input: unknown): boolean {
  if (rule.unconditional) return true;
  if (typeof input !== "object" || input === null) return false;
  const record = input as Record<string, unknown>;
  return rule.fields.every((f) => record[f] !== undefined && record[f] !== null && !(Array.isArray(record[f]) && (record[f] as unknown[]).length === 0));
}

/** Names listed as still needed ("Still needed before moving on: a, b."), among the tool's properties. */
export function neededFields(system: string, propertyNames: readonly string[]): string[] {
  const line = system.split(/\r?\n/).find((l) => /\b(?:still\s+needed|missing|still\s+required|needed\s+before)\b/i.test(l));
  if (!line) return [];
  return propertyNames.filter((name) => new RegExp(`(?<![\\w-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`).test(line));
}

/**
 * The listed question to ask next: one not asked yet in this conversation,
 * preferring the one about the fields still missing; the first otherwise.
 */
export function chooseQuestion(candidates: readonly string[], asked: readonly string[], missingTopics: readonly string[]): string | null {
  if (candidates.length === 0) return null;
  const topic = topicStems(missingTopics.join(" "));
  // The step opens with its first question; later turns aim at what is still missing.
  const started = candidates.some((q) => asked.some((a) => a.includes(q)));
  let best = candidates[0]!;
  let bestScore = Number.NEGATIVE_INFINITY;
  candidates.forEach((q, i) => {
    const repeated = asked.some((a) => a.includes(q));
    const score = (repeated ? -10 : 0) + (started && topic.size > 0 ? relevance(topic, conceptStems(q)) : 0) - i * 0.01;
    if (score > bestScore) [best, bestScore] = [q, score];
  });
  return best;
}

export function fieldTopic(name: string, schema: unknown): string {
  const d = typeof schema === "object" && schema !== null ? (schema as Record<string, unknown>)["description"] : undefined;
  return `${identifierWords(name)} ${typeof d === "string" ? d : ""}`;
}
