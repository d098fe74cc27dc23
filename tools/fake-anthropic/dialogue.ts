import { hashFloat, hashInt, pick } from "./seeded";
import { collapseWhitespace, identifierWords, limitChars, lowerFirst, stripEndPunctuation, toSecondPerson } from "./words";
import { isSchema, resolve, type Schema } from "./schema";

// Writing a whole conversation when a forced tool's schema is one: an array
// of objects with a role enum and a text. Used by data-generation features
// (synthetic coaching dialogues). Recognised by shape only; the persona,
// feeling, topic and framework come from the request's words. When the request
// lists the framework's steps (a "steps" heading followed by "- Name: objective
// … questions: …" lines, or "A → B → C"), the coach walks those steps in order
// with their own questions; otherwise a generic coaching arc. About one in
// seven dialogues is deliberately flawed, so quality checks have something to find.

export interface DialogueShape {
  /** The array property holding the turns. */
  turnsProperty: string;
  roleProperty: string;
  textProperty: string;
  /** The role that speaks first (the person being helped) and the helper. */
  first: string;
  helper: string;
  minTurns: number;
  maxTurns: number;
  maxChars: number;
  /** The other properties of the top-level object, to fill from the slots. */
  others: Array<{ name: string; schema: Schema }>;
}

const HELPER = /^(?:coach|assistant|ai|bot|agent|therapist|counsell?or|mentor|interviewer|model|advisor|adviser|tutor|support)$/i;

/** The dialogue shape of `schema`, or null when it is not one. */
export function dialogueShape(schema: unknown, context: string): DialogueShape | null {
  if (!isSchema(schema) || !isSchema(schema["properties"])) return null;
  const props = schema["properties"] as Record<string, unknown>;
  for (const [name, raw] of Object.entries(props)) {
    const prop = resolve(schema, raw);
    if (prop["type"] !== "array") continue;
    const item = resolve(schema, prop["items"]);
    if (!isSchema(item["properties"])) continue;
    const itemProps = Object.entries(item["properties"] as Record<string, unknown>).map(([k, v]) => [k, resolve(schema, v)] as const);
    const role = itemProps.find(([, v]) => Array.isArray(v["enum"]) && (v["enum"] as unknown[]).length === 2 && (v["enum"] as unknown[]).every((x) => typeof x === "string"));
    const text = itemProps.find(([k, v]) => v !== role?.[1] && (v["type"] === "string" || v["type"] === undefined) && !v["enum"] && /text|content|message|utterance|body|line|said/i.test(k))
      ?? itemProps.find(([, v]) => v !== role?.[1] && v["type"] === "string" && !v["enum"]);
    if (!role || !text) continue;
    const [a, b] = role[1]["enum"] as [string, string];
    const where = `${String(prop["description"] ?? "")}\n${context}`;
    const speaksFirst = (r: string) => new RegExp(`\\b${r}\\b[^.\\n]{0,30}\\bfirst\\b`, "i").test(where);
    let first = speaksFirst(a) ? a : speaksFirst(b) ? b : HELPER.test(a) ? b : a;
    if (HELPER.test(first) && !speaksFirst(first)) first = first === a ? b : a;
    const helper = first === a ? b : a;
    const num = (v: unknown, d: number) => (typeof v === "number" && Number.isFinite(v) ? v : d);
    return {
      turnsProperty: name,
      roleProperty: role[0],
      textProperty: text[0],
      first,
      helper,
      minTurns: num(prop["minItems"], 2),
      maxTurns: num(prop["maxItems"], 40),
      maxChars: num(text[1]["maxLength"], 2000),
      others: Object.entries(props).filter(([k]) => k !== name).map(([k, v]) => ({ name: k, schema: resolve(schema, v) })),
    };
  }
  return null;
}

export interface Slots {
  persona: string;
  emotion: string;
  topic: string;
  framework: string;
  turns: number | null;
  setback: boolean;
}

function grab(re: RegExp, text: string): string | undefined {
  const m = re.exec(text);
  return m?.[1] ? stripEndPunctuation(collapseWhitespace(m[1])) : undefined;
}

/** Persona, feeling, topic and framework as the request words them. */
export function readSlots(text: string): Slots {
  const persona = grab(/\b(?:client|person|user|customer|coachee)\s+is\s+(?:an?\s+|the\s+)?([^,.;\n]{3,60}?)\s+(?:who|that|feeling|with)\b/i, text)
    ?? grab(/\bpersona:\s*([^\n.]{3,60})/i, text) ?? "professional";
  const emotion = grab(/\b(?:feels|feeling|is\s+feeling)\s+(?:very\s+|quite\s+|really\s+)?([a-z-]{3,20})\b/i, text) ?? grab(/\bemotion:\s*([a-z-]{3,20})/i, text) ?? "uncertain";
  const topic = grab(/\b(?:feels\s+\S+\s+about|about|topic:|struggling\s+with|working\s+on)\s+([^.\n]{3,120})/i, text) ?? "a challenge at work";
  const framework = grab(/\b(?:follows|using|uses|with)\s+the\s+([^.\n]{2,40}?)\s+(?:framework|model|method)\b/i, text)
    ?? grab(/\bframework:\s*([^\n.]{2,40})/i, text) ?? grab(/\b([A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})\s+(?:framework|model)\b/, text) ?? "a simple coaching";
  const turns = /\b(\d{1,2})\s+turns?\b/i.exec(text);
  return { persona, emotion, topic, framework, turns: turns ? Number(turns[1]) : null, setback: /\bpush(?:es)?\s+back\b|\bsetback\b/i.test(text) };
}

// The arc of a coaching conversation in general terms; each phase has client
// and coach lines with slots. A flawed dialogue may drop one phase.
const PHASES = ["open", "goal", "reality", "feeling", "options", "choose", "commit"] as const;
type Phase = (typeof PHASES)[number];
/** Which phases a short dialogue keeps first. */
const PRIORITY: Phase[] = ["open", "goal", "reality", "options", "commit", "feeling", "choose"];

const CLIENT: Record<Phase, string[]> = {
  open: [
    "I'm a {persona} and honestly I feel {emotion} about {topic}.",
    "I wanted to talk about {topic}. I'm feeling pretty {emotion} about it.",
    "As a {persona}, {topic} has been on my mind all week, and I'm {emotion}.",
  ],
  goal: [
    "I'd like to come out of this with a clearer way forward on {topic}.",
    "What I really want is to feel less {emotion} and actually make progress.",
    "Ideally I'd handle {topic} in a way I'm proud of.",
  ],
  reality: [
    "Right now I keep putting it off, and it's starting to show.",
    "At the moment I'm doing most of it myself and it isn't working.",
    "I've tried a couple of things, but nothing has stuck so far.",
  ],
  feeling: [
    "I think part of it is that I'm worried about getting it wrong in front of people.",
    "If I'm honest, being {emotion} makes me avoid the conversations I need to have.",
    "It's less the work itself and more what people will think.",
  ],
  options: [
    "I could ask for help, break it into smaller pieces, or talk to my manager first.",
    "Maybe I start with one small piece, or find someone who has done this before.",
    "I could block time each morning, or share the plan with the team early.",
  ],
  choose: [
    "Breaking it into smaller pieces feels most doable.",
    "Talking to someone who has done it before feels like the right first move.",
    "Blocking time in the mornings is the one I'd actually stick to.",
  ],
  commit: [
    "I'll do the first piece on Monday morning, before my first meeting.",
    "I'll send the message by Wednesday lunchtime.",
    "I'll block ninety minutes tomorrow at nine and start there.",
  ],
};

const COACH: Record<Phase, string[]> = {
  open: [
    "{Emotion} about {topic}: that sounds like a lot to carry. What would make this conversation useful for you?",
    "Thank you for bringing this. When you say you're {emotion}, what does that feel like day to day?",
    "It sounds like {topic} matters to you. Where would you like to start?",
  ],
  goal: [
    "A clearer way forward. What would that look like if it went really well?",
    "If this worked out, what would be different for you in a month?",
    "What would tell you that you've made real progress?",
  ],
  reality: [
    "So it keeps slipping. What's happening when you put it off?",
    "What have you tried so far, and what did you learn from it?",
    "Where are things today, as plainly as you can put it?",
  ],
  feeling: [
    "Worried about getting it wrong in front of people. What would help you feel steadier?",
    "What do you notice about how that feeling shapes what you do?",
    "What would you tell a friend who felt that way?",
  ],
  options: [
    "Several possibilities there. What else could you try?",
    "What would you do if you knew it couldn't go wrong?",
    "What's the smallest step that would make a difference?",
  ],
  choose: [
    "Which of these feels most like you, and why?",
    "What makes that one stand out for you?",
    "What would you gain by starting there?",
  ],
  commit: [
    "Monday morning. How confident are you, from 1 to 10, that it will happen?",
    "By Wednesday lunchtime. What might get in the way, and how will you handle it?",
    "Tomorrow at nine. Who could you tell, so it's more likely to happen?",
  ],
};

const CLIENT_CLOSE = ["Honestly, about an eight. Thank you, this helped.", "I feel much calmer about it now.", "That's clearer than when we started."];
const COACH_CLOSE = [
  "You came in feeling {emotion} and you're leaving with a concrete step. What will you take away from today?",
  "That's a real shift. What's one thing you want to remember from this conversation?",
  "Well done for thinking this through. How will you notice it's working?",
];

const LECTURE =
  "You should really just delegate more. Good managers set clear expectations, write everything down, hold weekly check-ins and never let deadlines slip. Make a plan, share it with the team, track it in a spreadsheet and follow up every day until it is done.";

const SETBACK_CLIENT = "I've tried that before, it doesn't work for me.";
const SETBACK_COACH = "That's fair, and it's useful to know. What made it hard last time?";

export type Flaw = "none" | "too_short" | "lecturing" | "repeated_turn" | "missing_step";

function fillSlots(template: string, slots: Slots): string {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return template
    .replace(/\{persona\}/g, slots.persona)
    .replace(/\{emotion\}/g, slots.emotion.toLowerCase())
    .replace(/\{Emotion\}/g, cap(slots.emotion.toLowerCase()))
    .replace(/\{topic\}/g, slots.topic.replace(/^(?:the|a|an)\s+/i, (m) => m.toLowerCase()));
}

/** The dialogue as role/text pairs, seeded; one in about seven is deliberately flawed. */
export function writeDialogue(shape: DialogueShape, text: string, key: readonly unknown[]): { turns: Array<Record<string, string>>; flaw: Flaw; slots: Slots } {
  const listed = readSteps(text);
  const slots = readSlots(listed.rest);
  const roll = hashFloat(...key, "flaw");
  const flaws: Flaw[] = ["too_short", "lecturing", "repeated_turn", "missing_step"];
  const flaw: Flaw = roll < 0.15 ? flaws[hashInt(...key, "which-flaw") % flaws.length]! : "none";

  const lo = Math.max(shape.minTurns, 2);
  const hi = Math.min(shape.maxTurns, 18);
  let target = slots.turns ?? 6 + 2 * (hashInt(...key, "length") % 7); // 6..18
  target = Math.min(hi, Math.max(lo, Math.max(6, Math.min(18, target))));
  if (flaw === "too_short") target = Math.max(lo, Math.min(hi, 4));
  if (target % 2 === 1) target = target + 1 <= hi ? target + 1 : target - 1;

  if (listed.steps.length >= 2) {
    const turns = writeStepDialogue(shape, slots, listed.steps, target, hi, flaw, key);
    applyFlaw(shape, turns, flaw);
    return { turns, flaw, slots };
  }

  let phases: Phase[] = [...PHASES];
  if (flaw === "missing_step") phases = phases.filter((p) => p !== pick(["reality", "options", "commit"] as Phase[], ...key, "dropped"));
  const pairs = target / 2;
  // The last pair closes. With fewer pairs than phases, the core of the arc
  // (opening, goal, reality, options, commitment) is kept, in order; with
  // more, the pairs spread over the phases and a repeated phase uses another variant.
  const plan: Array<Phase | "close" | "setback"> = [];
  const room = pairs - 1;
  if (room < phases.length) {
    const kept = new Set(PRIORITY.filter((p) => phases.includes(p)).slice(0, room));
    plan.push(...phases.filter((p) => kept.has(p)));
  } else {
    for (let i = 0; i < room; i++) plan.push(phases[Math.min(phases.length - 1, Math.floor((i * phases.length) / Math.max(1, room)))]!);
  }
  plan.push(pairs >= 3 ? "close" : phases[phases.length - 1]!);
  if (slots.setback && pairs >= 5) plan.splice(Math.floor(pairs / 2), 1, "setback");

  const turns: Array<Record<string, string>> = [];
  const say = (role: string, line: string) => turns.push({ [shape.roleProperty]: role, [shape.textProperty]: limitChars(fillSlots(line, slots), shape.maxChars) });
  const seen = new Map<Phase, number>();
  plan.forEach((phase) => {
    if (phase === "close") {
      say(shape.first, pick(CLIENT_CLOSE, ...key, "client-close"));
      say(shape.helper, pick(COACH_CLOSE, ...key, "coach-close"));
    } else if (phase === "setback") {
      say(shape.first, SETBACK_CLIENT);
      say(shape.helper, SETBACK_COACH);
    } else {
      // One variant per thread of the story, so the coach's reflection and
      // the chosen option follow what the client said.
      const thread = phase === "options" || phase === "choose" || phase === "commit" ? "plan" : phase === "reality" || phase === "feeling" ? "now" : phase;
      const again = seen.get(phase) ?? 0;
      seen.set(phase, again + 1);
      const v = (hashInt(...key, "thread", thread) + again) % 3;
      say(shape.first, CLIENT[phase][v]!);
      say(shape.helper, COACH[phase][v]!);
    }
  });
  applyFlaw(shape, turns, flaw);
  return { turns, flaw, slots };
}

/** Lecturing replaces a coach turn in the middle; a repeated turn copies an earlier coach turn word for word. */
function applyFlaw(shape: DialogueShape, turns: Array<Record<string, string>>, flaw: Flaw): void {
  const helperTurns = turns.map((t, i) => [t, i] as const).filter(([t]) => t[shape.roleProperty] === shape.helper);
  if (flaw === "lecturing" && helperTurns.length > 1) {
    const [, at] = helperTurns[Math.floor(helperTurns.length / 2)]!;
    turns[at]![shape.textProperty] = limitChars(LECTURE, shape.maxChars);
  }
  if (flaw === "repeated_turn" && helperTurns.length > 2) {
    const [, at] = helperTurns[helperTurns.length - 2]!;
    const [, prev] = helperTurns[helperTurns.length - 3]!;
    turns[at]![shape.textProperty] = turns[prev]![shape.textProperty]!;
  }
}

/** A value for another top-level property of the dialogue tool, from the slots, when its name says which. */
export function slotFor(name: string, schema: Schema, slots: Slots): string | undefined {
  const about = `${identifierWords(name)} ${String(schema["description"] ?? "")}`.toLowerCase();
  const value = /framework|model|method/.test(about)
    ? slots.framework
    : /persona|client|who/.test(about)
      ? slots.persona
      : /emotion|feeling|mood/.test(about)
        ? slots.emotion
        : /topic|subject|theme/.test(about)
          ? slots.topic
          : undefined;
  if (value === undefined) return undefined;
  const max = typeof schema["maxLength"] === "number" ? schema["maxLength"] : Number.POSITIVE_INFINITY;
  return limitChars(value, max);
}

// ---------------------------------------------------------------- listed steps

export interface ListedStep {
  name: string;
  objective: string;
  /** The step's own questions, as the request gives them; may be empty. */
  questions: string[];
}

const LIST_ITEM = /^\s*(?:[-*\u2022]|\d{1,2}[.)])\s+(.+)$/;
const STEPS_HEADING = /\bsteps?\b[^\n:]{0,60}:\s*(.*)$/i;
const INLINE_SEPARATOR = /\s*(?:→|->|=>|›|>|,|;|\/)\s*/;

function cleanName(name: string): string {
  return stripEndPunctuation(collapseWhitespace(name.replace(/^\s*(?:and|then)\s+/i, "").replace(/^["'“‘(]+|["'”’)]+$/g, "")));
}

/** "(Goal, Reality, Options, Will)" or "Goal → Reality → Options → Will": the names, or [] when the text is not such a list. */
function inlineSteps(text: string): ListedStep[] {
  const paren = /\(([^()]{3,300})\)/.exec(text);
  const body = paren ? paren[1]! : /→|->|=>|›/.test(text) ? text : "";
  if (body === "") return [];
  const names = body.split(INLINE_SEPARATOR).map(cleanName).filter((n) => n !== "");
  if (names.length < 2 || names.some((n) => n.length > 40 || n.split(/\s+/).length > 5)) return [];
  return names.map((name) => ({ name, objective: "", questions: [] }));
}

/** Questions quoted ("What…?" "How…?"), separated by semicolons, or written one after another. */
function splitQuestions(text: string): string[] {
  const quoted = [...text.matchAll(/["“]([^"”]{3,400})["”]/g)].map((m) => collapseWhitespace(m[1]!));
  if (quoted.length > 0) return quoted.map((q) => (/[?]$/.test(q) ? q : `${stripEndPunctuation(q)}?`));
  return text
    .split(/(?<=\?)\s+|;\s*|\s+\|\s+/)
    .map((q) => collapseWhitespace(q.replace(/^["'“‘]+|["'”’]+$/g, "")))
    .filter((q) => /[\p{L}]/u.test(q))
    .map((q) => (/[?]$/.test(q) ? q : `${stripEndPunctuation(q)}?`));
}

function listedStep(item: string): ListedStep | null {
  const colon = /^([^:]{1,60}):\s*(.*)$/.exec(item);
  if (!colon) return null;
  const name = cleanName(colon[1]!);
  if (name === "") return null;
  const rest = colon[2]!;
  const q = /\b(?:typical\s+|example\s+|key\s+|sample\s+)?questions?\s*:\s*/i.exec(rest);
  const objective = collapseWhitespace(q ? rest.slice(0, q.index) : rest);
  const questions = q ? splitQuestions(rest.slice(q.index + q[0].length)) : [];
  return { name, objective, questions };
}

/**
 * The framework steps the request lists, in order, and the request without
 * that section (so its questions are not read as the persona or the feeling).
 */
export function readSteps(text: string): { steps: ListedStep[]; rest: string } {
  const lines = text.split("\n");
  for (let h = 0; h < lines.length; h++) {
    const heading = STEPS_HEADING.exec(lines[h]!);
    if (!heading || LIST_ITEM.test(lines[h]!)) continue;
    // On the heading line itself: "Steps: Goal → Reality → Options → Will".
    const inline = inlineSteps(heading[1]!) .length >= 2 ? inlineSteps(heading[1]!) : inlineSteps(lines[h]!);
    if (inline.length >= 2) return { steps: inline, rest: lines.filter((_, i) => i !== h).join("\n") };
    if (heading[1]!.trim() !== "") continue;
    const steps: ListedStep[] = [];
    let end = h + 1;
    while (end < lines.length && lines[end]!.trim() === "") end++;
    const next = lines[end] ?? "";
    const nextInline = LIST_ITEM.test(next) ? [] : inlineSteps(next);
    if (nextInline.length >= 2) return { steps: nextInline, rest: lines.filter((_, i) => i !== h && i !== end).join("\n") };
    for (; end < lines.length; end++) {
      const item = LIST_ITEM.exec(lines[end]!);
      if (!item) break;
      const step = listedStep(item[1]!);
      if (!step) break;
      steps.push(step);
    }
    if (steps.length >= 2) return { steps, rest: [...lines.slice(0, h), ...lines.slice(end)].join("\n") };
  }
  return { steps: [], rest: text };
}

// What the client says depends on what kind of question the coach asked;
// each answer comes with its gist, which the coach reflects back.
type AnswerKind = "scale" | "when" | "who" | "action" | "options" | "feel" | "others" | "want" | "now" | "think" | "setback";
type Answer = readonly [say: string, gist: string];

const KIND_TESTS: Array<[AnswerKind, RegExp]> = [
  ["scale", /\b(?:1 to 10|one to ten|scale|rate|rating|how confident|how committed|how sure)\b/i],
  ["want", /\b(?:like to|want\w*|outcome|achieve|leave|would be different|look like|success\w*|hope|tells? you|see that)\b/i],
  ["when", /\b(?:what date|by when|what day|how soon)\b|^(?:when|by when) (?:will|is|are|can|could|do|would)\b/i],
  ["who", /^(?:who|whose)\b|\b(?:who|whose)\b/i],
  ["action", /\b(?:will you do|first (?:step|move)s?|commit\w*|do differently|into practice)\b/i],
  ["options", /\b(?:what else|could you do|ways?|options?|paths?|alternatives?|ideas?|would you try|possibilit\w+)\b/i],
  ["feel", /\bfeel(?:ing)?\b/i],
  ["others", /\b(?:they|them|their|theirs)\b/i],
  ["now", /\b(?:happen\w*|tried|today|tends to|notice|seen|heard|received|changing|describe)\b/i],
];

function answerKind(question: string): AnswerKind {
  return KIND_TESTS.find(([, re]) => re.test(question))?.[0] ?? "think";
}

const ANSWERS: Record<AnswerKind, readonly Answer[]> = {
  scale: [
    ["Honestly, about a {n} out of 10. What pulls it down is not knowing how people will take it.", "it's about a {n}, held back by not knowing how people will take it"],
    ["I'd say a {n}. Higher than when we started, but I can still hear the old doubts.", "you're at a {n} and the old doubts are still there"],
    ["Maybe a {n}. I know what to do; trusting myself to do it is the harder part.", "you're around a {n}, and trusting yourself is the harder part"],
  ],
  when: [
    ["{Day} morning, before anything else lands on my desk and eats the day.", "{Day} morning, before the day gets eaten"],
    ["By {Day}. If I leave it longer than that I know I'll talk myself out of it.", "{Day} is the line you're drawing for yourself"],
    ["{Day} works; it's the one quiet slot in my week, and I'll guard it.", "{Day} is the quiet slot you'll guard"],
  ],
  who: [
    ["Mainly my manager, plus two colleagues who'll feel it most, and someone in finance who signs things off.", "your manager, two colleagues and someone in finance are in the picture"],
    ["The people closest to it: my own team, my boss, and a peer who went through something similar last year.", "it's your team, your boss and a peer who went through something similar"],
    ["A few people. The loudest is a senior colleague who tends to say no first and think later.", "the loudest voice is a senior colleague who says no first"],
  ],
  action: [
    ["I'll write a one-page outline of {topic} and send it to my manager on {Day}.", "you'll write a one-page outline and send it on {Day}"],
    ["I'll book half an hour with the two people most affected, on {Day}, and ask what they need from me.", "you'll book half an hour with the two people most affected on {Day}"],
    ["I'll say out loud, in the {Day} meeting, what I'm unsure about and ask the others what they'd add.", "you'll name what you're unsure about in the {Day} meeting"],
  ],
  options: [
    ["I could ask for help earlier, break {topic} into smaller pieces, or talk it through with someone who has done it before.", "you could ask earlier, go in smaller pieces, or find someone who's done it"],
    ["A few: start with the easiest piece, share a rough draft early, or hand part of it to someone else.", "you could start small, share a draft early or hand part of it over"],
    ["Stop trying to do it all myself, set a shorter deadline, or just have the awkward conversation first.", "you could stop carrying it alone, shorten the deadline or have the awkward conversation first"],
  ],
  feel: [
    ["Still {emotion}, if I'm honest, but a bit lighter now that I've said it out loud.", "you're still {emotion} but a bit lighter for saying it"],
    ["Tense. The {emotion} part comes in waves, mostly late in the evening when it's quiet.", "the {emotion} feeling comes in waves, mostly in the evening"],
    ["Mixed. Part of me is {emotion}, and part of me is relieved that someone is asking.", "part of you is {emotion} and part of you is relieved"],
  ],
  others: [
    ["Mostly they'd want to avoid surprises. Nobody likes finding out late, and a couple of them have been burned before.", "they mostly want to avoid surprises"],
    ["I think they'd ask what's in it for them, and whether it means more work landing on their desks.", "they'd ask what's in it for them"],
    ["Honestly, I haven't asked them. I've been guessing, and my guesses are probably gloomier than the truth.", "you've been guessing rather than asking them"],
  ],
  want: [
    ["I'd like to stop dreading {topic} and feel like I'm steering it instead of chasing it.", "you'd like to be steering {topic} rather than dreading it"],
    ["In a good world people would trust the plan, and I'd sleep properly the night before.", "you want people to trust the plan and to sleep properly"],
    ["Something simple: a clear next move on {topic} that I actually believe in.", "you want a clear next move you actually believe in"],
    ["I'd want to walk out knowing I handled {topic} in a way I'd be proud of.", "you want to handle {topic} in a way you'd be proud of"],
  ],
  now: [
    ["These days I keep putting it off, and the longer I wait the bigger {topic} feels.", "the longer you wait, the bigger {topic} feels"],
    ["I've been doing most of it myself. A couple of things helped for a week, then faded.", "you've been carrying most of it yourself"],
    ["People nod in meetings and then nothing happens. I'm starting to wonder what I'm missing.", "people nod and then nothing happens"],
    ["It varies week to week. Some days it's fine, other days {topic} takes over everything.", "some days {topic} takes over everything"],
  ],
  think: [
    ["I think the real issue is that I haven't said clearly what I need from people.", "you haven't yet said clearly what you need from people"],
    ["Probably that getting {topic} right matters to me more than I let on.", "getting {topic} right matters to you more than you let on"],
    ["Good question. I suppose it comes down to being clearer with myself first, then with others.", "it comes down to being clearer with yourself first"],
    ["I hadn't looked at it that way. There's more in my hands than I thought.", "there's more in your hands than you thought"],
    ["Mostly clarity. Everything about {topic} feels equally urgent, so nothing gets my full attention.", "everything feels equally urgent, so nothing gets your full attention"],
    ["Less than I'd like. I tend to wait for permission I don't actually need.", "you tend to wait for permission you don't need"],
  ],
  setback: [
    ["Mostly that I did it alone, and nobody knew it mattered to me, so it quietly dropped.", "you did it alone and nobody knew it mattered"],
    ["I tried to change everything at once, and after two busy weeks I gave up.", "you tried to change everything at once"],
    ["It felt forced. I was following someone else's way, not mine.", "it felt like someone else's way, not yours"],
  ],
};

const OPENINGS: readonly Answer[] = [
  ["I'm a {persona} and honestly I feel {emotion} about {topic}. It's been sitting with me for weeks.", "you're feeling {emotion} about {topic}"],
  ["I wanted to talk about {topic}. I'm a {persona}, I'm feeling pretty {emotion} about it, and it's starting to spill into everything.", "{topic} has you feeling {emotion}"],
  ["As a {persona}, {topic} has been on my mind all week, and I'm {emotion}. I don't quite know where to start.", "{topic} is on your mind and you're {emotion}"],
];

const FIRST_REFLECTIONS = [
  "{Emotion} about {topic}: that sounds like a lot to carry.",
  "Thank you for bringing this. It sounds like {topic} has you feeling {emotion}.",
  "It sounds like {topic} matters to you, and being {emotion} about it is wearing.",
];

const REFLECTIONS = ["It sounds like {g}.", "So {g}.", "What I'm hearing is that {g}.", "You're saying {g}.", "If I've understood, {g}."];

const PUSHBACK = "I've tried that before, it doesn't work for me.";
const PUSHBACK_REPLY = "It sounds like you've been down this road and it didn't stick. That's useful to know. What made it hard last time?";

const CLOSINGS = [
  "You came in feeling {emotion} and you're leaving with a step you chose yourself. What will you carry with you from today?",
  "That's a real shift from where we started. What's one thing you want to remember from this conversation?",
  "Well done for thinking this through. How will you mark it when it's done?",
];

const QUESTION_OPENER = /^(?:what|how|who|whose|which|when|where|why|if|on|by|in|given|is|are|do|does|would|could|at)\b/i;

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];

interface Ask {
  /** Index into the steps, or -1 for the pushback. */
  step: number;
  question: string;
}

const NAME_QUESTIONS = [
  "Let's turn to {name}. What comes to mind for you there?",
  "Now to {name}: how do you see it?",
  "What does {name} look like for you here?",
  "Thinking about {name}, where would you start?",
];

/** A question for a step the request names without questions: from its objective, else its name. */
function questionFromStep(step: ListedStep, nth: number, index: number): string {
  const name = step.name;
  if (step.objective) return `Let's turn to ${name}: ${lowerFirst(stripEndPunctuation(step.objective))}. What comes to mind?`;
  return nth === 0 ? NAME_QUESTIONS[index % NAME_QUESTIONS.length]!.replace("{name}", name) : `What more would you add about ${name}?`;
}

/** How many coach questions a dialogue of `pairs` exchanges leaves for the steps. */
function stepRoom(pairs: number, setback: boolean): number {
  return Math.max(1, pairs - 1 - (setback && pairs >= 5 ? 1 : 0));
}

function writeStepDialogue(
  shape: DialogueShape,
  slots: Slots,
  listed: ListedStep[],
  target: number,
  hi: number,
  flaw: Flaw,
  key: readonly unknown[],
): Array<Record<string, string>> {
  let steps = listed;
  if (flaw === "missing_step") {
    // One step from the middle of the list, so the opening and the commitment stay.
    const from = steps.length >= 3 ? 1 : 0;
    const to = steps.length >= 3 ? steps.length - 1 : steps.length;
    const drop = from + (hashInt(...key, "dropped-step") % (to - from));
    steps = steps.filter((_, i) => i !== drop);
  }
  // At most two steps share a coach turn: a clean dialogue grows (within the
  // allowed length) until they fit; a deliberately short one leaves steps out.
  let pairs = Math.max(1, target / 2);
  if (flaw !== "too_short") while (stepRoom(pairs, slots.setback) * 2 < steps.length && (pairs + 1) * 2 <= hi) pairs++;
  const room = stepRoom(pairs, slots.setback);
  if (room * 2 < steps.length) steps = steps.slice(0, room * 2);
  const n = steps.length;

  // Which steps each coach question covers, in order.
  const groups: number[][] = [];
  if (room >= n) for (let j = 0; j < room; j++) groups.push([Math.floor((j * n) / room)]);
  else for (let j = 0; j < room; j++) groups.push(Array.from({ length: Math.floor(((j + 1) * n) / room) - Math.floor((j * n) / room) }, (_, k) => Math.floor((j * n) / room) + k));
  const asks: Ask[][] = [];
  const asked = new Map<number, number>();
  for (const group of groups) {
    asks.push(
      group.map((s) => {
        const step = steps[s]!;
        const nth = asked.get(s) ?? 0;
        asked.set(s, nth + 1);
        // The first question is seeded between the step's first two; a second visit takes the other.
        const first = step.questions.length > 1 ? hashInt(...key, "question", step.name) % 2 : 0;
        const question = step.questions.length > 0 ? step.questions[(first + nth) % step.questions.length]! : questionFromStep(step, nth, s);
        return { step: s, question: nth >= step.questions.length && step.questions.length > 0 ? questionFromStep({ ...step, questions: [] }, 1, s) : question };
      }),
    );
  }
  if (slots.setback && pairs >= 5) asks.splice(Math.max(1, Math.floor(asks.length / 2)), 0, [{ step: -1, question: PUSHBACK_REPLY }]);

  const day = pick(DAYS, ...key, "day");
  const n10 = String(6 + (hashInt(...key, "confidence") % 3));
  const fill = (line: string) =>
    fillSlots(line, slots)
      .replace(/\{Day\}/g, day)
      .replace(/\{n\}/g, n10);
  const turns: Array<Record<string, string>> = [];
  const say = (role: string, line: string) => turns.push({ [shape.roleProperty]: role, [shape.textProperty]: limitChars(collapseWhitespace(line), shape.maxChars) });
  const used = new Map<AnswerKind, number>();
  const answer = (kind: AnswerKind): Answer => {
    const bank = ANSWERS[kind];
    const k = used.get(kind) ?? 0;
    used.set(kind, k + 1);
    if (k >= bank.length) return answer(kind === "think" ? "now" : "think");
    const [text, gist] = bank[(hashInt(...key, "answer", kind) + k) % bank.length]!;
    return [fill(text), fill(gist)];
  };
  const reflect = (gist: string, i: number) => {
    const g = toSecondPerson(gist);
    return pick(REFLECTIONS, ...key, "reflect", i).replace("{g}", lowerFirst(g));
  };
  const question = (ask: Ask[]) =>
    ask
      .map((a, k) => (k === 0 ? a.question : `And ${QUESTION_OPENER.test(a.question) ? a.question.charAt(0).toLowerCase() + a.question.slice(1) : lowerFirst(a.question)}`))
      .join(" ");

  // Opening: the client brings the topic; the coach reflects it and asks the first step's question.
  const [opening] = pick(OPENINGS, ...key, "opening");
  say(shape.first, fill(opening));
  if (asks.length === 0 || pairs === 1) {
    say(shape.helper, `${fill(pick(FIRST_REFLECTIONS, ...key, "first"))} ${fill(pick(CLOSINGS, ...key, "close"))}`);
    return turns;
  }
  say(shape.helper, `${fill(pick(FIRST_REFLECTIONS, ...key, "first"))} ${question(asks[0]!)}`);
  for (let i = 1; i < asks.length; i++) {
    const prev = asks[i - 1]!;
    const now = asks[i]!;
    if (now[0]!.step === -1) {
      say(shape.first, PUSHBACK);
      say(shape.helper, PUSHBACK_REPLY);
      continue;
    }
    const answers = prev[0]!.step === -1 ? [answer("setback")] : prev.map((a) => answer(answerKind(a.question)));
    say(shape.first, answers.map(([t]) => t).join(" "));
    say(shape.helper, `${reflect(answers[answers.length - 1]![1], i)} ${question(now)}`);
  }
  // Close: the client answers the last question and names a concrete step with a time; the coach closes.
  const last = asks[asks.length - 1]!;
  const answers = last[0]!.step === -1 ? [answer("setback")] : last.map((a) => answer(answerKind(a.question)));
  const isCommitment = ([t]: Answer) => t.includes(day) && /\bI'll\b/.test(t);
  const given = answers.find(isCommitment);
  const commitment = given ?? answer("action");
  const others = answers.filter((a) => a !== given).map(([t]) => t);
  say(shape.first, others.length === 0 ? commitment[0] : `${others.join(" ")} ${given ? "" : "So, concretely: "}${commitment[0]}`);
  const gist = toSecondPerson(commitment[1]);
  say(shape.helper, `${gist.charAt(0).toUpperCase()}${gist.slice(1)}: that's concrete. ${fill(pick(CLOSINGS, ...key, "close"))}`);
  return turns;
}
