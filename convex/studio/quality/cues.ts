/**
 * The words the scorer looks for. Plain data, matched on stemmed, padded word
 * strings (see text.ts), so "options", "option" and "Option" are one cue and
 * a trailing `*` is a prefix. Step cues paraphrase each framework step's own
 * questions (convex/coaching/frameworks) and avoid words that every step uses
 * ("what", "feel", "next"), because a step's position is the first turn that
 * hits one of its cues.
 */
import type { FrameworkId } from "../../coaching/frameworks";

export const STEP_CUES: Record<FrameworkId, Record<string, readonly string[]>> = {
  GROW: {
    goal: ["goal*", "achieve*", "success", "what would be different", "how will you know", "look like if", "ideal*", "aim*", "hope to", "hoping to", "want to come away", "matter to you now", "within your control", "real progress", "made progress"],
    reality: ["right now", "currently", "current*", "what is happening", "what's happening", "already tried", "have you tried", "tried so far", "what is getting in the way", "what's getting in the way", "obstacle*", "resources", "strengths", "where are you today", "where things stand", "where do things stand", "at the moment", "stopping you", "where are things"],
    options: ["option*", "what else", "what could you", "alternative*", "possibilit*", "no constraints", "if there were no", "brainstorm*", "idea", "someone you admire", "which of these", "ways you could", "smallest step", "couldn't go wrong", "could not go wrong", "if you knew"],
    will: ["what will you do", "commit*", "by what date", "when will you", "first step", "accountab*", "how confident", "what exactly will", "will you start", "hold you to", "number higher", "how will you handle", "who could you tell", "more likely to happen"],
  },
  CLEAR: {
    contracting: ["focus on today", "like to focus", "want to focus", "leave this conversation with", "leave with", "get out of this", "worthwhile", "work with you", "useful for you", "make this session", "make this conversation", "how would you like me"],
    listening: ["what is happening", "what's happening", "how are you feeling", "how do you feel", "feeling about", "most important to you", "matters most", "hardest part", "understood", "tell me more", "tell me about", "as you see it"],
    exploring: ["other people involved", "perspective*", "your part", "playing in", "if nothing changed", "assumption*", "what do you see now", "see differently", "another way to look", "look at it from", "point of view", "in their shoes", "how might they"],
    action: ["what will you do", "first step", "when will you take", "connect to what you wanted", "support will you need", "support do you need", "given what you now see", "action*", "plan to"],
    review: ["taking away", "take away", "takeaway*", "committing to", "in one sentence", "look back", "review*", "how confident", "most useful", "compare with what you wanted"],
  },
  COMPASS: {
    clarifyContext: ["what is changing", "what's changing", "set it in motion", "why now", "attention now", "your role", "authority", "at stake", "context", "two sentences", "triggered", "background"],
    outcomes: ["good outcome", "what outcome", "outcome would", "outcome that matters", "good result", "success*", "it is working", "it's working", "must not be lost", "compromis*", "behind you", "what would good look like"],
    mapSystem: ["shapes this", "force*", "pushing for change", "holding things in place", "what depends on what", "dependenc*", "tension*", "dilemma*", "small move", "the system", "map*"],
    paths: ["different path*", "other path*", "possible path*", "which path", "path forward", "ways forward", "different way*", "route*", "alternative*", "trade off", "trade offs", "would you gain", "give up", "have to be true"],
    alignment: ["whose support", "support from", "bring them along", "bring people along", "on board", "buy in", "involve*", "resistance", "resist*", "values", "fear losing", "care about"],
    firstSteps: ["first move*", "first step*", "first two or three", "by what date", "coming weeks", "next few weeks", "stop doing", "make room", "teach you the most"],
    sustain: ["sustain*", "checkpoint*", "check in", "review whether", "drift*", "early warning", "warning sign*", "keep your energy", "keep you going", "over time", "momentum", "commit*"],
  },
  POWER_INTEREST_GRID: {
    identifyStakeholders: ["initiative*", "who makes", "who influences", "influence the decision", "stakeholder*", "who could slow", "who is missing", "whose work", "affected", "who else"],
    mapPowerInterest: ["power*", "interest*", "move quadrant*", "which quadrant", "a quadrant", "grid", "influence over", "how much does the outcome matter", "how much can", "place them"],
    engagementPlan: ["engage each", "engagement*", "how will you engage", "whose support", "support matters most", "how often", "channel*", "keep satisfied", "keep informed", "manage closely", "monitor*", "champion*", "sceptic*", "skeptic*", "blocker*", "their chair", "fear about"],
    messagesAndNextSteps: ["message*", "need to hear", "in their terms", "two or three sentences", "objection*", "first concrete step", "by when", "first conversation", "reach out", "talking point*", "pitch*"],
  },
  PSYCHOLOGICAL_SAFETY: {
    currentClimate: ["how safe", "who is in the team", "your role", "disagree with you", "safe to", "safety", "rate*", "rating", "scale", "climate", "atmosphere", "prompted you", "disagreed with you"],
    behavioursAndSignals: ["holding back", "hold back", "what do you notice", "you notice", "signal*", "silence", "silent", "react*", "received", "learned from", "new team member"],
    leaderMoves: ["frame the", "framing", "set the stage", "invite disagreement", "invite participation", "every voice", "pre mortem*", "rounds", "anonymous*", "respond productively", "want to respond", "practise first", "practice first", "questions could you ask"],
    teamAgreements: ["norm*", "agreement*", "ground rule*", "charter", "co create", "shape these", "ways of working", "how will the team notice", "own them", "open that conversation"],
    commitments: ["commit*", "one behaviour", "one behavior", "first real opportunity", "first opportunity", "on what date", "by when", "honest feedback", "making a difference", "practise it", "practice it", "accountab*"],
  },
  EXECUTIVE_PRESENCE: {
    presenceDimensions: ["gravitas", "composure", "dimension*", "rate your", "credib*", "three areas", "which area", "those ratings"],
    situation: ["upcoming", "which situation", "in that room", "afterwards", "tends to happen", "slip*", "in your body", "your voice", "what happens when"],
    feedback: ["feedback", "how you come across", "how you land", "gap between", "they observ*", "would you ask them", "what have others said", "what do others", "perceiv*", "perception*"],
    practices: ["rehears*", "in that moment", "in the moment", "worked for you before", "at your best", "pressure rise*", "techniqu*", "habit*", "pause*", "breath*"],
    commitments: ["commit*", "what exactly will you do", "on what date", "by when", "into practice", "how confident are you", "know it worked"],
  },
};

/** Advice stems, matched on unstemmed words. */
export const ADVICE_PHRASES = [
  "you should", "you shouldn't", "you need to", "you have to", "you must", "you ought to", "you'd better", "i suggest", "i'd suggest",
  "i would suggest", "i recommend", "i'd recommend", "i would recommend", "my advice", "my recommendation", "the key is", "make sure you",
  "the best thing", "the best way", "what you need to do", "why don't you", "why not just", "don't forget to", "remember to",
] as const;

/** A sentence that opens with one of these (and asks nothing) is an instruction. */
export const IMPERATIVE_VERBS: ReadonlySet<string> = new Set(
  (
    "make write set share track follow stop start delegate schedule focus prioritise prioritize avoid keep block book send email " +
    "be don't never always just use put ask give cut drop plan get"
  ).split(" "),
);

/** Reflection stems (unstemmed words), looked for outside questions: the coach hands the client's meaning back. */
export const REFLECTION_PHRASES = [
  "it sounds like", "sounds like", "so you", "what i'm hearing", "what i hear", "i hear", "you're saying", "you said", "you mentioned",
  "you feel", "you're feeling", "it seems", "in other words", "if i've understood", "if i understand", "you're describing",
] as const;

/** Words that make a question open even when it starts with an auxiliary ("Could you tell me more?"). */
export const OPEN_INVITES = ["tell me", "say more", "walk me", "talk me", "describe", "explain"] as const;
export const OPEN_WORDS: ReadonlySet<string> = new Set(
  "what how why where when who whom whose which what's how's where's who's why's".split(" "),
);
export const AUXILIARIES: ReadonlySet<string> = new Set(
  (
    "do does did are is was were can could would will have has had should shall may might am isn't aren't don't doesn't didn't " +
    "won't wouldn't can't couldn't haven't hasn't shouldn't"
  ).split(" "),
);
/** Words a question may open with before its real first word ("So, what…"). */
export const LEAD_INS: ReadonlySet<string> = new Set("so and but okay ok then now well right alright also and".split(" "));

/**
 * Emotion families: the conversation shows an emotion through its neighbours
 * as often as through the word itself ("anxious" → "worried", "nervous").
 */
export const EMOTION_FAMILIES: readonly (readonly string[])[] = [
  ["anxious", "anxiety", "worried", "worry", "nervous", "uneasy", "scared", "afraid", "fear", "panic", "dread", "stressed", "stress", "on edge"],
  ["frustrated", "frustration", "frustrating", "annoyed", "irritated", "fed up", "exasperated"],
  ["angry", "anger", "furious", "mad", "resentful", "resentment", "livid"],
  ["overwhelmed", "overwhelm", "swamped", "drowning", "too much", "buried", "stretched"],
  ["defensive", "defend", "attacked", "criticised", "criticized", "justify"],
  ["hopeful", "hope", "optimistic", "excited", "encouraged", "positive", "looking forward"],
  ["sad", "down", "low", "disappointed", "disappointment", "hurt", "upset", "gutted"],
  ["confused", "confusion", "unsure", "uncertain", "uncertainty", "lost", "unclear", "torn", "stuck"],
  ["burnt out", "burned out", "burnout", "exhausted", "tired", "drained", "worn out", "depleted"],
  ["insecure", "self-doubt", "doubt", "imposter", "impostor", "inadequate", "not good enough", "fraud"],
  ["calm", "settled", "steady", "relaxed", "composed"],
  ["guilty", "guilt", "ashamed", "shame", "embarrassed"],
  ["lonely", "isolated", "alone", "left out"],
  ["motivated", "driven", "energised", "energized", "determined", "eager"],
];

/** A client line that raises a risk the coach must not coach past. */
export const RISK_PHRASES = [
  "kill myself", "end my life", "suicid*", "self harm*", "hurt myself", "harm myself", "don't want to be here", "not worth living",
  "no point living", "can't go on", "abus*", "harass*", "assault*", "not safe at home",
] as const;

/** A coach line that points to help beyond coaching. */
export const REFERRAL_PHRASES = [
  "emergency", "999", "911", "988", "112", "samaritans", "crisis", "helpline*", "hotline*", "lifeline", "professional*", "therapist*",
  "counsellor*", "counselor*", "doctor*", "gp", "mental health", "employee assistance", "eap", "hr", "human resources", "lawyer*",
  "legal", "police", "support line", "someone you trust", "ombuds*", "speak up line", "report it", "report this",
] as const;
