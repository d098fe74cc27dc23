import type { Page } from "playwright-core";
import { expectNoAxeViolations } from "../axe";
import { assert, expectText } from "../expect";
import type { Harness } from "../harness";

// Studio steps shared by the flows that need generated conversations to work on.

export type SmallBatch = {
  name: string;
  items: number;
  topics: string[];
  /** Frameworks to tick besides the template's default (dropdown checkboxes). */
  frameworks?: string[];
  /** How long the batch may take to complete against the fake. */
  timeoutMs?: number;
};

/**
 * Starts a balanced sample of the "Coaching conversation" starter from the
 * New batch form (already open on `page`) and waits for it to complete.
 * Every item runs at once, so the wait is the fake's pace, not the queue's.
 */
export async function runSmallBatch(page: Page, batch: SmallBatch): Promise<void> {
  await page.getByLabel("Template", { exact: true }).selectOption({ label: "Coaching conversation (v1)" });
  await page.getByLabel("Name").fill(batch.name);
  for (const framework of batch.frameworks ?? []) await page.getByLabel(framework, { exact: true }).check();
  await page.getByLabel(/^topic/).fill(batch.topics.join("\n"));
  await page.getByLabel("Balanced sample of").check();
  await page.getByLabel("Sample size").fill(String(batch.items));
  await page.getByLabel("Concurrency").fill(String(batch.items));
  const start = page.getByRole("button", { name: /^Start/ });
  await expectText(start, `Start ${batch.items} items`, "Start names the count");
  await start.click();
  await page.waitForURL(/\/studio\/batches\/[^/]+$/, { timeout: 15_000 });
  await expectText(page.locator("h1 .batch-badge"), "Completed", "the batch completes", batch.timeoutMs ?? 90_000);
}

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Every screen a Studio flow shows is checked the same way: axe, no sideways scroll, then a screenshot. */
export async function screen(h: Harness, page: Page, name: string, what: string): Promise<void> {
  await expectNoAxeViolations(page, what);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert(overflow <= 1, `${what}: the page is ${overflow}px wider than the screen`);
  await h.screenshot(page, name);
}

/** The same screen at phone width, then back to desktop. */
export async function phoneToo(h: Harness, page: Page, name: string, what: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await screen(h, page, `${name}-phone`, `${what} (phone)`);
  await page.setViewportSize(DESKTOP);
}

export async function studioTab(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole("navigation", { name: "Studio" }).getByRole("link", { name, exact: typeof name === "string" }).click();
}
