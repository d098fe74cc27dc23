import { httpAction } from "../_generated/server";
import { APP_VERSION } from "../lib/version";
import { checkReadiness } from "./health";

const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-store" };

/** Liveness: answering at all proves the functions run. */
export const healthz = httpAction(async () => {
  return new Response(JSON.stringify({ ok: true, version: APP_VERSION, time: Date.now() }), {
    status: 200,
    headers: JSON_HEADERS,
  });
});

/**
 * Readiness: 200 only when the database answers, the crons are fresh, the
 * configuration parses and Claude (or the fake) answers; otherwise 503.
 * Anyone can call this, so it says only whether we are ready: the checks
 * name our provider's URL and configuration, and stay in the admin panel
 * (`health.runReadinessCheck`). The Claude probe behind it is shared for
 * PROBE_TTL_MS, so hitting it often costs the provider nothing extra.
 */
export const readyz = httpAction(async (ctx) => {
  const readiness = await checkReadiness(ctx);
  return new Response(JSON.stringify({ ok: readiness.ok, version: APP_VERSION }), {
    status: readiness.ok ? 200 : 503,
    headers: JSON_HEADERS,
  });
});
