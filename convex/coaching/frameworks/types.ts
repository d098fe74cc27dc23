import type { FrameworkId } from "../tables";

export type { FrameworkId };

export const CHALLENGE_TYPES = [
  "goal_achievement",
  "complex_situation",
  "change_leadership",
  "stakeholder_management",
  "team_development",
  "executive_presence",
] as const;
export type ChallengeType = (typeof CHALLENGE_TYPES)[number];

/**
 * The JSON Schema subset step schemas use. It is what the coach's extraction
 * tool offers Claude as `input_schema`, and what ajv validates (compiled ahead
 * of time by `npm run build:validators`).
 */
export type FieldSchema =
  | { type: "string"; description: string; minLength?: number; maxLength?: number; enum?: string[]; format?: "date"; pattern?: string }
  | { type: "integer" | "number"; description: string; minimum?: number; maximum?: number }
  | { type: "boolean"; description: string }
  | { type: "array"; description: string; items: FieldSchema | { type: "string"; minLength?: number; maxLength?: number }; minItems?: number; maxItems?: number };

export type StepSchema = {
  type: "object";
  properties: Record<string, FieldSchema>;
  required: string[];
  additionalProperties: false;
};

export interface FrameworkStep {
  /** Stable key: collected data is stored under it. */
  id: string;
  name: string;
  objective: string;
  durationMinutes: number;
  /** Step-specific instructions appended to the coach's base prompt. */
  systemPrompt: string;
  /** Questions the coach draws on, most important first. */
  questions: string[];
  /** What the coach must not do in this step. */
  guardrails: string[];
  /** Fields the coach must capture before the session moves on. */
  schema: StepSchema;
  transition: {
    /** Minimum user turns in this step before it may complete, so a step is never rushed. */
    minUserTurns: number;
    /** What the coach says, in substance, when moving on. */
    handoff: string;
  };
}

export interface Framework {
  id: FrameworkId;
  name: string;
  description: string;
  typicalDurationMinutes: number;
  suits: ChallengeType[];
  /** Words that point to this framework, for the offline keyword recommender. */
  keywords: string[];
  steps: FrameworkStep[];
  completion: {
    /** How the closing summary is written. */
    summaryGuidance: string;
    /** Which step ids' data make up the action plan. */
    actionPlanSteps: string[];
  };
}
