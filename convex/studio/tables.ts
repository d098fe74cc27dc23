import { defineTable } from "convex/server";
import { v } from "convex/values";
import { frameworkIdValidator } from "../coaching/tables";

export const templatePurposeValidator = v.union(
  v.literal("coaching"),
  v.literal("generation"),
  v.literal("judging"),
  v.literal("classification"),
);

export const templateVariableValidator = v.object({
  name: v.string(),
  type: v.union(v.literal("string"), v.literal("number"), v.literal("boolean"), v.literal("enum")),
  required: v.boolean(),
  description: v.optional(v.string()),
  enumValues: v.optional(v.array(v.string())),
});

export const templateVersionStatusValidator = v.union(
  v.literal("draft"),
  v.literal("tested"),
  v.literal("active"),
  v.literal("archived"),
);

export const batchStatusValidator = v.union(
  v.literal("queued"),
  v.literal("running"),
  v.literal("paused"),
  v.literal("completed"),
  v.literal("failed"),
  v.literal("cancelled"),
);

export const itemStatusValidator = v.union(
  v.literal("queued"),
  v.literal("running"),
  v.literal("retrying"),
  v.literal("succeeded"),
  v.literal("failed"),
  v.literal("cancelled"),
);

export const reviewStatusValidator = v.union(
  v.literal("pending"),
  v.literal("approved"),
  v.literal("rejected"),
);

export const studioTables = {
  promptTemplates: defineTable({
    name: v.string(),
    description: v.string(),
    purpose: templatePurposeValidator,
    activeVersionId: v.optional(v.id("promptTemplateVersions")),
    latestVersion: v.number(),
    createdBy: v.id("users"),
    createdAt: v.number(),
    updatedAt: v.number(),
  })
    .index("by_name", ["name"])
    .index("by_purpose", ["purpose"]),
  // Versions are immutable once written; only `status` and `testResults` move.
  promptTemplateVersions: defineTable({
    templateId: v.id("promptTemplates"),
    version: v.number(),
    body: v.string(),
    variables: v.array(templateVariableValidator),
    model: v.optional(v.string()),
    status: templateVersionStatusValidator,
    testResults: v.optional(
      v.object({ passed: v.boolean(), ranAt: v.number(), details: v.string() }),
    ),
    createdBy: v.id("users"),
    createdAt: v.number(),
  }).index("by_template_version", ["templateId", "version"]),
  generationBatches: defineTable({
    name: v.string(),
    createdBy: v.id("users"),
    templateVersionId: v.id("promptTemplateVersions"),
    frameworkIds: v.array(frameworkIdValidator),
    status: batchStatusValidator,
    total: v.number(),
    succeeded: v.number(),
    failed: v.number(),
    createdAt: v.number(),
    startedAt: v.optional(v.number()),
    finishedAt: v.optional(v.number()),
  })
    .index("by_createdBy", ["createdBy", "createdAt"])
    .index("by_status", ["status", "createdAt"]),
  generationItems: defineTable({
    batchId: v.id("generationBatches"),
    index: v.number(),
    status: itemStatusValidator,
    variables: v.record(v.string(), v.union(v.string(), v.number(), v.boolean())),
    attempts: v.number(),
    nextAttemptAt: v.optional(v.number()),
    lastError: v.optional(v.string()),
    conversationId: v.optional(v.id("generatedConversations")),
    updatedAt: v.number(),
  })
    .index("by_batch_index", ["batchId", "index"])
    .index("by_batch_status", ["batchId", "status"]),
  generatedConversations: defineTable({
    batchId: v.id("generationBatches"),
    itemId: v.id("generationItems"),
    frameworkId: frameworkIdValidator,
    messages: v.array(
      v.object({ role: v.union(v.literal("user"), v.literal("assistant")), text: v.string() }),
    ),
    quality: v.optional(
      v.object({
        overall: v.number(),
        scores: v.record(v.string(), v.number()),
        notes: v.optional(v.string()),
        judgedAt: v.number(),
      }),
    ),
    reviewStatus: reviewStatusValidator,
    reviewedBy: v.optional(v.id("users")),
    reviewNote: v.optional(v.string()),
    createdAt: v.number(),
  })
    .index("by_batch", ["batchId", "createdAt"])
    .index("by_reviewStatus", ["reviewStatus", "createdAt"]),
};
