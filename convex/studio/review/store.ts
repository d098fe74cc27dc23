/**
 * The review's writes that other paths call in their own transactions:
 * queue placement (after a conversation is stored, judged or re-scored),
 * the near-duplicate mark (after it is stored), and a verdict with its
 * calibration roll-ups.
 */
import type { Doc, Id } from "../../_generated/dataModel";
import type { MutationCtx } from "../../_generated/server";
import { recordAudit } from "../../observability/audit";
import { recordAnalyticsEvent, reviewedEvent } from "../analytics/record";
import { bandHashes, BANDS, DUPLICATE_THRESHOLD, estimateJaccard, signatureOf } from "./minhash";
import { addCell, confusionCell, dayOf, EMPTY_CONFUSION, humanKeeps, judgeKeeps, reviewPlacement, sumConfusion, type Confusion, type RejectReason, type Verdict } from "./rules";
import type { Revision } from "./validators";

type Conversation = Doc<"generatedConversations">;

/**
 * Puts the conversation in its queue bucket (needs revision or scorer/judge
 * disagreement first) at its score. Call after anything that moves its
 * status, score or judge; writes only when the placement changed.
 */
export async function syncReviewPlacement(ctx: MutationCtx, conversationId: Id<"generatedConversations">): Promise<void> {
  const c = await ctx.db.get("generatedConversations", conversationId);
  if (c === null) return;
  const placement = reviewPlacement(c);
  const next = placement ?? { reviewRank: undefined, reviewScore: undefined };
  if (c.reviewRank === next.reviewRank && c.reviewScore === next.reviewScore) return;
  await ctx.db.patch("generatedConversations", c._id, next);
}

/** Candidates read per band and in all: a template's near-identical cluster never makes the check unbounded. */
const CANDIDATES_PER_BAND = 8;
const MAX_CANDIDATES = 32;

/**
 * Marks a production conversation that nearly repeats an earlier one of its
 * template with that twin's id (the cluster's first, when the twin is itself
 * a duplicate), and files its signature so later ones can find it. Idempotent.
 */
export async function markNearDuplicate(
  ctx: MutationCtx,
  conversationId: Id<"generatedConversations">,
): Promise<{ duplicateOf: Id<"generatedConversations">; similarity: number } | null> {
  const c = await ctx.db.get("generatedConversations", conversationId);
  if (c === null || c.pool === "test") return null;
  const filed = await ctx.db
    .query("conversationSignatures")
    .withIndex("by_conversation", (q) => q.eq("conversationId", conversationId))
    .first();
  if (filed !== null) return c.duplicateOf ? { duplicateOf: c.duplicateOf, similarity: c.duplicateSimilarity ?? 1 } : null;

  const signature = signatureOf(c.turns);
  const hashes = bandHashes(signature);
  const candidates = new Set<Id<"generatedConversations">>();
  for (let band = 0; band < BANDS && candidates.size < MAX_CANDIDATES; band++) {
    const rows = await ctx.db
      .query("conversationBands")
      .withIndex("by_template_band_hash", (q) => q.eq("templateId", c.templateId).eq("band", band).eq("hash", hashes[band]))
      .take(CANDIDATES_PER_BAND);
    for (const row of rows) if (row.conversationId !== conversationId) candidates.add(row.conversationId);
  }

  let best: { id: Id<"generatedConversations">; similarity: number } | null = null;
  for (const candidateId of candidates) {
    const other = await ctx.db
      .query("conversationSignatures")
      .withIndex("by_conversation", (q) => q.eq("conversationId", candidateId))
      .first();
    if (other === null) continue;
    const similarity = estimateJaccard(signature, other.signature);
    if (similarity >= DUPLICATE_THRESHOLD && (best === null || similarity > best.similarity)) best = { id: candidateId, similarity };
  }

  await ctx.db.insert("conversationSignatures", { conversationId, templateId: c.templateId, signature });
  for (let band = 0; band < BANDS; band++) {
    await ctx.db.insert("conversationBands", { templateId: c.templateId, band, hash: hashes[band], conversationId });
  }
  if (best === null) return null;
  const twin = await ctx.db.get("generatedConversations", best.id);
  if (twin === null) return null;
  const duplicateOf = twin.duplicateOf ?? twin._id;
  await ctx.db.patch("generatedConversations", conversationId, { duplicateOf, duplicateSimilarity: best.similarity });
  return { duplicateOf, similarity: best.similarity };
}

/**
 * What the store path calls right after inserting a conversation, in the same
 * transaction: queue placement, then the near-duplicate check.
 */
export async function onConversationStored(ctx: MutationCtx, conversationId: Id<"generatedConversations">): Promise<void> {
  await syncReviewPlacement(ctx, conversationId);
  await markNearDuplicate(ctx, conversationId);
}

/** Calibration deltas for one transaction, keyed by scope and day, so each roll-up row is written once. */
export class CalibrationDeltas {
  private rows = new Map<string, { scope: string; templateId?: Id<"promptTemplates">; day: number; score: Confusion; judge: Confusion }>();

  add(c: Conversation, verdict: Verdict, now: number): boolean | undefined {
    if (c.quality === undefined) return undefined;
    const human = humanKeeps(verdict);
    // The scorer's own score, not an override: calibration measures the automation.
    const autoKeep = c.quality.overall >= c.quality.threshold;
    const judge = judgeKeeps(c);
    const scoreCell = confusionCell(autoKeep, human);
    for (const day of [dayOf(now), -1]) {
      for (const scope of ["all", c.templateId as string]) {
        const key = `${scope}|${day}`;
        const row = this.rows.get(key) ?? { scope, templateId: scope === "all" ? undefined : c.templateId, day, score: EMPTY_CONFUSION, judge: EMPTY_CONFUSION };
        row.score = addCell(row.score, scoreCell);
        if (judge !== undefined) row.judge = addCell(row.judge, confusionCell(judge, human));
        this.rows.set(key, row);
      }
    }
    return autoKeep !== human;
  }

  async flush(ctx: MutationCtx, now: number): Promise<void> {
    for (const row of this.rows.values()) {
      const existing = await ctx.db
        .query("reviewCalibration")
        .withIndex("by_scope_day", (q) => q.eq("scope", row.scope).eq("day", row.day))
        .first();
      if (existing === null) await ctx.db.insert("reviewCalibration", { ...row, updatedAt: now });
      else {
        await ctx.db.patch("reviewCalibration", existing._id, {
          score: sumConfusion(existing.score, row.score),
          judge: sumConfusion(existing.judge, row.judge),
          updatedAt: now,
        });
      }
    }
    this.rows.clear();
  }
}

export type VerdictInput = {
  verdict: Verdict;
  by: Id<"users">;
  reason?: RejectReason;
  note?: string;
  /** For "revised": the edited turns and the revision to append. */
  turns?: Conversation["turns"];
  revision?: Revision;
  bulkJobId?: Id<"reviewBulkJobs">;
};

export const VERDICT_AUDIT: Record<Verdict, string> = {
  approved: "studio.review_approved",
  revised: "studio.review_revised",
  rejected: "studio.review_rejected",
};

/**
 * Records one verdict on a pending conversation: who and when, the reason,
 * the revision (original turns kept once), the lease released, calibration
 * deltas and an audit row. The caller has checked the lease and the input.
 */
export async function applyVerdict(ctx: MutationCtx, c: Conversation, input: VerdictInput, deltas: CalibrationDeltas, now: number): Promise<void> {
  const disagrees = deltas.add(c, input.verdict, now);
  // Before the patch: the event carries the status the verdict moves it from. Test-pool conversations are not production.
  if (c.pool !== "test") await recordAnalyticsEvent(ctx, reviewedEvent(c, input.verdict === "rejected" ? "rejected" : "approved", now), now);
  await ctx.db.patch("generatedConversations", c._id, {
    reviewStatus: input.verdict === "rejected" ? "rejected" : "approved",
    verdict: input.verdict,
    reviewedBy: input.by,
    reviewedAt: now,
    rejectReason: input.reason,
    reviewNote: input.note,
    leaseBy: undefined,
    leaseUntil: undefined,
    disagrees,
    ...(input.turns && input.revision
      ? { turns: input.turns, originalTurns: c.originalTurns ?? c.turns, revisions: [...(c.revisions ?? []), input.revision] }
      : {}),
  });
  await recordAudit(ctx, {
    action: VERDICT_AUDIT[input.verdict],
    actorId: input.by,
    targetTable: "generatedConversations",
    targetId: c._id,
    details: {
      ...(input.reason ? { reason: input.reason } : {}),
      ...(input.revision ? { editedTurns: input.revision.edits.map((edit) => edit.turnIndex) } : {}),
      ...(input.bulkJobId ? { bulkJobId: input.bulkJobId } : {}),
      score: c.score,
      disagrees,
    },
  }, now);
}
