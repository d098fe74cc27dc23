import { v } from "convex/values";
import { publicQuery } from "./lib/functions";
import { APP_VERSION } from "./lib/version";

export const status = publicQuery({
  args: {},
  returns: v.object({ ok: v.boolean(), version: v.string(), time: v.number() }),
  handler: async () => ({ ok: true, version: APP_VERSION, time: Date.now() }),
});
