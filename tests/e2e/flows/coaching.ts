import { readFileSync } from "node:fs";
import type { Locator, Page } from "playwright-core";
import { expectNoAxeViolations } from "../axe";
import { assert, AssertionError, expectCount, expectPath, expectText, expectVisible } from "../expect";
import type { Flow, Harness } from "../harness";
import { openSignIn, signUp, uniqueEmail } from "../steps/auth";

// A new user describes a challenge, sees a recommendation, starts GROW and
// completes it with a streaming coach, answering as a person would: one
// vague answer, dates in words, numbers, and a correction. The flow checks
// what was stored (the captured fields and the summary) against what was
// said, that the coach's question after each step change belongs to the new
// step, that the chat behaves like a chat (full height, follows new text,
// "Jump to latest" when scrolled up) at desktop and phone widths, and that
// every screen passes axe-core with no violations.

const CHALLENGE =
  "I was just promoted to lead my former peers and I spend every planning meeting doing the talking. I want the team to own planning without me.";

const VAGUE = "Hmm, not sure really.";
const GOAL_ANSWER =
  "I want my team of five to run our weekly planning meeting without me by 4 December 2026. I'll know it worked when they publish the sprint plan on their own.";

/** Answers per step, in order; extra answers are only sent if the step has not moved on yet. */
const FIRST_WILL = "My first step is to ask Sam to facilitate one of our planning meetings. My commitment is 9 out of 10.";
/** A bare correction: no field named, only the new value. */
const CORRECTION = "Actually, make it 8.";

const SCRIPT: Record<string, string[]> = {
  Goal: [VAGUE, GOAL_ANSWER, "It matters because I lose six hours a week to meetings I shouldn't be chairing."],
  Reality: [
    "Right now I chair every planning meeting myself and two of the five engineers never speak up. We tried rotating the note-taker in October but it lapsed after two weeks.",
    "What gets in the way is my habit of jumping in with answers, and nobody owns the backlog. Priya, my manager, backs me. Today I'd put myself at 3 out of 10.",
    "That's the honest picture: 3 out of 10, mostly because of my own habits.",
  ],
  Options: [
    "I could rotate the facilitator every week, write a one-page planning guide, or run a practice session with each engineer first.",
    "I prefer rotating the facilitator, because everyone gets practice and it costs nothing.",
    "Rotating the facilitator is the one I'll go with.",
  ],
  Will: [
    FIRST_WILL,
    CORRECTION,
    "I'll have done it within three months.",
    "Yes: hand over the meeting within three months, commitment 8 out of 10.",
    "That's my commitment.",
  ],
};

/** GROW's step questions (convex/coaching/frameworks/grow.ts): the coach asks one of these on entering a step. */
const QUESTIONS: Record<string, string[]> = {
  Goal: [
    "What would you like to achieve, and by when?",
    "If we were sitting here six months from now and this had gone really well, what would be different?",
    "How will you know you have achieved it: what will you see, hear or be able to measure?",
    "Why does this matter to you now?",
    "How much of this is within your control?",
  ],
  Reality: [
    "What is happening right now, as factually as you can describe it?",
    "What have you already tried, and what did you learn from it?",
    "What is getting in the way, both around you and within you?",
    "On a scale of 1 to 10, where are you today relative to your goal?",
    "What resources, strengths or people do you have that could help?",
  ],
  Options: [
    "What could you do? What else?",
    "If there were no constraints at all, what would you try?",
    "What would someone you admire do in your position?",
    "What is the smallest step that would make a difference?",
    "Which of these options excites you most, and which is most realistic?",
    "What would you gain and what would you give up with that option?",
  ],
  Will: [
    "What exactly will you do first?",
    "By what date will you have done it?",
    "On a scale of 1 to 10, how committed are you to taking this action?",
    "What would make that number higher?",
    "What could get in the way, and how will you handle it?",
    "Who could support you or hold you accountable?",
  ],
};

const DAY_MS = 86_400_000;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

function isoToday(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;
}

function daysBetween(fromIso: string, toIso: string): number {
  return Math.round((Date.parse(`${toIso}T00:00:00Z`) - Date.parse(`${fromIso}T00:00:00Z`)) / DAY_MS);
}

function normalise(text: string): string {
  return text.replace(/[’‘]/g, "'").replace(/\s+/g, " ").trim().toLowerCase();
}

async function currentStep(page: Page): Promise<string> {
  return ((await page.locator(".step-bar [aria-current=step] .step-name").textContent({ timeout: 5_000 })) ?? "").trim();
}

function field(page: Page, stepId: string, name: string): Locator {
  return page.getByTestId(`fields-${stepId}`).locator(`[data-field="${name}"]`);
}

/** A captured value as text; dates as their ISO datetime attribute. */
async function fieldValue(page: Page, stepId: string, name: string): Promise<string | null> {
  const row = field(page, stepId, name);
  if ((await row.count()) === 0) return null;
  if (!(await row.first().getAttribute("class"))?.includes("captured")) return null;
  const time = row.locator("time");
  if ((await time.count()) > 0) return time.first().getAttribute("datetime");
  return ((await row.locator(".field-value").first().textContent()) ?? "").trim();
}

async function expectField(page: Page, stepId: string, name: string, ok: (value: string) => boolean, what: string): Promise<string> {
  let last: string | null = null;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    last = await fieldValue(page, stepId, name);
    if (last !== null && ok(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new AssertionError(`${what}: the captured ${stepId}.${name} is ${last === null ? "not captured" : JSON.stringify(last)}`);
}

/** The chat log is scrolled to its end (within a few pixels). */
async function logAtEnd(page: Page): Promise<boolean> {
  return page.getByTestId("chat-log").evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight <= 48);
}

/** Sends one answer and waits for the coach's reply to finish; returns the reply's text. */
async function answer(page: Page, text: string, watchStreaming: boolean): Promise<string> {
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
    await expectVisible(reply.and(page.locator('[data-status="done"]')), "the reply finishing", 30_000);
    const full = (await reply.textContent()) ?? "";
    assert(full.length > partial.length, `the streamed reply grew (partial ${partial.length} chars, final ${full.length})`);
  } else {
    await expectVisible(reply.and(page.locator('[data-status="done"]')), "the reply finishing", 30_000);
  }
  await expectCount(page.getByRole("button", { name: "Stop reply" }), 0, "the stop button once the reply is done");
  // A finished reply has no cursor and no "Capturing…".
  await expectCount(page.locator('.bubble[data-cursor="on"], [data-testid="capturing"]'), 0, "the cursor and capture note once the reply is done");
  assert(await logAtEnd(page), "the transcript followed the new reply to its end");
  return ((await reply.textContent()) ?? "").replace(/^Coach:\s*/, "");
}

type Layout = { overflowX: number; overflowY: number; composerBottom: number | null; logHeight: number; innerHeight: number };

function layoutProblems(layout: Layout): string[] {
  const problems: string[] = [];
  if (layout.overflowX > 0) problems.push(`something is cut off sideways (overflows by ${layout.overflowX}px)`);
  if (layout.overflowY > 1) problems.push(`the page is ${layout.overflowY}px taller than the window (empty space past the end)`);
  if (layout.composerBottom !== null && (layout.composerBottom > layout.innerHeight || layout.composerBottom < layout.innerHeight - 40)) {
    problems.push(`the composer is not pinned to the bottom (its bottom at ${layout.composerBottom} of ${layout.innerHeight})`);
  }
  if (layout.logHeight < 200) problems.push(`the transcript gets only ${layout.logHeight}px`);
  return problems;
}

/** The session view fills the window: the page itself does not scroll, the composer is pinned, the transcript has the room. */
async function expectFullHeight(page: Page, what: string): Promise<void> {
  let problems: string[] = ["not measured"];
  const deadline = Date.now() + 5_000;
  while (problems.length > 0 && Date.now() < deadline) {
    const layout: Layout = await page.evaluate(() => {
      const doc = document.documentElement;
      const composer = document.querySelector(".composer")?.getBoundingClientRect();
      const log = document.querySelector(".chat-log")?.getBoundingClientRect();
      return {
        overflowX: doc.scrollWidth - doc.clientWidth,
        overflowY: doc.scrollHeight - window.innerHeight,
        composerBottom: composer ? composer.bottom : null,
        logHeight: log ? log.height : 0,
        innerHeight: window.innerHeight,
      };
    });
    problems = layoutProblems(layout);
    if (problems.length > 0) await page.waitForTimeout(100);
  }
  if (problems.length > 0) throw new AssertionError(`${what}: ${problems.join("; ")}`);
}

async function screen(h: Harness, page: Page, name: string, what: string): Promise<void> {
  await expectNoAxeViolations(page, what);
  await h.screenshot(page, name);
}

const flow: Flow = {
  name: "coaching",
  async run(h) {
    const today = isoToday();
    const page = await h.newPage();
    await openSignIn(page, h.stack.appUrl);
    await signUp(page, uniqueEmail("coachee"));
    await expectText(page.getByRole("heading", { name: "Your sessions" }), "Your sessions", "the sessions heading");
    await screen(h, page, "coaching-00-home", "home page");

    await page.getByRole("link", { name: "+ New session" }).click();
    await expectPath(page, "/new");
    // Nothing to start from yet: the start buttons say why they are disabled.
    const growCard = page.locator(".framework-grid li").filter({ has: page.getByRole("heading", { name: "GROW", exact: true }) });
    const startGrow = growCard.getByRole("button", { name: "Start with GROW" });
    await expectVisible(startGrow, "the framework list, open");
    assert(await startGrow.isDisabled(), "Start is disabled without a challenge");
    const reasonId = await startGrow.getAttribute("aria-describedby");
    assert(reasonId, "the disabled Start button is described by a reason");
    await expectText(page.locator(`[id="${reasonId}"]`), /Describe your challenge/, "the reason Start is disabled");
    await screen(h, page, "coaching-01-new-empty", "new-session page (empty)");

    await page.getByLabel("What challenge would you like to work on?").fill(CHALLENGE);
    await page.getByRole("button", { name: "Recommend a framework" }).click();
    await expectVisible(page.getByTestId("recommendation"), "the recommendation", 15_000);
    await expectText(page.getByTestId("recommended-framework"), /^(GROW|CLEAR|COMPASS|Power-Interest Grid|Psychological Safety|Executive Presence)/, "a recommended framework");
    await screen(h, page, "coaching-02-recommendation", "recommendation");

    // Choose GROW explicitly from the full list, whatever was recommended.
    await page.getByText("Or choose any framework yourself").click();
    await startGrow.click();
    await expectVisible(page.getByRole("heading", { name: "GROW", level: 1 }), "the session page");
    await expectCount(page.locator(".step-bar li"), 4, "steps in the step bar");
    await expectText(page.locator(".step-bar"), /Goal.*Reality.*Options.*Will/s, "the GROW step names");
    const opening = page.getByTestId("message-assistant").first();
    await expectVisible(opening.and(page.locator('[data-status="done"]')), "the coach's opening reply", 30_000);
    const openingText = normalise((await opening.textContent()) ?? "");
    assert(QUESTIONS.Goal.some((q) => openingText.includes(normalise(q))), `the opening asks a Goal question (got ${JSON.stringify(openingText.slice(-200))})`);
    // The offline stack runs the fake model, and says so (the backend checks the provider on the first session start).
    await expectVisible(page.getByTestId("offline-notice"), "the offline-demo notice", 20_000);
    await expectText(page.getByTestId("offline-notice"), /Offline demo: the coach is simulated\. Add an Anthropic key for real coaching/, "the offline-demo notice's text");
    await expectFullHeight(page, "the new session at desktop width");
    await screen(h, page, "coaching-03-session-started", "session page");
    // Opened fresh, the first Tab stop is a skip link straight to the message box.
    await page.reload();
    await expectVisible(page.getByLabel("Your message"), "the message box after a reload");
    await page.keyboard.press("Tab");
    await expectText(page.locator(":focus"), "Skip to the message box", "the first Tab stop");
    await page.keyboard.press("Enter");
    await expectCount(page.locator("#composer:focus"), 1, "the message box focused by the skip link");

    const stepQuestionProblems: string[] = [];
    let step = await currentStep(page);
    const seen = [step];
    let sent = 0;
    let phoneChecked = false;
    while (!(await page.getByTestId("summary").isVisible())) {
      const sentInStep = seen.filter((s) => s === step).length - 1;
      const text = SCRIPT[step]?.[sentInStep];
      if (!text) throw new AssertionError(`the ${step} step did not move on after ${sentInStep} answers (captured: ${(await page.getByTestId("fields-panel").textContent())?.slice(0, 400)})`);
      const reply = await answer(page, text, sent === 0);
      sent++;
      seen.push(step);

      if (text === VAGUE) {
        // A vague answer is not stored as the goal, and the step does not move on.
        assert((await currentStep(page)) === "Goal", "the Goal step stays after a vague answer");
        const goal = await fieldValue(page, "goal", "goalStatement");
        assert(goal === null || !normalise(goal).includes("not sure"), `the vague answer is not captured as the goal (got ${JSON.stringify(goal)})`);
      }

      // The correction changes the commitment just given (9 → 8) by itself, before any later answer restates it.
      if (text === FIRST_WILL) await expectField(page, "will", "commitment", (v) => v === "9", "the commitment is 9 as first said");
      if (text === CORRECTION) await expectField(page, "will", "commitment", (v) => v === "8", 'the commitment is 8 right after "Actually, make it 8"');

      if (await page.getByTestId("summary").isVisible()) break;
      const next = await currentStep(page);
      if (next !== step) {
        // The coach's question after a step change belongs to the new step.
        const said = normalise(reply);
        if (!QUESTIONS[next]?.some((q) => said.includes(normalise(q)))) {
          stepQuestionProblems.push(`${step} → ${next}: ${JSON.stringify(reply.slice(-220))}`);
        }
        await screen(h, page, `coaching-04-step-${next.toLowerCase()}`, `session page at the ${next} step`);
        step = next;
        seen.push(step);
      }

      if (step === "Options" && !phoneChecked) {
        phoneChecked = true;
        // Scrolled up, the transcript stays put and offers a way back.
        await page.getByTestId("chat-log").evaluate((el) => el.scrollTo({ top: 0 }));
        await expectVisible(page.getByRole("button", { name: "Jump to latest" }), "the Jump to latest button after scrolling up");
        await page.getByRole("button", { name: "Jump to latest" }).click();
        await expectCount(page.getByRole("button", { name: "Jump to latest" }), 0, "the Jump to latest button once back at the end");
        // Mid-session at a phone's width: one column, the composer pinned, nothing cut off.
        await page.setViewportSize(PHONE);
        await expectFullHeight(page, "the session at phone width");
        await screen(h, page, "coaching-05-phone-mid-session", "session page at phone width");
        await page.setViewportSize(DESKTOP);
      }
    }
    assert(stepQuestionProblems.length === 0, `after each step change the coach asks a question of the new step:\n  ${stepQuestionProblems.join("\n  ")}`);

    await expectVisible(page.getByTestId("summary"), "the summary and action plan", 30_000);
    await expectCount(page.locator(".step-bar .step-done"), 4, "completed steps");
    await expectText(page.getByTestId("session-status"), "completed", "the session status");

    // What was stored is what was said.
    const goal = await expectField(page, "goal", "goalStatement", (v) => /run our weekly planning meeting without me/i.test(v), "the goal is the real goal");
    assert(!/not sure/i.test(goal), "the goal is not the vague answer");
    await expectField(page, "goal", "targetDate", (v) => v === "2026-12-04", "the goal's date is 4 December 2026, as said");
    await expectField(page, "reality", "currentRating", (v) => v === "3", "the current rating is 3, as said");
    await expectField(page, "will", "commitment", (v) => v === "8", 'the commitment is 8 after "Actually, make it 8"');
    const actionDate = await expectField(page, "will", "actionDate", (v) => /^\d{4}-\d{2}-\d{2}$/.test(v), "the action has a date");
    const inDays = daysBetween(today, actionDate);
    assert(inDays >= 84 && inDays <= 96, `the action date ${actionDate} is about three months after ${today}, as said (${inDays} days)`);
    const dates = await page.locator(".fields-panel time").evaluateAll((els) => els.map((el) => el.getAttribute("datetime") ?? ""));
    assert(dates.length >= 2 && dates.every((d) => d >= today), `every captured date is in the future (today ${today}; saw ${dates.join(", ")})`);
    await expectCount(page.locator(".fields-panel .missing-mark").filter({ hasText: "Missing" }), 0, "missing required fields");
    await expectCount(page.locator('.fields-panel .problem[data-kind="past_date"]'), 0, "dates flagged as past");

    const summary = page.getByTestId("summary");
    await expectText(summary, /Action plan/, "the action plan");
    await expectText(summary, /run our weekly planning meeting without me/i, "the summary names the real goal");
    await expectCount(page.locator("[data-testid=summary] script, [data-testid=summary] img"), 0, "markup in the summary");
    await expectFullHeight(page, "the completed session at desktop width");
    await screen(h, page, "coaching-06-completed", "completed session");

    const [download] = await Promise.all([page.waitForEvent("download", { timeout: 10_000 }), page.getByRole("button", { name: "Download (Markdown)" }).click()]);
    assert(download.suggestedFilename().endsWith(".md"), `the plan downloads as Markdown (got ${download.suggestedFilename()})`);
    const markdown = readFileSync(await download.path(), "utf8");
    if (!markdown.includes("## Action plan") || !markdown.includes(actionDate)) {
      throw new AssertionError(`the downloaded plan lacks the action plan or its date ${actionDate}: ${markdown.slice(0, 300)}`);
    }

    // The completed view at a phone's width.
    await page.setViewportSize(PHONE);
    await expectFullHeight(page, "the completed session at phone width");
    await screen(h, page, "coaching-07-phone-completed", "completed session at phone width");
    await page.setViewportSize(DESKTOP);

    // Back home, the session is listed as completed.
    await page.getByRole("link", { name: "All sessions" }).click();
    await expectText(page.locator(".session-card .badge").first(), "Completed", "the session's status on the home page");
    await screen(h, page, "coaching-08-home-after", "home page with a completed session");
  },
};

export default flow;
