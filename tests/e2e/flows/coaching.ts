import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { assert, AssertionError, expectCount, expectPath, expectText, expectVisible } from "../expect";
import type { Flow } from "../harness";
import { openSignIn, signUp, uniqueEmail } from "../steps/auth";

// A new user describes a challenge, sees a recommendation, starts GROW and
// completes all four steps with a streaming coach: the step bar moves, the
// captured fields fill in, and the session ends with a downloadable plan.

const CHALLENGE =
  "I was just promoted to lead my former peers and I want to set clear expectations without losing their trust.";

const ANSWERS = [
  "My goal is a weekly team meeting where everyone knows what is expected of them, and success means we ship the Q1 roadmap on time.",
  "Right now two senior engineers ignore the new process and our deadlines slip by a week.",
  "The obstacles are old friendships, unclear ownership and my own reluctance to have hard conversations.",
  "One option is a team charter workshop, another is one-on-ones with each person, a third is asking my manager for support.",
  "I prefer the one-on-ones first because they build trust before the workshop.",
  "My next action is to book one-on-ones with all five engineers and send the invitations.",
  "I will send them by 2026-12-15 and my commitment is 9 out of 10.",
  "That's everything: book the one-on-ones by 2026-12-15, commitment 9 out of 10.",
  "Yes, I'm ready to commit to booking the one-on-ones by 2026-12-15.",
];

const STEPS = ["Goal", "Reality", "Options", "Will"];

async function currentStep(page: Page): Promise<string> {
  return ((await page.locator(".step-bar [aria-current=step] .step-name").textContent({ timeout: 5_000 })) ?? "").trim();
}

/** Sends one answer and checks the coach's reply streams in before it settles. */
async function answer(page: Page, text: string, watchStreaming: boolean): Promise<void> {
  const coach = page.getByTestId("message-assistant");
  const before = await coach.count();
  const box = page.getByLabel("Your message");
  await box.fill(text);
  await box.press("Enter");
  // The optimistic message shows at once, before the server answers.
  await expectVisible(page.getByTestId("message-user").filter({ hasText: text.slice(0, 40) }), "my message in the chat", 3_000);
  await expectCount(coach, before + 1, "a new coach reply");
  const reply = coach.nth(before);
  if (watchStreaming) {
    await expectVisible(page.locator('[data-testid="message-assistant"][data-status="streaming"]'), "the reply streaming in", 10_000);
    const partial = (await reply.textContent()) ?? "";
    await expectVisible(reply.and(page.locator('[data-status="done"]')), "the reply finishing", 20_000);
    const full = (await reply.textContent()) ?? "";
    assert(full.length > partial.length, `the streamed reply grew (partial ${partial.length} chars, final ${full.length})`);
  } else {
    await expectVisible(reply.and(page.locator('[data-status="done"]')), "the reply finishing", 20_000);
  }
  await expectCount(page.getByRole("button", { name: "Stop reply" }), 0, "the stop button once the reply is done");
}

const flow: Flow = {
  name: "coaching",
  async run(h) {
    const page = await h.newPage();
    await openSignIn(page, h.stack.appUrl);
    await signUp(page, uniqueEmail("coachee"));
    await expectText(page.getByRole("heading", { name: "Your sessions" }), "Your sessions", "the sessions heading");

    await page.getByRole("link", { name: "+ New session" }).click();
    await expectPath(page, "/new");
    await page.getByLabel("What challenge would you like to work on?").fill(CHALLENGE);
    await page.getByRole("button", { name: "Recommend a framework" }).click();
    await expectVisible(page.getByTestId("recommendation"), "the recommendation", 15_000);
    await expectText(page.getByTestId("recommended-framework"), /^(GROW|CLEAR|COMPASS|Power-Interest Grid|Psychological Safety|Executive Presence)/, "a recommended framework");
    await h.screenshot(page, "coaching-01-recommendation");

    // Choose GROW explicitly from the full list, whatever was recommended.
    await page.getByText("Or choose any framework yourself").click();
    const growCard = page.locator(".framework-grid li").filter({ has: page.getByRole("heading", { name: "GROW", exact: true }) });
    await growCard.getByRole("button", { name: "Start with GROW" }).click();
    await expectVisible(page.getByRole("heading", { name: "GROW", level: 1 }), "the session page");
    await expectCount(page.locator(".step-bar li"), 4, "steps in the step bar");
    await expectText(page.locator(".step-bar"), /Goal.*Reality.*Options.*Will/s, "the GROW step names");
    await expectVisible(page.getByTestId("message-assistant").and(page.locator('[data-status="done"]')), "the coach's opening reply", 20_000);
    await h.screenshot(page, "coaching-02-session-started");

    const seenSteps = new Set<string>([await currentStep(page)]);
    let sent = 0;
    for (const text of ANSWERS) {
      if (await page.getByTestId("summary").isVisible()) break;
      await answer(page, text, sent === 0);
      sent++;
      if (await page.getByTestId("summary").isVisible()) break;
      const step = await currentStep(page);
      if (!seenSteps.has(step)) {
        seenSteps.add(step);
        await h.screenshot(page, `coaching-03-step-${step.toLowerCase()}`);
      }
    }
    await expectVisible(page.getByTestId("summary"), "the summary and action plan", 20_000);
    assert(STEPS.every((s) => seenSteps.has(s) || s === "Goal"), `the step bar moved through every step (saw ${[...seenSteps].join(", ")})`);
    await expectCount(page.locator(".step-bar .step-done"), 4, "completed steps");
    await expectText(page.getByTestId("session-status"), "completed", "the session status");

    // Captured fields are shown per step, none missing.
    for (const id of ["goal", "reality", "options", "will"]) {
      await expectVisible(page.getByTestId(`fields-${id}`), `captured fields for ${id}`);
    }
    await expectText(page.getByTestId("fields-will"), /2026-12-15/, "the committed date in the Will fields");
    await expectCount(page.locator(".fields-panel .missing-mark").filter({ hasText: "Missing" }), 0, "missing required fields");
    await expectText(page.getByTestId("summary"), /Action plan/, "the action plan");
    await h.screenshot(page, "coaching-04-completed");

    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 10_000 }), page.getByRole("button", { name: "Download (Markdown)" }).click()]);
    assert(download.suggestedFilename().endsWith(".md"), `the plan downloads as Markdown (got ${download.suggestedFilename()})`);
    const path = await download.path();
    const markdown = readFileSync(path, "utf8");
    if (!markdown.includes("## Action plan") || !markdown.includes("2026-12-15")) {
      throw new AssertionError(`the downloaded plan lacks the action plan: ${markdown.slice(0, 200)}`);
    }

    // The same view at a phone's width: one column, nothing cut off.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert(overflow <= 0, `the session view fits a phone's width (overflows by ${overflow}px)`);
    await h.screenshot(page, "coaching-05-phone");
    await page.setViewportSize({ width: 1280, height: 800 });

    // Back home, the session is listed as completed.
    await page.getByRole("link", { name: "← All sessions" }).click();
    await expectText(page.locator(".session-card .badge").first(), "Completed", "the session's status on the home page");
  },
};

export default flow;
