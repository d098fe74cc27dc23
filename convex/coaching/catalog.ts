import { v } from "convex/values";
import { coachingQuery } from "./access";
import { listFrameworks } from "./frameworks";
import { frameworkIdValidator } from "./tables";

export const listFrameworkCards = coachingQuery({
  args: {},
  returns: v.array(
    v.object({
      id: frameworkIdValidator,
      name: v.string(),
      description: v.string(),
      typicalDurationMinutes: v.number(),
      suits: v.array(v.string()),
      steps: v.array(v.string()),
    }),
  ),
  handler: async () =>
    listFrameworks().map((f) => ({
      id: f.id,
      name: f.name,
      description: f.description,
      typicalDurationMinutes: f.typicalDurationMinutes,
      suits: [...f.suits],
      steps: f.steps.map((s) => s.name),
    })),
});
