/**
 * The audit log: security-relevant events, kept apart from ordinary logs and
 * never deleted by retention. Written by role changes (users/admin.ts,
 * users/roles.ts), injection flags (coaching/sessions.ts), retention
 * deletions (cleanup.ts), admin exports (here) and sign-ins refused by
 * Convex Auth's failed-attempt limit (auth.ts → `recordSignInRateLimited`).
 */
import { paginationOptsValidator } from "convex/server";
import { v } from "convex/values";
import type { Id } from "../_generated/dataModel";
import { internalMutation, type MutationCtx, type QueryCtx } from "../_generated/server";
import { adminMutation, adminQuery } from "../lib/functions";
import { hashUserId, logger } from "../lib/log";
import { redactFields } from "../lib/redact";
import { auditFields } from "./tables";
import { wholeNumber } from "../lib/numbers";
import { paginateChecked } from "../lib/pagination";
import { appError } from "../lib/errors";

const log = logger("audit");

export const AUDIT_ACTIONS = [
  "user.role_assigned",
  "user.role_changed",
  "coaching.injection_flagged",
  "retention.deleted",
  "admin.export",
  "auth.sign_in_rate_limited",
  "studio.template_activation_overridden",
  "studio.quality_overridden",
  "studio.export_started",
  "studio.export_finished",
  "studio.review_approved",
  "studio.review_revised",
  "studio.review_rejected",
  "studio.review_bulk",
] as const;

export type AuditEntry = {
  action: string;
  actorId?: Id<"users">;
  targetTable?: string;
  targetId?: string;
  details?: Record<string, unknown>;
};

/** Writes one audit row (details are redacted like log fields). */
export async function recordAudit(ctx: MutationCtx, entry: AuditEntry, now = Date.now()): Promise<Id<"auditLogs">> {
  return await ctx.db.insert("auditLogs", {
    action: entry.action,
    actorId: entry.actorId,
    targetTable: entry.targetTable,
    targetId: entry.targetId,
    details: redactFields(entry.details ?? {}),
    at: now,
  });
}

const auditRowValidator = v.object({
  _id: v.id("auditLogs"),
  _creationTime: v.number(),
  ...auditFields,
  /** The actor's email (or name when there is none); absent for system actions or deleted users. */
  actorEmail: v.optional(v.string()),
});

/**
 * Names for the users a page mentions: one read per distinct user, so a page
 * of n rows costs at most n reads. Undefined when unknown, so a CSV cell is empty.
 */
export async function actorNames(ctx: QueryCtx, userIds: (Id<"users"> | null | undefined)[]): Promise<Map<string, string | undefined>> {
  const names = new Map<string, string | undefined>();
  for (const id of userIds) {
    if (!id || names.has(id)) continue;
    const user = await ctx.db.get("users", id);
    names.set(id, user?.email ?? user?.name ?? undefined);
  }
  return names;
}

export const listAudit = adminQuery({
  args: { paginationOpts: paginationOptsValidator, action: v.optional(v.string()) },
  returns: v.object({
    page: v.array(auditRowValidator),
    isDone: v.boolean(),
    continueCursor: v.string(),
    splitCursor: v.optional(v.union(v.string(), v.null())),
    pageStatus: v.optional(v.union(v.literal("SplitRecommended"), v.literal("SplitRequired"), v.null())),
  }),
  handler: async (ctx, { paginationOpts, action }) => {
    const query = action
      ? ctx.db.query("auditLogs").withIndex("by_action_at", (q) => q.eq("action", action))
      : ctx.db.query("auditLogs").withIndex("by_at");
    const result = await paginateChecked(paginationOpts, (opts) => query.order("desc").paginate(opts));
    const names = await actorNames(ctx, result.page.map((row) => row.actorId));
    return { ...result, page: result.page.map((row) => ({ ...row, actorEmail: row.actorId ? names.get(row.actorId) : undefined })) };
  },
});

export const exportViewValidator = v.union(
  v.literal("users"),
  v.literal("logs"),
  v.literal("audit"),
  v.literal("usage"),
  v.literal("sessions"),
  v.literal("user_usage"),
  v.literal("health"),
);

/** Far above any view's size: a bound, not a quota. */
const MAX_EXPORT_ROWS = 10_000_000;

/** Called by the admin SPA before it builds a CSV download of a view. */
export const recordExport = adminMutation({
  args: { view: exportViewValidator, rows: v.number(), filters: v.optional(v.record(v.string(), v.string())) },
  returns: v.null(),
  handler: async (ctx, { view, rows, filters }) => {
    wholeNumber(rows, "rows", 0, MAX_EXPORT_ROWS);
    // The audit row stores these as given, so bound them; Convex checks the shape, this checks the size.
    if (filters !== undefined && (typeof filters !== "object" || filters === null || Array.isArray(filters) || Object.keys(filters).length > 20)) {
      throw appError("INVALID_INPUT", "Export filters must be at most 20 named values.", { field: "filters" });
    }
    await recordAudit(ctx, {
      action: "admin.export",
      actorId: ctx.user._id,
      targetTable: view,
      details: { rows, ...(filters ? { filters } : {}) },
    });
    await log.with({ userId: ctx.user._id }).persist(ctx, "info", "export", { view, rows });
    return null;
  },
});

const RATE_LIMIT_AUDIT_WINDOW_MS = 10 * 60_000;

/**
 * Convex Auth refused a password sign-in because the account hit its
 * failed-attempt limit. One audit row per account per 10 minutes (counting
 * repeats), so a password-guessing run cannot flood the audit log.
 */
export const recordSignInRateLimited = internalMutation({
  args: { email: v.string() },
  returns: v.null(),
  handler: async (ctx, { email }) => {
    const now = Date.now();
    const user = await ctx.db
      .query("users")
      .withIndex("email", (q) => q.eq("email", email))
      .first();
    const subject = user ? hashUserId(user._id) : hashUserId(`email:${email}`);
    const recent = await ctx.db
      .query("auditLogs")
      .withIndex("by_action_at", (q) => q.eq("action", "auth.sign_in_rate_limited").gt("at", now - RATE_LIMIT_AUDIT_WINDOW_MS))
      .order("desc")
      .take(20);
    const same = recent.find((row) => row.details.subject === subject);
    if (same) {
      const attempts = typeof same.details.attempts === "number" ? same.details.attempts : 1;
      await ctx.db.patch("auditLogs", same._id, { details: { ...same.details, attempts: attempts + 1, lastAt: now } });
    } else {
      await recordAudit(ctx, {
        action: "auth.sign_in_rate_limited",
        targetTable: user ? "users" : undefined,
        targetId: user?._id,
        details: { subject, attempts: 1, lastAt: now },
      }, now);
    }
    await log.persist(ctx, "warn", "sign_in_rate_limited", { subject });
    return null;
  },
});
