import { describe, expect, test } from "vitest";
import { api } from "../../_generated/api";
import type { Id } from "../../_generated/dataModel";
import { newTest, type TestConvex } from "../../test.setup";
import { signIn, type SignedIn } from "../../test.users";
import { recordTemplateUse } from "./usage";

const firstPage = { paginationOpts: { numItems: 20, cursor: null } };

const details = {
  name: "Delegation practice",
  description: "A manager learns to delegate.",
  tier: "template" as const,
  purpose: "generation" as const,
  personas: ["first-time manager"],
  emotions: ["anxious"],
  styleNotes: "",
  exampleConversation: "",
  qualityThreshold: 6,
};

const v1 = {
  body: "Coach a {{persona}} who feels {{emotion}}.",
  variables: [
    { name: "persona", type: "text" as const, required: true },
    { name: "emotion", type: "text" as const, required: false, default: "calm" },
  ],
};

async function people(t: TestConvex): Promise<{ admin: SignedIn; member: SignedIn; reviewer: SignedIn }> {
  const admin = await signIn(t, "admin@example.com");
  const member = await signIn(t, "member@example.com");
  const reviewer = await signIn(t, "reviewer@example.com");
  await admin.as.mutation(api.users.admin.setRole, { userId: reviewer.userId, role: "reviewer" });
  return { admin, member, reviewer };
}

async function auditActions(t: TestConvex): Promise<string[]> {
  return await t.run(async (ctx) =>
    (await ctx.db.query("auditLogs").order("asc").take(100)).map((row) => row.action).filter((a) => a.startsWith("studio.")),
  );
}

describe("starter templates", () => {
  test("the first admin finds one starter per tier, live; installing again adds nothing", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    const list = await admin.as.query(api.studio.templates.browse.listTemplates, { ...firstPage, sort: "name" });
    expect(list.page.map((row) => [row.name, row.tier, row.active, row.activeVersion])).toEqual([
      ["Coaching conversation", "template", true, 1],
      ["Disclosure handled safely", "edge_case", true, 1],
      ["High-stakes event countdown", "scenario", true, 1],
    ]);
    expect(await admin.as.mutation(api.studio.templates.starters.installStarterTemplates, {})).toEqual({ installed: 0 });
  });

  test("a deleted starter comes back through the admin action", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    const list = await admin.as.query(api.studio.templates.browse.listTemplates, { ...firstPage, search: "Disclosure" });
    await admin.as.mutation(api.studio.templates.manage.deleteTemplate, { templateId: list.page[0]._id });
    expect(await admin.as.mutation(api.studio.templates.starters.installStarterTemplates, {})).toEqual({ installed: 1 });
  });
});

describe("templates and versions", () => {
  test("create makes version 1, not live; save makes version 2; the old version is unchanged", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    const { templateId, versionId } = await admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, ...v1 });
    const saved = await admin.as.mutation(api.studio.templates.manage.saveVersion, {
      templateId,
      body: "Coach a {{persona}} who feels {{emotion}} about {{topic}}.",
      variables: [...v1.variables, { name: "topic", type: "text", required: true }],
      note: "add topic",
    });
    expect(saved).toMatchObject({ version: 2, unchanged: false });
    const got = await admin.as.query(api.studio.templates.browse.getTemplate, { templateId });
    expect(got?.template).toMatchObject({ active: false, latestVersion: 2, updatedByEmail: "admin@example.com" });
    expect(got?.versions.map((version) => [version.version, version.note, version.createdByEmail])).toEqual([
      [2, "add topic", "admin@example.com"],
      [1, "First version", "admin@example.com"],
    ]);
    expect(got?.versions[1]).toMatchObject({ _id: versionId, body: v1.body });
  });

  test("saving identical content adds no version", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    const { templateId, versionId } = await admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, ...v1 });
    const again = await admin.as.mutation(api.studio.templates.manage.saveVersion, { templateId, ...v1, note: "no-op" });
    expect(again).toEqual({ versionId, version: 1, unchanged: true });
  });

  test("an undeclared placeholder or a syntax error is refused with line and column, and nothing is written", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    const { templateId } = await admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, ...v1 });
    await expect(
      admin.as.mutation(api.studio.templates.manage.saveVersion, { templateId, variables: v1.variables, body: "Hello\n  {{topic}}" }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT", field: "body", message: "line 2, column 5: 'topic' is not a declared variable" } });
    await expect(
      admin.as.mutation(api.studio.templates.manage.saveVersion, { templateId, variables: v1.variables, body: "{{#if persona}}open" }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT", field: "body" } });
    await expect(
      admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, name: "Other", ...v1, body: "{{__import__('os').system('rm -rf /')}}" }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT" } });
    const got = await admin.as.query(api.studio.templates.browse.getTemplate, { templateId });
    expect(got?.versions).toHaveLength(1);
    const list = await admin.as.query(api.studio.templates.browse.listTemplates, { ...firstPage, search: "Other" });
    expect(list.page).toHaveLength(0);
  });

  test("names are unique regardless of case; bad details are refused by field", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    await admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, ...v1 });
    await expect(
      admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, name: "  delegation PRACTICE ", ...v1 }),
    ).rejects.toMatchObject({ data: { code: "CONFLICT", field: "name" } });
    await expect(
      admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, name: "x", qualityThreshold: 11, ...v1 }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT", field: "qualityThreshold" } });
    await expect(
      admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, name: "   ", ...v1 }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT", field: "name" } });
  });

  test("diff shows changed lines, variables and settings", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    const { templateId, versionId } = await admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, ...v1 });
    const next = await admin.as.mutation(api.studio.templates.manage.saveVersion, {
      templateId,
      body: "Coach a {{persona}}.\nKeep it short.",
      variables: [{ ...v1.variables[0], maxLength: 60 }],
      temperature: 0.7,
    });
    const diff = await admin.as.query(api.studio.templates.browse.diffVersions, { fromVersionId: versionId, toVersionId: next.versionId });
    expect(diff.stats).toEqual({ linesAdded: 2, linesRemoved: 1 });
    expect(diff.body.filter((line) => line.kind === "added").map((line) => line.text)).toEqual([
      "Coach a {{persona}}.",
      "Keep it short.",
    ]);
    expect(diff.variables).toEqual([
      { kind: "changed", name: "persona", fields: [{ field: "maxLength", before: "—", after: "60" }] },
      { kind: "removed", name: "emotion", before: v1.variables[1] },
    ]);
    expect(diff.settings).toEqual([{ field: "temperature", before: "—", after: "0.7" }]);
  });

  test("activation needs a passing test or a written override; a version that was live returns untested; all audited", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    const { templateId, versionId } = await admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, ...v1 });
    const v2 = await admin.as.mutation(api.studio.templates.manage.saveVersion, { templateId, ...v1, body: `${v1.body} Be kind.` });
    await expect(admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId })).rejects.toMatchObject({
      data: { code: "CONFLICT", message: expect.stringContaining("Run a passing test first") },
    });
    await expect(
      admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId, override: { reason: "urgent" } }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT", field: "override.reason" } });
    await admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId, override: { reason: "First version, nothing to compare with yet." } });
    // Version 2 passed its test (written here as runTemplateTest would leave it).
    await t.run(async (ctx) =>
      ctx.db.patch("promptTemplateVersions", v2.versionId, {
        testResults: {
          status: "complete",
          runs: [],
          values: {},
          meanScore: 7.5,
          passed: true,
          threshold: 6,
          margin: 0.5,
          ranBy: admin.userId,
          startedAt: 1,
          ranAt: 2,
        },
      }),
    );
    await admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId: v2.versionId });
    // Version 1 was live before: rolling back needs no new test.
    await admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId });
    // Activating the live version again changes nothing and audits nothing.
    await admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId });
    const active = await admin.as.query(api.studio.templates.browse.getActiveVersion, { templateId });
    expect(active?.version).toBe(1);
    await admin.as.mutation(api.studio.templates.manage.deactivateTemplate, { templateId });
    expect(await admin.as.query(api.studio.templates.browse.getActiveVersion, { templateId })).toBeNull();
    expect((await auditActions(t)).filter((a) => a !== "studio.template_created")).toEqual([
      "studio.template_activation_overridden",
      "studio.template_activated",
      "studio.template_rolled_back",
      "studio.template_deactivated",
    ]);
    const overridden = await t.run(async (ctx) =>
      (await ctx.db.query("auditLogs").order("asc").take(100)).find((row) => row.action === "studio.template_activation_overridden"),
    );
    expect(overridden?.details).toMatchObject({ reason: "First version, nothing to compare with yet.", refused: expect.stringContaining("Run a passing test first") });
  });

  test("delete is refused while a conversation depends on the template; archive works instead", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    const { templateId, versionId } = await admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, ...v1 });
    await t.run(async (ctx) =>
      ctx.db.insert("generatedConversations", {
        templateId,
        templateVersionId: versionId,
        framework: "GROW",
        turns: [],
        values: {},
        model: "claude-sonnet-5-5",
        inputTokens: 0,
        outputTokens: 0,
        costMicros: 0,
        latencyMs: 0,
        attempts: 1,
        status: "generated",
        reviewStatus: "pending",
        createdBy: (await ctx.db.query("users").first())!._id,
        createdAt: 1,
      }),
    );
    await expect(admin.as.mutation(api.studio.templates.manage.deleteTemplate, { templateId })).rejects.toMatchObject({
      data: { code: "CONFLICT", message: expect.stringContaining("Archive it instead") },
    });
    await admin.as.mutation(api.studio.templates.manage.setTemplateArchived, { templateId, archived: true });
    const live = await admin.as.query(api.studio.templates.browse.listTemplates, { ...firstPage, search: "Delegation" });
    expect(live.page).toHaveLength(0);
    const archived = await admin.as.query(api.studio.templates.browse.listTemplates, { ...firstPage, archived: true });
    expect(archived.page.map((row) => row.name)).toEqual(["Delegation practice"]);
    await expect(
      admin.as.mutation(api.studio.templates.manage.activateVersion, { versionId }),
    ).rejects.toMatchObject({ data: { code: "CONFLICT" } });
  });

  test("delete removes the template and its versions when nothing depends on it", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    const { templateId, versionId } = await admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, ...v1 });
    await admin.as.mutation(api.studio.templates.manage.deleteTemplate, { templateId });
    expect(await admin.as.query(api.studio.templates.browse.getTemplate, { templateId })).toBeNull();
    expect(await t.run((ctx) => ctx.db.get("promptTemplateVersions", versionId))).toBeNull();
  });

  test("using a version counts on the version and the template in one transaction", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    const { templateId, versionId } = await admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, ...v1 });
    await t.run(async (ctx) => {
      await recordTemplateUse(ctx, versionId);
      await recordTemplateUse(ctx, versionId);
    });
    const got = await admin.as.query(api.studio.templates.browse.getTemplate, { templateId });
    expect(got?.template.usageCount).toBe(2);
    expect(got?.versions[0].usageCount).toBe(2);
  });

  test("the list sorts by usage, filters by tier and active, and pages within bounds", async () => {
    const t = await newTest();
    const { admin } = await people(t);
    const { versionId } = await admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, ...v1 });
    await t.run((ctx) => recordTemplateUse(ctx, versionId as Id<"promptTemplateVersions">));
    const byUsage = await admin.as.query(api.studio.templates.browse.listTemplates, { ...firstPage, sort: "usage" });
    expect(byUsage.page[0].name).toBe("Delegation practice");
    const scenarios = await admin.as.query(api.studio.templates.browse.listTemplates, { ...firstPage, tier: "scenario" });
    expect(scenarios.page.map((row) => row.name)).toEqual(["High-stakes event countdown"]);
    const inactive = await admin.as.query(api.studio.templates.browse.listTemplates, { ...firstPage, active: false });
    expect(inactive.page.map((row) => row.name)).toEqual(["Delegation practice"]);
    const one = await admin.as.query(api.studio.templates.browse.listTemplates, { paginationOpts: { numItems: 2, cursor: null }, sort: "name" });
    const two = await admin.as.query(api.studio.templates.browse.listTemplates, {
      paginationOpts: { numItems: 2, cursor: one.continueCursor },
      sort: "name",
    });
    expect([...one.page, ...two.page].map((row) => row.name)).toEqual([
      "Coaching conversation",
      "Delegation practice",
      "Disclosure handled safely",
      "High-stakes event countdown",
    ]);
    await expect(
      admin.as.query(api.studio.templates.browse.listTemplates, { paginationOpts: { numItems: 0, cursor: null } }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT" } });
    await expect(
      admin.as.query(api.studio.templates.browse.listTemplates, { paginationOpts: { numItems: 5, cursor: "not a cursor!" } }),
    ).rejects.toMatchObject({ data: { code: "INVALID_INPUT" } });
  });
});

describe("who may do what", () => {
  test("a member reaches nothing; a reviewer reads but cannot edit", async () => {
    const t = await newTest();
    const { admin, member, reviewer } = await people(t);
    const { templateId, versionId } = await admin.as.mutation(api.studio.templates.manage.createTemplate, { ...details, ...v1 });
    await expect(member.as.query(api.studio.templates.browse.listTemplates, firstPage)).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    await expect(member.as.query(api.studio.templates.browse.getTemplate, { templateId })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    expect((await reviewer.as.query(api.studio.templates.browse.getTemplate, { templateId }))?.template.name).toBe("Delegation practice");
    await expect(reviewer.as.mutation(api.studio.templates.manage.activateVersion, { versionId })).rejects.toMatchObject({
      data: { code: "FORBIDDEN", message: "Your role can view templates but not change them." },
    });
    await expect(reviewer.as.mutation(api.studio.templates.manage.saveVersion, { templateId, ...v1, body: "x" })).rejects.toMatchObject({
      data: { code: "FORBIDDEN" },
    });
    await expect(t.query(api.studio.templates.browse.listTemplates, firstPage)).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
  });
});
