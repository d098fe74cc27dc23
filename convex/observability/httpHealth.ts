import { httpAction } from "../_generated/server";
import { APP_VERSION } from "../lib/version";

/** Liveness: answering at all proves the functions run. */
export const healthz = httpAction(async () => {
  return new Response(JSON.stringify({ ok: true, version: APP_VERSION, time: Date.now() }), {
    status: 200,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
});
