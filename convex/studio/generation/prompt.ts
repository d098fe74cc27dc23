/**
 * From a template version and values to the gateway's request: the rendered
 * template is the user message, the conversation tool is forced. When the
 * conversation's framework is one of ours, its steps are appended, so the
 * writer (Claude, or the offline fake) walks the same steps the quality
 * scorer looks for.
 */
import { listFrameworks, type Framework } from "../../coaching/frameworks";
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
    if (!result.ok) return { ok: false, message: formatProblems(result.errors) };
    // Undeclared values fail to render, so the resolved values are all there is.
    const framework = findFramework(result.resolved["framework"]);
    const text = framework ? `${result.output.trimEnd()}\n\n${frameworkStepsSection(framework)}` : result.output;
    return { ok: true, text, resolved: result.resolved };
  };
}

const normalised = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "");

/** One of our frameworks, named by id or name in any case and punctuation ("grow", "Power-Interest Grid", "POWER_INTEREST_GRID"). */
export function findFramework(value: unknown): Framework | null {
  if (typeof value !== "string") return null;
  const key = normalised(value);
  if (key === "") return null;
  return listFrameworks().find((f) => normalised(f.id) === key || normalised(f.name) === key) ?? null;
}

/** Questions per step quoted in the steps section. */
export const STEP_QUESTIONS_SHOWN = 2;
export const STEPS_HEADING = "Framework steps, in order:";

/** The framework's steps, one line each: name, objective and its first typical questions. */
export function frameworkStepsSection(framework: Framework): string {
  const lines = framework.steps.map((step) => {
    // Quoted, because one "question" may be two ("What could you do? What else?").
    const questions = step.questions.slice(0, STEP_QUESTIONS_SHOWN).map((q) => `"${q}"`).join(" ");
    return `- ${step.name}: ${step.objective}${questions ? ` Typical questions: ${questions}` : ""}`;
  });
  return [STEPS_HEADING, ...lines].join("\n");
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
