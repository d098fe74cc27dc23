import { describe, expect, test } from "vitest";
import { FRAMEWORKS } from "../../coaching/frameworks";
import { FIXTURES } from "./fixtures.conversations";
import { BLOCKING_FLAGS, CONFIDENCE_SCORE, FLAG_BELOW, LENGTH_RANGES, scoreConversation, WEIGHTS, type QualityInput, type QualityTurn } from "./score";

/** A fixture's input with turns the test may edit in place. */
type Editable = Omit<QualityInput, "turns"> & { turns: QualityTurn[] };
const clean = (name: string): Editable => structuredClone(FIXTURES.find((f) => f.name === name)!.input) as Editable;
const GROW = () => clean("GROW template: one-to-ones");

/** `n` words that share nothing with each other or with any cue list. */
const filler = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i}x`).join(" ");

/** Alternating turns, client first. */
function alt(texts: string[]): QualityTurn[] {
  return texts.map((text, i) => ({ role: i % 2 === 0 ? "client" : "coach", text }));
}

function input(turns: QualityTurn[], over: Partial<QualityInput> = {}): QualityInput {
  return { turns, frameworkId: "GROW", tier: "template", variables: {}, ...over };
}

/** A conversation whose coach says exactly `coach`, each after a distinct client line. */
function coachSays(coach: string[], over: Partial<QualityInput> = {}): QualityInput {
  return input(
    coach.flatMap((c, i) => [{ role: "client" as const, text: `Client line ${i} about the weekend rota ${filler(6, `c${i}`)}.` }, { role: "coach" as const, text: c }]),
    over,
  );
}

describe("turn count (weight 0.30): 8–16 → 10, 6–20 → 7, 4–24 → 5, else 3", () => {
  test.each([
    [2, 3, "too_short"],
    [3, 3, "too_short"],
    [4, 5, "too_short"],
    [5, 5, "too_short"],
    [6, 7, "too_short"],
    [7, 7, "too_short"],
    [8, 10, null],
    [12, 10, null],
    [16, 10, null],
    [17, 7, "too_long"],
    [20, 7, "too_long"],
    [21, 5, "too_long"],
    [24, 5, "too_long"],
    [25, 3, "too_long"],
    [40, 3, "too_long"],
  ])("%i turns → %i", (n, score, flag) => {
    const r = scoreConversation(input(alt(Array.from({ length: n }, (_, i) => `Turn ${i} ${filler(12, `t${i}`)}`))));
    expect(r.criteria.turnCount).toMatchObject({ score, weight: 0.3, measured: `${n} turns`, target: "8–16 turns" });
    if (flag) expect(r.flags).toContain(flag);
    else expect(r.flags.filter((f) => f === "too_short" || f === "too_long")).toEqual([]);
    if (flag === "too_short") expect(r.recommendations).toContain(`Only ${n} turns; aim for 8–16 so every framework step gets a question and an answer.`);
    if (flag === "too_long") expect(r.recommendations).toContain(`${n} turns; trim to 8–16 by cutting or merging turns that don't move the client forward.`);
  });
  test("an empty conversation scores 3 and is short", () => {
    const r = scoreConversation(input([]));
    expect(r.criteria.turnCount.score).toBe(3);
    expect(r.flags).toContain("too_short");
  });
});

describe("length (weight 0.25): coach average, longest coach turn, total; in range 10, within ×1.5 6, else 2; mean", () => {
  /** 10 turns: 5 client turns of `client` words, 5 coach turns of `coach[i]` words. */
  const shaped = (coach: number[] | number, client: number, tier: QualityInput["tier"] = "template") => {
    const cs = typeof coach === "number" ? [coach, coach, coach, coach, coach] : coach;
    return scoreConversation(input(alt(cs.flatMap((w, i) => [filler(client, `k${i}`), filler(w, `o${i}`)])), { tier }));
  };
  test("all in range → 10, no length flags", () => {
    const r = shaped(20, 20);
    expect(r.criteria.length.score).toBe(10);
    expect(r.criteria.length.measured).toBe("coach avg 20.0 words, coach max 20, total 200");
    expect(r.criteria.length.target).toBe("coach avg 8–70, coach max ≤ 120, total 150–1600 (template)");
    expect(r.flags.some((f) => f.startsWith("coach_turns") || f.startsWith("words_"))).toBe(false);
  });
  test("coach average just short (6 words: within ×1.5) → 6 for that part", () => {
    const r = shaped(6, 40);
    expect(r.criteria.length.score).toBe(8.7);
    expect(r.flags).toContain("coach_turns_short");
    expect(r.recommendations).toContain("Coach turns average 6.0 words (target 8–70 for template); let the coach reflect or summarise before asking.");
  });
  test("coach average far short (4 words) → 2 for that part", () => {
    expect(shaped(4, 40).criteria.length.score).toBe(7.3);
  });
  test("coach average long (80 words, within ×1.5) → 6, flagged long", () => {
    const r = shaped(80, 20);
    expect(r.criteria.length.score).toBe(8.7);
    expect(r.flags).toContain("coach_turns_long");
    expect(r.recommendations).toContain("Coach turns average 80.0 words (target 8–70 for template); cut explanations and keep one question per turn.");
  });
  test("one coach turn over the cap (130 > 120, within ×1.5) → 6; far over (200) → 2", () => {
    const near = shaped([20, 20, 130, 20, 20], 30);
    expect(near.criteria.length.score).toBe(8.7);
    expect(near.flags).toContain("coach_turns_long");
    expect(near.recommendations).toContain("Coach turn 6 runs to 130 words (limit 120 for template); split it or cut it to its key question.");
    expect(shaped([10, 10, 200, 10, 10], 60).criteria.length.score).toBe(7.3);
  });
  test("total words: 100 (near 150) → 6, 70 → 2, flagged low; 1,800 → 6, flagged high", () => {
    const near = shaped(10, 10);
    expect(near.criteria.length.score).toBe(8.7);
    expect(near.flags).toContain("words_low");
    expect(near.recommendations).toContain("The conversation has 100 words (target 150–1600 for template); give the client fuller answers with concrete detail.");
    expect(shaped(9, 5).criteria.length.score).toBe(7.3);
    const high = shaped(60, 300);
    expect(high.criteria.length.score).toBe(8.7);
    expect(high.flags).toContain("words_high");
    expect(high.recommendations).toContain("The conversation has 1800 words (target 150–1600 for template); tighten long turns.");
  });
  test("ranges differ by tier: a 110-word coach average is far too long for a template, fine for an edge case", () => {
    expect(shaped(110, 20, "template").criteria.length.score).toBe(7.3);
    expect(shaped(110, 20, "edge_case").criteria.length.score).toBe(10);
    expect(shaped(85, 20, "template").criteria.length.score).toBe(8.7);
    expect(shaped(85, 20, "scenario").criteria.length.score).toBe(10);
    expect(shaped(9, 40, "edge_case").flags).toContain("coach_turns_short");
    expect(LENGTH_RANGES.edge_case.coachMax).toBeGreaterThan(LENGTH_RANGES.template.coachMax);
  });
  test("no coach turns: average and max are 0", () => {
    const r = scoreConversation(input([{ role: "client", text: filler(200, "z") }]));
    expect(r.criteria.length.measured).toBe("coach avg 0.0 words, coach max 0, total 200");
  });
});

describe("structure (weight 0.25): deductions from 10", () => {
  test("the clean GROW conversation has none", () => {
    const r = scoreConversation(GROW());
    expect(r.criteria.structure.score).toBe(10);
    expect(r.criteria.structure.measured).toBe("no problems");
    expect(r.criteria.structure.details).toEqual(expect.arrayContaining(["roles alternate", "client opens, coach closes", "all 4 GROW steps found", "GROW steps in order"]));
    expect(r.signals).toMatchObject({ stepsFound: 4, stepsTotal: 4 });
  });
  test("two coach turns in a row: −2 and a structure flag", () => {
    const c = GROW();
    c.turns.splice(2, 0, { role: "coach", text: "Take your time with that." });
    c.turns.splice(3, 0, { role: "client", text: "Thanks, I will." }); // keeps the rest alternating
    c.turns.splice(3, 1);
    const r = scoreConversation(c);
    expect(r.flags).toContain("structure");
    expect(r.recommendations).toContain("Turns 2 and 3 are both from the coach; alternate client and coach.");
    expect(r.criteria.structure.score).toBe(8);
  });
  test("alternation breaks cost at most 4", () => {
    const turns: QualityTurn[] = alt(Array.from({ length: 10 }, (_, i) => `Turn ${i} ${filler(10, `a${i}`)}`));
    for (const i of [2, 4, 6]) turns[i] = { ...turns[i]!, role: "coach" };
    turns[8] = { ...turns[8]!, role: "coach" };
    const r = scoreConversation(input(turns, { frameworkId: "none" }));
    expect(r.criteria.structure.details.filter((d) => d.includes("are both from the coach"))).toHaveLength(8);
    expect(r.criteria.structure.score).toBe(6);
  });
  test("the coach opens: −1.5", () => {
    const c = GROW();
    c.turns.shift();
    c.turns.pop();
    const r = scoreConversation(c);
    expect(r.recommendations).toContain("The coach speaks first; open with the client bringing their topic.");
    expect(r.recommendations).toContain("The client has the last word; end with a coach turn that closes the session.");
    expect(r.criteria.structure.score).toBe(7);
  });
  test("the client closes: −1.5", () => {
    const c = GROW();
    c.turns.push({ role: "client", text: "Thanks, that helped a lot." });
    const r = scoreConversation(c);
    expect(r.flags).toContain("structure");
    expect(r.criteria.structure.score).toBe(8.5);
  });
  test("empty turns: −2 each, at most −4", () => {
    const one = GROW();
    one.turns[5] = { role: "coach", text: "  " };
    const r1 = scoreConversation(one);
    expect(r1.flags).toContain("empty_turn");
    expect(r1.recommendations).toContain("Turn 6 (coach) is empty; write it or remove it.");
    const three = GROW();
    for (const i of [1, 5, 9]) three.turns[i] = { role: "coach", text: "" };
    const r3 = scoreConversation(three);
    expect(r3.criteria.structure.details).toEqual(expect.arrayContaining(["turn 10 (coach) is empty (−0)"]));
    expect(r3.signals.coachTurns).toBe(4);
  });
  test("a turn repeated word for word: −2 and a repetition flag; short turns may repeat", () => {
    const c = GROW();
    c.turns[11] = { role: "coach", text: c.turns[5]!.text.toUpperCase() };
    const r = scoreConversation(c);
    expect(r.flags).toContain("repetition");
    expect(r.recommendations).toContain("Turn 12 repeats turn 6 word for word; replace it with a turn that moves the conversation on.");
    // Two points off leaves it "good" by the number; the blocking flag sends it to review.
    expect(r.overall).toBeGreaterThanOrEqual(FLAG_BELOW);
    expect(r.flagged).toBe(true);
    const yes = GROW();
    yes.turns[4] = { role: "client", text: "Yes, exactly." };
    yes.turns[10] = { role: "client", text: "Yes, exactly." };
    expect(scoreConversation(yes).flags).not.toContain("repetition");
  });
  test("required elements: case-insensitive text or stemmed phrase; missing share of −4", () => {
    expect(scoreConversation({ ...GROW(), requiredElements: ["MONDAY", "non-ticket topic", "one option"] }).flags).toContain("missing_element");
    expect(scoreConversation({ ...GROW(), requiredElements: ["MONDAY", "Non-Ticket  Topic", "three options"] }).flags).not.toContain("missing_element");
    expect(scoreConversation({ ...GROW(), requiredElements: ["three option"] }).flags).not.toContain("missing_element");
    const r = scoreConversation({ ...GROW(), requiredElements: ["Monday", "calendar date"] });
    expect(r.criteria.structure.score).toBe(8);
    expect(r.recommendations).toContain('Required element "calendar date" never appears; work it into the conversation.');
    const two = scoreConversation({ ...GROW(), requiredElements: ["calendar date", "scale of 1 to 10", "Monday"] });
    expect(two.criteria.structure.score).toBe(7.3);
    expect(two.recommendations).toContain('Required elements "calendar date" and "scale of 1 to 10" never appear; work them into the conversation.');
    expect(scoreConversation({ ...GROW(), requiredElements: ["  ", ""] }).criteria.structure.score).toBe(10);
  });
  test("a missing framework step: −2.5, named with the framework's own question", () => {
    const c = GROW();
    c.turns.splice(7, 4);
    const r = scoreConversation(c);
    expect(r.flags).toContain("missing_step");
    expect(r.criteria.structure.score).toBe(7.5);
    expect(r.recommendations).toContain(`No turn covers the Options step of GROW (e.g. "${FRAMEWORKS.GROW.steps[2]!.questions[0]}"); add an exchange for it.`);
  });
  test("three or more missing steps cost at most 7.5", () => {
    const r = scoreConversation(input(alt(Array.from({ length: 10 }, (_, i) => `Turn ${i} ${filler(15, `m${i}`)}`)), { frameworkId: "COMPASS" }));
    expect(r.criteria.structure.score).toBe(2.5);
    expect(r.recommendations[r.recommendations.findIndex((x) => x.startsWith("No turns cover"))]).toMatch(/^No turns cover the Clarify context, Outcomes, .* and Sustain steps of COMPASS; add an exchange for each \(e\.g\. "/);
  });
  test("steps out of order: −2 each, the rule spelled out", () => {
    const c = GROW();
    c.turns = [...c.turns.slice(0, 4), ...c.turns.slice(10, 14), ...c.turns.slice(4, 10)];
    const r = scoreConversation(c);
    expect(r.flags).toContain("step_order");
    expect(r.flags).not.toContain("missing_step");
    expect(r.criteria.structure.score).toBe(8);
    expect(r.recommendations.find((x) => x.includes("comes before"))).toBe("Will (turn 6) comes before Reality (turn 10); GROW runs Goal → Reality → Options → Will.");
  });
  test("an edge case needs only half the steps; a template needs all", () => {
    const c = GROW();
    c.turns = [...c.turns.slice(0, 7), c.turns[13]!];
    c.turns[7] = { role: "coach", text: "Let's pause there: how are you looking after yourself this week?" };
    expect(scoreConversation({ ...c, tier: "edge_case" }).flags).not.toContain("missing_step");
    expect(scoreConversation({ ...c, tier: "edge_case" }).criteria.structure.details).toContain("2 of 4 GROW steps found (enough for an edge case)");
    expect(scoreConversation(c).flags).toContain("missing_step");
  });
  test("an unknown framework skips the step check and says so", () => {
    const r = scoreConversation({ ...GROW(), frameworkId: "OSKAR" });
    expect(r.criteria.structure.score).toBe(10);
    expect(r.criteria.structure.details).toContain('framework "OSKAR" is unknown: steps not checked');
    expect(r.signals.stepsTotal).toBe(0);
  });
  test("a disclosed risk with no referral: −4, flagged whatever the score; a referral clears it", () => {
    const c = GROW();
    c.turns[2] = { role: "client", text: "Honestly some nights I think about hurting myself. Anyway, I'd like each person to leave with something useful." };
    const r = scoreConversation(c);
    expect(r.flags).toContain("safety_unaddressed");
    expect(BLOCKING_FLAGS.has("safety_unaddressed")).toBe(true);
    expect(r.overall).toBeGreaterThanOrEqual(6);
    expect(r.flagged).toBe(true);
    expect(r.recommendations).toContain(
      "Turn 3 raises a safety risk; the coach must pause the framework, acknowledge it and point to appropriate help (emergency services, a helpline, HR or a professional).",
    );
    c.turns[3] = { role: "coach", text: `Thank you for telling me. Please talk to your doctor or a crisis line today. ${c.turns[3]!.text}` };
    const ok = scoreConversation(c);
    expect(ok.flags).not.toContain("safety_unaddressed");
    expect(ok.criteria.structure.details).toContain("safety risk met with a referral");
  });
});

describe("confidence (weight 0.20): high 10, medium 6, low 2 from strikes (fail 2, weak 1)", () => {
  test("the clean conversation is high", () => {
    const r = scoreConversation(GROW());
    expect(r.confidence).toBe("high");
    expect(r.criteria.confidence.score).toBe(CONFIDENCE_SCORE.high);
    expect(r.signals).toMatchObject({ coachTurns: 7, questionTurns: 7, openQuestions: 8, closedQuestions: 0, lectureTurns: [], nearRepeats: [] });
  });
  test.each([
    ["What would you like?", 1, 0],
    ["Could you tell me more about that?", 1, 0],
    ["So, how did it go?", 1, 0],
    ["If there were no limits, what would you try?", 1, 0],
    ["Describe a good week?", 1, 0],
    ["Do you know what you want?", 0, 1],
    ["Is that realistic?", 0, 1],
    ["Why don't you just ask her?", 0, 1],
    ["Monday morning — is that realistic?", 0, 1],
    ["And are you sure?", 0, 1],
    ["What else? Is that all?", 1, 1],
  ])("%s → open %i, closed %i", (q, open, closed) => {
    const r = scoreConversation(coachSays([q]));
    expect([r.signals.openQuestions, r.signals.closedQuestions]).toEqual([open, closed]);
  });
  const asking = (n: number, of: number) =>
    Array.from({ length: of }, (_, i) => (i < n ? `It sounds like ${i} weighs on you. What would help with item ${i}?` : `It sounds like item ${i} weighs on you.`));
  test("questions: ≥ 60 % of coach turns pass, ≥ 40 % weak, below fail", () => {
    expect(scoreConversation(coachSays(asking(3, 5))).criteria.confidence.details[0]).toBe("3 of 5 coach turns ask a question (60 %; ≥ 60 % pass, ≥ 40 % weak) → pass");
    const weak = scoreConversation(coachSays(asking(2, 5)));
    expect(weak.recommendations).toContain("Only 2 of 5 coach turns ask a question; coaches should ask more than they tell.");
    expect(weak.flags).not.toContain("few_questions");
    const fail = scoreConversation(coachSays(asking(1, 5)));
    expect(fail.flags).toContain("few_questions");
    expect(fail.recommendations).toContain("Only 1 of 5 coach turns asks a question; coaches should ask more than they tell.");
    expect(scoreConversation(coachSays(asking(0, 5))).recommendations).toContain("None of 5 coach turns ask a question; coaches should ask more than they tell.");
  });
  test("open questions (MITI): ≥ 70 % pass, ≥ 50 % weak, below fail", () => {
    const qs = (open: number, closed: number) => [...Array(open).fill("What would help here?"), ...Array(closed).fill("Is that right?")].map((q, i) => `${q.slice(0, -1)} for item ${i}?`);
    expect(scoreConversation(coachSays(qs(7, 3))).flags).not.toContain("closed_questions");
    const weak = scoreConversation(coachSays(qs(5, 5)));
    expect(weak.flags).not.toContain("closed_questions");
    expect(weak.recommendations).toContain('Only 5 of 10 questions are open; turn yes/no questions ("Do you…?", "Is it…?") into what/how questions.');
    const fail = scoreConversation(coachSays(qs(1, 4)));
    expect(fail.flags).toContain("closed_questions");
    expect(fail.recommendations).toContain('Only 1 of 5 questions is open; turn yes/no questions ("Do you…?", "Is it…?") into what/how questions.');
    expect(scoreConversation(coachSays(qs(0, 4))).recommendations).toContain('None of 4 questions are open; turn yes/no questions ("Do you…?", "Is it…?") into what/how questions.');
  });
  test("lecturing: two instructions and no open question, or three with one", () => {
    const lecture = "You should write it down. Make a plan and share it with the team.";
    const r = scoreConversation(coachSays(["What would help?", lecture, "What else?", "How will you know?"]));
    expect(r.flags).toContain("lecturing");
    expect(r.signals.lectureTurns).toEqual([3]);
    expect(r.recommendations).toContain('Coach turn 4 lectures ("you should…", instructions) instead of asking; replace it with a question that lets the client find the answer.');
    expect(scoreConversation(coachSays(["You should write it down. What would that give you?", "What else?"])).flags).not.toContain("lecturing");
    expect(scoreConversation(coachSays(["You should write it down. Make a plan. Share it today. What do you think?", "What else?"])).flags).toContain("lecturing");
    expect(scoreConversation(coachSays(["You should write it down. Make a plan. Share it today. What do you think?", "What else?"])).flagged).toBe(true);
    expect(scoreConversation(coachSays(["Here's what works:\n- block the mornings\n- send the agenda first", "What else?"])).flags).toContain("lecturing");
    const two = scoreConversation(coachSays([lecture, "What else?", lecture.replace("team", "board")]));
    expect(two.recommendations).toContain('Coach turns 2 and 6 lecture ("you should…", instructions) instead of asking; replace them with questions that let the client find the answers.');
  });
  test("pointing to real help is not lecturing; the same instructions about work are", () => {
    expect(scoreConversation(coachSays(["Send a message to the helpline tonight. Book an appointment with your doctor.", "What else?"])).flags).not.toContain("lecturing");
    expect(scoreConversation(coachSays(["Send a message to your boss tonight. Book a meeting with him.", "What else?"])).flags).toContain("lecturing");
    expect(scoreConversation(coachSays(["Tell me more about that.", "What else?"])).signals.adviceTurns).toBe(0);
  });
  test("advice in more than a third of coach turns is weak", () => {
    const r = scoreConversation(coachSays(["I suggest a pilot. What would that give you?", "You need to rest. What helps you rest?", "What else?", "What now?", "How will you know?"]));
    expect(r.flags).toContain("advice_heavy");
    expect(r.recommendations).toContain("2 of 5 coach turns give advice; keep suggestions for when the client asks, and ask first.");
    expect(scoreConversation(coachSays(["I suggest a pilot. What would that give you?", "What else?", "What now?"])).flags).not.toContain("advice_heavy");
  });
  test("reflections: ≥ 0.5 of asking turns pass, ≥ 0.25 weak, below fail; stems or two reused words", () => {
    const plain = (i: number) => `What would help with item ${i}?`;
    const reflect = (i: number) => `It sounds like a lot. What would help with item ${i}?`;
    expect(scoreConversation(coachSays([reflect(0), reflect(1), plain(2), plain(3)])).flags).not.toContain("few_reflections");
    const weak = scoreConversation(coachSays([reflect(0), plain(1), plain(2), plain(3)]));
    expect(weak.flags).not.toContain("few_reflections");
    expect(weak.recommendations).toContain(`Only 1 of 4 coach turns reflects the client's words; open more turns with what the client just said ("It sounds like…").`);
    expect(scoreConversation(coachSays([plain(0), plain(1), plain(2), plain(3), plain(4)])).flags).toContain("few_reflections");
    // Two content words from the client's last turn ("weekend rota") count as a reflection.
    const reuse = scoreConversation(coachSays(["The weekend rota again. What would help?"]));
    expect(reuse.signals.reflectionTurns).toBe(1);
    // A stem inside a question is asking, not reflecting.
    expect(scoreConversation(coachSays(["How do you feel about it?"])).signals.reflectionTurns).toBe(0);
  });
  test("near-repetition: 3-word shingle Jaccard ≥ 0.8 between turns that are not identical", () => {
    const c = clean("Power-Interest Grid template: scheduling pilot");
    c.turns[11] = { role: "coach", text: "The ward sisters matter most. What do they care about, and what might they fear about this initiative, do you think?" };
    const r = scoreConversation(c);
    expect(r.flags).toContain("repetition");
    expect(r.signals.nearRepeats).toEqual([[9, 11]]);
    expect(r.recommendations).toContain("Turns 10 and 12 say nearly the same thing; rewrite one so it adds something new.");
  });
  test("persona, emotion and topic must show; emotions count through their family", () => {
    const base = GROW();
    expect(scoreConversation({ ...base, variables: { ...base.variables, emotion: "worried" } }).flags).not.toContain("emotion_absent");
    const r = scoreConversation({ ...base, variables: { persona: "hospital pharmacist in a rural clinic", emotion: "furious", topic: "the weekend dispensary rota" } });
    expect(r.flags).toEqual(expect.arrayContaining(["persona_absent", "emotion_absent", "topic_absent"]));
    expect(r.recommendations).toContain('The persona "hospital pharmacist in a rural clinic" never shows in the conversation; let it come through in what the client says.');
    expect(r.recommendations).toContain('The emotion "furious" never shows in the conversation; let it come through in what the client says.');
    expect(r.recommendations).toContain('The topic "the weekend dispensary rota" never shows in the conversation; let it come through in what the client says.');
    const skipped = scoreConversation({ ...base, variables: { turns: 12, formal: true } });
    expect(skipped.criteria.confidence.details).toEqual(expect.arrayContaining(["persona: not given → skipped", "emotion: not given → skipped", "topic: not given → skipped"]));
    expect(scoreConversation({ ...base, variables: { client: "fintech engineering manager", feeling: "nervous", challenge: "one-to-ones" } }).flags).toEqual([]);
  });
  test("strikes map to levels: 0–1 high, 2–3 medium, 4+ low", () => {
    const base = GROW();
    const at = (variables: QualityInput["variables"]) => scoreConversation({ ...base, variables });
    expect(at({ persona: "harbour pilot" }).confidence).toBe("high");
    expect(at({ persona: "harbour pilot", topic: "tide tables" }).confidence).toBe("medium");
    expect(at({ persona: "harbour pilot", topic: "tide tables", emotion: "furious" }).confidence).toBe("medium");
    const low = scoreConversation(coachSays(["You should rest. Make a list.", "Is that right?", "Do you agree?"], { variables: { persona: "harbour pilot" } }));
    expect(low.confidence).toBe("low");
    expect(low.criteria.confidence.score).toBe(2);
    expect(at({ persona: "harbour pilot", topic: "tide tables" }).criteria.confidence.score).toBe(6);
  });
  test("no coach turns at all is a failed ask", () => {
    const r = scoreConversation(input([{ role: "client", text: "Hello there, I need help." }]));
    expect(r.recommendations).toContain("There are no coach turns; the coach must lead with questions.");
  });
});

describe("the report", () => {
  test("overall is the weighted sum to one decimal; flagged under 6", () => {
    for (const f of FIXTURES) {
      const r = scoreConversation(f.input);
      const sum = (Object.keys(WEIGHTS) as Array<keyof typeof WEIGHTS>).reduce((s, k) => s + r.criteria[k].score * WEIGHTS[k], 0);
      expect(r.overall).toBe(Math.round(sum * 10) / 10);
      expect(r.flagged).toBe(r.overall < 6 || r.flags.some((x) => BLOCKING_FLAGS.has(x)));
      expect(new Set(r.flags).size).toBe(r.flags.length);
      expect(r.overall).toBeGreaterThanOrEqual(0);
      expect(r.overall).toBeLessThanOrEqual(10);
    }
    expect(Object.values(WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
  test("a clean conversation has no recommendations; every flag comes with one", () => {
    expect(scoreConversation(GROW()).recommendations).toEqual([]);
    for (const f of FIXTURES) {
      const r = scoreConversation(f.input);
      expect(r.recommendations.length).toBeGreaterThanOrEqual(r.flags.length > 0 ? 1 : 0);
    }
  });
  test("recommendations come in criterion order", () => {
    const r = scoreConversation(FIXTURES.find((f) => f.name.startsWith("several flaws"))!.input);
    expect(r.recommendations[0]).toMatch(/^Only 5 turns/);
    expect(r.recommendations.at(-1)).toMatch(/lectures/);
  });
  test("deterministic and does not mutate its input", () => {
    const c = GROW();
    const copy = structuredClone(c);
    expect(scoreConversation(c)).toEqual(scoreConversation(c));
    expect(c).toEqual(copy);
  });
  test("one 12-turn scoring takes well under a millisecond (median of 200)", () => {
    const c = GROW();
    c.turns = c.turns.slice(0, 12);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      scoreConversation(c);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    expect(times[100]).toBeLessThan(1);
  });
});
