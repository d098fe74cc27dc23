/**
 * Deterministic generated conversations for export and analytics tests and
 * the export benchmark (two dots: Convex never deploys this file). Rows are
 * written straight into the table, the way the store path writes them.
 */
import type { Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";

export const SEED_FRAMEWORKS = ["GROW", "CLEAR", "COMPASS", "EXECUTIVE_PRESENCE"];
export const SEED_PERSONAS = ["first-time manager", "senior engineer", "nurse returning from leave", "start-up founder", "retail store manager"];
export const SEED_EMOTIONS = ["anxious", "frustrated", "hopeful"];
export const SEED_MODELS = ["claude-sonnet-5-5", "claude-haiku-5-5"];

export type SeedRow = {
  i: number;
  /** The row whose values this one repeats (itself unless it is a variant). */
  base: number;
  framework: string;
  persona: string;
  emotion: string;
  score: number;
  reviewStatus: "pending" | "approved" | "rejected";
  createdAt: number;
};

export type SeedSpec = {
  templateId: Id<"promptTemplates">;
  versionId: Id<"promptTemplateVersions">;
  userId: Id<"users">;
  batchId?: Id<"generationBatches">;
  /** Turns per conversation, client first. Default 12. */
  turns?: number;
  /** Every `variantEvery`-th row repeats the previous row's values (a variant of the same seed). Default none. */
  variantEvery?: number;
  /** Which rows are approved. Default all. */
  status?: (i: number) => "pending" | "approved" | "rejected";
  /** Conversations whose i is listed are marked near-duplicates of the first row. */
  duplicates?: Set<number>;
  start?: number;
};

const TURN_TEXT = [
  "I was promoted to lead my former peers and I keep avoiding the hard conversations, which is starting to hurt the team's delivery.",
  "What would a good conversation with one of them look like, if it went the way you hope?",
  "Honestly, I'd say what I expect, they'd hear it without feeling I've changed, and we'd agree on how we work from now on.",
  "You want to be clear and keep the trust you built. What have you already tried, and what got in the way?",
];

export function seedRow(i: number, spec: Pick<SeedSpec, "variantEvery" | "status" | "start">): SeedRow {
  const base = spec.variantEvery && i % spec.variantEvery === spec.variantEvery - 1 ? i - 1 : i;
  return {
    i,
    base,
    framework: SEED_FRAMEWORKS[base % SEED_FRAMEWORKS.length],
    persona: SEED_PERSONAS[Math.floor(base / SEED_FRAMEWORKS.length) % SEED_PERSONAS.length],
    emotion: SEED_EMOTIONS[Math.floor(base / 7) % SEED_EMOTIONS.length],
    score: Math.round(((base * 37) % 101) / 10 * 10) / 10,
    reviewStatus: spec.status ? spec.status(i) : "approved",
    createdAt: (spec.start ?? Date.UTC(2026, 9, 1)) + i * 60_000,
  };
}

export function seedValues(row: SeedRow, turns = 12) {
  return { persona: row.persona, emotion: row.emotion, framework: row.framework, topic: `topic ${Math.floor(row.base / 3) % 4}`, turns };
}

const criterion = (score: number, weight: number, measured: string, target: string) => ({ score, weight, measured, target, details: [`${measured} against ${target}`] });

/** A report of the stored shape and typical size, so the bytes a page reads are realistic. */
export function seedQuality(score: number, scoredAt: number) {
  return {
    overall: score,
    flagged: score < 6,
    threshold: 6,
    confidence: "high" as const,
    criteria: {
      turnCount: criterion(10, 0.3, "12 turns", "8–16 turns"),
      length: criterion(8, 0.25, "avg 140 chars per turn", "60–220 chars per turn for this tier"),
      structure: criterion(7, 0.25, "4 of 4 GROW stages named; 5 open questions", "every stage of the framework in order"),
      confidence: criterion(8, 0.2, "2 hedges in 6 coach turns", "few hedges"),
    },
    recommendations: score < 6 ? ["Ask about the current reality before options.", "Shorten the coach's turns."] : [],
    flags: [],
    reasons: score < 6 ? ["Scored below the template's threshold of 6."] : [],
    scoredAt,
  };
}

/** Inserts rows from..to-1; returns their ids. */
export async function seedConversations(ctx: MutationCtx, spec: SeedSpec, from: number, to: number): Promise<Id<"generatedConversations">[]> {
  const ids: Id<"generatedConversations">[] = [];
  let first: Id<"generatedConversations"> | undefined;
  for (let i = from; i < to; i++) {
    const row = seedRow(i, spec);
    const turns = Array.from({ length: spec.turns ?? 12 }, (_, k) => ({
      role: (k % 2 === 0 ? "client" : "coach") as "client" | "coach",
      text: `${TURN_TEXT[k % TURN_TEXT.length]} (${row.persona}, turn ${k + 1})`,
    }));
    const id = await ctx.db.insert("generatedConversations", {
      templateId: spec.templateId,
      templateVersionId: spec.versionId,
      batchId: spec.batchId,
      framework: row.framework,
      turns,
      values: seedValues(row, spec.turns ?? 12),
      model: SEED_MODELS[row.i % SEED_MODELS.length],
      inputTokens: 900,
      outputTokens: 1400,
      costMicros: 25_000 + (row.i % 7) * 1000,
      latencyMs: 8_000 + (row.i % 13) * 500,
      attempts: 1,
      status: "generated",
      pool: "production",
      score: row.score,
      quality: seedQuality(row.score, row.createdAt),
      reviewStatus: row.reviewStatus,
      reviewedBy: row.reviewStatus === "pending" ? undefined : spec.userId,
      reviewedAt: row.reviewStatus === "pending" ? undefined : row.createdAt + 3_600_000,
      createdBy: spec.userId,
      createdAt: row.createdAt,
      duplicateOf: spec.duplicates?.has(i) ? first : undefined,
    });
    first ??= id;
    ids.push(id);
  }
  return ids;
}
