import { httpRouter } from "convex/server";
import { auth } from "./auth";
import { healthz } from "./observability/httpHealth";

const http = httpRouter();

auth.addHttpRoutes(http);
http.route({ path: "/healthz", method: "GET", handler: healthz });

export default http;
