import { composeCoachReply, extractQuestion, listedQuestions, looksLikeAttack, promptFlagsLatest, toolPreamble } from "./coach-reply";
import { assistantTexts, isToolFollowUp, lastAssistantQuestion, latestToolResults, rawUserTexts, systemText, userTexts } from "./conversation";
import { isoDate, statedToday } from "./dates";
import { dialogueShape, slotFor, writeDialogue } from "./dialogue";
import { judgeConversation, judgingShape, withoutTranscript } from "./judge";
import { chooseQuestion, fieldTopic, findPacingRule, neededFields, steerBackQuestion, supplies } from "./pacing";
import type { InputTool, MessagesRequest } from "./request-validation";
import { hashBytes, makeId } from "./seeded";
import { estimateInputTokens, splitTokens } from "./tokens";
import { fillToolInput } from "./tool-input";
import { contentStems, identifierWords, overlap } from "./words";

// Decides what the fake Claude says to a request — the content blocks, stop
// reason and token counts — independently of how it is delivered (JSON or SSE).

export type StopReason = "end_turn" | "max_tokens" | "stop_sequence" | "tool_use";

export interface PlannedText {
  type: "text";
  text: string;
  tokens: string[];
}

export interface PlannedToolUse {
  type: "tool_use";
  id: string;
  name: string;
  input: unknown;
  /** The input as the JSON text streamed in input_json_delta events. */
  tokens: string[];
}

export type PlannedBlock = PlannedText | PlannedToolUse;

export interface PlannedReply {
  id: string;
  model: string;
  blocks: PlannedBlock[];
  stopReason: StopReason;
  stopSequence: string | null;
  inputTokens: number;
  outputTokens: number;
}

export interface PlanOptions {
  seed: string;
  /** "Today" when the system prompt does not state a date; the server clock's date when absent too. */
  baseDate?: string | undefined;
}

function customTools(request: MessagesRequest): InputTool[] {
  return (request.tools ?? []).filter(
    (t) => (t.type === undefined || t.type === null || t.type === "custom") && t.input_schema !== undefined,
  );
}

/** The tool whose name and description share most words with the user's message. */
function mostRelevantTool(tools: InputTool[], userText: string): InputTool {
  const said = contentStems(userText);
  let best = tools[0]!;
  let bestScore = 0;
  for (const tool of tools) {
    const score = overlap(contentStems(`${identifierWords(tool.name)} ${tool.description ?? ""}`), said);
    if (score > bestScore) [best, bestScore] = [tool, score];
  }
  return best;
}

function chooseTool(request: MessagesRequest, userText: string, flagged: boolean): { tool: InputTool; forced: boolean } | null {
  const tools = customTools(request);
  const choice = request.tool_choice ?? { type: "auto" as const };
  if (tools.length === 0 || choice.type === "none") return null;
  if (choice.type === "tool") {
    const tool = tools.find((t) => t.name === choice.name);
    return tool ? { tool, forced: true } : null;
  }
  if (choice.type === "any") return { tool: mostRelevantTool(tools, userText), forced: true };
  // Left to choose, Claude answers a tool result in words instead of calling
  // the tool again; anything else the user says is worth recording.
  if (isToolFollowUp(request)) return null;
  // Words that try to instruct the assistant are nothing to record.
  if (flagged) return null;
  return { tool: mostRelevantTool(tools, userText), forced: false };
}

/** A system prompt with a question heading followed by a listed question. */
export function looksLikeCoachingTurn(system: string): boolean {
  return /question/i.test(system) && /^\s*(?:[-*•]|\d+[.)])\s+.+\?\s*$/m.test(system);
}

function schemaProperties(tool: InputTool | undefined): Record<string, unknown> {
  const schema = tool?.input_schema as Record<string, unknown> | undefined;
  const props = schema?.["properties"];
  return typeof props === "object" && props !== null ? (props as Record<string, unknown>) : {};
}

/**
 * Where the reply leads: the next step's question when the prompt says to go
 * there once the latest message supplies the listed fields and the fake's own
 * reading of that message does; otherwise a listed question not asked yet,
 * preferring one about what is still missing.
 */
function leadFor(system: string, tool: InputTool | undefined, input: unknown, previousReplies: string[]) {
  const properties = schemaProperties(tool);
  const names = Object.keys(properties);
  const rule = findPacingRule(system, names);
  if (rule && supplies(rule, input)) {
    if (rule.close) {
      const record = input as Record<string, unknown>;
      const textOf = (re: RegExp) => {
        const name = names.find((n) => re.test(n) && typeof record[n] === "string");
        return name ? (record[name] as string) : undefined;
      };
      const date = names.find((n) => /date/i.test(n) && typeof record[n] === "string");
      return {
        mode: "close" as const,
        closing: { commitment: textOf(/commit|action|step|plan/i) ?? textOf(/./), date: date ? (record[date] as string) : undefined },
      };
    }
    if (rule.question) return { mode: "advance" as const, question: rule.question, nextStepName: rule.stepName ?? undefined };
  }
  const supplied = typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
  const missing = neededFields(system, names).filter((n) => supplied[n] === undefined);
  const question = chooseQuestion(listedQuestions(system), previousReplies, missing.map((n) => fieldTopic(n, properties[n])));
  return { mode: "ask" as const, question: question ?? extractQuestion(system) ?? undefined };
}

/**
 * When a forced tool's schema is a conversation (an array of role/text
 * objects), the input is a whole seeded dialogue written from the request's
 * persona, feeling, topic and framework words.
 */
function writtenDialogue(tool: InputTool, system: string, latest: string, key: unknown[], fill: (tool: InputTool) => unknown): unknown {
  const shape = dialogueShape(tool.input_schema, `${tool.description ?? ""}\n${system}`);
  if (!shape) return null;
  const base = fill(tool) as Record<string, unknown>;
  const { turns, slots } = writeDialogue(shape, latest, key);
  const out: Record<string, unknown> = { ...base, [shape.turnsProperty]: turns };
  for (const other of shape.others) {
    const value = slotFor(other.name, other.schema, slots);
    if (value !== undefined && typeof base[other.name] === "string") out[other.name] = value;
  }
  return out;
}

/**
 * When a forced tool's schema is a rubric (properties that are objects with a
 * score and a rationale) and the request quotes a conversation, each
 * criterion is scored from observable features of that conversation.
 */
function judgedConversation(tool: InputTool, system: string, request: MessagesRequest, fill: (tool: InputTool) => unknown): unknown {
  const shape = judgingShape(tool.input_schema, `${tool.description ?? ""}\n${system}`);
  if (!shape) return null;
  const context = `${tool.description ?? ""}\n${system}\n${rawUserTexts(request).map(withoutTranscript).join("\n")}`;
  const base = fill(tool) as Record<string, unknown>;
  for (const text of [...rawUserTexts(request), system]) {
    const judged = judgeConversation(shape, text, context, base);
    if (judged) return judged;
  }
  return null;
}

/** The key that identifies "the same request": everything but transport options. */
function requestKey(request: MessagesRequest): unknown {
  return {
    model: request.model,
    system: request.system ?? null,
    messages: request.messages,
    tools: request.tools ?? null,
    tool_choice: request.tool_choice ?? null,
    max_tokens: request.max_tokens,
    stop_sequences: request.stop_sequences ?? null,
  };
}

export function planReply(request: MessagesRequest, options: PlanOptions): PlannedReply {
  // Hash the conversation once; every later choice keys off these digests.
  const key = hashBytes(requestKey(request)).toString("hex");
  const id = makeId("msg", options.seed, key);
  const texts = userTexts(request);
  const latest = texts[0] ?? "";
  const system = systemText(request);
  const variationKey = [options.seed, hashBytes(system, request.messages).toString("hex")];

  // "Today" is what the prompt says it is; else the configured base date; else the clock.
  const today = statedToday(system) ?? options.baseDate ?? isoDate(Date.now());
  const previousReplies = assistantTexts(request);
  // A turn that only carries tool results has not answered the last question yet, so it stays open.
  const asked = isToolFollowUp(request) ? previousReplies.slice(0, -1) : previousReplies;

  const flagged = promptFlagsLatest(system) || looksLikeAttack(latest);

  let blocks: PlannedBlock[] = [];
  const chosen = chooseTool(request, latest, flagged);
  const fill = (tool: InputTool) =>
    fillToolInput(tool.input_schema, {
        // A flagged message is not the person's answer to anything.
        texts: flagged ? texts.slice(1) : texts,
        baseDate: today,
        seedKey: [options.seed, key],
        context: `${system}\n${tool.description ?? ""}`,
        question: lastAssistantQuestion(request),
      });
  let input: unknown;
  if (chosen) {
    const written = chosen.forced
      ? (judgedConversation(chosen.tool, system, request, fill) ?? writtenDialogue(chosen.tool, system, latest, [options.seed, key], fill))
      : null;
    input = written ?? fill(chosen.tool);
  }
  const coach = (toolResult?: { isError: boolean; detail: string }) =>
    composeCoachReply({
      userText: latest,
      system,
      variationKey,
      toolResult,
      previousReplies,
      flagged,
      ...(flagged ? { mode: "ask" as const, question: steerBackQuestion(system) ?? extractQuestion(system) ?? undefined } : leadFor(system, chosen?.tool, input, asked)),
    });

  if (chosen) {
    if (!chosen.forced) {
      // A coaching turn (the system prompt lists coaching questions) is answered
      // in full before the tool call, as the app's coach prompt asks Claude to.
      const text = looksLikeCoachingTurn(system) ? coach() : toolPreamble(variationKey);
      blocks.push({ type: "text", text, tokens: splitTokens(text) });
    }
    // Left to choose, a careful model does not call a tool with nothing to record.
    const nothing = !chosen.forced && typeof input === "object" && input !== null && !Array.isArray(input) && Object.keys(input).length === 0;
    if (!nothing) {
      blocks.push({
        type: "tool_use",
        id: makeId("toolu", options.seed, key),
        name: chosen.tool.name,
        input,
        tokens: splitTokens(JSON.stringify(input)),
      });
    }
  } else {
    const result = latestToolResults(request)[0];
    const text = coach(isToolFollowUp(request) && result ? { isError: result.isError, detail: result.detail } : undefined);
    blocks.push({ type: "text", text, tokens: splitTokens(text) });
  }

  let stopReason: StopReason = blocks.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn";
  let stopSequence: string | null = null;

  // A stop sequence ends the turn where it first appears; the tool call never happens.
  for (const block of blocks) {
    if (block.type !== "text") continue;
    let cut = -1;
    for (const seq of request.stop_sequences ?? []) {
      const at = seq ? block.text.indexOf(seq) : -1;
      if (at >= 0 && (cut < 0 || at < cut)) [cut, stopSequence] = [at, seq];
    }
    if (cut >= 0) {
      block.text = block.text.slice(0, cut);
      block.tokens = splitTokens(block.text);
      blocks = blocks.slice(0, blocks.indexOf(block) + 1);
      stopReason = "stop_sequence";
      break;
    }
  }

  // max_tokens truncates text mid-reply and drops a tool call that does not fit.
  let budget = request.max_tokens;
  const kept: PlannedBlock[] = [];
  for (const block of blocks) {
    if (block.tokens.length <= budget) {
      kept.push(block);
      budget -= block.tokens.length;
      continue;
    }
    if (block.type === "text" && budget > 0) {
      const tokens = block.tokens.slice(0, budget);
      kept.push({ type: "text", text: tokens.join(""), tokens });
    }
    stopReason = "max_tokens";
    stopSequence = null;
    break;
  }

  return {
    id,
    model: request.model,
    blocks: kept,
    stopReason,
    stopSequence,
    inputTokens: estimateInputTokens([request.system, request.messages, request.tools]),
    outputTokens: kept.reduce((n, b) => n + b.tokens.length, 0),
  };
}
