/**
 * The step engine: pure decisions about a coaching session, no ctx. Given
 * what the coach extracted, it says what is captured, what is missing, and
 * whether the session moves on; it also writes the closing summary.
 */
import type { Framework } from "./frameworks/types";
import type { SessionStatus } from "./tables";
import { partialValidate } from "./validation";

export type FieldProblem = { field: string; problem: string };

export type StepOutcome = {
  captured: Record<string, unknown>;
  problems: FieldProblem[];
  missing: string[];
  complete: boolean;
};

/**
 * Merges newly extracted fields into what the step already holds. Only
 * schema-valid fields are kept (anything else is reported, never stored), and
 * a new invalid value never replaces an earlier valid one.
 */
export function applyExtraction(
  framework: Framework,
  stepIndex: number,
  previous: Record<string, unknown>,
  extracted: unknown,
): StepOutcome {
  const step = framework.steps[stepIndex];
  const input = typeof extracted === "object" && extracted !== null && !Array.isArray(extracted) ? (extracted as Record<string, unknown>) : {};
  const known = new Set(Object.keys(step.schema.properties));
  const offered = Object.fromEntries(Object.entries(input).filter(([field, value]) => known.has(field) && value !== null && value !== ""));
  const result = partialValidate(framework.id, step.id, { ...previous, ...offered });
  const captured: Record<string, unknown> = { ...result.valid };
  for (const [field, value] of Object.entries(previous)) {
    if (captured[field] === undefined && known.has(field)) captured[field] = value;
  }
  const problems = result.invalid.filter((p) => p.field in offered).map((p) => ({ field: p.field, problem: p.message }));
  const missing = step.schema.required.filter((field) => captured[field] === undefined);
  return { captured, problems, missing, complete: missing.length === 0 };
}

export type Transition = { kind: "stay" } | { kind: "advance"; to: number } | { kind: "complete" };

export function decideTransition(input: {
  framework: Framework;
  stepIndex: number;
  complete: boolean;
  userTurnsInStep: number;
  /** A flagged turn never moves the session: injection must not change the step. */
  flagged: boolean;
}): Transition {
  const step = input.framework.steps[input.stepIndex];
  if (!input.complete || input.flagged || input.userTurnsInStep < step.transition.minUserTurns) return { kind: "stay" };
  if (input.stepIndex + 1 >= input.framework.steps.length) return { kind: "complete" };
  return { kind: "advance", to: input.stepIndex + 1 };
}

/** "nextAction" → "Next action". */
export function fieldLabel(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatValue).join("; ");
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

export function summarize(
  framework: Framework,
  challenge: string,
  collected: Record<string, Record<string, unknown>>,
): { summary: string; actionPlan: string } {
  const sections = framework.steps.map((step) => {
    const fields = collected[step.id] ?? {};
    const lines = Object.entries(fields).map(([field, value]) => `- **${fieldLabel(field)}:** ${formatValue(value)}`);
    return `### ${step.name}\n${lines.length > 0 ? lines.join("\n") : "- (nothing captured)"}`;
  });
  const summary = [`## ${framework.name} session summary`, "", `**Challenge:** ${challenge}`, "", ...sections].join("\n");
  const planLines = framework.completion.actionPlanSteps.flatMap((stepId) =>
    Object.entries(collected[stepId] ?? {}).map(([field, value]) => `- [ ] **${fieldLabel(field)}:** ${formatValue(value)}`),
  );
  const actionPlan = ["## Action plan", "", ...(planLines.length > 0 ? planLines : ["- (no actions captured)"])].join("\n");
  return { summary, actionPlan };
}

export function recapText(framework: Framework, stepIndex: number, collected: Record<string, Record<string, unknown>>): string {
  const step = framework.steps[stepIndex];
  const done = framework.steps
    .slice(0, stepIndex)
    .map((s) => {
      const first = Object.values(collected[s.id] ?? {})[0];
      return first === undefined ? s.name : `${s.name} (${formatValue(first)})`;
    });
  const sofar = done.length > 0 ? ` So far we've covered ${done.join(", ")}.` : "";
  return `Welcome back. We're working through ${framework.name}, step ${stepIndex + 1} of ${framework.steps.length}: ${step.name}.${sofar} Let's pick up where you left off: ${step.questions[0]}`;
}

export type StepProgress = { index: number; id: string; name: string; state: "done" | "current" | "upcoming" };

export function stepProgress(framework: Framework, stepIndex: number, status: SessionStatus): StepProgress[] {
  return framework.steps.map((step, index) => ({
    index,
    id: step.id,
    name: step.name,
    state: status === "completed" || index < stepIndex ? "done" : index === stepIndex ? "current" : "upcoming",
  }));
}
