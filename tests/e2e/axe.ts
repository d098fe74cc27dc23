import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";
import { AssertionError } from "./expect";

// Accessibility checks for the browser flows: axe-core runs inside the page
// and any violation fails the flow with a readable list. Call it on every
// screen a flow reaches, once the screen has settled:
//
//   await expectNoAxeViolations(page, "session page");

const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
let axeSource: string | null = null;

type AxeNode = { target: unknown[]; html: string; failureSummary?: string };
type AxeViolation = { id: string; impact: string | null; help: string; helpUrl: string; nodes: AxeNode[] };

/**
 * Loads axe-core into the page. It is evaluated through the DevTools protocol
 * rather than added as a <script> tag (page.addScriptTag): an inline script
 * would be refused by the app's Content-Security-Policy and reported as a
 * CSP violation, which the harness treats as a failure.
 */
async function injectAxe(page: Page): Promise<void> {
  if (await page.evaluate(() => typeof (window as { axe?: unknown }).axe === "object")) return;
  axeSource ??= readFileSync(AXE_PATH, "utf8");
  await page.evaluate(axeSource);
}

function describe(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      - ${n.target.map(String).join(" ")}: ${n.html.replace(/\s+/g, " ").slice(0, 160)}${n.failureSummary ? `\n        ${n.failureSummary.replace(/\n\s*/g, "; ")}` : ""}`)
        .join("\n");
      const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : "";
      return `  ${v.id} (${v.impact ?? "n/a"}): ${v.help} — ${v.helpUrl}\n${nodes}${more}`;
    })
    .join("\n");
}

/** Runs axe-core over the page (WCAG 2.x A/AA and best practices) and fails on any violation. */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  await injectAxe(page);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
  if (violations.length > 0) {
    throw new AssertionError(`accessibility violations on the ${screen} (axe-core):\n${describe(violations)}`);
  }
}
