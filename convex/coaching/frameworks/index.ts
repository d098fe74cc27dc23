/**
 * The framework registry: every coaching framework, keyed by id.
 *
 * Frameworks are plain data. Their step schemas are validated at runtime by
 * validators compiled ahead of time (`npm run build:validators`, output in
 * `convex/coaching/generated/`), because Convex forbids code generation from
 * strings, which is how ajv compiles.
 */
import { appError } from "../../lib/errors";
import { FRAMEWORK_IDS, type FrameworkId } from "../tables";
import { CLEAR } from "./clear";
import { COMPASS } from "./compass";
import { EXECUTIVE_PRESENCE } from "./executivePresence";
import { GROW } from "./grow";
import { POWER_INTEREST_GRID } from "./powerInterestGrid";
import { PSYCHOLOGICAL_SAFETY } from "./psychologicalSafety";
import type { Framework, FrameworkStep } from "./types";

export type { ChallengeType, FieldSchema, Framework, FrameworkId, FrameworkStep, StepSchema } from "./types";
export { CHALLENGE_TYPES } from "./types";

export const FRAMEWORKS = {
  GROW,
  CLEAR,
  COMPASS,
  POWER_INTEREST_GRID,
  PSYCHOLOGICAL_SAFETY,
  EXECUTIVE_PRESENCE,
} as const satisfies Record<FrameworkId, Framework>;

/** Every framework, in the order of `FRAMEWORK_IDS`. */
export function listFrameworks(): Framework[] {
  return FRAMEWORK_IDS.map((id) => FRAMEWORKS[id]);
}

export function isFrameworkId(value: unknown): value is FrameworkId {
  return typeof value === "string" && (FRAMEWORK_IDS as readonly string[]).includes(value);
}

/** The framework with this id; throws NOT_FOUND for an unknown id. */
export function getFramework(id: string): Framework {
  if (!isFrameworkId(id)) {
    throw appError("NOT_FOUND", "That coaching framework doesn't exist. Please choose one of the available frameworks.");
  }
  return FRAMEWORKS[id];
}

/** The step at `index`, or null past the last step (or for a negative or fractional index). */
export function getStep(framework: Framework, index: number): FrameworkStep | null {
  if (!Number.isInteger(index) || index < 0) return null;
  return framework.steps[index] ?? null;
}

/** The step with this id; throws NOT_FOUND for an unknown step. */
export function getStepById(framework: Framework, stepId: string): FrameworkStep {
  const step = framework.steps.find((s) => s.id === stepId);
  if (!step) {
    throw appError("NOT_FOUND", `That step isn't part of the ${framework.name} framework.`);
  }
  return step;
}
