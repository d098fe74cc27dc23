import type { Page } from "playwright-core";
import { assert, expectCount, expectPath, expectText, expectVisible } from "../expect";
import type { Flow } from "../harness";
import { openSignIn, signUp, uniqueEmail } from "../steps/auth";
import { DESKTOP, PHONE, runSmallBatch, screen, studioTab } from "../steps/studio";

// Studio → Conversations and template tests end to end, against the fake
// Anthropic server. An admin generates a small batch; the Conversations list
// shows each score in its band's colour with the band in words; the quality
// dialog opens WITH THE KEYBOARD ONLY (Tab to a score, Enter), → moves to
// the next conversation, a score is overridden with a reason (the flagged
// badge counts it), Esc closes and focus returns to the list; the quality
// range narrows the list. Then a new version of a starter is refused
// activation (untested) beside its button and tested through the dialog,
// with the verdict, the runs and a breakdown. Axe on every screen; desktop
// and phone screenshots.

const BATCH_NAME = "Quality sample";
const ITEMS = 6;
const OVERRIDE_REASON = "The coach lectures twice and the client never picks a step.";

/** Every score badge's number agrees with its colour band and its words. */
async function expectBandsMatchScores(page: Page, what: string): Promise<number[]> {
  const badges = await page.locator(".conversations-table .score-button .score-badge").evaluateAll((els) =>
    els.map((el) => ({ band: (el as HTMLElement).dataset.band, text: el.textContent ?? "", colour: getComputedStyle(el).backgroundColor })),
  );
  const scores: number[] = [];
  for (const badge of badges) {
    const score = Number(/^(\d+\.\d)/.exec(badge.text.trim())?.[1]);
    const band = score < 6 ? "low" : score < 8 ? "mid" : "high";
    const words = { low: "Needs work", mid: "Fair", high: "Good" }[band];
    assert(badge.band === band, `${what}: ${badge.text} is in the ${badge.band} band, expected ${band}`);
    assert(badge.text.includes(words), `${what}: ${badge.text} says its band in words (${words})`);
    scores.push(score);
  }
  const colours = new Set(badges.map((b) => `${b.band}:${b.colour}`));
  const bands = new Set(badges.map((b) => b.band));
  assert(colours.size === bands.size, `${what}: one colour per band (${[...colours].join(", ")})`);
  return scores;
}

const flow: Flow = {
  name: "studio-quality",
  async run(h) {
    const page = await h.newPage();
    page.on("dialog", (dialog) => void dialog.dismiss());
    await openSignIn(page, h.stack.appUrl);
    await signUp(page, uniqueEmail("quality-admin"));

    // ---- A small batch of production conversations, scored as they land.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Studio" }).click();
    await expectPath(page, "/studio");
    await studioTab(page, "Batches");
    await page.getByRole("button", { name: "+ New batch" }).click();
    await expectPath(page, "/studio/batches/new");
    await runSmallBatch(page, {
      name: BATCH_NAME,
      items: ITEMS,
      frameworks: ["CLEAR"],
      topics: ["a new role", "a difficult peer", "asking for a raise"],
      timeoutMs: 100_000,
    });
    await expectText(page.getByTestId("count-succeeded"), String(ITEMS), "every item succeeded");

    // ---- Studio → Conversations: scores coloured by band, with the band in words.
    await studioTab(page, /^Conversations/);
    await expectPath(page, "/studio/conversations");
    await expectVisible(page.getByRole("heading", { name: "Conversations", level: 1 }), "the Conversations page");
    const rows = page.locator(".conversations-table tbody tr");
    await expectCount(rows, ITEMS, "conversations in the list");
    const scores = await expectBandsMatchScores(page, "the list");
    assert(scores.every((s, i) => i === 0 || scores[i - 1]! <= s), `lowest score first: ${scores.join(", ")}`);
    const flaggedBefore = Number((await page.getByTestId("flagged-count").count()) ? await page.getByTestId("flagged-count").innerText().then((t) => t.replace(/\D/g, "")) : "0");
    await screen(h, page, "quality-01-conversations", "Conversations list");

    // ---- The quality dialog with the keyboard only: Tab to a score, Enter.
    await page.locator("h1").click();
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement?.hasAttribute("data-score-button") ?? false);
    }
    assert(reached, "Tab reaches a score button");
    const firstId = await page.evaluate(() => document.activeElement!.getAttribute("data-score-button"));
    const ids = await page.locator(".conversations-table [data-score-button]").evaluateAll((els) => els.map((el) => el.getAttribute("data-score-button")));
    assert(firstId === ids[0], "the first score button Tab reaches is the first row's");
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: /^Quality details/ });
    await expectVisible(dialog, "the quality dialog");
    assert((await dialog.getAttribute("aria-modal")) === "true", "the dialog is modal");
    assert(await dialog.evaluate((el) => el.contains(document.activeElement)), "focus moved into the dialog");
    await expectText(dialog.locator(".quality-sub"), /^1 of 6/, "the dialog says where it is in the list");
    await expectCount(dialog.locator(".criterion"), 4, "a bar per criterion");
    await expectText(dialog.locator(".criterion-measure").first(), /^Measured .+ · target .+/, "measured against target");
    await expectVisible(dialog.getByRole("list", { name: "Transcript" }), "the transcript");
    await expectVisible(dialog.getByRole("heading", { name: /^Recommendations/ }), "the recommendations");
    await expectVisible(dialog.getByRole("heading", { name: /^Model judge/ }), "the judge's section");
    assert((await dialog.getAttribute("data-conversation")) === ids[0], "the dialog shows the first conversation");

    await screen(h, page, "quality-02-dialog", "quality dialog");

    // → moves to the next conversation in the list.
    await page.keyboard.press("ArrowRight");
    await expectText(dialog.locator(".quality-sub"), /^2 of 6/, "the second conversation after →");
    assert((await dialog.getAttribute("data-conversation")) === ids[1], "→ opens the next row's conversation");
    // Tab stays inside the dialog.
    for (let i = 0; i < 30; i++) await page.keyboard.press("Tab");
    assert(await dialog.evaluate((el) => el.contains(document.activeElement)), "Tab never leaves the dialog");

    // Override its score with a reason; the list, the status and the badge follow.
    await dialog.getByLabel("New score (0–10)").fill("4.5");
    await dialog.getByLabel("Reason (at least 10 characters)").fill(OVERRIDE_REASON);
    await dialog.getByRole("button", { name: "Save override" }).click();
    await expectText(dialog.getByRole("status").filter({ hasText: "Saved" }), /Saved: 4\.5, needs revision\./, "the override saved");
    await expectText(dialog.getByTestId("override-note"), new RegExp(`Score overridden to 4\\.5 .* by you .*${OVERRIDE_REASON.slice(0, 20)}`), "the override and who made it");
    await expectText(page.getByTestId("flagged-count"), new RegExp(`^${flaggedBefore + 1}`), "the flagged badge counts the override", 15_000);

    // Esc closes; focus returns to the score of the conversation shown last.
    await page.keyboard.press("Escape");
    await expectCount(page.getByRole("dialog"), 0, "dialogs after Esc");
    assert(await page.evaluate((id) => document.activeElement?.getAttribute("data-score-button") === id, ids[1]), "focus returns to the last shown conversation's score");
    await expectVisible(page.locator(`[data-score-button="${ids[1]}"] .score-low`), "the overridden score shows red, Needs work");
    await expectVisible(page.locator(`[data-score-button="${ids[1]}"]`).getByText("(overridden)"), "the overridden mark");

    // ---- The quality range narrows the list; a range upside down is explained, not sent.
    await page.getByLabel("Lowest score").fill("8");
    await page.getByLabel("Highest score").fill("5");
    await expectText(page.getByRole("alert").filter({ hasText: "lowest" }), "The lowest score can't be above the highest.", "an inverted range");
    await page.getByLabel("Lowest score").fill("0");
    await page.getByLabel("Highest score").fill("5.9");
    await expectVisible(page.locator(`[data-score-button="${ids[1]}"]`), "the overridden conversation in the 0–5.9 range");
    const low = await expectBandsMatchScores(page, "the 0–5.9 range");
    assert(low.length >= 1 && low.every((s) => s <= 5.9), `only scores up to 5.9: ${low.join(", ")}`);
    await expectCount(rows, low.length, "rows in the range");
    await page.getByLabel("Status").selectOption("needs_revision");
    await expectVisible(page.locator(`[data-score-button="${ids[1]}"]`), "the overridden conversation needs revision");
    await screen(h, page, "quality-03-filtered", "Conversations filtered by quality range");

    // Phone: the filters stack; the dialog fits.
    await page.setViewportSize(PHONE);
    await screen(h, page, "quality-04-phone-list", "Conversations at phone width");
    await page.locator(`[data-score-button="${ids[1]}"]`).click();
    await expectVisible(dialog, "the quality dialog at phone width");
    await expectCount(dialog.locator(".criterion"), 4, "the bars at phone width");
    await screen(h, page, "quality-05-phone-dialog", "quality dialog at phone width");
    await page.keyboard.press("Escape");
    await page.setViewportSize(DESKTOP);

    // The conversation's own page has its quality too, with the same dialog a button away.
    await page.locator(".conversations-table tbody tr").filter({ has: page.locator(`[data-score-button="${ids[1]}"]`) }).getByRole("link").click();
    await page.waitForURL(/\/studio\/conversations\/[^/]+$/);
    await expectVisible(page.getByRole("heading", { name: "Quality", level: 2 }), "the quality panel on the conversation page");
    await expectText(page.locator(".quality-panel .score-badge"), /^4\.5 Needs work/, "the overridden score on the conversation page");
    await page.getByRole("button", { name: "Quality details" }).click();
    await expectVisible(dialog, "the quality dialog from the conversation page");
    await page.keyboard.press("Escape");
    await expectCount(dialog, 0, "dialogs after Esc on the conversation page");
    assert(await page.getByRole("button", { name: "Quality details" }).evaluate((el) => el === document.activeElement), "focus returns to Quality details");
    await screen(h, page, "quality-05b-conversation-page", "conversation page with its quality");

    // ---- A new version of a starter: refused untested, then tested through the dialog.
    await studioTab(page, "Templates");
    await page.getByRole("link", { name: "Coaching conversation", exact: true }).click();
    const body = page.getByRole("textbox", { name: "Body", exact: true });
    await expectVisible(body, "the starter's editor");
    await body.fill(`${await body.inputValue()}\nKeep every coach turn under sixty words.`);
    await page.getByLabel("Version note").fill("Shorter coach turns");
    await page.getByRole("button", { name: "Save as new version" }).click();
    await expectText(page.getByRole("status").filter({ hasText: /Saved as/ }), /^Saved as version 2\./, "version 2 saved");
    await page.getByRole("navigation", { name: "Template sections" }).getByRole("link", { name: /History/ }).click();
    const v2 = page.locator(".versions-table tbody tr").filter({ has: page.locator("strong", { hasText: /^v2$/ }) });
    await expectText(v2.getByTestId("test-badge"), "Untested", "v2 is untested");
    await v2.getByRole("button", { name: "Activate v2" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Activate v2" }).click();
    await expectText(v2.getByTestId("activation-refusal").getByRole("alert"), /Run a passing test first: this version has not been tested\./, "activation refused beside the button");
    await expectVisible(v2.getByRole("button", { name: "Activate anyway…" }), "the admin's override offered");
    await screen(h, page, "quality-06-refused", "activation refused");

    await v2.getByTestId("activation-refusal").getByRole("button", { name: "Test v2" }).click();
    const test = page.getByRole("dialog", { name: "Test version 2 of Coaching conversation" });
    await expectVisible(test, "the test dialog");
    await expectVisible(test.getByTestId("test-preview"), "the prompt preview with sample values");
    await test.getByLabel("Conversations").selectOption("2");
    await test.getByRole("button", { name: "Run test" }).click();
    await expectText(test.getByTestId("test-badge"), /^(Passed|Failed) \d+\.\d$/, "the test's verdict", 100_000);
    await expectCount(test.locator('.test-runs tbody tr[data-run-status="scored"]'), 2, "both runs scored");
    const summary = test.getByTestId("test-summary");
    await expectText(summary, /Baseline\d+\.\d/, "the live version's mean as the baseline");
    await expectText(summary, /Deviation[+−±]\d+\.\d/, "the deviation from the baseline");
    await test.getByRole("button", { name: "Breakdown of run 1" }).click();
    await expectCount(test.locator(".run-breakdown .criterion"), 4, "run 1's breakdown by criterion");
    await screen(h, page, "quality-07-test", "template test results");
    await page.setViewportSize(PHONE);
    await screen(h, page, "quality-08-phone-test", "template test results at phone width");
    await page.setViewportSize(DESKTOP);
    const verdict = (await test.getByTestId("test-badge").innerText()).trim();
    await page.keyboard.press("Escape");
    await expectCount(test, 0, "the test dialog after Esc");
    await expectText(v2.getByTestId("test-badge"), verdict, "the verdict in the version history");

    // The Convex client logs every refused mutation; the gate's refusal above is the one expected.
    const errors = h.takeBrowserErrors().filter((e) => !(e.includes("activateVersion") && e.includes("Run a passing test first")));
    assert(errors.length === 0, `browser errors:\n${errors.join("\n")}`);
    h.assertNoCspViolations();
  },
};

export default flow;
