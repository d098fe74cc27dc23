import { create } from "zustand";
import type { Purpose, Tier } from "./model";

/** The template list's filters, kept while moving between the list and a template. UI state only. */
export type TemplateSort = "updated" | "name" | "usage" | "quality";
export type TemplateFilters = {
  tier: Tier | "";
  purpose: Purpose | "";
  status: "" | "live" | "inactive";
  archived: boolean;
  search: string;
  sort: TemplateSort;
};

export const DEFAULT_FILTERS: TemplateFilters = { tier: "", purpose: "", status: "", archived: false, search: "", sort: "updated" };

export const useTemplateFilters = create<TemplateFilters & { set: (patch: Partial<TemplateFilters>) => void; reset: () => void }>((set) => ({
  ...DEFAULT_FILTERS,
  set: (patch) => set(patch),
  reset: () => set(DEFAULT_FILTERS),
}));

/** The listTemplates arguments for a set of filters (omitting what is unset). */
export function listArgs(f: TemplateFilters) {
  const search = f.search.trim();
  return {
    ...(f.tier ? { tier: f.tier } : {}),
    ...(f.purpose ? { purpose: f.purpose } : {}),
    ...(f.status ? { active: f.status === "live" } : {}),
    archived: f.archived,
    ...(search ? { search } : { sort: f.sort, order: f.sort === "name" ? ("asc" as const) : ("desc" as const) }),
  };
}
