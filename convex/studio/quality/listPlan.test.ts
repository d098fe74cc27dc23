import { describe, expect, test } from "vitest";
import { passesPost, planList, type ListFilters } from "./listPlan";

describe("planList: every filter combination is one index range", () => {
  const cases: [ListFilters, string, [string, string][], Record<string, string | undefined>][] = [
    [{}, "by_pool_score", [["pool", "production"]], {}],
    [{ status: "needs_revision" }, "by_pool_status_score", [["pool", "production"], ["status", "needs_revision"]], {}],
    [{ framework: "GROW" }, "by_pool_framework_score", [["pool", "production"], ["framework", "GROW"]], {}],
    [{ framework: "GROW", status: "generated" }, "by_pool_framework_status_score", [["pool", "production"], ["framework", "GROW"], ["status", "generated"]], {}],
    [{ templateId: "t" }, "by_template_pool_score", [["templateId", "t"], ["pool", "production"]], { framework: undefined }],
    [{ templateId: "t", status: "generated" }, "by_template_pool_status_score", [["templateId", "t"], ["pool", "production"], ["status", "generated"]], { framework: undefined }],
    [{ templateId: "t", framework: "CLEAR" }, "by_template_pool_score", [["templateId", "t"], ["pool", "production"]], { framework: "CLEAR" }],
    [{ batchId: "b" }, "by_batch_score", [["batchId", "b"]], { templateId: undefined, framework: undefined }],
    [{ batchId: "b", status: "needs_revision" }, "by_batch_status_score", [["batchId", "b"], ["status", "needs_revision"]], { templateId: undefined, framework: undefined }],
    [{ batchId: "b", templateId: "t", framework: "GROW" }, "by_batch_score", [["batchId", "b"]], { templateId: "t", framework: "GROW" }],
  ];
  test.each(cases)("%j → %s", (filters, index, eq, post) => {
    expect(planList(filters)).toEqual({ index, eq, post });
  });

  test("the post-filter keeps only matching rows, and everything when empty", () => {
    const row = { templateId: "t", framework: "GROW" };
    expect(passesPost(row, {})).toBe(true);
    expect(passesPost(row, { templateId: "t", framework: "GROW" })).toBe(true);
    expect(passesPost(row, { templateId: "u" })).toBe(false);
    expect(passesPost(row, { framework: "CLEAR" })).toBe(false);
  });
});
