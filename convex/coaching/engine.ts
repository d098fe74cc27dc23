/**
 * The step engine: pure decisions about a coaching session, no ctx: whether
 * the session moves on, the closing summary, the recap and progress. What a
 * turn may capture is decided in capture.ts.
 */
import type { Framework } from "./frameworks/types";
import type { SessionStatus } from "./tables";

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
