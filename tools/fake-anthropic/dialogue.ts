import { hashFloat, hashInt, pick } from "./seeded";
import { collapseWhitespace, identifierWords, limitChars, stripEndPunctuation } from "./words";

// Writing a whole conversation when a forced tool's schema is one: an array
// of objects with a role enum and a text. Used by data-generation features
// (synthetic coaching dialogues). Recognised by shape only; the persona,
// feeling, topic and framework come from the request's words. About one in
// seven dialogues is deliberately flawed, so quality checks have something to find.

type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

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

function resolve(root: Schema, node: unknown): Schema {
  if (!isSchema(node)) return {};
  const ref = node["$ref"];
  if (typeof ref !== "string" || !ref.startsWith("#/")) return node;
  let cur: unknown = root;
  for (const part of ref.slice(2).split("/")) cur = isSchema(cur) ? cur[part] : undefined;
  return isSchema(cur) ? { ...cur, ...node } : node;
}

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
  const slots = readSlots(text);
  const roll = hashFloat(...key, "flaw");
  const flaws: Flaw[] = ["too_short", "lecturing", "repeated_turn", "missing_step"];
  const flaw: Flaw = roll < 0.15 ? flaws[hashInt(...key, "which-flaw") % flaws.length]! : "none";

  const lo = Math.max(shape.minTurns, 2);
  const hi = Math.min(shape.maxTurns, 18);
  let target = slots.turns ?? 6 + 2 * (hashInt(...key, "length") % 7); // 6..18
  target = Math.min(hi, Math.max(lo, Math.max(6, Math.min(18, target))));
  if (flaw === "too_short") target = Math.max(lo, Math.min(hi, 4));
  if (target % 2 === 1) target = target + 1 <= hi ? target + 1 : target - 1;

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
  return { turns, flaw, slots };
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
