import { httpRouter } from "convex/server";
import { auth } from "./auth";
import { healthz, readyz } from "./observability/httpHealth";

const http = httpRouter();

auth.addHttpRoutes(http);
http.route({ path: "/healthz", method: "GET", handler: healthz });
http.route({ path: "/readyz", method: "GET", handler: readyz });

export default http;
