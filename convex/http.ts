import { httpRouter, type HttpRouter, type PublicHttpAction, type RouteSpec } from "convex/server";
import { httpAction } from "./_generated/server";
import { auth } from "./auth";
import { apiSecurityHeaders, isProductionUrl, withHeaders } from "./lib/securityHeaders";
import { healthz, readyz } from "./observability/httpHealth";

const http = withSecurityHeaders(httpRouter());

auth.addHttpRoutes(http);
http.route({ path: "/healthz", method: "GET", handler: healthz });
http.route({ path: "/readyz", method: "GET", handler: readyz });

export default http;

type HttpHandler = (ctx: Parameters<Parameters<typeof httpAction>[0]>[0], request: Request) => Promise<Response>;

/**
 * Every route, ours and the ones Convex Auth adds, answers with the security
 * headers: the router's `route` is replaced before anything registers, so no
 * route can be added without them. (A request that matches no route gets
 * Convex's own 404, and a handler that throws gets Convex's own 500; neither
 * passes through here.)
 */
function withSecurityHeaders(router: HttpRouter): HttpRouter {
  const route = router.route;
  router.route = (spec: RouteSpec) => route({ ...spec, handler: secured(spec.handler) } as RouteSpec);
  return router;
}

function secured(handler: PublicHttpAction): PublicHttpAction {
  // `_handler` is the function httpAction wrapped. It is marked internal in
  // Convex's types but is what Convex and convex-test call; if an upgrade
  // removes it, failing here at deploy beats serving routes without headers.
  const inner = (handler as unknown as { _handler?: HttpHandler })._handler;
  if (typeof inner !== "function") throw new Error("convex/http.ts: cannot wrap an HTTP action (no _handler); update withSecurityHeaders");
  return httpAction(async (ctx, request) => {
    const response = await inner(ctx, request);
    // CONVEX_SITE_URL is set by Convex itself: https on a cloud deployment, http locally.
    return withHeaders(response, apiSecurityHeaders({ production: isProductionUrl(process.env.CONVEX_SITE_URL) }));
  });
}
