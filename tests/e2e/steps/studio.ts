import type { Page } from "playwright-core";
import { expectText } from "../expect";

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
