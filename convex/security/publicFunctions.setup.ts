/**
 * The enumerating security harness's shared pieces (two dots in the name, so
 * Convex never deploys it): every public function found from the modules
 * themselves, a small world of users and documents to call them against, and
 * the access table that says who may call what.
 *
 * A public function without a row in ACCESS fails accessMatrix.test.ts, so
 * every function the Studio adds is covered the moment it exists.
 */
import { makeFunctionReference } from "convex/server";
import type { Id, TableNames } from "../_generated/dataModel";
import { api } from "../_generated/api";
import type { Permission } from "../lib/permissions";
import { emptyCardCounts } from "../studio/export/card";
import { modules, newTest, type TestConvex } from "../test.setup";
import { signIn, type SignedIn } from "../test.users";

export type FunctionKind = "query" | "mutation" | "action";

/** Convex's JSON form of a validator (what `exportArgs()` returns). */
export type ValidatorJson =
  | { type: "string" | "number" | "bigint" | "boolean" | "null" | "any" | "bytes" }
  | { type: "id"; tableName: string }
  | { type: "literal"; value: unknown }
  | { type: "array"; value: ValidatorJson }
  | { type: "record"; keys: ValidatorJson; values: { fieldType: ValidatorJson } }
  | { type: "object"; value: Record<string, { fieldType: ValidatorJson; optional: boolean }> }
  | { type: "union"; value: ValidatorJson[] };

export type PublicFunction = { name: string; kind: FunctionKind; args: ValidatorJson };

type Registered = {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  exportArgs?: () => string;
};

/** Every public query, mutation and action in the deployable modules, by "path:name". */
export async function listPublicFunctions(): Promise<PublicFunction[]> {
  const found: PublicFunction[] = [];
  for (const [path, load] of Object.entries(modules)) {
    if (path.includes("/_generated/")) continue;
    const module = (await load()) as Record<string, unknown>;
    const modulePath = path.replace(/^\.\//, "").replace(/\.[jt]s$/, "");
    for (const [exportName, value] of Object.entries(module)) {
      const fn = value as Registered | null;
      if (typeof fn !== "function" && (typeof fn !== "object" || fn === null)) continue;
      if (!fn.isPublic || !fn.exportArgs) continue;
      const kind: FunctionKind | null = fn.isQuery ? "query" : fn.isMutation ? "mutation" : fn.isAction ? "action" : null;
      if (kind === null) continue;
      found.push({ name: `${modulePath}:${exportName}`, kind, args: JSON.parse(fn.exportArgs()) as ValidatorJson });
    }
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** Calls a public function as `who` (undefined: anonymous). */
export async function call(t: TestConvex, who: SignedIn | undefined, fn: PublicFunction, args: unknown): Promise<unknown> {
  const caller = who?.as ?? t;
  // Bad-input cases send what the validators must refuse, so the arguments are deliberately untyped.
  const input = args as Record<string, unknown>;
  if (fn.kind === "query") return await caller.query(makeFunctionReference<"query", Record<string, unknown>>(fn.name), input);
  if (fn.kind === "mutation") return await caller.mutation(makeFunctionReference<"mutation", Record<string, unknown>>(fn.name), input);
  return await caller.action(makeFunctionReference<"action", Record<string, unknown>>(fn.name), input);
}

export type World = {
  t: TestConvex;
  admin: SignedIn;
  /** A member who owns the session, message and recommendation below. */
  owner: SignedIn;
  other: SignedIn;
  reviewer: SignedIn;
  sessionId: Id<"coachingSessions">;
  recommendationId: Id<"frameworkRecommendations">;
  templateId: Id<"promptTemplates">;
  versionId: Id<"promptTemplateVersions">;
  olderVersionId: Id<"promptTemplateVersions">;
  batchId: Id<"generationBatches">;
  runId: Id<"generationItems">;
  conversationId: Id<"generatedConversations">;
  bulkJobId: Id<"reviewBulkJobs">;
  exportRunId: Id<"exportRuns">;
  otherTemplateId: Id<"promptTemplates">;
};

export const MATRIX = [
  { variable: "persona", values: ["a first-time manager"] },
  { variable: "framework", values: ["GROW"] },
  { variable: "emotion", values: ["anxious"] },
  { variable: "topic", values: ["delegating work"] },
];
const CONVERSATION_FIXTURE = {
  framework: "GROW",
  turns: [
    { role: "client", text: "I keep doing my team's work myself." },
    { role: "coach", text: "What would you like to be different?" },
    { role: "client", text: "I want to hand over two projects." },
    { role: "coach", text: "What is the first step you'll take?" },
  ],
  values: {},
  model: "claude-sonnet-5-5",
  inputTokens: 10,
  outputTokens: 20,
  costMicros: 1,
  latencyMs: 1,
  attempts: 1,
  status: "generated",
  reviewStatus: "pending",
  createdAt: 1,
};

export const RETRY = { strategy: "exponential", maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60000, jitter: true } as const;

export async function buildWorld(): Promise<World> {
  const t = await newTest();
  const admin = await signIn(t, "admin@example.com");
  const owner = await signIn(t, "owner@example.com");
  const other = await signIn(t, "other@example.com");
  const reviewer = await signIn(t, "reviewer@example.com");
  await admin.as.mutation(api.users.admin.setRole, { userId: reviewer.userId, role: "reviewer" });
  const recommendationId = await owner.as.mutation(api.coaching.recommendations.requestRecommendation, {
    challenge: "I want to get better at delegating to my team.",
  });
  const { sessionId } = await owner.as.mutation(api.coaching.sessions.startSession, {
    challenge: "I want to get better at delegating to my team.",
    frameworkId: "GROW",
  });
  const templates = await admin.as.query(api.studio.templates.browse.listTemplates, {
    paginationOpts: { numItems: 10, cursor: null },
    sort: "name",
  });
  // Sorted by name, the first starter is "Coaching conversation", whose variables MATRIX fills.
  const templateId = templates.page[0]._id;
  const starter = await admin.as.query(api.studio.templates.browse.getTemplate, { templateId });
  const saved = await admin.as.mutation(api.studio.templates.manage.saveVersion, {
    templateId,
    body: `${starter!.versions[0].body}\nKeep every turn short.`,
    variables: starter!.versions[0].variables,
    note: "harness",
  });
  const { batchId } = await admin.as.mutation(api.studio.generation.batches.createBatch, {
    name: "harness batch",
    versionId: starter!.versions[0]._id,
    matrix: MATRIX,
    mode: "all",
    options: {},
  });
  const { runId } = await admin.as.mutation(api.studio.generation.single.startSingleGeneration, {
    templateId,
    values: Object.fromEntries(MATRIX.map((row) => [row.variable, row.values[0]])),
  });
  const conversationId = await t.run((ctx) =>
    ctx.db.insert("generatedConversations", {
      ...CONVERSATION_FIXTURE,
      templateId,
      templateVersionId: starter!.versions[0]._id,
      createdBy: admin.userId,
    } as never),
  );
  const bulkJobId = await t.run((ctx) =>
    ctx.db.insert("reviewBulkJobs", {
      filter: {},
      verdict: "approved",
      conversationIds: [],
      next: 0,
      applied: 0,
      skipped: 0,
      status: "done",
      by: admin.userId,
      createdAt: 1,
    } as never),
  );
  const { exportId } = await admin.as.mutation(api.studio.export.exports.startExport, { format: "csv", options: {} });
  return {
    t,
    exportRunId: exportId,
    otherTemplateId: templates.page[1]._id,
    bulkJobId: bulkJobId as Id<"reviewBulkJobs">,
    batchId,
    runId,
    conversationId: conversationId as Id<"generatedConversations">,
    admin,
    owner,
    other,
    reviewer,
    sessionId,
    recommendationId,
    templateId,
    versionId: saved.versionId,
    olderVersionId: starter!.versions[0]._id,
  };
}

/**
 * Who may call a function:
 * - anyone: signed out too (health, "who am I");
 * - signedIn: any role, on the caller's own data or shared reference data;
 * - owner: coaching.use (every role), but only on documents the caller owns; anyone else gets `refusal`;
 * - a permission from the matrix in lib/permissions.ts;
 * - convexAuth: Convex Auth's own endpoints, which sign people in and out.
 */
export type Access =
  | { kind: "anyone" }
  | { kind: "signedIn" }
  | { kind: "owner"; refusal: "NOT_FOUND" }
  | { kind: "permission"; permission: Permission }
  | { kind: "convexAuth" };

export type Row = { access: Access; args: (w: World) => Record<string, unknown> };

const page = { paginationOpts: { numItems: 5, cursor: null } };
const none = () => ({});
const owned: Access = { kind: "owner", refusal: "NOT_FOUND" };
const perm = (permission: Permission): Access => ({ kind: "permission", permission });

/** One row per public function. Args are valid ones: the matrix tests who gets in, not what they send. */
export const ACCESS: Record<string, Row> = {
  "auth:signIn": { access: { kind: "convexAuth" }, args: none },
  "auth:signOut": { access: { kind: "convexAuth" }, args: none },
  "auth:isAuthenticated": { access: { kind: "anyone" }, args: none },
  "health:status": { access: { kind: "anyone" }, args: none },
  "users/account:me": { access: { kind: "anyone" }, args: none },
  "users/admin:listUsers": { access: perm("admin.users"), args: () => page },
  "users/admin:setRole": { access: perm("admin.users"), args: (w) => ({ userId: w.other.userId, role: "member" }) },
  "coaching/catalog:listFrameworkCards": { access: perm("coaching.use"), args: none },
  "coaching/recommendations:requestRecommendation": {
    access: perm("coaching.use"),
    args: () => ({ challenge: "My team misses deadlines and I don't know why." }),
  },
  "coaching/recommendations:getRecommendation": { access: owned, args: (w) => ({ recommendationId: w.recommendationId }) },
  "coaching/sessions:startSession": {
    access: perm("coaching.use"),
    args: () => ({ challenge: "I want to speak up more in meetings.", frameworkId: "GROW" }),
  },
  "coaching/sessions:sendMessage": {
    access: owned,
    args: (w) => ({ sessionId: w.sessionId, text: "I want to delegate two projects by March.", idempotencyKey: "harness-key-0001" }),
  },
  "coaching/sessions:stopReply": { access: owned, args: (w) => ({ sessionId: w.sessionId }) },
  "coaching/sessions:pauseSession": { access: owned, args: (w) => ({ sessionId: w.sessionId }) },
  "coaching/sessions:resumeSession": { access: owned, args: (w) => ({ sessionId: w.sessionId }) },
  "coaching/sessions:abandonSession": { access: owned, args: (w) => ({ sessionId: w.sessionId }) },
  "coaching/sessions:listMySessions": { access: perm("coaching.use"), args: none },
  "coaching/sessions:getSession": { access: owned, args: (w) => ({ sessionId: w.sessionId }) },
  "coaching/sessions:listMessages": { access: owned, args: (w) => ({ sessionId: w.sessionId }) },
  "llm/status:queueStatus": { access: { kind: "signedIn" }, args: none },
  "llm/providerMode:get": { access: { kind: "signedIn" }, args: none },
  "observability/audit:listAudit": { access: perm("admin.observability"), args: () => page },
  "observability/audit:recordExport": { access: perm("admin.observability"), args: () => ({ view: "logs", rows: 3 }) },
  "observability/logs:listLogs": { access: perm("admin.observability"), args: () => page },
  "observability/dashboard:usage": { access: perm("admin.observability"), args: () => ({ days: 7 }) },
  "observability/dashboard:sessionFunnel": { access: perm("admin.observability"), args: () => ({ days: 7 }) },
  "observability/dashboard:userUsage": { access: perm("admin.observability"), args: () => ({ day: "2026-11-29", ...page }) },
  "observability/health:runReadinessCheck": { access: perm("admin.observability"), args: none },
  "observability/health:cronDetails": { access: perm("admin.observability"), args: none },
  "observability/rollups:refreshRollups": { access: perm("admin.observability"), args: none },
  "studio/templates/browse:listTemplates": { access: perm("studio.templates.view"), args: () => page },
  "studio/templates/browse:getTemplate": { access: perm("studio.templates.view"), args: (w) => ({ templateId: w.templateId }) },
  "studio/templates/browse:getActiveVersion": { access: perm("studio.templates.view"), args: (w) => ({ templateId: w.templateId }) },
  "studio/templates/browse:diffVersions": {
    access: perm("studio.templates.view"),
    args: (w) => ({ fromVersionId: w.olderVersionId, toVersionId: w.versionId }),
  },
  "studio/templates/manage:createTemplate": {
    access: perm("studio.templates.edit"),
    args: () => ({
      name: `Harness ${Math.random().toString(36).slice(2)}`,
      description: "",
      tier: "template",
      purpose: "generation",
      personas: [],
      emotions: [],
      styleNotes: "",
      exampleConversation: "",
      qualityThreshold: 6,
      body: "Hello {{name}}",
      variables: [{ name: "name", type: "text", required: true }],
    }),
  },
  "studio/templates/manage:updateTemplateDetails": {
    access: perm("studio.templates.edit"),
    args: (w) => ({
      templateId: w.templateId,
      name: "Coaching conversation",
      description: "Edited by the harness.",
      tier: "template",
      purpose: "generation",
      personas: [],
      emotions: [],
      styleNotes: "",
      exampleConversation: "",
      qualityThreshold: 6,
    }),
  },
  "studio/templates/manage:saveVersion": {
    access: perm("studio.templates.edit"),
    args: (w) => ({ templateId: w.templateId, body: "Just text.", variables: [] }),
  },
  "studio/templates/manage:activateVersion": { access: perm("studio.templates.edit"), args: (w) => ({ versionId: w.versionId }) },
  "studio/templates/manage:deactivateTemplate": { access: perm("studio.templates.edit"), args: (w) => ({ templateId: w.templateId }) },
  "studio/templates/manage:setTemplateArchived": {
    access: perm("studio.templates.edit"),
    args: (w) => ({ templateId: w.templateId, archived: false }),
  },
  "studio/templates/manage:deleteTemplate": { access: perm("studio.templates.edit"), args: (w) => ({ templateId: w.templateId }) },
  "studio/templates/starters:installStarterTemplates": { access: perm("studio.templates.edit"), args: none },
  "studio/generation/batches:previewBatch": { access: perm("studio.generate"), args: (w) => ({ versionId: w.olderVersionId, matrix: MATRIX, mode: "all" }) },
  "studio/generation/batches:createBatch": {
    access: perm("studio.generate"),
    args: (w) => ({ name: "matrix batch", versionId: w.olderVersionId, matrix: MATRIX, mode: "all", options: {} }),
  },
  "studio/generation/batches:duplicateBatch": { access: perm("studio.generate"), args: (w) => ({ batchId: w.batchId }) },
  "studio/generation/batches:pauseBatch": { access: perm("studio.generate"), args: (w) => ({ batchId: w.batchId }) },
  "studio/generation/batches:resumeBatch": { access: perm("studio.generate"), args: (w) => ({ batchId: w.batchId }) },
  "studio/generation/batches:cancelBatch": { access: perm("studio.generate"), args: (w) => ({ batchId: w.batchId }) },
  "studio/generation/batches:retryFailedItems": { access: perm("studio.generate"), args: (w) => ({ batchId: w.batchId }) },
  "studio/generation/batches:getBatch": { access: perm("studio.generate"), args: (w) => ({ batchId: w.batchId }) },
  "studio/generation/batches:listBatches": { access: perm("studio.generate"), args: () => page },
  "studio/generation/batches:listBatchNames": { access: perm("studio.review"), args: () => page },
  "studio/generation/batches:listBatchItems": { access: perm("studio.generate"), args: (w) => ({ batchId: w.batchId, ...page }) },
  "studio/generation/single:startSingleGeneration": {
    access: perm("studio.generate"),
    args: (w) => ({ templateId: w.templateId, values: Object.fromEntries(MATRIX.map((row) => [row.variable, row.values[0]])) }),
  },
  "studio/generation/single:getGenerationRun": { access: perm("studio.generate"), args: (w) => ({ runId: w.runId }) },
  "studio/generation/settings:getGenerationSettings": { access: perm("studio.generate"), args: none },
  "studio/generation/settings:saveGenerationSettings": { access: perm("studio.generate"), args: () => ({ retry: RETRY, onError: "continue" }) },
  "studio/generation/settings:simulateRetryPolicy": {
    access: perm("studio.generate"),
    args: () => ({ policy: RETRY, failureRate: 0.3, items: 5 }),
  },
  "studio/review/queue:listReviewQueue": { access: perm("studio.review"), args: () => page },
  "studio/review/queue:getReviewItem": { access: perm("studio.review"), args: (w) => ({ conversationId: w.conversationId }) },
  "studio/review/queue:claimForReview": { access: perm("studio.review"), args: (w) => ({ conversationId: w.conversationId }) },
  "studio/review/queue:releaseClaim": { access: perm("studio.review"), args: (w) => ({ conversationId: w.conversationId }) },
  // The first caller let in approves the world's conversation; later verdicts get CONFLICT, which is still "let in".
  "studio/review/verdicts:approve": { access: perm("studio.review"), args: (w) => ({ conversationId: w.conversationId }) },
  "studio/review/verdicts:reject": { access: perm("studio.review"), args: (w) => ({ conversationId: w.conversationId, reason: "too_short" }) },
  "studio/review/verdicts:revise": {
    access: perm("studio.review"),
    args: (w) => ({ conversationId: w.conversationId, edits: [{ turnIndex: 1, text: "What would you most like to be different?" }] }),
  },
  "studio/review/bulk:previewBulk": { access: perm("studio.review"), args: () => ({ filter: {} }) },
  "studio/review/bulk:bulkVerdict": {
    access: perm("studio.review"),
    args: (w) => ({ filter: { templateId: w.templateId }, verdict: "approved", expectedCount: 1 }),
  },
  "studio/review/bulk:getBulkJob": { access: perm("studio.review"), args: (w) => ({ jobId: w.bulkJobId }) },
  "studio/review/calibration:getCalibration": { access: perm("studio.review"), args: () => ({}) },
  "studio/review/calibration:listDisagreements": { access: perm("studio.review"), args: () => page },
  "studio/export/exports:exportPage": { access: perm("studio.export"), args: () => ({ format: "openai", options: {}, cursor: null }) },
  "studio/export/exports:startExport": { access: perm("studio.export"), args: () => ({ format: "csv", options: {} }) },
  // Only the admin started the world's export run; for a reviewer it reads as NOT_FOUND after the permission check.
  "studio/export/exports:finishExport": { access: perm("studio.export"), args: (w) => ({ exportId: w.exportRunId, counts: emptyCardCounts() }) },
  "studio/analytics/analytics:getTemplateAnalytics": { access: perm("studio.templates.view"), args: (w) => ({ templateId: w.templateId }) },
  "studio/analytics/analytics:listTemplateAnalytics": { access: perm("studio.templates.view"), args: () => page },
  "studio/analytics/analytics:topPerformers": { access: perm("studio.templates.view"), args: none },
  "studio/analytics/analytics:qualityTrend": { access: perm("studio.templates.view"), args: (w) => ({ templateId: w.templateId, days: 30 }) },
  "studio/analytics/analytics:compareTemplates": {
    access: perm("studio.templates.view"),
    args: (w) => ({ templateIds: [w.templateId, w.otherTemplateId] }),
  },
  "studio/analytics/analytics:coverageMatrix": { access: perm("studio.templates.view"), args: none },
  "studio/analytics/analytics:fillCoverageGaps": {
    access: perm("studio.generate"),
    args: (w) => ({
      versionId: w.olderVersionId,
      target: 1,
      frameworks: ["GROW"],
      personas: ["a first-time manager"],
      emotions: ["anxious"],
      otherAxes: [{ variable: "topic", values: ["delegating work"] }],
    }),
  },
  "studio/quality/conversations:listConversations": { access: perm("studio.review"), args: () => page },
  "studio/quality/conversations:flaggedCount": { access: perm("studio.review"), args: none },
  "studio/quality/conversations:getQualityDetails": { access: perm("studio.review"), args: (w) => ({ conversationId: w.conversationId }) },
  "studio/quality/conversations:overrideScore": {
    access: perm("studio.review"),
    args: (w) => ({ conversationId: w.conversationId, score: 7, reason: "Reads well; the scorer missed it." }),
  },
  "studio/quality/testing:runTemplateTest": {
    access: perm("studio.templates.edit"),
    args: (w) => ({ versionId: w.versionId, values: Object.fromEntries(MATRIX.map((row) => [row.variable, row.values[0]])), count: 1 }),
  },
  "studio/quality/testing:getTemplateTest": { access: perm("studio.templates.view"), args: (w) => ({ versionId: w.versionId }) },
  // Reviewers read conversations to review them; admins hold studio.review too.
  "studio/generation/conversations:getConversation": { access: perm("studio.review"), args: (w) => ({ conversationId: w.conversationId }) },
};

/** A document id of `table` that no longer exists, made by copying a live row and deleting the copy. */
export async function deletedId(t: TestConvex, table: TableNames): Promise<string | null> {
  return await t.run(async (ctx) => {
    const row = await ctx.db.query(table).first();
    if (row === null) return null;
    const { _id, _creationTime, ...fields } = row as Record<string, unknown>;
    void _id;
    void _creationTime;
    const copy = await ctx.db.insert(table, fields as never);
    await ctx.db.delete(table, copy);
    return copy as string;
  });
}

/** Every document of every table and every scheduled job, as one string: equal before and after means nothing was written. */
export async function snapshot(t: TestConvex, tables: readonly string[]): Promise<string> {
  return await t.run(async (ctx) => {
    const parts: unknown[] = [];
    for (const table of tables) parts.push(table, await ctx.db.query(table as TableNames).collect());
    parts.push("_scheduled_functions", await ctx.db.system.query("_scheduled_functions").collect());
    return JSON.stringify(parts);
  });
}
