import type { InputBlock, InputMessage, MessagesRequest } from "./request-validation";

// What the fake needs to know about a conversation: the user's own words,
// the system prompt, and whether this turn answers an earlier tool call.

function blocksText(content: string | InputBlock[] | undefined): string {
  if (content === undefined) return "";
  if (typeof content === "string") return content;
  return content
    .filter((b) => b.type === "text" && typeof b.text === "string")
    .map((b) => b.text as string)
    .join("\n");
}

/** The system prompt plus any system-role messages, as one text. */
export function systemText(request: MessagesRequest): string {
  const parts = [blocksText(request.system)];
  for (const m of request.messages) if (m.role === "system") parts.push(blocksText(m.content));
  return parts.filter(Boolean).join("\n");
}

/** Text the user typed in each user message, most recent first, empty ones skipped. */
/**
 * Apps often wrap user input in XML-style tags, as Anthropic's prompting guide
 * suggests (Framewise uses <user_message>); the person's own words are then
 * the contents of the last such envelope, not the tags.
 */
export function personWords(text: string): string {
  const envelopes = [...text.matchAll(/<([A-Za-z_][\w-]*)>\s*([\s\S]*?)\s*<\/\1>/g)];
  const last = envelopes[envelopes.length - 1];
  return last ? last[2]!.trim() : text;
}

/** Each user message's whole text, envelopes included, most recent first. */
export function rawUserTexts(request: MessagesRequest): string[] {
  return request.messages
    .filter((m) => m.role === "user")
    .map((m) => blocksText(m.content).trim())
    .filter(Boolean)
    .reverse();
}

export function userTexts(request: MessagesRequest): string[] {
  return request.messages
    .filter((m) => m.role === "user")
    .map((m) => personWords(blocksText(m.content)).trim())
    .filter(Boolean)
    .reverse();
}

export interface ToolResultSeen {
  toolUseId: string;
  toolName: string | null;
  isError: boolean;
  detail: string;
}

function lastUserMessage(messages: InputMessage[]): InputMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]!.role === "user") return messages[i];
  return undefined;
}

/** tool_result blocks in the latest user message, matched to the tool_use they answer. */
export function latestToolResults(request: MessagesRequest): ToolResultSeen[] {
  const last = lastUserMessage(request.messages);
  if (!last || typeof last.content === "string") return [];
  const toolNames = new Map<string, string>();
  for (const m of request.messages) {
    if (m.role !== "assistant" || typeof m.content === "string") continue;
    for (const b of m.content) if (b.type === "tool_use" && b.id && b.name) toolNames.set(b.id, b.name);
  }
  return last.content
    .filter((b) => b.type === "tool_result")
    .map((b) => ({
      toolUseId: String(b.tool_use_id),
      toolName: toolNames.get(String(b.tool_use_id)) ?? null,
      isError: b.is_error === true,
      detail: blocksText(b.content),
    }));
}

/** True when the latest user turn carries tool results and no new words. */
export function isToolFollowUp(request: MessagesRequest): boolean {
  const last = lastUserMessage(request.messages);
  if (!last || typeof last.content === "string") return false;
  return last.content.some((b) => b.type === "tool_result") && blocksText(last.content).trim() === "";
}

/** Text of each assistant message, oldest first (tool calls left out). */
export function assistantTexts(request: MessagesRequest): string[] {
  return request.messages
    .filter((m) => m.role === "assistant")
    .map((m) => blocksText(m.content).trim())
    .filter(Boolean);
}

/** The last question the assistant asked: the last sentence ending in "?" of its latest reply. */
export function lastAssistantQuestion(request: MessagesRequest): string | undefined {
  const replies = assistantTexts(request);
  const last = replies[replies.length - 1];
  if (!last) return undefined;
  const questions = last.match(/[^.!?\n]*\?/g);
  return questions?.[questions.length - 1]?.trim();
}
