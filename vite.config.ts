import { randomBytes } from "node:crypto";
import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv, type Plugin } from "vite";
import { appSecurityHeaders, headersFile, type AppHeaderOptions } from "./convex/lib/securityHeaders.js";

export default defineConfig(({ command, mode, isPreview }) => {
  // The URLs the SPA talks to, from the same place the app reads them:
  // the environment (`npm run dev` and the browser tests set VITE_CONVEX_URL)
  // over .env.local.
  const env = loadEnv(mode, process.cwd(), "VITE_");
  const urls: Pick<AppHeaderOptions, "convexUrl" | "convexSiteUrl"> = {
    convexUrl: env.VITE_CONVEX_URL || undefined,
    convexSiteUrl: env.VITE_CONVEX_SITE_URL || undefined,
  };
  // The dev server inlines React Refresh's preamble and injects CSS as style
  // tags; Vite marks both with this nonce. A build has no inline code, so
  // preview and production get the policy without one.
  const devNonce = command === "serve" && !isPreview ? randomBytes(16).toString("base64") : undefined;

  return {
    plugins: [react(), productionHeadersFile(urls)],
    html: devNonce ? { cspNonce: devNonce } : {},
    server: { host: "127.0.0.1", headers: appSecurityHeaders({ ...urls, production: false, nonce: devNonce }) },
    preview: { host: "127.0.0.1", headers: appSecurityHeaders({ ...urls, production: false }) },
    build: { sourcemap: true },
  };
});

/**
 * Writes `_headers` beside the build (Netlify and Cloudflare Pages apply it
 * to every response), with the Convex URLs this build was made for and HSTS,
 * since production hosting is HTTPS.
 */
function productionHeadersFile(urls: Pick<AppHeaderOptions, "convexUrl" | "convexSiteUrl">): Plugin {
  return {
    name: "framewise:security-headers-file",
    apply: "build",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "_headers", source: headersFile(appSecurityHeaders({ ...urls, production: true })) });
    },
  };
}
