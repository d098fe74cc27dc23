import { defineSchema } from "convex/server";
import { authTables } from "@convex-dev/auth/server";
import { usersTables } from "./users/tables";
import { coachingTables } from "./coaching/tables";
import { studioTables } from "./studio/tables";
import { llmTables } from "./llm/tables";
import { observabilityTables } from "./observability/tables";

export default defineSchema({
  ...authTables,
  ...usersTables,
  ...coachingTables,
  ...studioTables,
  ...llmTables,
  ...observabilityTables,
});
