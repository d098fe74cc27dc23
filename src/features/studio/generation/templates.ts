import { useQuery } from "convex/react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";

/** Generation templates can number in the tens; one page covers them. */
const TEMPLATE_PAGE = { numItems: 100, cursor: null };

export type TemplateOption = { _id: Id<"promptTemplates">; name: string; activeVersion: number | null; personas: string[]; emotions: string[] };

/** The live (active, unarchived) generation templates, by name; undefined while loading. */
export function useActiveGenerationTemplates(): TemplateOption[] | undefined {
  const page = useQuery(api.studio.templates.browse.listTemplates, { paginationOpts: TEMPLATE_PAGE, active: true, purpose: "generation", sort: "name" });
  return page?.page;
}

/** Every template's name by id (for the batch list), archived ones included. */
export function useTemplateNames(): Map<string, string> {
  const live = useQuery(api.studio.templates.browse.listTemplates, { paginationOpts: TEMPLATE_PAGE, sort: "name" });
  const archived = useQuery(api.studio.templates.browse.listTemplates, { paginationOpts: TEMPLATE_PAGE, sort: "name", archived: true });
  const names = new Map<string, string>();
  for (const t of [...(live?.page ?? []), ...(archived?.page ?? [])]) names.set(t._id, t.name);
  return names;
}
