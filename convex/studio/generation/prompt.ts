/**
 * From a template version and values to the gateway's request: the rendered
 * template is the user message, the conversation tool is forced.
 */
import type { LlmParams } from "../../llm/tables";
import { formatProblems, parseTemplate, renderTemplate, type ParsedTemplate, type VariableValue } from "../templating";
import { conversationTool, CONVERSATION_TOOL_NAME, GENERATION_SYSTEM_PROMPT } from "./conversation";

export const DEFAULT_MAX_TOKENS = 8_192;

export type VersionContent = {
  body: string;
  variables: Parameters<typeof parseTemplate>[1];
  model?: string;
  temperature?: number;
  maxTokens?: number;
};

export type Rendered = { ok: true; text: string; resolved: Record<string, VariableValue> } | { ok: false; message: string };

/** Parses a version once, for rendering many rows. */
export function templateRenderer(version: VersionContent): (values: Record<string, unknown>) => Rendered {
  const parsed = parseTemplate(version.body, version.variables);
  const template: ParsedTemplate | undefined = parsed.template ?? undefined;
  if (!template) {
    const message = formatProblems(parsed.errors);
    return () => ({ ok: false, message });
  }
  return (values) => {
    const result = renderTemplate(template, values);
    return result.ok ? { ok: true, text: result.output, resolved: result.resolved } : { ok: false, message: formatProblems(result.errors) };
  };
}

export function generationParams(text: string, version: Pick<VersionContent, "temperature" | "maxTokens">): LlmParams {
  return {
    system: GENERATION_SYSTEM_PROMPT,
    messages: [{ role: "user", content: text }],
    tools: [conversationTool as unknown as { name: string; description: string; input_schema: unknown }],
    toolChoice: { type: "tool", name: CONVERSATION_TOOL_NAME },
    maxTokens: version.maxTokens ?? DEFAULT_MAX_TOKENS,
    temperature: version.temperature,
  };
}

/** Characters the model reads per item besides the rendered text: system prompt and tool schema. */
export const FIXED_PROMPT_CHARS = GENERATION_SYSTEM_PROMPT.length + JSON.stringify(conversationTool).length;
