import type { Page } from "playwright-core";
import { expectNoAxeViolations } from "../axe";
import { assert, expectPath, expectText, expectValue, expectVisible } from "../expect";
import type { Flow } from "../harness";
import { openSignIn, signUp, uniqueEmail } from "../steps/auth";
import { phoneToo, runSmallBatch, screen } from "../steps/studio";

// Studio → Review end to end, against the fake Anthropic server. An admin
// generates a small batch; a second user signs up and the admin makes them a
// reviewer in Admin → Users. The reviewer works the queue by keyboard only
// (j/k, a approves, r + a reason + Enter rejects, e edits a turn and
// Ctrl+Enter saves), while the admin's Calibration page, in another browser,
// updates live. The admin opening the reviewer's item sees who holds it and
// until when. Then a bulk approve over the rest, confirmed with its count.
// Axe on every screen; desktop and phone screenshots.

const ITEMS = 6;

function itemId(page: Page): string {
  const match = /\/studio\/review\/([^/]+)$/.exec(new URL(page.url()).pathname);
  assert(match, `expected an open review item, the page is at ${page.url()}`);
  return match[1];
}

/** The reviewer's page opens a different item than `previous` and claims it. */
async function expectOpened(page: Page, previous: string | null, what: string): Promise<string> {
  await page.waitForURL((url) => /\/studio\/review\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith(`/${previous}`), { timeout: 15_000 });
  await expectText(page.locator(".review-lease"), /Reviewing — lease until \d\d:\d\d UTC/, `${what}: the lease is shown`);
  return itemId(page);
}

async function expectReviewed(admin: Page, count: number, what: string): Promise<void> {
  await expectText(admin.getByTestId("calibration-reviewed"), new RegExp(`^${count} reviewed`), `the admin's calibration ${what}`);
}

const flow: Flow = {
  name: "studio-review",
  async run(h) {
    // ---- The admin generates a small batch against the fake.
    const admin = await h.newPage();
    await openSignIn(admin, h.stack.appUrl);
    await signUp(admin, uniqueEmail("review-admin"));
    await admin.goto(`${h.stack.appUrl}/studio/batches/new`);
    await runSmallBatch(admin, { name: "Review sample", items: ITEMS, topics: ["a new role", "a difficult peer"] });

    // ---- A second user signs up; the admin makes them a reviewer.
    const reviewer = await h.newPage();
    const reviewerEmail = uniqueEmail("reviewer");
    await openSignIn(reviewer, h.stack.appUrl);
    await signUp(reviewer, reviewerEmail);
    await admin.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    const role = admin.getByLabel(`Role of ${reviewerEmail}`);
    await role.selectOption("reviewer");
    await expectValue(role, "reviewer", "the new role");

    // ---- The admin watches Calibration.
    await admin.goto(`${h.stack.appUrl}/studio/calibration`);
    await expectVisible(admin.getByRole("heading", { name: "Calibration", level: 1 }), "the calibration page");
    await expectReviewed(admin, 0, "before any verdict");
    await screen(h, admin, "review-calibration-empty", "Calibration, nothing reviewed");

    // ---- The reviewer's Studio: the tabs a reviewer can use, and no others.
    const studioLink = reviewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Studio" });
    await expectVisible(studioLink, "the Studio link once the role changed (live)");
    await studioLink.click();
    const tabs = reviewer.getByRole("navigation", { name: "Studio" });
    await tabs.getByRole("link", { name: "Review" }).click();
    await expectPath(reviewer, "/studio/review");
    const tabNames = (await tabs.getByRole("link").allTextContents()).map((t) => t.trim());
    assert(!tabNames.some((t) => /Generate|Batches|Settings/.test(t)), `a reviewer sees only tabs they can use: ${tabNames.join(", ")}`);
    await expectVisible(reviewer.locator(".review-row").nth(ITEMS - 1), `all ${ITEMS} conversations in the queue`);
    await expectVisible(reviewer.getByRole("complementary", { name: "Keyboard shortcuts" }), "the shortcut legend");
    await screen(h, reviewer, "review-queue", "review queue");

    // ? hides and shows the legend.
    await reviewer.keyboard.press("?");
    await expectVisible(reviewer.getByRole("button", { name: /Shortcuts/, expanded: false }), "the legend hidden by ?");
    await reviewer.keyboard.press("?");
    await expectVisible(reviewer.getByRole("complementary", { name: "Keyboard shortcuts" }), "the legend back with ?");

    // ---- j opens the first item; a approves it.
    await reviewer.keyboard.press("j");
    const first = await expectOpened(reviewer, null, "first item");
    await expectVisible(reviewer.getByRole("list", { name: "Conversation" }), "the transcript");
    await screen(h, reviewer, "review-item", "review item");
    await phoneToo(h, reviewer, "review-item", "review item");

    // The admin opening the same item is told who holds it and until when.
    await admin.goto(`${h.stack.appUrl}/studio/review/${first}`);
    await expectText(admin.locator(".review-lease-conflict"), new RegExp(`${reviewerEmail.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is reviewing this until \\d\\d:\\d\\d UTC`), "the lease conflict, named and timed");
    assert(await admin.locator(".verdict-bar").getByRole("button", { name: /^Approve/ }).isDisabled(), "the admin can't approve an item someone else holds");
    await screen(h, admin, "review-lease-conflict", "lease conflict");
    await admin.goto(`${h.stack.appUrl}/studio/calibration`);
    await expectReviewed(admin, 0, "still nothing reviewed");

    await reviewer.keyboard.press("a");
    await expectText(reviewer.getByTestId("review-verdict"), new RegExp(`^Approved by ${reviewerEmail.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC`), "who approved it, and when");
    await expectReviewed(admin, 1, "after the approval (live)");

    // ---- j moves on; r opens the reason picker with focus in it; a reason by arrow key, Tab to Reject, Enter.
    await reviewer.keyboard.press("j");
    const second = await expectOpened(reviewer, first, "second item");
    await reviewer.keyboard.press("r");
    const firstReason = reviewer.getByRole("radio", { name: /Off framework/ });
    await expectVisible(firstReason, "the reason picker");
    assert(await firstReason.evaluate((el) => el === document.activeElement), "focus is in the reason picker");
    // Shortcuts don't fire while typing: "a" typed in the note is text.
    await reviewer.keyboard.press("ArrowDown");
    assert(await reviewer.getByRole("radio", { name: /Unrealistic client/ }).isChecked(), "ArrowDown chose the second reason");
    await reviewer.keyboard.press("Tab");
    await reviewer.keyboard.type("a client this calm after a layoff is rare");
    await expectValue(reviewer.getByLabel(/^Note/), "a client this calm after a layoff is rare", "the note took the letters as text");
    await screen(h, reviewer, "review-reject-picker", "reject picker");
    await reviewer.keyboard.press("Tab");
    await reviewer.keyboard.press("Enter");
    await expectText(reviewer.getByTestId("review-verdict"), /^Rejected by .*Reason: Unrealistic client — “a client this calm after a layoff is rare”/, "the rejection with its reason and note");
    assert(itemId(reviewer) === second, "the rejected item stays open to show its verdict");
    await expectReviewed(admin, 2, "after the rejection (live)");

    // ---- j, then e: the first turn's editor has focus; replace its text and save with Ctrl+Enter.
    await reviewer.keyboard.press("j");
    const third = await expectOpened(reviewer, second, "third item");
    await reviewer.keyboard.press("e");
    const editor = reviewer.getByLabel(/^Turn 1 · /);
    await expectVisible(editor, "the turn editors");
    assert(await editor.evaluate((el) => el === document.activeElement), "focus is in the first turn's editor");
    await reviewer.keyboard.press("ControlOrMeta+a");
    await reviewer.keyboard.type("I've just been promoted over a peer and I'm not sure how to start.");
    await screen(h, reviewer, "review-edit", "editing turns");
    await reviewer.keyboard.press("ControlOrMeta+Enter");
    await expectText(reviewer.getByTestId("review-verdict"), /^Revised \(1 turn edited\) and approved by /, "the revision's verdict");
    const edited = reviewer.getByTestId("review-turn").first();
    await expectText(edited.locator(".gen-turn-text"), "I've just been promoted over a peer and I'm not sure how to start.", "the edited text");
    await expectVisible(edited.getByText("edited", { exact: true }), "the turn marked as edited");
    const toggle = edited.getByRole("button", { name: /Show original/ });
    await toggle.press("Enter");
    await expectText(edited.locator(".gen-turn-text"), /^(?!I've just been promoted)/, "the original text behind the toggle");
    assert((await toggle.getAttribute("aria-pressed")) === "true", "the toggle says it shows the original");
    await toggle.press("Enter");
    await expectText(edited.locator(".gen-turn-text"), "I've just been promoted over a peer and I'm not sure how to start.", "back to the edit");
    assert(itemId(reviewer) === third, "the revised item stays open");
    await expectReviewed(admin, 3, "after the revision (live)");
    await screen(h, reviewer, "review-revised", "revised item");

    // ---- j and k move between the remaining items.
    await reviewer.keyboard.press("j");
    const fourth = await expectOpened(reviewer, third, "fourth item");
    await reviewer.keyboard.press("j");
    await expectOpened(reviewer, fourth, "fifth item");
    await reviewer.keyboard.press("k");
    await expectOpened(reviewer, null, "back with k");
    assert(itemId(reviewer) === fourth, "k went back to the previous item");

    // ---- Bulk approve what is left, after a confirmation that states the count.
    await reviewer.getByRole("button", { name: "Approve all…" }).click();
    const dialog = reviewer.getByRole("dialog", { name: "Approve everything in view?" });
    await expectText(dialog.getByTestId("bulk-count"), new RegExp(`approves ${ITEMS - 3} conversations`), "the count to confirm");
    await expectNoAxeViolations(reviewer, "bulk confirmation");
    await h.screenshot(reviewer, "review-bulk-confirm");
    await dialog.getByRole("button", { name: `Approve ${ITEMS - 3} conversations` }).click();
    await expectText(reviewer.getByTestId("bulk-progress"), new RegExp(`Bulk review finished.*${ITEMS - 3} of ${ITEMS - 3} applied`), "the bulk job's progress");
    await expectVisible(reviewer.getByText("Nothing left to review."), "an empty queue");
    await screen(h, reviewer, "review-bulk-done", "bulk done");
    await expectReviewed(admin, ITEMS, "after the bulk approve (live)");

    // ---- Calibration: the figure against the target, both matrices, the trend, the disagreements.
    await expectVisible(admin.locator(".calibration-target .badge"), "met or not met");
    await expectVisible(admin.locator(".calibration-trend .recharts-surface"), "the trend chart (lazy)");
    await expectVisible(admin.getByRole("table", { name: /Scorer vs reviewer/ }), "the scorer's matrix");
    await expectVisible(admin.getByRole("table", { name: /Judge vs reviewer/ }), "the judge's matrix");
    await screen(h, admin, "review-calibration", "Calibration");
    await phoneToo(h, admin, "review-calibration", "Calibration");
    const secondLook = admin.locator(".disagreement-row").first();
    if ((await secondLook.count()) > 0) {
      await secondLook.click();
      await expectVisible(admin.getByTestId("review-verdict"), "the disagreement's verdict, for a second look");
    }

    // The Convex client logs the refused claim the admin was shown above; nothing else may fail.
    const errors = h.takeBrowserErrors().filter((line) => !/claimForReview\)\][\s\S]*"code":"CONFLICT"/.test(line));
    assert(errors.length === 0, `browser errors:\n${errors.join("\n")}`);
  },
};

export default flow;
