import { expectNoAxeViolations } from "../axe";
import { assert, expectPath, expectText, expectValue, expectVisible } from "../expect";
import type { Flow, Harness } from "../harness";
import { openSignIn, signUp, uniqueEmail } from "../steps/auth";
import { phoneToo, screen, studioTab } from "../steps/studio";

// Studio → Generation end to end, against the fake Anthropic server.
// The first user (an admin, with the starter templates) generates one
// conversation and watches it arrive turn by turn; saves retry defaults and
// simulates them; then starts a 12-item batch with faults queued on the fake
// (a 429, 500s and a 529): items go retrying and then done, live, the API
// rate pill shows the throttle, toasts announce it and the finish, failed
// items (if any) are retried, and a stored conversation opens with its
// provenance. Axe on every screen; desktop and phone screenshots.

const BATCH_NAME = "Faulty dozen";


/** Queues faults on the fake for the next /v1/messages requests, in order. */
async function queueFaults(h: Harness, faults: object[]): Promise<void> {
  const url = h.stack.fakeAnthropicUrl;
  assert(url, "the fake Anthropic server is running");
  const response = await fetch(`${url}/__faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ faults }) });
  assert(response.ok, `queueing faults on the fake: HTTP ${response.status}`);
}

const flow: Flow = {
  name: "studio-generation",
  async run(h) {
    const page = await h.newPage();
    page.on("dialog", (dialog) => void dialog.dismiss());
    await openSignIn(page, h.stack.appUrl);
    await signUp(page, uniqueEmail("gen-admin"));

    // ---- Generate one conversation and watch it arrive.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Studio" }).click();
    await expectPath(page, "/studio");
    await studioTab(page, "Generate");
    await expectPath(page, "/studio/generate");
    await expectVisible(page.getByRole("heading", { name: "Generate", level: 1 }), "the Generate page");
    const picker = page.getByLabel("Template", { exact: true });
    await picker.selectOption({ label: "Coaching conversation (v1)" });
    await expectVisible(page.getByTestId("preview-output"), "the live preview");
    await page.getByLabel("topic").fill("leading a team through a reorganisation");
    await expectText(page.locator('mark[data-variable="topic"]'), "leading a team through a reorganisation", "the preview follows the typed value");
    await screen(h, page, "generation-generate-form", "Generate form");

    // Every distinct number of finished turns seen while a turn was still being written.
    await page.evaluate(() => {
      const w = window as unknown as { __turnCounts: number[] };
      w.__turnCounts = [];
      new MutationObserver(() => {
        if (!document.querySelector('[data-testid="gen-turn-writing"]')) return;
        const n = document.querySelectorAll('[data-testid="gen-turn"]').length;
        if (!w.__turnCounts.includes(n)) w.__turnCounts.push(n);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByRole("button", { name: "Generate conversation" }).click();
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="gen-turn"]').length >= 1 && document.querySelector('[data-testid="gen-turn-writing"]') !== null,
      undefined,
      { timeout: 30_000 },
    );
    await h.screenshot(page, "generation-generate-streaming");
    // The transcript grows while Claude writes: a later count, still mid-conversation.
    await page.waitForFunction(() => ((window as unknown as { __turnCounts: number[] }).__turnCounts.filter((n) => n >= 1).length >= 2), undefined, { timeout: 30_000 });
    const storedLink = page.getByRole("link", { name: "Open the stored conversation →" });
    await expectVisible(storedLink, "the link to the stored conversation", 60_000);
    const counts = await page.evaluate(() => (window as unknown as { __turnCounts: number[] }).__turnCounts);
    const finalTurns = await page.getByTestId("gen-turn").count();
    assert(counts.length >= 2 && Math.max(...counts) < finalTurns, `turns grew while written: saw ${JSON.stringify(counts)} before ${finalTurns} final`);
    await expectVisible(page.locator(".provenance").getByText("Attempts"), "provenance beside the finished run");
    await screen(h, page, "generation-generate-done", "Generate, finished");
    await phoneToo(h, page, "generation-generate-done", "Generate, finished");

    // ---- Settings: save a default policy, simulate it.
    await studioTab(page, "Settings");
    await expectPath(page, "/studio/settings");
    await page.getByLabel("Max attempts").fill("6");
    await page.getByLabel("Max delay (s)").fill("20");
    await page.getByRole("button", { name: "Save defaults" }).click();
    await expectText(page.locator(".gen-settings [role=status]").first(), "Saved.", "settings saved");
    await page.getByLabel("Failure rate (%)").fill("60");
    await expectVisible(page.getByTestId("sim-summary"), "the retry simulation");
    await expectVisible(page.locator(".sim-timeline .sim-delay").first(), "a simulated wait");
    await screen(h, page, "generation-settings", "Settings");
    await phoneToo(h, page, "generation-settings", "Settings");

    // ---- New batch: the matrix, a preview that refuses items that don't render, then a sample of 12.
    await studioTab(page, "Batches");
    await expectPath(page, "/studio/batches");
    await page.getByRole("button", { name: "+ New batch" }).click();
    await expectPath(page, "/studio/batches/new");
    await page.getByLabel("Template", { exact: true }).selectOption({ label: "Coaching conversation (v1)" });
    await expectValue(page.getByLabel("Max attempts"), "6", "the retry policy defaults from Settings");
    await page.getByLabel("Name").fill(BATCH_NAME);
    await page.getByLabel("CLEAR", { exact: true }).check();
    // topic has no default and no value yet: every item fails to render, and Start says why.
    await expectVisible(page.getByTestId("render-failures"), "items that don't render");
    const start = page.getByRole("button", { name: /^Start/ });
    assert(await start.isDisabled(), "Start is disabled while items don't render");
    await expectText(page.locator("#start-blocked"), /don't render/, "the reason Start is disabled");
    await page.getByLabel(/^topic/).fill("a new role\na difficult peer");
    await page.getByLabel("Balanced sample of").check();
    await page.getByLabel("Sample size").fill("12");
    await expectText(page.getByTestId("preview-count"), "12", "a 12-item sample");
    await page.getByLabel("Concurrency").fill("6");
    await expectText(start, "Start 12 items", "Start names the count");
    await screen(h, page, "generation-new-batch", "New batch");
    await phoneToo(h, page, "generation-new-batch", "New batch");

    // Faults for the first requests the batch sends: a rate limit, server errors
    // and an overload (retried), and one permanent 400 (that item fails for good).
    await queueFaults(h, [{ kind: "429", retryAfterS: 6 }, { kind: "500" }, { kind: "529" }, { kind: "500" }, { kind: "400" }, { kind: "500" }]);
    await start.click();
    await page.waitForURL(/\/studio\/batches\/[^/]+$/, { timeout: 15_000 });
    await expectVisible(page.getByRole("heading", { name: new RegExp(BATCH_NAME) }), "the batch page");

    // Live: items go retrying, the API pill shows the throttle with its countdown.
    await expectVisible(page.locator(".items-table .item-retrying").first(), "an item retrying", 30_000);
    await expectVisible(page.locator('.rate-pill[data-level="throttled"]'), "the rate status throttled after the 429", 30_000);
    await expectVisible(page.locator(".toast-warning"), "a toast for the rate-limit pause", 30_000);
    await screen(h, page, "generation-batch-running", "batch running");

    // Done, live.
    await expectText(page.locator("h1 .batch-badge"), "Completed", "the batch completes", 100_000);
    const attempts = await page.locator(".items-table td.num").allTextContents();
    assert(attempts.some((text) => /^([2-9]|10) \/ \d+$/.test(text.trim())), `some item needed more than one attempt: ${attempts.join(", ")}`);
    const failed = Number(await page.getByTestId("count-failed").textContent());
    if (failed > 0) {
      // The failure says what went wrong; then only the failed items run again.
      await page.getByLabel("Status", { exact: true }).selectOption("failed");
      await expectVisible(page.locator(".items-table .item-error .code-tag"), "the failed item's error class");
      await screen(h, page, "generation-batch-failed", "batch with a failed item");
      await page.getByRole("button", { name: /Retry failed only/ }).click();
      await expectText(page.locator("h1 .batch-badge"), "Completed", "the retried items finish", 60_000);
      await page.getByLabel("Status", { exact: true }).selectOption("");
    }
    await expectText(page.getByTestId("count-succeeded"), "12", "all 12 succeeded");
    await expectText(page.getByTestId("batch-percent"), "100 %", "100 %");
    const finishToast = page.locator(".toast-success", { hasText: /Batch finished: 12 succeeded/ });
    await expectVisible(finishToast, "the finish toast");
    assert((await finishToast.count()) === 1, "the finish toast shows once");
    await expectText(page.getByTestId("batch-eta"), "Finished", "no ETA once finished");
    await screen(h, page, "generation-batch-done", "batch done");
    await phoneToo(h, page, "generation-batch-done", "batch done");

    // Duplicate it, then cancel the copy through the confirmation dialog (keyboard).
    const doneUrl = page.url();
    await page.getByRole("button", { name: "Duplicate" }).click();
    await page.waitForURL((url) => url.href !== doneUrl && /\/studio\/batches\/[^/]+$/.test(url.pathname), { timeout: 15_000 });
    await expectVisible(page.getByRole("heading", { name: new RegExp(`${BATCH_NAME} \\(copy\\)`) }), "the duplicated batch");
    await page.getByRole("button", { name: "Cancel batch" }).click();
    const dialog = page.getByRole("dialog", { name: "Cancel this batch?" });
    await expectVisible(dialog, "the cancel confirmation");
    await expectNoAxeViolations(page, "cancel confirmation");
    // Focus starts on the safe choice; Tab reaches the destructive one.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expectText(page.locator("h1 .batch-badge"), "Cancelled", "the copy is cancelled");
    await expectText(page.getByTestId("batch-eta"), "Cancelled — no ETA", "a cancelled batch has no ETA");
    await page.goBack();
    await expectText(page.locator("h1 .batch-badge"), "Completed", "back on the finished batch");

    // Filter the items, then open a conversation.
    await page.getByLabel("Status", { exact: true }).selectOption("succeeded");
    const open = page.locator(".items-table").getByRole("link", { name: /^Open #/ }).first();
    await expectVisible(open, "a conversation link");
    await open.click();
    await page.waitForURL(/\/studio\/conversations\/[^/]+$/);
    await expectVisible(page.getByRole("list", { name: "Stored conversation" }), "the stored transcript");
    await expectVisible(page.locator(".provenance").getByText("Coaching conversation v1"), "provenance names the template version");
    await screen(h, page, "generation-conversation", "conversation");
    await phoneToo(h, page, "generation-conversation", "conversation");

    // The list shows it finished.
    await studioTab(page, "Batches");
    const rows = page.locator(".batches-table tbody tr");
    const row = rows.filter({ has: page.getByRole("link", { name: BATCH_NAME, exact: true }) });
    await expectText(row.locator(".batch-badge"), "Completed", "the batch in the list");
    const copy = rows.filter({ has: page.getByRole("link", { name: `${BATCH_NAME} (copy)`, exact: true }) });
    await expectText(copy.locator(".batch-badge"), "Cancelled", "its cancelled copy in the list");
    await screen(h, page, "generation-batches", "batches list");
    await phoneToo(h, page, "generation-batches", "batches list");

    const errors = h.takeBrowserErrors();
    assert(errors.length === 0, `browser errors:\n${errors.join("\n")}`);
    h.assertNoCspViolations();
  },
};

export default flow;
