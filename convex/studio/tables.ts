import { defineTable } from "convex/server";
import { literals } from "convex-helpers/validators";
import { v } from "convex/values";
import { generationTables } from "./generation/tables";
import { qualityTables } from "./quality/tables";
import { exportTables } from "./export/tables";
import { analyticsTables } from "./analytics/tables";
import { reviewTables } from "./review/tables";
import { testResultsValidator } from "./quality/validators";
import { variableDefinitionValidator, type VariableDefinition } from "./templating/variables";

export const TEMPLATE_TIERS = ["template", "scenario", "edge_case"] as const;
export const templateTierValidator = literals(...TEMPLATE_TIERS);
export type TemplateTier = (typeof TEMPLATE_TIERS)[number];

export const TEMPLATE_PURPOSES = ["generation", "judging"] as const;
export const templatePurposeValidator = literals(...TEMPLATE_PURPOSES);
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];

/** The typed variable definition lives with the template language, its one source. */
export const templateVariableValidator = variableDefinitionValidator;
export type TemplateVariable = VariableDefinition;

/** What a version runs with; fixed once the version is saved. */
export const versionContentFields = {
  body: v.string(),
  variables: v.array(templateVariableValidator),
  model: v.optional(v.string()),
  temperature: v.optional(v.number()),
  maxTokens: v.optional(v.number()),
};

/** A template's descriptive fields: editable without a new version. */
export const templateDetailFields = {
  name: v.string(),
  description: v.string(),
  tier: templateTierValidator,
  purpose: templatePurposeValidator,
  personas: v.array(v.string()),
  emotions: v.array(v.string()),
  styleNotes: v.string(),
  exampleConversation: v.string(),
  /** On the 0–10 scale quality scoring uses. */
  qualityThreshold: v.number(),
};

export {
  batchStatusValidator,
  itemStatusValidator,
  reviewStatusValidator,
} from "./generation/validators";
export const studioTables = {
  promptTemplates: defineTable({
    ...templateDetailFields,
    /** Lower-cased, trimmed name: names are unique regardless of case. */
    nameKey: v.string(),
    activeVersionId: v.optional(v.id("promptTemplateVersions")),
    /** Denormalised from activeVersionId so lists can filter on it through an index. */
    active: v.boolean(),
    archived: v.boolean(),
    latestVersion: v.number(),
    usageCount: v.number(),
    /** Sum and count of scored conversations, so the average needs no scan. */
    qualitySum: v.number(),
    qualityCount: v.number(),
    /** -1 until anything is scored: sorts unscored templates last in "best quality first". */
    averageQuality: v.number(),
    /** Set on the starter templates, so installing them twice adds nothing. */
    starterKey: v.optional(v.string()),
    createdBy: v.id("users"),
    createdAt: v.number(),
    updatedBy: v.id("users"),
    updatedAt: v.number(),
  })
    .index("by_nameKey", ["nameKey"])
    .index("by_starterKey", ["starterKey"])
    .index("by_archived_updatedAt", ["archived", "updatedAt"])
    .index("by_archived_usageCount", ["archived", "usageCount"])
    .index("by_archived_averageQuality", ["archived", "averageQuality"])
    .index("by_archived_nameKey", ["archived", "nameKey"])
    .searchIndex("search_name", { searchField: "name", filterFields: ["archived", "tier", "purpose", "active"] }),
  // Versions are immutable once written: only usage and test results move.
  promptTemplateVersions: defineTable({
    templateId: v.id("promptTemplates"),
    version: v.number(),
    ...versionContentFields,
    note: v.string(),
    usageCount: v.number(),
    /** The latest template test (runTemplateTest): the activation gate reads it. */
    testResults: v.optional(testResultsValidator),
    /** First time this version went live: a version that was live may return without a new test. */
    activatedAt: v.optional(v.number()),
    createdBy: v.id("users"),
    createdAt: v.number(),
  }).index("by_template_version", ["templateId", "version"]),
  ...generationTables,
  ...qualityTables,
  ...exportTables,
  ...analyticsTables,
  ...reviewTables,
};
