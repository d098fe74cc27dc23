/**
 * Which index serves a Conversations list query. Pure. Every combination the
 * list offers is one index range (equalities, then the score range); a second
 * scope (a template within a batch, a framework within a template) is applied
 * to the bounded page the range returned, never by scanning further.
 */
export type ListFilters = {
  batchId?: string;
  templateId?: string;
  framework?: string;
  status?: "generated" | "needs_revision";
};

export type ListIndex =
  | "by_pool_score"
  | "by_pool_status_score"
  | "by_pool_framework_score"
  | "by_pool_framework_status_score"
  | "by_template_pool_score"
  | "by_template_pool_status_score"
  | "by_batch_score"
  | "by_batch_status_score";

export type ListPlan = {
  index: ListIndex;
  /** Equalities in the index's field order; the score range follows. */
  eq: [field: string, value: string][];
  /** Checked on the page's rows: the filters the index does not cover. */
  post: Partial<Pick<ListFilters, "templateId" | "framework">>;
};

/** Batch is the narrowest scope, then template, then framework; status always rides in the index. */
export function planList(filters: ListFilters): ListPlan {
  const status: [string, string][] = filters.status ? [["status", filters.status]] : [];
  if (filters.batchId !== undefined) {
    return {
      index: filters.status ? "by_batch_status_score" : "by_batch_score",
      eq: [["batchId", filters.batchId], ...status],
      post: { templateId: filters.templateId, framework: filters.framework },
    };
  }
  if (filters.templateId !== undefined) {
    return {
      index: filters.status ? "by_template_pool_status_score" : "by_template_pool_score",
      eq: [["templateId", filters.templateId], ["pool", "production"], ...status],
      post: { framework: filters.framework },
    };
  }
  if (filters.framework !== undefined) {
    return {
      index: filters.status ? "by_pool_framework_status_score" : "by_pool_framework_score",
      eq: [["pool", "production"], ["framework", filters.framework], ...status],
      post: {},
    };
  }
  return { index: filters.status ? "by_pool_status_score" : "by_pool_score", eq: [["pool", "production"], ...status], post: {} };
}

export function passesPost(row: { templateId: string; framework: string }, post: ListPlan["post"]): boolean {
  if (post.templateId !== undefined && row.templateId !== post.templateId) return false;
  if (post.framework !== undefined && row.framework !== post.framework) return false;
  return true;
}
