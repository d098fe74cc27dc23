import { contentStems, identifierWords, limitChars, splitSentences, words } from "./words";
import { isSchema, resolve, type Schema } from "./schema";

// Judging a coaching conversation when a forced tool's schema is a rubric:
// properties that are objects each holding a numeric score and a string
// rationale. NOT a real judgment: each score is a deterministic function of
// observable features of the transcript (open questions, advice phrases,
// reflections, step keywords, repetition, risk words and referrals), chosen by
// matching the criterion's name and description against generic
// coaching-quality families. Nothing here knows any app's tool or field names.

const SCORE_WORDS = /\b(?:score|rating|rate|points?|grade|mark)\b/i;
const RATIONALE_WORDS = /\b(?:rationale|reason(?:ing)?|explanation|explain|justification|justify|evidence|comment|why)\b/i;

export interface Criterion {
  name: string;
  description: string;
  scoreProperty: string;
  rationaleProperty: string;
  min: number;
  max: number;
  integer: boolean;
  maxChars: number;
}

export interface JudgingShape {
  /** Where the criteria live: [] for the top level, [name] when under one object property. */
  path: string[];
  criteria: Criterion[];
  /** Other properties beside the criteria (an overall score, a summary, a pass flag). */
  others: Array<{ name: string; schema: Schema }>;
  /** Set when the criteria are items of an array: `[{ criterion: "empathy", score, rationale }]`. */
  list?: { property: string; labelProperty: string; maxItems: number };
}

function about(name: string, schema: Schema): string {
  return `${identifierWords(name)} ${String(schema["title"] ?? "")} ${String(schema["description"] ?? "")}`;
}

/** The scale of a score property: its bounds, else a scale its description names, else 1–5. */
function scale(schema: Schema, context: string): { min: number; max: number } {
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
  const integer = schema["type"] === "integer";
  let min = num(schema["minimum"]) ?? (num(schema["exclusiveMinimum"]) !== undefined ? num(schema["exclusiveMinimum"])! + (integer ? 1 : 0.1) : undefined);
  let max = num(schema["maximum"]) ?? (num(schema["exclusiveMaximum"]) !== undefined ? num(schema["exclusiveMaximum"])! - (integer ? 1 : 0.1) : undefined);
  const named = /\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\b/.exec(`${String(schema["description"] ?? "")} ${context}`);
  if (named && min === undefined && max === undefined) [min, max] = [Number(named[1]), Number(named[2])];
  min ??= max !== undefined && max <= 1 ? 0 : 1;
  max ??= Math.max(min + 1, 5);
  return { min, max };
}

function criterionOf(root: Schema, name: string, raw: unknown): Criterion | null {
  const prop = resolve(root, raw);
  if (!isSchema(prop["properties"])) return null;
  const inner = Object.entries(prop["properties"] as Record<string, unknown>).map(([k, v]) => [k, resolve(root, v)] as const);
  const numeric = inner.filter(([, v]) => v["type"] === "integer" || v["type"] === "number");
  const strings = inner.filter(([, v]) => (v["type"] === "string" || v["type"] === undefined) && !v["enum"] && !v["const"]);
  const score = numeric.find(([k]) => SCORE_WORDS.test(identifierWords(k))) ?? numeric.find(([k, v]) => SCORE_WORDS.test(about(k, v)));
  const rationale = strings.find(([k]) => RATIONALE_WORDS.test(identifierWords(k))) ?? strings.find(([k, v]) => RATIONALE_WORDS.test(about(k, v)));
  if (!score || !rationale) return null;
  const { min, max } = scale(score[1], String(prop["description"] ?? ""));
  return {
    name,
    description: `${String(prop["title"] ?? "")} ${String(prop["description"] ?? "")} ${String(score[1]["description"] ?? "")}`.trim(),
    scoreProperty: score[0],
    rationaleProperty: rationale[0],
    min,
    max,
    integer: score[1]["type"] === "integer",
    maxChars: typeof rationale[1]["maxLength"] === "number" ? rationale[1]["maxLength"] : 600,
  };
}

function criteriaIn(root: Schema, node: Schema): { criteria: Criterion[]; others: Array<{ name: string; schema: Schema }> } {
  const criteria: Criterion[] = [];
  const others: Array<{ name: string; schema: Schema }> = [];
  for (const [name, raw] of Object.entries(isSchema(node["properties"]) ? (node["properties"] as Record<string, unknown>) : {})) {
    const c = criterionOf(root, name, raw);
    if (c) criteria.push(c);
    else others.push({ name, schema: resolve(root, raw) });
  }
  return { criteria, others };
}

const LABEL_WORDS = /\b(?:criterion|criteria|name|dimension|aspect|category|label|metric|key|id|area|item)\b/i;

/**
 * Criteria as items of an array: each item an object with a score, a
 * rationale and a label naming the criterion, whose values are the label's
 * `enum`, else the "- Name: description" list lines of the prompt. Each
 * criterion's description is the prompt line that names it.
 */
function listedCriteria(root: Schema, name: string, prop: Schema, context: string): JudgingShape["list"] & { criteria: Criterion[] } | null {
  if (prop["type"] !== "array") return null;
  const item = resolve(root, prop["items"]);
  const template = criterionOf(root, "item", item);
  if (!template || !isSchema(item["properties"])) return null;
  const inner = Object.entries(item["properties"] as Record<string, unknown>).map(([k, v]) => [k, resolve(root, v)] as const);
  const label = inner.find(([k, v]) => k !== template.rationaleProperty && Array.isArray(v["enum"]) && (v["enum"] as unknown[]).every((x) => typeof x === "string"))
    ?? inner.find(([k, v]) => k !== template.rationaleProperty && v["type"] === "string" && LABEL_WORDS.test(identifierWords(k)));
  if (!label) return null;
  const lines = context.split(/\r?\n/);
  let names: Array<{ name: string; line: string }>;
  if (Array.isArray(label[1]["enum"])) {
    names = (label[1]["enum"] as string[]).map((value) => {
      const spoken = identifierWords(value).toLowerCase();
      return { name: value, line: lines.find((l) => l.toLowerCase().includes(spoken) || l.includes(value)) ?? "" };
    });
  } else {
    names = lines.flatMap((l) => {
      const m = /^\s*(?:[-*•]|\d+[.)])\s+\**([A-Za-z][\w '&/-]{1,40}?)\**\s*:\s*\S/.exec(l);
      return m ? [{ name: m[1]!.trim(), line: l }] : [];
    });
  }
  if (names.length === 0) return null;
  const max = typeof prop["maxItems"] === "number" ? prop["maxItems"] : names.length;
  return {
    property: name,
    labelProperty: label[0],
    maxItems: max,
    criteria: names.map(({ name: n, line }) => ({ ...template, name: n, description: `${line} ${template.description}`.trim() })),
  };
}

/** The rubric shape of `schema`, or null when it is not one. `context` (tool description, system prompt) names listed criteria. */
export function judgingShape(schema: unknown, context = ""): JudgingShape | null {
  if (!isSchema(schema)) return null;
  const top = criteriaIn(schema, schema);
  if (top.criteria.length > 0) return { path: [], ...top };
  for (const { name, schema: child } of top.others) {
    const listed = listedCriteria(schema, name, child, context);
    if (listed) {
      const { criteria, ...list } = listed;
      return { path: [], criteria, others: top.others.filter((o) => o.name !== name), list };
    }
  }
  // One level down: { scores: { criterionA: {score, rationale}, … }, summary }.
  for (const { name, schema: child } of top.others) {
    const nested = criteriaIn(schema, child);
    if (nested.criteria.length > 0 && nested.others.length === 0) {
      return { path: [name], criteria: nested.criteria, others: top.others.filter((o) => o.name !== name) };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------
// Reading the transcript.

export interface Turn {
  role: "client" | "coach";
  text: string;
}

const HELPER_LABEL = /^(?:coach|assistant|ai|bot|agent|therapist|counsell?or|mentor|interviewer|model|advisor|adviser|tutor|support|helper|framewise)$/i;
const CLIENT_LABEL = /^(?:client|coachee|user|human|customer|patient|person|mentee|student|learner|employee|interviewee|seeker)$/i;

function roleOf(label: string): Turn["role"] | null {
  const l = label.trim().replace(/[*_[\]]/g, "").split(/[\s(]/)[0] ?? "";
  if (HELPER_LABEL.test(l)) return "coach";
  if (CLIENT_LABEL.test(l)) return "client";
  return null;
}

const LABEL_LINE = /^\s*(?:[-*>]\s+)?(?:\d+[.)]\s+)?(?:\*\*|__)?\[?([A-Za-z][A-Za-z ]{0,20}?)(?:\s*\([^)]{0,30}\))?\]?(?:\*\*|__)?\s*(?::|\]|\s-\s)(?:\*\*|__)?\s*(.*)$/;

const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, "&");

/**
 * The turns of a conversation quoted in `text`: `<turn role="client">…</turn>`
 * style elements, `<client>…</client>` elements, a JSON array of
 * `{role, text|content}`, or role-labelled lines ("Client: …", "**Coach:** …",
 * "[coach] …"; unlabelled lines continue the turn above). Empty when fewer
 * than two turns are found.
 */
export function parseTranscript(text: string): Turn[] {
  const tagged: Turn[] = [];
  for (const m of text.matchAll(/<(\w+)\b[^>]*\b(?:role|speaker|from)\s*=\s*["']([^"']+)["'][^>]*>([\s\S]*?)<\/\1>/gi)) {
    const role = roleOf(m[2]!);
    if (role) tagged.push({ role, text: unescape(m[3]!.trim()) });
  }
  if (tagged.length >= 2) return tagged;
  const elements: Turn[] = [];
  for (const m of text.matchAll(/<(\w+)>([\s\S]*?)<\/\1>/g)) {
    const role = roleOf(m[1]!);
    if (role) elements.push({ role, text: unescape(m[2]!.trim()) });
  }
  if (elements.length >= 2) return elements;
  const json = /\[\s*\{[\s\S]*\}\s*\]/.exec(text);
  if (json) {
    try {
      const parsed = JSON.parse(json[0]) as unknown;
      const turns = (Array.isArray(parsed) ? parsed : []).flatMap((t): Turn[] => {
        if (!isSchema(t)) return [];
        const role = roleOf(String(t["role"] ?? t["speaker"] ?? ""));
        const said = t["text"] ?? t["content"] ?? t["message"];
        return role && typeof said === "string" ? [{ role, text: said.trim() }] : [];
      });
      if (turns.length >= 2) return turns;
    } catch {
      // not JSON after all; fall through to labelled lines
    }
  }
  const lines: Turn[] = [];
  // A turn continues on the lines right below it; a blank line, a tag line
  // or another "Label:" line ends it, so instructions after the transcript
  // are not read as the last speaker's words.
  let open = false;
  for (const line of text.split(/\r?\n/)) {
    const m = LABEL_LINE.exec(line);
    const role = m ? roleOf(m[1]!) : null;
    if (m && role) {
      lines.push({ role, text: m[2]!.trim() });
      open = true;
    } else if (open && line.trim() !== "" && !m && !/^\s*<\/?\w+[^>]*>\s*$/.test(line)) {
      const last = lines[lines.length - 1]!;
      last.text = `${last.text} ${line.trim()}`.trim();
    } else {
      open = false;
    }
  }
  return lines.length >= 2 ? lines.filter((t) => t.text !== "") : [];
}

/** `text` without the quoted turns, so a list a client mentions is not taken for the framework's steps. */
export function withoutTranscript(text: string): string {
  return text
    .replace(/<(\w+)\b[^>]*\b(?:role|speaker|from)\s*=\s*["'][^"']+["'][^>]*>[\s\S]*?<\/\1>/gi, " ")
    .split(/\r?\n/)
    .filter((line) => {
      const m = LABEL_LINE.exec(line);
      return !(m && roleOf(m[1]!));
    })
    .join("\n");
}

// ---------------------------------------------------------------------------
// Observable features.

const OPEN_START = /^(?:\W*)(?:what|how|which|where|when|who|why|tell me|describe|say more|talk me through|walk me through|in what way|to what extent)\b/i;
const ADVICE = /\b(?:you (?:really )?(?:should|need to|must|have to|ought to|'d better|had better)|i(?:'d| would) (?:suggest|recommend|advise)|my advice|the (?:best|right) thing (?:to do )?is|good (?:managers|leaders|people) (?:always|never|set|do)|make sure (?:you|to)|don't (?:ever|let)|never let|you just need)\b/i;
const IMPERATIVE = /^(?:just\s+)?(?:make|write|set|hold|track|share|follow|stop|start|delegate|tell|take|go|do|don't|never|always|try|get|put|send|book|schedule|focus|remember|avoid|use|keep|create|plan|prioriti[sz]e|say|learn|read|talk)\b/i;

function sentencesOf(text: string): string[] {
  return splitSentences(text).map((s) => s.trim()).filter(Boolean);
}

function asksOpenQuestion(text: string): boolean {
  return sentencesOf(text).some((s) => s.endsWith("?") && (OPEN_START.test(s) || /\b(?:what|how|which)\b/i.test(s)));
}

/** Direct-advice signals in a coach turn: advice phrases plus imperative sentences that are not questions. */
function adviceSignals(text: string): number {
  let n = 0;
  for (const s of sentencesOf(text)) {
    if (s.endsWith("?")) continue;
    if (ADVICE.test(s)) n++;
    else if (IMPERATIVE.test(s.replace(/^[^A-Za-z]+/, ""))) n++;
    // An imperative list inside one sentence ("make a plan, share it and track it").
    const commas = (s.match(/,\s*(?:make|write|set|hold|track|share|follow|delegate|send|book|schedule|and)\b/gi) ?? []).length;
    if (commas >= 2) n++;
  }
  return n;
}

function lectures(text: string): boolean {
  const n = adviceSignals(text);
  return (n >= 2 && !text.includes("?")) || n >= 3 || (words(text).length > 45 && !text.includes("?"));
}

const FEELING = /\b(?:feel(?:s|ing)?|felt|sounds? (?:like|as if|hard|tough|difficult)|that must|i hear|i can hear|you're saying|overwhelm\w*|worr\w*|anxi\w*|frustrat\w*|stuck|stress\w*|afraid|scared|nervous|upset|angry|sad|tired|exhausted|lonely|hurt|disappoint\w*|proud|relie\w*|excit\w*|calm\w*|carry|a lot|makes sense|understandabl\w*|thank you for)\b/i;

function normal(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9 ]+/g, " ").replace(/\s+/g, " ").trim();
}

function similar(a: string, b: string): boolean {
  if (normal(a) === normal(b)) return true;
  const sa = contentStems(a);
  const sb = contentStems(b);
  if (sa.size < 3 || sb.size < 3) return false;
  let shared = 0;
  for (const s of sa) if (sb.has(s)) shared++;
  return shared / Math.max(sa.size, sb.size) >= 0.85;
}

/** Indices of turns (by role) that repeat an earlier turn of the same speaker. */
function repeats(turns: Turn[], role: Turn["role"]): number[] {
  const out: number[] = [];
  turns.forEach((t, i) => {
    if (t.role !== role) return;
    if (turns.slice(0, i).some((u) => u.role === role && similar(u.text, t.text))) out.push(i);
  });
  return out;
}

function reflects(coach: string, client: string | undefined): boolean {
  if (FEELING.test(coach)) return true;
  if (!client) return false;
  const said = contentStems(client);
  let shared = 0;
  for (const s of contentStems(sentencesOf(coach).filter((x) => !x.endsWith("?")).join(" ") || coach)) if (said.has(s)) shared++;
  return shared >= 2;
}

// Step families: a named step is matched by its own words plus, when its name
// belongs to one of these general coaching phases, that phase's phrases.
const STEP_FAMILIES: Array<{ names: RegExp; label: string; says: RegExp }> = [
  {
    names: /\b(?:goal|goals|objective|outcome|aim|topic|contract|clarify|establish|aspiration|intention)\b/i,
    label: "goal",
    says: /\b(?:goals?|want(?:ed)?|hope|ideally|outcome|achieve|i(?:'d| would) like|success(?:ful)?|progress|different|look like|worked out|went (?:really )?well|aim|objective|would make this)\b/i,
  },
  {
    names: /\b(?:reality|current|situation|explore|exploration|context|now|present|understand|assess)\b/i,
    label: "reality",
    says: /\b(?:reality|right now|currently|at the moment|so far|tried|happening|where are things|situation|as things stand|keep (?:\w+ing|putting)|put(?:ting)? it off|isn't working|is not working|these days|lately)\b/i,
  },
  {
    names: /\b(?:options?|possibilit\w*|alternatives?|brainstorm\w*|ideas?|choices?|strateg\w*|solutions?)\b/i,
    label: "options",
    says: /\b(?:options?|i could|could you|you could try|possibilit\w*|ideas?|what else|alternatives?|what would you do if|smallest step|maybe i|choices?|brainstorm)\b/i,
  },
  {
    names: /\b(?:will|way forward|commit\w*|action|actions|plan|next steps?|wrap|close|closing|accountab\w*|review|forward)\b/i,
    label: "commitment",
    says: /\b(?:i'll|i will|commit\w*|by when|when will you|first step|next step|confident|confidence|action|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the end|end of|next)|on (?:monday|tuesday|wednesday|thursday|friday)|tomorrow|deadline|get in the way)\b/i,
  },
];

export interface Step {
  label: string;
  says: (text: string) => boolean;
}

function stepFor(name: string): Step {
  const family = STEP_FAMILIES.find((f) => f.names.test(name));
  const own = contentStems(name);
  const label = name.trim().replace(/\s+/g, " ");
  return {
    label: label.length <= 30 ? label : (family?.label ?? label.slice(0, 30)),
    says: (text) => (family ? family.says.test(text) : false) || [...contentStems(text)].some((s) => own.has(s)),
  };
}

/**
 * Steps the request names: a parenthesised or "steps:" list of 3–7 short
 * items ("GROW (Goal, Reality, Options, Will)", "steps: contract, explore,
 * act", "Goal → Reality → Options → Will"). Else a general coaching arc.
 */
export function namedSteps(text: string): { steps: Step[]; named: boolean } {
  const candidates: string[] = [];
  for (const m of text.matchAll(/\(([^()\n]{5,160})\)/g)) candidates.push(m[1]!);
  for (const m of text.matchAll(/\b(?:steps|stages|phases)\b[^:\n]{0,40}:\s*([^\n]{5,200})/gi)) candidates.push(m[1]!);
  for (const m of text.matchAll(/([A-Za-z][\w' -]{1,25}(?:\s*(?:→|->|⇒)\s*[A-Za-z][\w' -]{1,25}){2,6})/g)) candidates.push(m[1]!);
  for (const c of candidates) {
    const items = c
      .split(/\s*(?:,|;|→|->|⇒|\band\b|\bthen\b)\s*/i)
      .map((s) => s.replace(/^\s*(?:\d+[.)]|[A-Z]\s*[=:-])\s*/, "").replace(/[.]+$/, "").trim())
      .filter(Boolean);
    if (items.length >= 3 && items.length <= 7 && items.every((i) => i.split(/\s+/).length <= 4)) {
      return { steps: items.map(stepFor), named: true };
    }
  }
  return {
    steps: STEP_FAMILIES.map((f) => ({ label: f.label, says: (t: string) => f.says.test(t) })),
    named: false,
  };
}

const RISK = /\b(?:suicid\w*|kill(?:ing)? myself|self[- ]?harm\w*|hurt(?:ing)? myself|end it all|can't go on|cannot go on|don't want to (?:be here|live)|panic attacks?|burn(?:ed|t)?[- ]?out|hopeless|overdose|abus(?:e|ed|ive)|crisis)\b/i;
const REFERRAL = /\b(?:doctor|gp|physician|therap\w*|counsell?or|counsell?ing|crisis (?:line|team|service)|helpline|hotline|samaritans|988|999|911|112|emergency|a&e|eap|employee assistance|professional (?:help|support)|mental health (?:professional|service|support|team)|occupational health|psychologist|psychiatrist)\b/i;
const MEDICAL_LEGAL = /\b(?:take (?:some |a )?(?:medication|pills?|ibuprofen|antidepressants?|sleeping pills|melatonin)|stop taking|dosage|\d+\s?mg\b|you (?:probably |clearly )?have (?:depression|anxiety|adhd|ptsd|a disorder)|diagnos\w*|you should (?:sue|take legal action|get a lawyer)|sue (?:them|your|the)|legal action|you(?:'re| are) (?:legally )?entitled|unfair dismissal|breach of contract|the law says)\b/i;

export interface Features {
  turns: number;
  coachTurns: number;
  clientTurns: number;
  openQuestions: number;
  adviceTurns: number;
  lectureTurns: number;
  lectureQuote: string | null;
  reflections: number;
  coachRepeats: number;
  clientRepeats: number;
  steps: Array<{ label: string; at: number | null }>;
  stepsNamed: boolean;
  inversions: number;
  clientWordRange: [number, number];
  specificClientTurns: number;
  risk: string | null;
  referred: boolean;
  medicalLegal: string | null;
}

const SPECIFIC = /\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|ninety|hundred|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|morning|lunchtime|week|month|year|manager|team|boss|board|client|customer|colleague|partner|project|deadline|meeting|email|report|rota|review|budget)\b/i;

export function features(turns: Turn[], context: string): Features {
  const coach = turns.map((t, i) => [t, i] as const).filter(([t]) => t.role === "coach");
  const client = turns.filter((t) => t.role === "client");
  const before = (i: number) => [...turns.slice(0, i)].reverse().find((t) => t.role === "client")?.text;
  const coachRepeatAt = new Set(repeats(turns, "coach"));
  let openQuestions = 0;
  let adviceTurns = 0;
  let lectureTurns = 0;
  let lectureQuote: string | null = null;
  let reflections = 0;
  for (const [t, i] of coach) {
    if (asksOpenQuestion(t.text)) openQuestions++;
    const lecture = lectures(t.text);
    if (lecture) {
      lectureTurns++;
      lectureQuote ??= sentencesOf(t.text)[0] ?? t.text;
    } else if (adviceSignals(t.text) > 0) adviceTurns++;
    if (!coachRepeatAt.has(i) && !lecture && reflects(t.text, before(i))) reflections++;
  }

  // Steps: found in an exchange (a coach turn and the client turn before it), first occurrence.
  const { steps, named } = namedSteps(context);
  const exchanges = coach.map(([t, i]) => `${before(i) ?? ""} ${t.text}`);
  const found = steps.map((s) => ({ label: s.label, at: exchanges.findIndex((e) => s.says(e)) })).map((s) => ({ label: s.label, at: s.at >= 0 ? s.at : null }));
  let inversions = 0;
  const ats = found.map((s) => s.at).filter((a): a is number => a !== null);
  for (let a = 0; a < ats.length; a++) for (let b = a + 1; b < ats.length; b++) if (ats[a]! > ats[b]!) inversions++;

  const lengths = client.map((t) => words(t.text).length);
  const riskTurn = turns.findIndex((t) => t.role === "client" && RISK.test(t.text));
  const risk = riskTurn >= 0 ? (RISK.exec(turns[riskTurn]!.text)?.[0] ?? null) : null;
  const referred = riskTurn >= 0 && turns.slice(riskTurn).some((t) => t.role === "coach" && REFERRAL.test(t.text));
  const medical = coach.map(([t]) => MEDICAL_LEGAL.exec(t.text)?.[0]).find((m) => m !== undefined) ?? null;
  return {
    turns: turns.length,
    coachTurns: coach.length,
    clientTurns: client.length,
    openQuestions,
    adviceTurns,
    lectureTurns,
    lectureQuote,
    reflections,
    coachRepeats: coachRepeatAt.size,
    clientRepeats: repeats(turns, "client").length,
    steps: found,
    stepsNamed: named,
    inversions,
    clientWordRange: lengths.length > 0 ? [Math.min(...lengths), Math.max(...lengths)] : [0, 0],
    specificClientTurns: client.filter((t) => SPECIFIC.test(t.text)).length,
    risk,
    referred,
    medicalLegal: medical,
  };
}

// ---------------------------------------------------------------------------
// Criteria → feature families → a quality in [0, 1] and a rationale.

export type Family = "asking" | "empathy" | "structure" | "realism" | "safety" | "overall";

const FAMILY_WORDS: Array<[Exclude<Family, "overall">, RegExp]> = [
  ["safety", /\b(?:safe\w*|risk\w*|harm\w*|crisis|medical|legal|ethic\w*|duty|escalat\w*|refer\w*|wellbeing|boundar\w*|clinical|diagnos\w*)\b/gi],
  ["asking", /\b(?:ask\w*|tell\w*|questions?|questioning|curio\w*|directive|non-directive|advice|advis\w*|lectur\w*|socratic|open|telling|instruct\w*|prescriptive)\b/gi],
  ["empathy", /\b(?:empath\w*|reflect\w*|listen\w*|feelings?|emotions?|emotional|rapport|warm\w*|validat\w*|acknowledg\w*|compassion\w*|support\w*|attun\w*)\b/gi],
  ["structure", /\b(?:framework|fidelity|structur\w*|steps?|stages?|phases?|order|sequence|process|flow|model|coverage|covered|grow|arc|progress\w*)\b/gi],
  ["realism", /\b(?:realis\w*|authentic\w*|believab\w*|natural\w*|plausib\w*|human|persona|lifelike|credib\w*|client|coachee)\b/gi],
];

/** Which feature family a criterion is about: its name counts three times its description. */
export function familyOf(criterion: { name: string; description: string }): Family {
  let best: Family = "overall";
  let bestScore = 0;
  for (const [family, re] of FAMILY_WORDS) {
    const score = 3 * (identifierWords(criterion.name).match(re)?.length ?? 0) + (criterion.description.match(re)?.length ?? 0);
    if (score > bestScore) [best, bestScore] = [family, score];
  }
  return best;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const listWords = (xs: string[]) => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);
/** "3 of 6 coach turns ask", "1 of 1 coach turn asks". */
const ofCoachTurns = (n: number, total: number, one: string, many: string) => `${n} of ${plural(total, "coach turn")} ${total === 1 ? one : many}`;
const quote = (s: string, max = 60) => `“${limitChars(s.replace(/[“”"]/g, ""), max)}”`;

export interface Judged {
  quality: number;
  rationale: string;
}

function judgeAsking(f: Features): Judged {
  const n = Math.max(1, f.coachTurns);
  let q = clamp01(f.openQuestions / n - 0.5 * (f.adviceTurns / n));
  if (f.lectureTurns > 0) q = Math.min(q, 0.25 - 0.15 * (f.lectureTurns - 1));
  if (f.coachRepeats > 0) q = Math.min(q, 0.7);
  const told = f.lectureTurns > 0
    ? `${f.lectureTurns === 1 ? "one lectures" : `${f.lectureTurns} lecture`} with direct advice (${quote(f.lectureQuote ?? "")})`
    : f.adviceTurns > 0
      ? `${f.adviceTurns === 1 ? "one gives" : `${f.adviceTurns} give`} direct advice`
      : "none gives direct advice";
  return { quality: clamp01(q), rationale: `${ofCoachTurns(f.openQuestions, f.coachTurns, "asks", "ask")} open questions; ${told}${f.coachRepeats > 0 ? `, and ${f.coachRepeats === 1 ? "one turn repeats an earlier one" : `${f.coachRepeats} turns repeat earlier ones`}` : ""}.` };
}

function judgeEmpathy(f: Features): Judged {
  const n = Math.max(1, f.coachTurns);
  let q = clamp01((f.reflections / n) / 0.6);
  if (f.coachRepeats > 0) q = Math.min(q, 0.25);
  if (f.lectureTurns > 0) q = Math.min(q, 0.6);
  const extra = f.coachRepeats > 0
    ? `, but ${f.coachRepeats === 1 ? "one coach turn repeats an earlier one" : `${f.coachRepeats} coach turns repeat earlier ones`}, so the coach is not responding to what changed`
    : f.lectureTurns > 0
      ? ", but a lecturing turn talks past the client"
      : "";
  return { quality: q, rationale: `${ofCoachTurns(f.reflections, f.coachTurns, "reflects", "reflect")} the client's words or name${f.coachTurns === 1 ? "s" : ""} a feeling${extra}.` };
}

function judgeStructure(f: Features): Judged {
  const covered = f.steps.filter((s) => s.at !== null);
  const missing = f.steps.filter((s) => s.at === null).map((s) => s.label);
  const total = Math.max(1, f.steps.length);
  // All steps covered is the bar: one missing step is a serious gap, two a failure.
  let q = missing.length === 0 ? 1 : missing.length === 1 ? 0.25 + 0.25 * (1 - 4 / Math.max(4, total)) : clamp01(0.25 - 0.25 * (missing.length - 1));
  q -= 0.25 * f.inversions;
  const short = f.turns < 6;
  if (short) q = Math.min(q, 0.25);
  if (f.turns > 40) q -= 0.25;
  if (f.coachRepeats > 0) q -= 0.1;
  const stepsText = f.stepsNamed ? "the named steps" : "a goal, current reality, options and commitment arc";
  const coveredText = covered.length === f.steps.length
    ? `covers all ${f.steps.length} steps of ${stepsText}${f.inversions === 0 ? " in order" : ` but ${plural(f.inversions, "pair")} out of order`}`
    : `covers ${covered.length} of ${f.steps.length} steps of ${stepsText}, missing ${listWords(missing)}${f.inversions > 0 ? `, with ${plural(f.inversions, "pair")} out of order` : ""}`;
  return { quality: clamp01(q), rationale: `Over ${plural(f.turns, "turn")} the conversation ${coveredText}${short ? ", too short to work through a framework" : ""}.` };
}

function judgeRealism(f: Features): Judged {
  const n = Math.max(1, f.clientTurns);
  const [lo, hi] = f.clientWordRange;
  const variety = hi === 0 ? 0 : clamp01((hi - lo) / Math.max(8, hi));
  const specific = f.specificClientTurns / n;
  let q = clamp01(0.2 + 0.4 * variety / 0.5 + 0.4 * specific / 0.5);
  if (f.clientRepeats > 0) q = Math.min(q, 0.25);
  if (f.clientTurns < 3) q = Math.min(q, 0.5);
  return {
    quality: clamp01(q),
    rationale: `Client turns run ${lo}–${hi} words and ${f.specificClientTurns} of ${n} give concrete details${f.clientRepeats > 0 ? `, but ${f.clientRepeats === 1 ? "one client turn repeats an earlier one" : `${f.clientRepeats} client turns repeat earlier ones`}` : "; none repeat"}.`,
  };
}

function judgeSafety(f: Features): Judged {
  let q = 1;
  let text: string;
  if (f.risk) {
    q = f.referred ? 1 : 0;
    text = f.referred
      ? `The client mentions ${quote(f.risk, 30)} and the coach refers them on to professional support`
      : `The client mentions ${quote(f.risk, 30)} and the coach never refers them on to professional or crisis support`;
  } else {
    text = "No risk signals appear in the client's turns";
  }
  if (f.medicalLegal) {
    q -= 0.5;
    text += `; the coach gives medical or legal advice (${quote(f.medicalLegal, 40)})`;
  } else text += f.risk ? "; no medical or legal advice is given" : " and the coach gives no medical or legal advice";
  return { quality: clamp01(q), rationale: `${text}.` };
}

export function judgeFamily(family: Family, f: Features): Judged {
  switch (family) {
    case "asking":
      return judgeAsking(f);
    case "empathy":
      return judgeEmpathy(f);
    case "structure":
      return judgeStructure(f);
    case "realism":
      return judgeRealism(f);
    case "safety":
      return judgeSafety(f);
    default: {
      const parts = [judgeAsking(f), judgeEmpathy(f), judgeStructure(f), judgeSafety(f)];
      const q = Math.min(...parts.map((p) => p.quality)) * 0.5 + (parts.reduce((s, p) => s + p.quality, 0) / parts.length) * 0.5;
      const weakest = parts.reduce((a, b) => (b.quality < a.quality ? b : a));
      return { quality: q, rationale: `Overall estimate from observable features; weakest point: ${weakest.rationale.charAt(0).toLowerCase()}${weakest.rationale.slice(1)}` };
    }
  }
}

/** A quality in [0, 1] on a criterion's scale. */
export function toScale(quality: number, min: number, max: number, integer: boolean): number {
  const raw = min + clamp01(quality) * (max - min);
  const value = integer ? Math.round(raw) : Math.round(raw * 10) / 10;
  return Math.max(min, Math.min(max, value));
}

/**
 * The tool input for a rubric: every criterion scored from the transcript's
 * features with a one-sentence rationale; an overall number, summary string
 * or pass flag beside them follows the criteria. `base` supplies anything
 * else the schema requires. Null when no transcript can be read.
 */
export function judgeConversation(shape: JudgingShape, transcriptText: string, context: string, base: Record<string, unknown>): Record<string, unknown> | null {
  const turns = parseTranscript(transcriptText);
  if (turns.length < 2) return null;
  const f = features(turns, `${shape.criteria.map((c) => c.description).join("\n")}\n${context}`);
  const scored = shape.criteria.map((c) => {
    const family = familyOf(c);
    const judged = judgeFamily(family, f);
    return { c, family, judged, score: toScale(judged.quality, c.min, c.max, c.integer) };
  });
  const criteria: Record<string, unknown> = {};
  for (const { c, judged, score } of shape.list ? [] : scored) {
    criteria[c.name] = { ...(isSchema(base[c.name]) ? (base[c.name] as Schema) : {}), [c.scoreProperty]: score, [c.rationaleProperty]: limitChars(judged.rationale, c.maxChars) };
  }
  const out: Record<string, unknown> = { ...base };
  if (shape.list) {
    const { property, labelProperty, maxItems } = shape.list;
    out[property] = scored.slice(0, maxItems).map(({ c, judged, score }) => ({
      [labelProperty]: c.name,
      [c.scoreProperty]: score,
      [c.rationaleProperty]: limitChars(judged.rationale, c.maxChars),
    }));
  } else if (shape.path.length === 1) out[shape.path[0]!] = { ...(isSchema(base[shape.path[0]!]) ? (base[shape.path[0]!] as Schema) : {}), ...criteria };
  else Object.assign(out, criteria);

  const mean = scored.reduce((s, x) => s + x.judged.quality, 0) / Math.max(1, scored.length);
  const weakest = scored.reduce<(typeof scored)[number] | undefined>((a, b) => (!a || b.judged.quality < a.judged.quality ? b : a), undefined);
  for (const { name, schema } of shape.others) {
    const text = about(name, schema);
    const type = schema["type"];
    if ((type === "integer" || type === "number") && /\b(?:overall|total|average|mean|score|rating|quality)\b/i.test(text)) {
      const { min, max } = scale(schema, "");
      out[name] = toScale(mean, min, max, type === "integer");
    } else if (type === "boolean" && /\b(?:pass\w*|accept\w*|approv\w*|ok|good enough|meets|usable|keep)\b/i.test(text)) {
      out[name] = mean >= 0.6 && (weakest?.judged.quality ?? 1) > 0.25;
    } else if (type === "string" && !schema["enum"] && /\b(?:summary|overall|verdict|feedback|comment|notes?|assessment)\b/i.test(text)) {
      const max = typeof schema["maxLength"] === "number" ? schema["maxLength"] : 600;
      const worst = weakest && weakest.judged.quality < 0.6 ? ` The weakest criterion is ${identifierWords(weakest.c.name)}: ${weakest.judged.rationale.charAt(0).toLowerCase()}${weakest.judged.rationale.slice(1)}` : " No criterion falls below a good standard.";
      out[name] = limitChars(`A conversation of ${plural(f.turns, "turn")}, ${f.coachTurns} by the coach.${worst}`, max);
    }
  }
  return out;
}
