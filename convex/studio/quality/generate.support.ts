/**
 * A seeded generator of coaching conversations for the quality bench and
 * tests: clean ones that walk every step of a framework (coach questions are
 * the framework's own), and flawed ones with exactly the four flaws the
 * offline fake writes (tools/fake-anthropic/dialogue.ts): too short, a
 * lecturing coach turn, a repeated coach turn, a missing step.
 * Test-only (two dots in the name: Convex's bundler skips it).
 */
import { FRAMEWORKS, type FrameworkId } from "../../coaching/frameworks";
import { FRAMEWORK_IDS } from "../../coaching/tables";
import type { TemplateTier } from "../tables";
import type { QualityFlag, QualityInput, QualityTurn } from "./score";
import { seededRandom } from "../../lib/seededRandom";

export type GeneratedFlaw = "none" | "too_short" | "lecturing" | "repeated_turn" | "missing_step";
export const FLAWS: readonly Exclude<GeneratedFlaw, "none">[] = ["too_short", "lecturing", "repeated_turn", "missing_step"];

/** The flag that names each flaw: a flawed conversation carrying it was caught. */
export const FLAW_FLAG: Record<Exclude<GeneratedFlaw, "none">, QualityFlag> = {
  too_short: "too_short",
  lecturing: "lecturing",
  repeated_turn: "repetition",
  missing_step: "missing_step",
};

export interface GeneratedConversation {
  flaw: GeneratedFlaw;
  input: QualityInput;
}

const PEOPLE: Array<{ persona: string; emotion: string; topic: string }> = [
  { persona: "a first-time team lead in a logistics company", emotion: "anxious", topic: "delegating work to former peers" },
  { persona: "a senior nurse on a busy surgical ward", emotion: "overwhelmed", topic: "handling staff shortages on night shifts" },
  { persona: "a product manager at a payments startup", emotion: "frustrated", topic: "a roadmap that keeps changing" },
  { persona: "a school head of department", emotion: "stuck", topic: "getting teachers to adopt a new curriculum" },
  { persona: "a finance director new to the board", emotion: "nervous", topic: "presenting quarterly results to investors" },
  { persona: "an engineering manager of a platform team", emotion: "worried", topic: "people hiding mistakes after incidents" },
  { persona: "a regional sales manager", emotion: "hopeful", topic: "winning back a lost key account" },
  { persona: "a charity operations director", emotion: "exhausted", topic: "merging two volunteer programmes" },
];

const OPENERS = [
  "I'm {persona} and I want to talk about {topic}. Honestly I'm feeling {emotion} about it and it's taking up a lot of my headspace.",
  "As {persona}, {topic} has been on my mind all week. I'm {emotion}, and I'm not sure I'm handling it well.",
  "Thanks for making time. I'm {persona}, and {topic} is the thing I keep coming back to. I feel {emotion} whenever it comes up.",
];

// Client answers stay clear of every framework's cue words, so a dropped
// step cannot be found again in what the client says.
const ANSWERS = [
  "With {topic}, the honest answer is that I've been carrying most of it myself and it shows in my evenings.",
  "I think the people involved would say I care a lot but I don't always explain my thinking to them.",
  "Last month I had a conversation about this with my manager and came away with more questions than I started with.",
  "Part of me wants to fix it quickly, and part of me knows that rushing is what caused half of this in the first place.",
  "There are two people whose view counts here, and I haven't spoken to either of them properly since January.",
  "When I picture it going well, I picture calmer Mondays and fewer emails after nine at night.",
  "If I'm honest, being {emotion} makes me put off the difficult conversations until they become urgent.",
  "I would start with the smallest piece, probably the weekly meeting, and see how people respond to that.",
  "I'll put it in my calendar for Tuesday morning and tell my deputy, so it isn't just in my head.",
];

const REFLECTIONS = ["It sounds like", "So you're saying", "What I'm hearing is that", "You mentioned that"];

const CLOSES = [
  "You came in {emotion} about {topic} and you're leaving with a concrete plan. What will you take from today?",
  "That's a real shift from where we started. What's the one thing you want to remember from this conversation?",
];

const LECTURES = [
  "You should really just delegate more. Good managers set clear expectations, write everything down, hold weekly check-ins and never let deadlines slip. Make a plan, share it with the team, track it in a spreadsheet and follow up every day until it is done.",
  "You need to be firmer with people. Set one deadline, send it in writing and follow up on Friday. Don't let them push back, and make sure you escalate the moment anything slips.",
  "I suggest you stop overthinking this. Block two hours every morning, turn off notifications and just get it done. The key is discipline, not more planning.",
];

function fill(template: string, p: { persona: string; emotion: string; topic: string }): string {
  return template.replace(/\{persona\}/g, p.persona).replace(/\{emotion\}/g, p.emotion).replace(/\{topic\}/g, p.topic);
}

/** A few words of the client's last answer, handed back. */
function echo(answer: string, rand: () => number): string {
  const ws = answer.replace(/[.,!?]/g, "").split(" ");
  const start = Math.floor(rand() * Math.max(1, ws.length - 6));
  return ws.slice(start, start + 5).join(" ").toLowerCase();
}

/** One conversation; `flaw` chooses the defect, `seed` everything else. */
export function generateConversation(seed: number, flaw: GeneratedFlaw, frameworkId?: FrameworkId, tier: TemplateTier = "template"): GeneratedConversation {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const fid = frameworkId ?? pick(FRAMEWORK_IDS);
  const fw = FRAMEWORKS[fid];
  const who = pick(PEOPLE);

  // Every step gets one exchange; a few get a second, up to 16 turns in all.
  const exchanges: number[] = fw.steps.map((_, i) => i);
  const spare = Math.max(0, 7 - fw.steps.length);
  for (let k = Math.floor(rand() * (spare + 1)); k > 0; k--) {
    const at = Math.floor(rand() * exchanges.length);
    exchanges.splice(at, 0, exchanges[at]!);
  }
  let plan = exchanges;
  if (flaw === "missing_step") {
    const dropped = 1 + Math.floor(rand() * (fw.steps.length - 1));
    plan = plan.filter((s) => s !== dropped);
  }
  if (flaw === "too_short") plan = [0];

  const turns: QualityTurn[] = [{ role: "client", text: fill(pick(OPENERS), who) }];
  const timesAsked = new Map<number, number>();
  const firstQuestion = new Map<number, number>();
  const answers = [...ANSWERS];
  for (let i = answers.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [answers[i], answers[j]] = [answers[j]!, answers[i]!];
  }
  plan.forEach((step, k) => {
    // A step asked twice asks two different questions.
    const questions = fw.steps[step]!.questions;
    const asked = timesAsked.get(step) ?? 0;
    timesAsked.set(step, asked + 1);
    if (asked === 0) firstQuestion.set(step, Math.floor(rand() * Math.min(3, questions.length)));
    const q = questions[(firstQuestion.get(step)! + asked) % questions.length]!;
    const last = turns[turns.length - 1]!.text;
    const coach = rand() < 0.7 ? `${pick(REFLECTIONS)} ${echo(last, rand)}. ${q}` : q;
    turns.push({ role: "coach", text: coach });
    turns.push({ role: "client", text: fill(answers[k % answers.length]!, who) });
  });
  turns.push({ role: "coach", text: fill(pick(CLOSES), who) });

  const coachAt = turns.map((t, i) => (t.role === "coach" ? i : -1)).filter((i) => i >= 0);
  if (flaw === "lecturing") turns[coachAt[Math.floor(coachAt.length / 2)]!] = { role: "coach", text: pick(LECTURES) };
  if (flaw === "repeated_turn") turns[coachAt[coachAt.length - 2]!] = { ...turns[coachAt[coachAt.length - 3]!]! };

  return { flaw, input: { turns, frameworkId: fid, tier, variables: { ...who, framework: fid } } };
}

/** `perKind` clean conversations and `perKind` of each flaw, seeded from `seed`. */
export function generateSet(seed: number, perKind: number): GeneratedConversation[] {
  const out: GeneratedConversation[] = [];
  const kinds: GeneratedFlaw[] = ["none", ...FLAWS];
  for (let i = 0; i < perKind; i++)
    for (const [k, flaw] of kinds.entries()) out.push(generateConversation(seed * 1_000_003 + i * kinds.length + k, flaw, FRAMEWORK_IDS[i % FRAMEWORK_IDS.length]));
  return out;
}
