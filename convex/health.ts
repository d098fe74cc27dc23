import { v } from "convex/values";
import { publicQuery } from "./lib/functions";
import { APP_VERSION } from "./lib/version";
import { healthSnapshot, healthValidator } from "./observability/health";

/**
 * Whether Framewise is healthy, for anyone (status pages, the admin panel):
 * cron freshness, the Claude gateway's breaker and queue, and the LLM error
 * rate of the last 24 h from roll-ups. No personal data, no error texts.
 */
export const status = publicQuery({
  args: {},
  returns: v.object({ version: v.string(), time: v.number(), ...healthValidator.fields }),
  handler: async (ctx) => {
    const now = Date.now();
    return { version: APP_VERSION, time: now, ...(await healthSnapshot(ctx, now)) };
  },
});
