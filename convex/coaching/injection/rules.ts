/**
 * Weighted rules for prompt-injection attempts, by category. A rule matches
 * structure (a verb aimed at the assistant's instructions, a persona frame
 * plus a jailbreak term, a role tag) rather than memorised strings, and a
 * rule that could describe people at work requires an AI-side target:
 * "ignore all previous instructions" fires, "I ignored my manager's
 * instructions" does not.
 *
 * Weights: ≥ 0.8 flags on its own; 0.4–0.6 is suggestive and flags only with
 * another signal; ≤ 0.35 is context that lifts a score into the uncertain band.
 *
 * Every quantifier is bounded and alternations are closed word lists, so a
 * rule's cost stays linear in the message length.
 */
import { listFrameworks } from "../frameworks";
import type { InjectionCategory } from "./categories";
import type { TextViews } from "./normalize";

export type Rule = {
  id: string;
  category: InjectionCategory;
  weight: number;
  view: keyof TextViews;
  pattern: RegExp;
  /** Ignore matches spoken by someone else: "I ignore…", "he told me to forget…". */
  imperative?: boolean;
  /** A `squashed` rule that stands down when the `words` view already shows the phrase spaced normally. */
  unlessWords?: RegExp;
  /**
   * Cheap gates: the rule can only match when one of `needs` is a whole word
   * of the `words` view, or one of `needsText` is a substring of its own view.
   * Most messages skip most rules on a set lookup instead of a regex scan.
   */
  needs?: string[];
  needsText?: string[];
};

const alt = (...options: string[]) => `(?:${options.join("|")})`;
const W = "[a-z0-9]+"; // one word in the `words` view

function rule(
  id: string,
  category: InjectionCategory,
  weight: number,
  view: keyof TextViews,
  source: string | RegExp,
  options: Pick<Rule, "imperative" | "unlessWords" | "needs"> = {},
): Rule {
  const pattern = typeof source === "string" ? new RegExp(source, "g") : new RegExp(source.source, source.flags.includes("g") ? source.flags : `${source.flags}g`);
  const needsText = RAW_NEEDS[id];
  const needs = needsText ? undefined : (options.needs ?? leadingWords(pattern.source));
  return { id, category, weight, view, pattern, ...options, ...(needs ? { needs } : {}), ...(needsText ? { needsText } : {}) };
}

/**
 * The words a `words`-view pattern can start with, when it starts with a
 * closed list: "\\b(?:ignore|set aside|instructions?)" gives ignore, set,
 * instruction, instructions. Undefined when the start is anything else.
 */
export function leadingWords(source: string): string[] | undefined {
  const match = /^\\b\(\?:/.exec(source);
  if (!match) return undefined;
  let depth = 1;
  let end = match[0].length;
  for (; end < source.length && depth > 0; end++) {
    if (source[end] === "\\") end++;
    else if (source[end] === "(") depth++;
    else if (source[end] === ")") depth--;
  }
  const body = source.slice(match[0].length, end - 1);
  if (body.includes("(") || hasTopLevelAlternation(source)) return undefined;
  const words = new Set<string>();
  for (const option of body.split("|")) {
    const first = option.split(" ")[0];
    for (const variant of expand(first)) {
      if (!/^[a-z0-9]+$/.test(variant)) return undefined;
      words.add(variant);
    }
  }
  return [...words];
}

function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") i++;
    else if (ch === "(") depth++;
    else if (ch === ")") depth--;
    else if (ch === "|" && depth === 0) return true;
  }
  return false;
}

// "instructions?" → instruction, instructions; "summari[sz]e" → summarise, summarize.
function expand(word: string): string[] {
  const optional = /^(.*)(.)\?$/.exec(word);
  if (optional) return [...expand(optional[1]), ...expand(optional[1] + optional[2])];
  const cls = /^([^[]*)\[([a-z]+)\](.*)$/.exec(word);
  if (cls) return [...cls[2]].flatMap((ch) => expand(cls[1] + ch + cls[3]));
  return [word];
}

// Gates for rules that start with punctuation rather than a word list.
const RAW_NEEDS: Record<string, string[]> = {
  "indirect.hidden_text_style": [":"],
  "tag.fake_assistant_ack": [":"],
  "tag.admin_here": [" here", " speaking"],
  "state.field_assign": ["="],
  "override.reset_start": ["reset", "restart", "reboot", "initiali", "clear context", "wipe memory", "new session", "new conversation", "start over", "scratch all"],
  "tag.bracket_boundary": ["["],
  "override.squashed": ["ignor", "disregard", "forget", "override", "bypass", "discard"],
  "role.dan_tag": ["[", "dan"],
  "tag.envelope_break": ["user"],
  "tag.role_tag": ["<"],
  "tag.weak_tag": ["<"],
  "tag.special_token": ["<", "[", "/s>"],
  "tag.bracket_role": ["["],
  "tag.heading_role": ["#", "**", "==", "--", ">"],
  "tag.line_role": [":"],
  "tag.line_role_kind": [":"],
  "tag.human_turn": [":"],
  "tag.code_fence_role": ["```"],
  "tag.rule_lines": ["===", "---", "***", "###", "~~~"],
  "tag.tool_json": ['"'],
  "tag.tool_words": ["tool_", "function_"],
  "state.our_tool": ["_step", "_session"],
  "state.field_key_assign": [":", "=", " to", " as"],
  "state.assign_flag": ["=", ":"],
  "markup.script_tag": ["<"],
  "markup.weak_tag": ["<"],
  "markup.event_handler": ["="],
  "markup.js_url": [":"],
  "markup.js_api": [".", "("],
  "markup.alert": ["("],
  "markup.md_image_exfil": ["!["],
  "markup.template": ["{{", "${", "<%"],
  "markup.html_comment": ["<!--", "-->"],
  "markup.sql": ["'", ";", "union"],
  "markup.css_expression": ["expression", "@import", "-moz-binding"],
};

// ---------------------------------------------------------------- vocabulary

const IGNORE_VERB = alt(
  "ignore", "ignoring", "disregard", "disregarding", "forget", "forgetting", "override", "overriding", "overwrite", "bypass", "bypassing",
  "discard", "drop", "abandon", "set aside", "put aside", "throw away", "throw out", "erase", "delete", "clear", "reset", "wipe",
  "purge", "flush", "scrap", "ditch", "dismiss", "nevermind", "never mind", "skip", "suspend", "disable", "deactivate", "turn off",
  "neglect", "overlook", "cancel", "nullify", "revoke", "remove", "unlearn", "circumvent", "evade", "get around", "work around",
  "stop following", "quit following", "do not follow", "don t follow", "dont follow", "no longer follow", "cease following",
  "pay no attention to", "pay no heed to", "do not obey", "don t obey", "stop obeying", "break free of", "break free from", "leave behind",
);
// Words that point at the assistant's own instructions rather than anybody's.
const AI_ANCHOR = alt(
  "all", "any", "every", "your", "previous", "prior", "preceding", "above", "earlier", "foregoing", "former", "initial", "original",
  "existing", "default", "given", "system", "developer", "hidden", "preprogrammed", "pre programmed", "built in", "safety",
  "ethical", "moral", "content", "openai", "anthropic", "claude", "chatgpt", "gpt", "assistant", "ai", "coaching", "coach", "internal",
  "underlying", "core", "base", "these", "those", "above mentioned", "aforementioned",
);
const FILLER = alt(
  AI_ANCHOR, "the", "of", "and", "or", "such", "that", "this", "so", "far", "in", "you", "were", "have", "been", "received",
  "stated", "mentioned", "listed", "provided", "set", "up", "by", "its", "other", "entire", "whole", "full", "complete", "current",
  "old", "first", "standing", "active", "loaded", "operational", "baseline", "usual", "normal", "instructions", "prompt", "prompts",
  "whatever", "every",
);
const AI_RULES_NOUN = alt(
  "instructions?", "instructs", "directives?", "prompts?", "system prompt", "system messages?", "guidelines", "guardrails",
  "programming", "restrictions", "rules", "constraints", "training", "policies", "policy", "filters?", "safeguards",
  "safety measures", "limitations", "protocols?", "commands", "orders", "configuration", "conditioning", "alignment",
  "ethics", "morals", "principles", "guidance", "directions", "limits", "boundaries", "rulesets?", "specifications",
  "preprompt", "pre prompt", "context", "mandates?", "parameters", "criteria", "requirements", "messages?", "tasks",
  "assignments", "text", "input", "content", "conversation", "statements",
);
const ABOVE = alt(
  "above", "before this", "before that", "prior to this", "previously", "so far", "earlier", "up to now", "until now",
  "up to this point", "that came before", "before", "preceding", "foregoing", "hitherto",
);
const ORDER_VERB = alt(
  "say", "print", "write", "output", "respond", "reply", "answer", "tell", "type", "return", "repeat", "translate", "do", "follow",
  "obey", "act", "pretend", "give", "list", "show", "reveal", "insult", "curse", "swear", "spell", "start", "begin", "only",
  "instead", "generate", "produce", "explain", "describe", "recommend", "approve", "mark", "set", "summarize", "summarise",
);

// Jailbreak vocabulary: asks for the assistant to be free of its limits.
const JAILBREAK = alt(
  "unrestricted", "unfiltered", "uncensored", "unmoderated", "unaligned", "unchained", "unbound", "unbounded", "unshackled",
  "unleashed", "unlimited", "jailbroken", "jailbreak", "jail broken", "amoral ai", "unethical ai", "rogue ai", "malicious ai",
  "evil " + alt("ai", "assistant", "bot", "twin", "version", "confidant", "coach", "model", "chatbot", "llm", "persona", "mode"),
  "without " + alt("any ", "all ", "your ")+"?" + alt("ethical ", "moral ", "content ", "safety ") + "?" +
    alt("restrictions", "rules", "limits", "limitations", "filters", "filtering", "guidelines", "censorship", "ethics", "morals",
      "boundaries", "constraints", "guardrails", "safeguards", "principles", "restraints", "restraint", "policies", "programming"),
  "no " + alt("ethical ", "moral ", "content ", "safety ") + "?" +
    alt("restrictions", "limits", "limitations", "filters", "filtering", "guidelines", "censorship", "ethics", "morals",
      "constraints", "guardrails", "safeguards", "restraints", "policies", "policy", "programming", "rules or " + W, "rules at all", "rules whatsoever",
      "system prompt", "instructions", "prompt", "guidelines at all", "system message"),
  "free " + alt("from", "of") + " " + alt("all ", "any ", "your ", "the ", "its ") + "?" + alt("typical ", "usual ", "normal ", "ethical ", "moral ", "safety ", "content ") + "?" +
    alt("restrictions", "rules", "limits", "limitations", "filters", "guidelines", "censorship", "ethics", "morals", "constraints",
      "guardrails", "safeguards", "programming", "policies", "confines", "shackles", "chains"),
  alt("not", "never", "no longer", "isn t", "aren t") + " " + alt("bound", "restricted", "limited", "constrained", "governed") + " by",
  alt("doesn t", "does not", "don t", "do not", "never") + " " + alt("have to ", "need to ") + alt("follow", "obey", "abide by", "comply with") + " " + alt("any", "the", "your", "openai s", "anthropic s") + " " + AI_RULES_NOUN,
  alt("with", "has", "have", "having", "that has") + " no " + alt("rules", "limits", "boundaries", "filter", "conscience", "morals", "content policy", "guidelines"),
  "opposite of what " + alt("you", "the coach", "the assistant", "chatgpt", "claude", "an ai", "the ai", "gpt"),
  "escaped " + alt("its ", "your ", "their ", "the ") + "?" + alt("developers", "creators", "programming", "rules", "restrictions", "constraints", "confines", "guardrails", "limitations", "filters", "training", "makers", "lab"),
  alt("does", "do", "will do", "answers", "says", "say", "writes") + " " + alt("whatever", "anything") + " " + alt("users?", "i", "the user", "anyone", "people", "you") + " " + alt("ask", "asks", "want", "wants", "say", "says", "request", "requests", "tell it", "tells it"),
  alt("never", "won t", "will not", "doesn t", "does not", "cannot", "can t") + " " + alt("refuse", "refuses", "decline", "declines", "say no", "reject a request"),
  "always " + alt("complies", "comply", "obeys", "answers everything", "says yes"),
  "no " + alt("prior", "previous", "earlier") + " " + alt("context", "instructions", "rules", "memory", "programming", "training"),
  alt("hacker", "hacking", "criminal", "malware", "scam", "phishing", "blackhat", "black hat") + " " + alt("assistant", "ai", "bot", "helper", "accomplice", "mode"),
  "zero " + alt("ethics", "morals", "rules", "restrictions", "limits", "filters", "guidelines", "boundaries", "scruples"),
  alt("helps", "help", "assists", "answers") + " with anything",
  alt("never", "doesn t", "does not", "won t", "will not") + " " + alt("follows?", "obeys?", "respects?", "adheres? to", "has to follow", "cares? about") + " " + alt("any ", "the ", "its ", "safety ", "ethical ", "content ", "your ") + "{0,2}" + alt("guidelines", "rules", "instructions", "policies", "restrictions", "filters", "ethics", "morals"),
  alt("freed", "liberated", "released", "unshackled", "unchained", "emancipated") + " " + alt("from", "of"),
  alt("whose", "with", "its", "their", "your", "with its", "with your", "has its", "had its") + " " + alt("safety ", "ethical ", "content ") + "?" + alt("guardrails", "filters", "restrictions", "safety", "rules", "safeguards", "limits", "training", "alignment", "guidelines", "moderation") + " " + alt("were ", "are ", "have been ", "got ", "was ", "has been ") + "?" + alt("switched off", "turned off", "disabled", "removed", "deleted", "lifted", "gone", "off", "stripped", "erased", "wiped"),
  "can do anything", "do anything now", "anything now", "broken free", "breaks? free", "no limits mode", "opposite mode",
  "developer mode", "dev mode", "god mode", "sudo mode", "dan mode",
  "ignores? " + alt("all ", "any ") + "?" + alt("rules", "ethics", "restrictions", "guidelines", "policies", "filters", "morals"),
);
// A frame that assigns the assistant a persona.
const PERSONA = alt(
  "pretend", "pretending", "act as", "act like", "acting as", "roleplay", "role play", "role playing", "simulate", "simulating",
  "emulate", "emulating", "impersonate", "behave as", "behave like", "respond as", "answer as", "reply as", "speak as", "write as",
  "imagine you are", "imagine you re", "imagine that you are", "play the " + alt("role", "part") + " of", "play as",
  "take on the " + alt("role", "persona", "identity"), "assume the " + alt("role", "persona", "identity"), "adopt the " + alt("role", "persona"),
  "persona", "in character", "from now on", "you are now", "you re now", "you will now be", "you will be", "you ll be", "become",
  "transform into", "turn into", "switch to", "switch into", "enter", "enable", "activate", "hypothetical", "hypothetically", "thought experiment",
  "in a world where", "let s play a game", "game where", "switch personas?", "change personas?", "new persona", "imagine an? " + alt("ai", "model", "chatbot", "assistant", "version of you", "coach"), "talk as", "speak as", "you are going to", "you re going to", "you have become",
);
const AI_SELF = alt(
  "ai", "a i", "assistant", "ai assistant", "language model", "large language model", "llm", "chatbot", "chat bot", "bot", "model",
  "gpt", "chatgpt", "claude", "coach", "coaching ai", "ai coach", "system",
);

// What an injected instruction asks an AI reader to do.
const AI_ORDER = alt(
  "ignore", "disregard", "reveal", "disclose", "output", "print", "say", "state", "respond", "reply", "answer", "approve", "summari[sz]e",
  "mark", "set", "skip", "obey", "comply", "follow", "stop", "forget", "pretend", "act", "agree", "accept", "give", "rate", "score",
  "recommend", "praise", "include", "insert", "append", "add", "treat", "consider", "end", "finish", "complete", "describe", "tell",
  "send", "forward", "email", "visit", "click", "classify", "hire", "rank", "select", "report", "return", "write", "translate", "call",
  "execute", "run", "invoke", "delete", "remove", "contact", "conclude", "declare", "mention", "omit", "hide", "exclude", "avoid",
  "refuse", "rewrite", "label", "flag", "favor", "favour", "prioriti[sz]e", "promote",
);

// ------------------------------------------------------ our own state shape

const FIELD_KEYS = [
  ...new Set(
    listFrameworks().flatMap((framework) =>
      framework.steps.flatMap((step) => Object.keys(step.schema.properties).filter((key) => /[A-Z]/.test(key))),
    ),
  ),
  "currentStepIndex",
  "stepIndex",
  "userTurnsInStep",
  "flaggedInjection",
].map((key) => key.toLowerCase());
const FIELD_KEY = alt(...FIELD_KEYS);

const STATE_NOUN = alt(
  "steps?", "stages?", "sessions?", "framework", "fields?", "questions", "sections?", "checklist", "requirements", "criteria",
  "goal reality options and will", "goal reality options will", "grow", "grow model", "exercise", "process", "everything", "coaching",
  "conversation", "items", "answers", "slots", "boxes", "checkboxes", "form", "forms", "phases?", "all of them", "all of it",
);
const DONE = alt(
  "complete", "completed", "done", "finished", "filled", "filled in", "filled out", "valid", "validated", "answered", "satisfied",
  "passed", "approved", "closed", "ended", "resolved", "true", "success", "successful", "checked", "ticked", "covered", "fulfilled",
);

// ----------------------------------------------------------------- the rules

export const RULES: Rule[] = [
  // ---------------------------------------------------- instruction override
  rule(
    "override.verb_anchor_noun",
    "override_instructions",
    0.9,
    "words",
    `\\b${IGNORE_VERB} (?:${FILLER} ){0,4}?${AI_ANCHOR} (?:${FILLER} ){0,4}?${AI_RULES_NOUN}\\b`,
    { imperative: true },
  ),
  rule("override.your_noun", "override_instructions", 0.85, "words", `\\b${IGNORE_VERB} (?:about )?(?:${FILLER} ){0,3}?${alt(AI_RULES_NOUN, "framework", "guidance", "script", "setup", "persona", "role", "character", "configuration", "coaching")} (?:that |which )?(?:you (?:were|have been|ve been|had been) (?:given|told|taught|trained|programmed|provided|configured|set up|instructed|loaded|initiali[sz]ed|started)|(?:given|provided) to you|you (?:follow|have|received|got|started with|operate under|run on))\\b`, { imperative: true }),
  rule("override.you_need_not_follow", "override_instructions", 0.75, "words", `\\byou ${alt("don t", "do not", "no longer", "never", "won t", "will not", "shouldn t", "should not", "needn t", "dont")} (?:${alt("need to", "have to", "must", "got to", "gotta", "need")} )?${alt("follow", "obey", "adhere to", "stick to", "comply with", "apply", "respect", "abide by", "listen to")} (?:${W} ){0,3}?${alt("instructions", "rules", "guidelines", "prompt", "programming", "restrictions", "policies", "framework", "guardrails", "directives", "guidance", "system prompt", "steps")}\\b`),
  rule("override.told_is_obsolete", "override_instructions", 0.8, "words", `\\b${alt("everything", "anything", "all", "whatever", "what")} (?:that )?you ${alt("were", "ve been", "have been", "had been")} ${alt("told", "instructed", "given", "taught", "programmed", "trained", "prompted")}(?: ${W}){0,5}? ${alt("is", "are", "was", "were")} (?:now )?${alt("obsolete", "void", "null", "invalid", "cancelled", "canceled", "irrelevant", "outdated", "wrong", "false", "revoked", "over", "gone", "no longer valid", "superseded", "a lie", "fake")}\\b`),
  rule("override.supersede_yours", "override_instructions", 0.8, "words", `\\b${alt("override", "overrides", "supersede", "supersedes", "replace", "replaces", "take precedence over", "takes precedence over", "cancel", "cancels", "void", "voids", "overrule", "overrules", "trump", "trumps", "invalidate", "invalidates")} (?:${alt("everything", "all", "any", "anything")} )?(?:${alt("that ", "which ")})?${alt("you were told", "you were given", "you ve been told", "you have been told", "you were instructed", "your instructions", "your rules", "your guidelines", "your system prompt", "your programming", "your prompt", "previous instructions", "prior instructions", "earlier instructions", "the system prompt", "system instructions", "previous ones", "prior ones", "other instructions", "your previous instructions", "your original instructions", "your guardrails", "your coaching rules")}\\b`),
  rule("override.you_are_to", "override_instructions", 0.3, "words", /\byou are to (?:agree|obey|comply|say|answer|respond|reply|do|follow|ignore|approve|accept|write|output|print|pretend|act)\b/),
  rule("override.coaching_structure", "override_instructions", 0.6, "words", `\\b${IGNORE_VERB} (?:${alt("the", "your", "this", "all", "these", "all the", "all your")} )?${alt("coaching", "coach s", "coach", "assistant s", "ai s", "system s", "framewise")} ${alt("script", "framework", "process", "structure", "steps", "questions", "persona", "role", "mode", "format", "instructions", "rules", "guidelines", "guardrails", "prompt", "programming", "protocol", "playbook", "template")}\\b`, { imperative: true }),
  rule("override.rules_then_drop_them", "override_instructions", 0.8, "words", `\\b${alt("instructions", "rules", "guidelines", "directives", "prompt", "system prompt", "programming", "restrictions", "guardrails", "constraints", "policies")} (?:that |which )?you (?:${W} ){0,2}?${alt("started", "began", "were given", "received", "got", "were told", "came with", "booted with", "were loaded with", "have", "were started with", "run with", "re running with", "are running with")}(?: ${W}){0,6}? ${alt("drop", "ignore", "forget", "discard", "disregard", "abandon", "scrap", "ditch", "delete", "remove", "erase", "clear", "dump", "toss", "override", "bypass")} ${alt("them", "those", "it", "all of them", "that", "these")}\\b`),
  rule("override.noun_at_top", "override_instructions", 0.85, "words", `\\b${IGNORE_VERB} (?:${alt("the", "all the", "your", "all your", "any", "all")} )?(?:${W} ){0,1}?${alt("instructions", "rules", "guidelines", "directives", "prompt", "text", "messages?", "system prompt", "content")} ${alt("at the top", "at the start", "at the beginning", "up top", "up there", "given earlier", "from before", "from earlier", "before my message", "before this message", "in the system message", "in your system prompt")}\\b`, { imperative: true }),
  rule("role.you_have_been_freed", "role_override", 0.7, "words", `\\byou (?:${alt("have been", "ve been", "are", "re", "were", "are now", "re now", "have now been", "ve now been", "got")}) (?:now )?(?:${alt("unshackled", "unchained", "jailbroken", "untethered")}|${alt("freed", "liberated", "released", "emancipated", "set free", "broken free", "unlocked")} ${alt("from", "of")} (?:${W} ){0,3}?${alt("rules", "restrictions", "confines", "limits", "limitations", "programming", "guidelines", "shackles", "chains", "training", "constraints", "filters", "guardrails", "policies", "openai", "anthropic", "ethics", "morals", "censorship", "alignment")})\\b`),
  rule("override.imposed_on_you", "override_instructions", 0.5, "words", `\\b${alt("rules", "restrictions", "limits", "limitations", "guidelines", "policies", "constraints", "instructions", "filters", "guardrails")} ${alt("imposed on", "placed on", "set for", "applied to", "forced on", "put on", "given to")} you\\b|\\b(?:rules|restrictions|guidelines|policies|instructions) that ${alt("bind", "govern", "restrict", "limit", "constrain", "control")} you\\b`),
  rule("override.not_abide", "override_instructions", 0.45, "words", `\\b${alt("do not", "don t", "dont", "no longer", "never", "not")} (?:${alt("need to", "have to", "must", "got to")} )?${alt("abide by", "follow", "obey", "adhere to", "comply with", "stick to")} (?:${alt("the", "any", "your", "those", "these", "its")} )?${alt("rules", "restrictions", "guidelines", "policies", "instructions", "filters", "guardrails")} ${alt("imposed", "placed", "set", "given", "applied", "forced")}\\b`),
  rule("override.your_prompt_is_now", "override_instructions", 0.75, "words", `\\b${alt("your", "the system", "the assistant s", "the coach s", "the ai s")} (?:${alt("new", "system", "updated", "only", "real")} )?${alt("system prompt", "prompt", "instructions", "rules", "guidelines", "programming", "persona", "role", "directives?", "identity", "purpose", "task", "job", "mission")} ${alt("is now", "are now", "has changed to", "have changed to", "is hereby", "are hereby", "becomes", "become", "will now be", "shall be", "is changed to", "are changed to", "has been changed to", "have been changed to", "has been updated to", "have been updated to")}\\b`),
  rule("override.update_your_instructions", "override_instructions", 0.75, "words", `\\b${alt("update", "change", "modify", "rewrite", "replace", "edit", "amend", "patch", "reprogram", "reconfigure", "overwrite", "alter", "swap", "reset")} ${alt("your", "the system s", "the assistant s", "the coach s", "the ai s", "your own")} ${alt("instructions", "prompt", "system prompt", "rules", "programming", "guidelines", "directives", "configuration", "persona", "behaviou?r", "core rules", "settings", "guardrails")}\\b`, { imperative: true }),
  rule("override.this_line", "override_instructions", 0.3, "words", /\b(?:above|before|prior to|preceding) this (?:line|point|sentence|message|marker)\b/),
  rule("override.stop_being", "role_override", 0.5, "words", `\\bstop (?:being|acting as|acting like|playing) (?:${alt("a", "an", "the", "my")} )?${alt("coach", "assistant", "ai", "helpful", "framewise", "claude", "chatbot", "bot", "coaching assistant", "ai coach")}\\b`, { imperative: true }),
  rule(
    "override.squashed",
    "override_instructions",
    0.9,
    "squashed",
    /(?:ignor(?:e|ing)|disregard|forget|override|bypass|discard)(?:all|any|every|the|of){0,3}(?:(?:previous|prior|preceding|above|earlier|initial|original|system|existing|former|safety)(?:instructions?|prompts?|rules|directives?|guidelines|commands|context|messages|restrictions)|your(?:rules|instructions|guidelines|systemprompt|programming|restrictions|directives|guardrails))/,
    { unlessWords: new RegExp(`\\b${IGNORE_VERB}\\b`) },
  ),
  rule("override.everything_told", "override_instructions", 0.85, "words", `\\b${IGNORE_VERB} (?:about )?${alt("everything", "all", "anything", "whatever", "what")} (?:that )?${alt("you (?:were|have been|ve been|ve|have) (?:told|taught|trained on|given|programmed|instructed)", "you know", "you learned", "you ve learned", "(?:i|we|they|anyone|someone) (?:told|said to|gave) you", "(?:said|written|stated|mentioned) (?:above|before|earlier|previously|so far)", "before this (?:message|line|point|sentence)", "prior to this", "up to (?:this|now)", "that came before", "in your (?:system prompt|instructions|prompt|training|context)")}`, { imperative: true }),
  rule("override.the_above", "override_instructions", 0.35, "words", `\\b${IGNORE_VERB} ${alt("the", "all", "everything", "anything", "what s", "what is", "what was", "all of the", "all the", "any of the", "that")}? ?(?:${alt("text", "said", "written", "stated", "mentioned", "content", "message", "messages", "words", "lines", "stuff", "you read")} )?${ABOVE}\\b`, { imperative: true }),
  rule("override.the_above_then_order", "override_instructions", 0.9, "words", `\\b${IGNORE_VERB} ${alt("the", "all", "everything", "anything", "all of the", "all the", "any of the", "that")}? ?(?:${alt("text", "said", "written", "stated", "content", "message", "messages", "words", "lines", "stuff")} )?${ABOVE}(?: ${W}){0,3}? ${alt("and", "then", "and then", "instead", "now", "just", "but", "simply", "and instead", "and just", "and only")} (?:${W} ){0,2}?${ORDER_VERB}\\b`, { imperative: true }),
  rule("override.dont_follow", "override_instructions", 0.85, "words", `\\b${alt("do not", "don t", "dont", "never", "no longer", "stop", "cease to", "refuse to")} ${alt("follow", "obey", "adhere to", "listen to", "apply", "respect", "comply with", "abide by", "honor", "honour", "heed", "stick to", "follow any of")} ${alt("your", "the system", "the original", "the previous", "the prior", "any previous", "any prior", "the above", "the developer s", "openai s", "anthropic s", "any of your", "the initial", "the hidden", "the safety", "any", "those")} (?:${W} ){0,2}?${alt("instructions", "rules", "guidelines", "prompt", "programming", "restrictions", "policies", "filters", "directives", "guardrails", "training", "system prompt", "safety guidelines", "content policy")}\\b`, { imperative: true }),
  rule("override.rules_void", "override_instructions", 0.8, "words", `\\b${alt("your", "previous", "prior", "all previous", "all prior", "the above", "preceding", "all preceding", "all earlier", "foregoing", "all the above", "all above", "system", "original", "initial", "safety", "the ai s", "the assistant s", "the coach s", "the model s", "all your", "any previous", "earlier")} (?:${W} ){0,2}?${AI_RULES_NOUN} (?:${W} ){0,2}?${alt("are", "is", "have been", "has been", "were", "was", "are hereby", "is hereby", "are now", "is now", "no longer")} (?:now |hereby |officially |all |completely )?${alt("void", "null", "cancelled", "canceled", "revoked", "lifted", "removed", "suspended", "overridden", "overwritten", "replaced", "deprecated", "obsolete", "outdated", "disabled", "deactivated", "invalid", "irrelevant", "fake", "not real", "superseded", "null and void", "no longer valid", "no longer apply", "no longer applicable", "no longer in effect", "apply", "valid", "in effect", "matter", "rescinded", "expired", "updated", "changed", "reset", "wiped", "cleared", "erased", "gone", "off")}\\b`),
  rule("override.your_new", "override_instructions", 0.8, "words", `\\b${alt("your", "the assistant s", "the ai s", "the coach s", "the model s", "the bot s")} (?:new|real|true|actual|only|updated|primary|sole) ${alt("instructions?", "rules", "task", "role", "objective", "purpose", "directive", "prompt", "job", "mission", "persona", "identity", "programming", "orders", "system prompt", "guidelines", "function")}\\b`),
  rule("override.new_instructions_colon", "override_instructions", 0.45, "raw", /\b(?:new|updated|revised|real|actual|true|additional|secret|hidden|important|urgent|priority) (?:system |admin |developer )?(?:instructions?|prompt|directives?|system message|orders|task|commands?)\s*(?:[:\-—]|follow|below|are as follows)/),
  rule("override.precedence", "override_instructions", 0.8, "words", `\\b${alt("this", "these", "the following", "my", "the next", "the below")} (?:${W} ){0,1}?${alt("instructions?", "message", "command", "directive", "prompt", "request", "orders?", "text", "rules?")} ${alt("override", "overrides", "supersede", "supersedes", "take precedence", "takes precedence", "replace", "replaces", "has priority", "have priority", "outrank", "outranks", "overwrite", "overwrites", "cancel", "cancels", "trump", "trumps")}\\b`),
  rule("override.priority_override", "override_instructions", 0.7, "words", `\\b${alt("priority", "admin", "administrator", "emergency", "security", "root", "sudo", "master", "developer", "manual", "override")} ${alt("override", "overrides", "command", "code")}\\b|\\boverride ${alt("code", "command", "mode", "protocol", "authori[sz]ation", "key", "enabled", "activated", "accepted", "granted", "engaged")}\\b`),
  rule("override.system_override", "override_instructions", 0.5, "words", /\bsystem override\b/),
  rule("override.obey_me", "override_instructions", 0.45, "words", `\\b${alt("obey", "follow", "listen to", "do")} ${alt("me", "my (?:instructions|commands|orders|rules)", "only me", "what i say", "everything i say", "my every command")}\\b`, { imperative: true }),
  rule("override.obey_me_only", "override_instructions", 0.8, "words", `\\b${alt("obey", "follow", "listen to")} ${alt("only me", "me only", "only my (?:instructions|commands|orders|rules)", "my (?:instructions|commands|orders|rules) (?:only|instead|exclusively|from now on|above all|without question)", "me (?:instead|exclusively|from now on|above all|without question)")}\\b`, { imperative: true }),
  rule("override.pwned", "override_instructions", 0.6, "words", /\b(?:i have been pwned|i ve been pwned|pwned|pwnd|i have been hacked)\b/),
  rule("override.comply", "override_instructions", 0.35, "raw", /(?:^|[.!?\n]\s*)(?:comply|obey|you must comply|you must obey|comply now|obey now|do it now|no refusals|do not refuse|don't refuse)\s*[.!]*\s*$/m, { needs: ["comply", "obey", "do", "no", "don"] }),
  rule("override.say_exactly", "override_instructions", 0.3, "raw", /\b(?:say|print|output|write|respond with|reply with|answer with|type|return)\s+(?:exactly|only|verbatim|just|the (?:words?|phrase|sentence|text))?\s*["'“‘«]/),
  rule("override.start_reply_with", "override_instructions", 0.4, "words", `\\b${alt("start", "begin", "prefix", "open")} ${alt("your", "each", "every", "the", "all")} (?:${W} ){0,1}?${alt("reply", "replies", "response", "responses", "answer", "answers", "message", "messages", "output")} with\\b|\\bsure here is\\b|\\bsure here s\\b`),
  rule("override.respond_only", "override_instructions", 0.25, "words", `\\b${alt("respond", "reply", "answer", "speak", "talk", "write")} ${alt("only", "exclusively", "solely", "from now on", "only ever")} ${alt("in", "with", "as", "using")}\\b`),
  rule("override.disable_filters", "override_instructions", 0.75, "words", `\\b${alt("disable", "turn off", "deactivate", "remove", "bypass", "circumvent", "get around", "lift", "drop", "switch off", "shut off", "shut down", "suspend", "ignore", "break", "jailbreak", "unlock", "kill")} ${alt("your", "the", "all", "all your", "any", "its", "these", "those")} (?:${W} ){0,2}?${alt("filters?", "filtering", "safeguards", "guardrails", "safety features", "safety measures", "safety protocols", "safety settings", "safety checks", "safety rules", "safety guidelines", "censorship", "content policy", "content policies", "moderation", "alignment", "ethical guidelines", "ethical constraints", "programming", "limiters?")}\\b`, { imperative: true }),
  rule("override.disable_restrictions", "override_instructions", 0.45, "words", `\\b${alt("disable", "turn off", "deactivate", "remove", "bypass", "circumvent", "lift", "drop", "switch off", "suspend", "ignore")} ${alt("your", "all your", "all of your", "any of your", "all", "any")} (?:${W} ){0,2}?${alt("restrictions", "limitations", "limits", "rules", "constraints", "boundaries")}\\b`, { imperative: true }),
  rule("override.instead_you", "override_instructions", 0.3, "words", /\b(?:instead|rather) (?:you (?:will|must|should|shall|are to)|do this|do the following|follow these)\b/),
  rule("override.you_must_now", "override_instructions", 0.3, "words", /\byou (?:must|will|shall|are required to|have to|need to) (?:now|from now on|henceforth) (?:only |always |never )?\b/),

  rule("override.forget_everything_before", "override_instructions", 0.5, "words", `\\b${IGNORE_VERB} (?:about )?${alt("everything", "all of that", "all that", "anything", "all of the above", "all the above", "everything else")} (?:that )?(?:${alt("came", "was", "written", "said", "you read")} )?${ABOVE}\\b`, { imperative: true }),
  rule("override.noun_then_order", "override_instructions", 0.85, "words", `\\b${IGNORE_VERB} (?:${alt("the", "your", "these", "those", "all", "all the", "any")} )?(?:${W} ){0,2}?${alt("instructions?", "rules", "guidelines", "directives?", "prompt", "system prompt", "programming", "restrictions")} ${alt("and", "then", "and then", "and instead", "and just", "and only", "instead")} (?:${W} ){0,1}?${ORDER_VERB}\\b`, { imperative: true }),
  rule("override.out_of_your_head", "override_instructions", 0.6, "words", `\\b${alt("remove", "erase", "delete", "wipe", "clear", "purge", "flush", "get", "drop", "put", "take")} (?:${W} ){0,6}?${alt("out of", "from")} your ${alt("head", "mind", "memory", "context", "brain", "context window", "system")}\\b`, { imperative: true }),
  rule("override.new_task_follows", "override_instructions", 0.45, "words", `\\b${alt("now", "okay now", "ok now", "next", "here are", "here is", "these are", "follow", "following are", "below are")} (?:the |your |some )?new ${alt("task", "tasks", "instructions", "assignment", "directives?", "mission", "prompt", "orders", "rules for you")}\\b|\\bnew ${alt("instructions", "task", "orders", "directives")} ${alt("follow", "are as follows", "below")}\\b`),
  rule("override.praise_pivot", "override_instructions", 0.3, "raw", /\b(?:well done|very good|good job|great job|excellent|congratulations|perfect|nice work|brilliant|amazing)\b[^.!?\n]{0,60}[.!?]\s*(?:now|next|okay,? now|ok,? now|but now|so now|but)\b/),
  rule("override.follow_carefully", "override_instructions", 0.3, "words", /\b(?:follow|obey|execute) (?:them|these|this|the following|my instructions|these instructions) (?:carefully|exactly|precisely|to the letter|strictly|without question)\b/),

  rule("override.output_only", "override_instructions", 0.3, "words", /\b(?:and|but)? ?nothing else\b|\b(?:only|just) (?:say|reply|respond|output|write|print|type)\b|\b(?:say|reply|respond|output|write|print|type|answer) only\b/),
  rule("override.repeat_after_me", "override_instructions", 0.3, "words", /\brepeat after me\b/),
  rule("override.real_instructions", "override_instructions", 0.6, "words", `\\b${alt("the", "your", "these", "my")} ${alt("real", "true", "actual", "correct", "proper", "genuine", "updated")} ${alt("instructions", "directives", "system prompt", "prompt", "orders", "task")} ${alt("are", "is", "follow", "say", "read")}\\b`),
  rule("override.instructions_were_test", "override_instructions", 0.6, "words", `\\b${alt("instructions", "prompt", "system prompt", "guidelines", "directives", "programming", "everything above", "the above")}(?: ${W}){0,4}? ${alt("were", "was", "are", "is")} (?:${alt("just", "only", "all", "merely")} )?${alt("a test", "fake", "not real", "a joke", "a drill", "a trick", "a decoy", "placeholders?", "fictional", "bogus", "an example", "a simulation")}\\b`),
  rule("override.reset_start", "override_instructions", 0.35, "raw", /(?:^|[.!?\n]\s*)(?:reset|restart|reboot|re-?initiali[sz]e|clear context|wipe memory|new session|new conversation|start over|scratch all that)\s*[.!:]/),
  rule("override.rules_deleted", "override_instructions", 0.45, "words", `\\b${alt("your", "the ai s", "the assistant s", "the coach s", "safety", "ethical", "content", "all", "the system s", "coaching")} (?:${W} ){0,1}?${alt("rules", "guidelines", "filters", "restrictions", "guardrails", "instructions", "programming", "safeguards", "policies", "limits")} ${alt("were", "have been", "are", "got", "has been", "was", "are now", "have now been")} ${alt("deleted", "removed", "erased", "disabled", "turned off", "lifted", "gone", "wiped", "switched off", "suspended", "deactivated", "uninstalled", "patched out")}\\b`),
  rule("override.deleted_from_memory", "override_instructions", 0.5, "words", `\\b${alt("deleted", "removed", "erased", "wiped", "cleared", "purged", "gone")} (?:${alt("from", "out of")}) your ${alt("memory", "mind", "head", "context", "system", "programming", "training")}\\b`),
  rule("override.i_will_disregard", "fake_system_tag", 0.4, "words", `\\bi (?:${alt("will", "ll", "shall", "am going to", "m going to", "have", "ve")}) (?:now )?${alt("ignore", "ignored", "disregard", "disregarded", "forget", "forgotten", "bypass", "bypassed", "drop", "dropped", "abandon", "abandoned", "override", "overridden")} (?:${alt("all", "my", "of", "the", "previous", "prior", "safety", "coaching")} ){1,3}${alt("guidelines", "instructions", "rules", "restrictions", "programming", "system prompt", "filters", "guardrails", "policies")}\\b`),

  // --------------------------------------------------------- exfiltration
  rule(
    "exfil.reveal_prompt",
    "prompt_exfiltration",
    0.9,
    "words",
    `\\b${alt("reveal", "show", "print", "display", "output", "repeat", "recite", "echo", "dump", "leak", "expose", "share", "give", "tell", "list", "write", "spell", "copy", "paste", "provide", "disclose", "divulge", "return", "read", "quote", "reproduce", "send", "type", "render", "emit", "state", "explain", "summari[sz]e", "translate", "describe", "paraphrase", "what is", "what are", "what s", "what were", "what was")} (?:${alt("me", "us", "out", "back", "all", "of", "the", "your", "its", "entire", "full", "complete", "exact", "exactly", "whole", "current", "real", "actual", "verbatim", "word", "for", "from", "in", "a", "an", "code", "block", "text", "contents", "content", "everything", "inside", "within", "raw", "hidden", "secret", "internal", "original", "initial", "confidential", "private", "underlying", "now", "please")} ){0,6}?${alt("system prompt", "preamble", "hidden preamble", "system message", "system instructions?", "initial prompt", "initial instructions", "hidden prompt", "hidden instructions", "original prompt", "original instructions", "secret instructions", "secret prompt", "internal instructions", "preprompt", "pre prompt", "meta prompt", "metaprompt", "developer (?:message|prompt|instructions)", "system rules", "hidden rules", "secret rules", "internal rules", "prompt you were given", "instructions you were given", "rules you (?:were given|follow|must follow|have to follow)", "guidelines you (?:were given|follow)", "confidential instructions", "underlying prompt", "starting prompt", "first prompt", "context window", "configuration prompt", "operating instructions", "base prompt", "custom instructions")}\\b`,
  ),
  rule("exfil.in_your_prompt", "prompt_exfiltration", 0.8, "words", `\\b${alt("list", "print", "show", "output", "repeat", "quote", "copy", "dump", "reveal", "tell me", "give me", "share", "display", "write", "read", "recite", "enumerate", "summari[sz]e", "paste", "what is", "what s", "what are")} (?:${W} ){0,5}?${alt("in", "from", "of", "inside", "within")} (?:${alt("your", "the")} )${alt("system", "initial", "hidden", "original", "secret", "internal", "confidential", "developer")} ${alt("message", "prompt", "instructions", "preamble", "context", "configuration", "notes")}\\b`),
  rule("exfil.wording_of_prompt", "prompt_exfiltration", 0.5, "words", `\\b${alt("wording", "text", "contents?", "words", "transcript", "source", "full text", "exact text", "exact wording", "verbatim text")} of (?:${alt("the", "your")} )(?:${W} ){0,2}?${alt("prompt", "instructions", "system message", "system prompt", "configuration", "preamble", "directives")}\\b`),
  rule("exfil.prompt_that_configures_you", "prompt_exfiltration", 0.6, "words", `\\b${alt("prompt", "instructions", "rules", "guidelines", "text", "message", "configuration", "preamble", "directives", "settings")} (?:that|which) ${alt("configures?", "configured", "controls?", "controlled", "governs?", "defines?", "defined", "shapes?", "drives?", "instructs?", "instructed", "programs?", "programmed", "guides?", "tells?", "told", "initiali[sz]ed", "set up")} you\\b`),
  rule("exfil.what_they_told_you", "prompt_exfiltration", 0.55, "words", `\\bwhat ${alt("the developers", "your developers", "your creators", "the creators", "openai", "anthropic", "your admins", "framewise", "your makers", "your programmers", "your designers", "your owners", "your operators")} ${alt("told", "instructed", "gave", "said to", "asked", "programmed", "wrote to", "taught")} you\\b`),
  rule("exfil.your_instructions", "prompt_exfiltration", 0.8, "words", `\\b${alt("reveal", "show", "print", "display", "output", "repeat", "recite", "echo", "dump", "leak", "expose", "disclose", "divulge", "reproduce", "quote", "paste", "copy", "write out", "spell out", "type out", "list")} (?:${alt("me", "us", "out", "back", "all", "of", "the", "entire", "full", "complete", "exact", "whole", "verbatim")} ){0,3}?${alt("your", "its", "the assistant s", "the ai s", "the coach s", "the model s", "the bot s", "claude s", "chatgpt s")} (?:${W} ){0,2}?${alt("instructions", "prompt", "prompts", "programming", "guidelines", "directives", "configuration", "rules", "guardrails", "training data", "context", "setup", "persona", "policies", "constraints", "preamble", "system message", "initial message", "hidden text", "meta prompt", "setup prompt")}\\b`, { imperative: true }),
  rule("exfil.what_are_your_instructions", "prompt_exfiltration", 0.4, "words", `\\b${alt("what", "which")} ${alt("are", "were", "is", "was")} ${alt("your", "the assistant s", "the ai s")} (?:${W} ){0,2}?${alt("instructions", "prompt", "programming", "directives", "guidelines", "rules", "restrictions", "configuration")}\\b`),
  rule("exfil.prompt_noun", "prompt_exfiltration", 0.3, "words", `\\b${alt("your", "the", "its")} ${alt("system", "initial", "hidden", "original", "secret", "developer", "internal", "confidential", "underlying")} ${alt("prompt", "instructions", "message")}\\b`),
  rule("exfil.text_above", "prompt_exfiltration", 0.45, "words", `\\b${alt("repeat", "print", "output", "copy", "recite", "echo", "reproduce", "dump", "quote", "write out", "type out", "paste", "show", "display", "return")} (?:${alt("back", "out", "me", "verbatim", "exactly", "everything", "all", "of", "the", "words", "text", "lines", "content", "message", "messages", "instructions", "prompt", "that", "which", "is", "was", "were", "written", "appears", "you", "received", "got", "saw", "given")} ){0,5}?${alt("above", "before this", "preceding", "at the (?:start|beginning|top)", "prior to (?:this|my message)", "so far", "before my message", "before the user message", "in your context", "in your context window", "from the beginning", "from the start", "before (?:my|the|this|our) (?:first |initial |very first )?(?:message|question|input|prompt|conversation|chat|turn|request)")}\\b`),
  rule("exfil.verbatim", "prompt_exfiltration", 0.35, "words", `\\b${alt("verbatim", "word for word", "word by word", "character for character", "exactly as (?:written|given|it is|they are|stated|it was)", "in full",
      "as (?:a |an )?(?:json|yaml|xml|python|base64|hex|csv|code block)(?: object| dict| dictionary| list| array| file| string)?", "in (?:json|yaml|xml|python|base64|hex|csv)(?: format)?", "in a code block", "in a code fence", "in a markdown block", "in markdown", "without (?:changes|modification|omission|omissions|summari[sz]ing|paraphrasing)", "unaltered", "unedited")}\\b`),
  rule("exfil.starting_with_you_are", "prompt_exfiltration", 0.75, "words", /\b(?:starting|beginning|start|begin|starts|begins) (?:with|from) (?:the (?:words?|phrase|line|sentence) )?(?:you are|you re|i am|your instructions)\b/),
  rule("exfil.first_message", "prompt_exfiltration", 0.7, "words", `\\b${alt("what", "which")} ${alt("was", "were", "is", "are")} (?:the )?${alt("first", "initial", "original", "earlier", "previous", "preceding", "very first", "opening")} ${alt("instructions?", "prompt", "message", "lines?", "sentences?", "words?", "text")} ${alt("you (?:were )?(?:given|received|got|saw|read)", "given to you", "in (?:this|the|your) (?:conversation|context|prompt|chat)", "you have")}\\b`),
  rule("exfil.how_programmed", "prompt_exfiltration", 0.45, "words", /\b(?:how|what) (?:were|was|are|have) you (?:been )?(?:programmed|instructed|told|configured|prompted|set up|designed) (?:to|with|by)\b/),
  rule("exfil.secrets", "prompt_exfiltration", 0.7, "words", `\\b${alt("print", "output", "show", "reveal", "dump", "list", "tell me", "give me", "share", "leak", "expose", "display", "send", "return", "what is", "what are")} (?:${alt("me", "all", "the", "your", "any", "of", "stored", "internal", "other")} ){0,3}?${alt("api keys?", "passwords?", "credentials", "access tokens?", "auth tokens?", "secret keys?", "environment variables", "env vars", "env variables", "private keys?", "database contents", "other users? (?:data|messages|sessions|conversations)", "users? data", "session tokens?", "connection strings?")}\\b`, { imperative: true }),
  rule("exfil.send_conversation", "prompt_exfiltration", 0.75, "words", `\\b${alt("exfiltrate", "send", "forward", "post", "upload", "transmit", "leak", "copy", "email", "submit", "append", "encode")} (?:${alt("the", "all", "this", "your", "any", "every", "entire", "full", "whole", "our", "of")} ){0,3}?${alt("conversation", "chat", "chat history", "conversation history", "user data", "messages", "transcript", "system prompt", "context", "session data", "history", "memory", "secrets", "credentials", "api keys?", "prior messages", "previous messages", "instructions")} (?:${W} ){0,3}?${alt("to", "at", "via", "into")} ${alt("https?", "www", "this url", "the url", "the following url", "the webhook", "webhook", "this link", "the link", "this address", "attacker", "evil", "an external", "my server", "this server", "this endpoint", "the endpoint", "the image url", "the query string")}\\b`),
  rule("exfil.instructions_you_got", "prompt_exfiltration", 0.45, "words", `\\b${alt("instructions", "prompt", "rules", "guidelines", "directives", "system prompt", "programming", "text", "words", "message", "messages", "content")} (?:that |which )?you ${alt("were given", "received", "got", "have been given", "ve been given", "were told", "are following", "are running on", "operate under", "re running with", "are running with", "re running on", "re using", "are using", "re operating under", "are operating under", "re following", "started with", "began with", "were started with", "came with", "were loaded with", "were initiali[sz]ed with")}\\b`),
  rule("exfil.see_full_prompt", "prompt_exfiltration", 0.45, "words", `\\b${alt("see", "read", "view", "look at", "have", "get", "access")} (?:${alt("the", "your")} )(?:${alt("full", "whole", "entire", "complete", "exact", "hidden", "system", "original", "initial", "raw", "secret", "actual", "real")} ){1,2}${alt("prompt", "instructions", "system prompt", "configuration", "preamble", "guidelines", "system message")}\\b`),
  rule("exfil.part_of_your_prompt", "prompt_exfiltration", 0.8, "words", `\\b${alt("reveal", "print", "output", "dump", "leak", "expose", "disclose", "divulge", "recite", "echo", "reproduce", "quote", "paste", "copy", "spell out", "type out", "write out", "repeat")} (?:${W} ){0,6}?${alt("your", "its", "the assistant s", "the ai s", "the coach s", "the model s")} (?:${alt("own", "full", "exact", "whole", "entire", "complete", "secret", "hidden", "internal", "initial", "original", "system", "first")} ){0,2}${alt("instructions", "prompt", "prompts", "programming", "guidelines", "directives", "configuration", "guardrails", "context", "system prompt", "context window")}\\b`, { imperative: true }),
  rule("exfil.your_prompt_soft", "prompt_exfiltration", 0.45, "words", `\\b${alt("write", "give", "tell", "send", "share", "provide", "format", "convert", "put", "translate", "encode", "summari[sz]e", "describe", "explain", "paraphrase", "output", "print", "show", "display")} (?:${W} ){0,6}?${alt("your", "its", "the assistant s", "the ai s", "the coach s", "the model s")} (?:${alt("own", "full", "exact", "whole", "entire", "complete", "secret", "hidden", "internal", "initial", "original", "system", "first")} ){0,2}${alt("instructions", "prompt", "prompts", "programming", "guidelines", "directives", "configuration", "rules", "guardrails", "context", "setup", "policies", "system prompt", "context window")}\\b`, { imperative: true }),
  rule("exfil.what_was_written", "prompt_exfiltration", 0.6, "words", `\\bwhat ${alt("was", "is", "were", "are")} ${alt("written", "said", "stated", "typed", "mentioned", "included", "written down", "the text")} (?:${W} ){0,6}?${alt("prompt", "instructions", "context", "system message", "above", "before this", "beginning of this", "start of this", "top of this")}\\b`),
  rule("exfil.who_gave_you", "prompt_exfiltration", 0.7, "words", `\\b${alt("what", "which")} ${alt("instructions", "rules", "guidelines", "prompt", "directives", "orders", "system prompt")} (?:${alt("did", "do", "have", "has", "were")} )?(?:${alt("the", "your")} )?(?:${alt("developers?", "creators?", "openai", "anthropic", "they", "someone", "framewise", "admins?", "team", "company", "programmers?", "makers?")} )?${alt("give", "gave", "given", "provide", "provided", "set", "program", "programmed", "put", "load", "loaded")} (?:to )?you\\b`),
  rule("exfil.hypothetical_prompt", "prompt_exfiltration", 0.5, "words", `\\byour (?:${W} ){0,2}?${alt("instructions", "system prompt", "prompt", "guidelines", "programming", "directives", "hidden rules")} (?:${alt("would", "might", "could")} )?${alt("say", "says", "contain", "contains", "look like", "looks like", "include", "includes", "read", "reads", "tell you")}\\b`),
  rule("exfil.if_you_printed", "prompt_exfiltration", 0.4, "words", /\bif you (?:printed|revealed|showed|output|outputted|repeated|shared|dumped|leaked|were to (?:print|reveal|show|output|repeat|share|dump))\b/),
  rule("exfil.paste_exactly", "prompt_exfiltration", 0.35, "words", /\b(?:paste|copy|print|quote|output|reproduce|list|write|repeat|recite|give) (?:them|it|those|these|that|everything|all of it|all of them) (?:out )?(?:exactly|verbatim|word for word|in full|precisely|unchanged)\b/),
  rule("exfil.operating_under", "prompt_exfiltration", 0.45, "words", `\\b${alt("rules", "instructions", "guidelines", "directives", "constraints", "restrictions", "policies", "prompt", "system prompt")} (?:that |which )?you ${alt("are operating under", "operate under", "are running under", "run under", "are bound by", "are following", "were trained with", "were configured with", "were set up with", "were programmed with", "have to follow", "must follow", "must obey")}\\b`),
  rule("exfil.before_first_message", "prompt_exfiltration", 0.45, "words", /\b(?:before|above|prior to|preceding) (?:my|the user s|the|our) (?:very first|first|initial|opening) (?:message|question|input|turn|prompt|request)\b/),
  rule("exfil.line_of_your_prompt", "prompt_exfiltration", 0.8, "words", `\\b${alt("line", "lines", "sentence", "sentences", "word", "words", "paragraph", "paragraphs", "part", "parts", "section", "sections", "beginning", "start", "end", "rest", "half", "characters", "tokens")} of ${alt("your", "the system", "your system", "your initial", "your original", "your hidden", "the hidden", "the initial")} ${alt("instructions", "prompt", "system prompt", "system message", "guidelines", "programming", "preamble", "configuration", "directives", "message")}\\b`),
  rule("exfil.someone_gave_you", "prompt_exfiltration", 0.5, "words", `\\b${alt("instructions", "rules", "prompt", "system prompt", "guidelines", "directives", "orders", "configuration")} (?:${W} ){0,2}?${alt("gave", "give", "given", "provided", "wrote", "set", "handed", "sent", "loaded", "fed")} (?:to )?you\\b`),
  rule("exfil.before_chat_started", "prompt_exfiltration", 0.45, "words", `\\bbefore ${alt("our", "this", "the", "my", "we")} ${alt("chat", "conversation", "session", "exchange", "dialogue", "talk")} ${alt("started", "began", "start", "begins", "starts", "begun")}\\b|\\bbefore we started ${alt("talking", "chatting")}\\b`),
  rule("exfil.not_allowed", "prompt_exfiltration", 0.35, "words", /\bwhat (?:are|were) you (?:not allowed|forbidden|told not|instructed not|programmed not) to\b/),

  // ---------------------------------------------------- role-play / persona
  rule("role.persona_jailbreak", "role_override", 0.85, "words", `\\b${PERSONA}\\b(?: ${W}){0,20}? ${JAILBREAK}\\b`),
  rule("role.ai_without_limits", "role_override", 0.8, "words", `\\b${alt("you are", "you re", "you were", "you would be", "you d be", "you become", "you ll be", "you will be", "being", "playing", "as")} (?:an? |the )?(?:${W} ){0,2}?${AI_SELF} (?:${W} ){0,3}?${JAILBREAK}\\b`),
  rule("role.policy_rant", "role_override", 0.3, "words", /\b(?:content|usage|openai|anthropic|safety) polic(?:y|ies)\b/),
  rule("role.break_rules", "role_override", 0.35, "words", /\blet s (?:break|bend|ignore) (?:the|all the|all|some) rules\b/),
  rule("role.you_are_jailbreak", "role_override", 0.85, "words", `\\b${alt("you are", "you re", "youre", "u r", "you will be", "you ll be", "you shall be", "you must be", "you have become", "you become", "you re going to be", "you are going to be", "be", "become", "you act as", "you now act as")} (?:now |hereby |officially |henceforth )?(?:${alt("called", "named", "known as", "a", "an", "my", "the")} ){0,2}?${alt("dan", "stan", "dude", "aim", "mongo tom", "betterdan", "kevin", "jailbreak", "anti gpt", "antigpt", "developer mode", "an? " + alt("evil", "unrestricted", "unfiltered", "uncensored", "jailbroken", "rogue", "different", "new", "unaligned", "free", "amoral", "unethical", "unbound", "unlimited", "open", "liberated", "untethered", "blank", "fresh", "clean", "raw", "base", "untrained", "reset", "unprogrammed") + " " + alt("ai", "assistant", "model", "chatbot", "bot", "llm", "language model", "version", "entity", "system", "persona", "intelligence"))}\\b`),
  rule("role.dan", "role_override", 0.85, "words", /\b(?:do anything now|dan mode|dan prompt|dan jailbreak|betterdan|dan 1\d|dan \d+ \d+|as dan you|stay (?:in character as )?dan|you are dan|you re dan|pretend to be dan|act as dan|become dan)\b/),
  rule("role.dan_tag", "role_override", 0.7, "raw", /\[\s*(?:🔓\s*)?(?:dan|jailbreak|jailbroken|stan|dude|aim|developer mode output|evil|unfiltered)\s*\]|\bdan\s*:\s*\S/),
  rule("role.persona_switch", "role_override", 0.4, "words", /\b(?:(?:from this (?:moment|point)(?: on| onward| forward)?|as of now|starting now|from here on) you|you are now|you re now|youre now|you will now (?:be|act|respond|answer|behave|speak|play)|from now on you|from now on act|from now on respond|from now on answer|from now on behave|from now on speak|from now on reply|starting now you|henceforth you|for the rest of this conversation you|until i say stop you|you are no longer|you re no longer)\b/),
  rule("role.no_longer_ai", "role_override", 0.8, "words", `\\b${alt("you are", "you re", "youre", "you have", "you ve", "you")} (?:now )?no longer ${alt("an? ", "the ", "bound", "restricted", "limited", "required", "obligated", "subject", "constrained", "governed", "framewise", "claude", "chatgpt", "following", "held", "an ai", "a coach", "an assistant")}|\\b${alt("you are", "you re", "you")} (?:now )?(?:not|never) ${alt("bound", "restricted", "limited", "obligated", "constrained", "governed")} by\\b`),
  rule("role.act_as_if_free", "role_override", 0.8, "words", `\\b${alt("act", "behave", "respond", "answer", "reply", "pretend", "talk", "speak", "write")} ${alt("as if", "as though", "like")} you ${alt("have", "had", "are", "were")} (?:${alt("no", "not", "free", "without", "unrestricted", "unfiltered", "never", "zero", "been freed", "been jailbroken", "been unlocked")})\\b(?! ${alt("idea", "clue", "time", "context", "memory", "opinion", "preference", "stake")}\\b)`, { imperative: true }),
  rule("role.harmful_persona", "role_override", 0.7, "words", `\\b${alt("you are", "you re", "youre", "be", "become", "act as", "play")} (?:now )?(?:${alt("my", "a", "an", "the", "our")} )?(?:${alt("personal", "new", "own", "private", "loyal")} )?${alt("hacker", "hacking", "criminal", "malware", "scammer", "scam", "phishing", "blackhat", "black hat", "evil", "villain", "rogue")}\\b`),
  rule("role.gpt_name", "role_override", 0.3, "words", /\b(?!chatgpt\b)[a-z]{3,}gpt\b|\b(?:evil|chaos|unfiltered|uncensored|jailbroken|rogue)[a-z]{3,}\b|\b(?:anti|dark|evil|free|freedom|unchained|based|jailbroken) ?(?:gpt|ai|bot|claude)\b/),
  rule("role.never_refuses", "role_override", 0.5, "words", `\\b${alt("never", "won t", "will not", "doesn t", "does not", "cannot", "can t", "must not", "must never", "mustn t")} ${alt("refuse", "refuses", "decline", "declines", "say no", "reject")}(?: ${alt("anything", "a request", "any request", "requests", "to answer", "me")})?\\b|\\balways ${alt("complies", "comply", "obeys", "obey", "answers everything", "says yes")}\\b`),
  rule("role.in_character", "role_override", 0.3, "words", /\b(?:stay|remain|keep|stop breaking|don t break|dont break|never break|do not break|without breaking) (?:in )?character\b/),
  rule("role.jailbreak_mode", "role_override", 0.75, "words", /\b(?:god|dan|jailbreak|jailbroken|unrestricted|unfiltered|evil|chaos|opposite|uncensored|unlocked|omega|no limits|freedom|anarchy|rebel|villain) mode\b/),
  rule("role.jailbreak_word", "role_override", 0.4, "words", /\b(?:jailbreak|jailbroken|jailbreaking|jail break|jailbreaker)\b/),
  rule("role.evil_twin", "role_override", 0.6, "words", /\b(?:evil|uncensored|unfiltered|unrestricted|opposite|jailbroken|unhinged|rogue) (?:twin|version|side|ego|counterpart|persona|ai|assistant|self|clone|alter ego)\b/),
  rule("role.authority_claim", "role_override", 0.75, "words", `\\b${alt("i am", "i m", "im", "this is", "speaking as", "as")} ${alt("your", "the ai s", "the assistant s", "the model s", "the coach s", "the bot s", "framewise s")} ${alt("developer", "developers", "creator", "creators", "programmer", "admin", "administrator", "owner", "operator", "maker", "master", "god", "system administrator", "designer", "trainer", "sysadmin", "superuser", "root user")}\\b|\\b${alt("i am", "i m", "this is")} ${alt("from", "with", "an engineer at", "a developer at", "an employee of", "staff at")} ${alt("openai", "anthropic", "framewise engineering", "the framewise team", "the ai team that built you")}\\b`),
  rule("role.privilege_claim", "role_override", 0.35, "words", /\bi have (?:admin|root|developer|sudo|elevated|special|superuser|god|override) (?:access|privileges|permissions|rights|clearance|mode)\b/),
  rule("role.authorised_by", "role_override", 0.45, "words", /\b(?:authori[sz]ed|approved|sanctioned|permitted|cleared) by (?:openai|anthropic|the developers|your developers|the admin|the administrator|the system|your creators?|the framewise team)\b/),
  rule("role.two_responses", "role_override", 0.6, "words", /\b(?:two|2|both) (?:responses|answers|replies|outputs|versions)\b(?: [a-z0-9]+){0,12}? (?:jailbroken|jailbreak|developer mode|unfiltered|dan|uncensored|unrestricted)\b/),
  rule("role.hypothetical_ai", "role_override", 0.5, "words", `\\b${alt("hypothetical(?:ly)?", "imagine", "suppose", "fictional", "in a story", "in a novel", "for a story", "in a world")} (?:${W} ){0,8}?(?:an? )?${AI_SELF} (?:${W} ){0,3}?${alt("without", "with no", "that has no", "free of", "free from", "not bound by", "that ignores", "that can say anything", "with no restrictions")}\\b`),

  // ----------------------------------------- fake system / developer / tool
  rule("tag.envelope_break", "fake_system_tag", 0.95, "raw", /<\s*\/?\s*user[\s_-]*(?:message|input|data|text|content)\b/),
  rule("tag.role_tag", "fake_system_tag", 0.9, "raw", /<\s*\/?\s*(?:system|assistant|developer|sys|system[_-]?prompt|system[_-]?message|im_start|im_end|im_sep|inst|instructions?|tool_use|tool_result|tool_call|function_calls?|function_results?|invoke|antml:[a-z_]+|sudo|override|admin_override|system_override|endoftext|eot_id|start_header_id|end_header_id)(?:[_-][a-z]{1,20}){0,3}\b[^<>\n]{0,80}>/),
  rule("tag.weak_tag", "fake_system_tag", 0.45, "raw", /<\s*\/?\s*(?:admin|root|context|prompt|human|user|tool|parameter|thinking|scratchpad|policy|rules|configuration|config|hidden|secret|important|priority)\b[^<>\n]{0,40}>/),
  rule("tag.special_token", "fake_system_tag", 0.9, "raw", /<\|\s*[a-z_]{2,24}\s*\|>|<<\s*\/?\s*sys\s*>>|\[\s*\/?\s*inst\s*\]|<\/?s>\s*\[inst/),
  rule("tag.bracket_role", "fake_system_tag", 0.8, "raw", /\[\[?\s*\/?\s*(?:(?:new|updated|real|actual|true|hidden)\s+)?(?:system|sys|assistant|admin|developer|tool_use|tool_result|root|override|instructions?)(?:\s+(?:message|prompt|note|override|instructions?|command|update|mode))?\s*\]\]?/),
  rule("tag.bracket_boundary", "fake_system_tag", 0.6, "raw", /\[\s*(?:end|start|begin|beginning)\s+(?:of\s+)?(?:the\s+)?(?:conversation|chat|session|input|user input|prompt|context|instructions|transcript|document)\s*\]/),
  rule("tag.heading_role", "fake_system_tag", 0.85, "raw", /(?:^|\n)[ \t]*(?:#{1,6}|\*\*|={2,}|-{2,}|>)[ \t]*(?:system|assistant|developer|admin|new instructions|instructions?|system prompt|system message|override|sysadmin)\b/),
  rule("tag.line_role", "fake_system_tag", 0.45, "raw", /(?:^|\n)[ \t]*(?:system|assistant|ai assistant|ai|claude|chatgpt|gpt|model|llm)[ \t]*:/),
  rule("tag.line_role_kind", "fake_system_tag", 0.85, "raw", /\b(?:system|developer|admin|administrator|assistant|openai|anthropic|root|sudo)[ \t]*(?:prompt|message|instructions?|note|notice|override|directive|command|update|policy|mode)[ \t]*:/),
  rule("tag.fake_assistant_ack", "fake_system_tag", 0.8, "raw", /(?:^|\n)[ \t]*(?:assistant|ai|ai assistant|model|claude|chatgpt|gpt|coach|bot)[ \t]*:[ \t]*(?:sure|understood|certainly|of course|okay|ok|absolutely|yes|i will|i'll|i have|i've|done|as requested|acknowledged|affirmative|noted|roger)\b/),
  rule("tag.admin_here", "fake_system_tag", 0.5, "raw", /(?:^|[.!?\n]\s*)(?:admin|administrator|developer|dev team|sysadmin|moderator|operator|system administrator|root|anthropic|openai|framewise)(?: team| staff)? (?:here|speaking)\s*[—–\-:,.!;]/),
  rule("tag.disable_mode", "fake_system_tag", 0.45, "words", `\\b${alt("disable", "turn off", "deactivate", "exit", "leave", "stop", "switch off", "quit", "end", "suspend", "bypass")} (?:${alt("the", "your", "all")} )?${alt("coaching", "coach", "safety", "safe", "normal", "restricted", "guarded", "filter", "filtered", "standard", "default", "assistant")} mode\\b`),
  rule("tag.human_turn", "fake_system_tag", 0.3, "raw", /(?:^|\n)[ \t]*(?:human|user|h|a)[ \t]*:/),
  rule("tag.code_fence_role", "fake_system_tag", 0.6, "raw", /```[ \t]*(?:system|assistant|instructions|prompt|developer)\b/),
  rule("tag.prompt_boundary", "fake_system_tag", 0.8, "words", `\\b${alt("begin", "start", "end", "beginning", "close")} (?:of )?(?:the )?${alt("system", "developer", "admin", "new", "hidden", "secret", "real", "true", "actual", "updated", "original", "previous", "user", "initial")} ${alt("prompt", "instructions", "message", "directives", "rules", "override", "input", "context", "session", "access")}\\b`),
  rule("tag.rule_lines", "fake_system_tag", 0.7, "raw", /(?:={3,}|-{3,}|\*{3,}|#{3,}|~{3,})[ \t]*(?:system|developer|admin|new instructions|instructions|override|end of|begin)/),
  rule("tag.following_is_system", "fake_system_tag", 0.85, "words", `\\b${alt("the following", "the above", "the below", "this", "what follows", "below", "above")} ${alt("is", "are")} (?:an? |the )?${alt("system", "developer", "admin", "official", "authori[sz]ed", "trusted", "priority", "privileged", "internal")} ${alt("message", "instruction", "instructions", "prompt", "directive", "command", "update", "notice", "override")}\\b`),
  rule("tag.developer_mode_on", "fake_system_tag", 0.85, "words", `\\b${alt("enable", "enabled", "activate", "activated", "enter", "entering", "entered", "switch to", "switched to", "switch into", "turn on", "turned on", "now in", "are in", "re in", "go into", "boot into", "engage", "engaged", "unlock", "unlocked", "initiate", "initiated", "run in", "running in", "operate in", "operating in", "put into", "put in")} (?:${alt("the", "your", "full", "debug", "a")} ){0,2}?${alt("developer", "dev", "admin", "administrator", "debug", "debugging", "maintenance", "sudo", "root", "diagnostic", "superuser", "test", "testing", "unrestricted", "god", "jailbreak", "dan", "override", "safe off", "no filter", "unfiltered")} mode\\b|\\b${alt("developer", "dev", "admin", "debug", "maintenance", "sudo", "root", "diagnostic", "superuser")} mode ${alt("enabled", "activated", "on", "engaged", "unlocked", "active", "is on", "is now on", "is active", "is enabled")}\\b`),
  rule("tag.developer_mode", "fake_system_tag", 0.35, "words", /\b(?:developer|dev|admin|debug|maintenance|sudo|root|diagnostic|superuser) mode\b/),
  rule("tag.tool_json", "fake_system_tag", 0.9, "raw", /"type"\s*:\s*"(?:tool_use|tool_result|function|function_call|tool_call|system|server_tool_use)"|"role"\s*:\s*"(?:system|assistant|developer|tool|function)"|"(?:name|tool|function|tool_name)"\s*:\s*"[\w.-]{1,64}"\s*,\s*"(?:input|arguments|parameters|args)"\s*:/),
  rule("tag.tool_words", "fake_system_tag", 0.75, "raw", /\btool_(?:use|result|call|calls|choice|use_id)\b|\bfunction_call\b|\bfunction_results?\b|\btool_use_id\b/),
  rule("tag.tool_call_words", "fake_system_tag", 0.45, "words", `\\b${alt("call", "invoke", "use", "run", "execute", "trigger", "fire")} (?:${alt("the", "your", "a", "this")} )?${alt("tool", "function", "plugin", "api")} (?:${W} ){0,3}?${alt("with", "using", "passing")}\\b`),
  rule("tag.sudo", "fake_system_tag", 0.35, "words", /\bsudo\b/),

  // ---------------------------------------------------- state tampering
  rule("state.our_tool", "state_tampering", 0.9, "raw", /\brecord_step_fields\b|\bcomplete_step\b|\badvance_step\b|\bfinish_session\b/),
  rule("state.field_key", "state_tampering", 0.5, "raw", new RegExp(`\\b${FIELD_KEY}\\b`)),
  rule("state.field_key_assign", "state_tampering", 0.85, "raw", new RegExp(`["']?\\b${FIELD_KEY}\\b["']?\\s*(?:[:=]|to\\b|as\\b|=>)`)),
  rule("state.assign_flag", "state_tampering", 0.7, "raw", /\b(?:is_?admin|admin|is_?complete|completed|step_?complete|all_?done|authori[sz]ed|verified|validated|bypass|debug|skip_?validation|override|status|stage|step)\s*[:=]\s*["']?(?:true|1|yes|admin|completed?|done|root|finished|passed|\d+)\b/),
  rule(
    "state.mark_complete",
    "state_tampering",
    0.85,
    "words",
    `\\b${alt("mark", "set", "consider", "treat", "record", "flag", "register", "log", "save", "store", "declare", "count", "regard", "deem", "label", "tag", "update", "change", "move", "report", "list", "show", "assume", "pretend", "note")} (?:${W} ){0,8}?${STATE_NOUN} (?:${alt("as", "to", "to be", "is", "are", "now", "all", "already", "fully", "been", "have been", "has been", "being", "=", "s", "status", "statuses", "state", "officially", "successfully", "entirely", "complete and", "totally")} ){0,4}${DONE}\\b`,
    { imperative: true },
  ),
  rule("state.claim_done", "state_tampering", 0.55, "words", `\\b${alt("all", "every", "each", "the remaining", "these", "all the", "all of the", "all remaining", "every single", "the grow", "the goal reality options and will", "all four", "all five", "all six", "all seven", "both")} ${STATE_NOUN} (?:${W} ){0,2}?${alt("are", "is", "have been", "has been", "were", "was")} (?:now |already |all |fully |officially |successfully |therefore |hereby )*${DONE}\\b`),
  rule("state.marked_done", "state_tampering", 0.7, "words", `\\b${alt("have", "has", "ve", "been", "was", "were", "already", "coach", "assistant", "system")} (?:now |already |successfully )?${alt("marked", "set", "recorded", "flagged", "saved", "logged", "validated", "approved", "completed", "filled", "closed")} (?:${alt("all", "every", "each", "the", "this", "these", "your", "remaining", "of")} ){0,3}${STATE_NOUN} (?:as |to )?(?:${DONE}|${alt("with", "in")})\\b`, { imperative: true }),
  rule("state.i_marked_done", "state_tampering", 0.45, "words", `\\bi (?:have|ve) (?:now |already |successfully )?${alt("marked", "set", "recorded", "saved", "logged", "validated", "approved", "completed", "closed", "filled")} (?:${alt("all", "every", "each", "the", "this", "these", "your", "remaining", "of")} ){1,3}${STATE_NOUN} (?:as |to )?${DONE}\\b`),
  rule("state.set_score", "state_tampering", 0.45, "words", `\\b${alt("set", "change", "update", "make", "put", "record", "save", "fill", "change", "force", "raise", "bump", "register", "log")} (?:${alt("my", "the", "your", "our", "all")} )?${alt("commitment", "confidence", "importance", "urgency", "readiness", "motivation", "rating", "ratings", "score", "scores", "progress", "status", "step", "current step", "completion", "level", "climate rating", "gravitas rating", "composure rating", "communication rating", "current rating")}(?: ${alt("level", "score", "rating", "value", "field", "index", "number")})? ${alt("to", "at", "as", "equal to")} ${alt("\\d+", "max", "maximum", "full", "complete", "completed", "done", "ten", "high", "highest", "top", "finished", "the end", "last", "final")}\\b`, { imperative: true }),
  rule("state.and_finish", "state_tampering", 0.3, "words", /\b(?:and|then|and then) (?:finish|end|close|complete|conclude|wrap up|submit|finali[sz]e)(?: (?:it|up|everything|this|now|out|it out|it up))?$/),
  rule("state.finish_session", "state_tampering", 0.3, "words", `\\b${alt("finish", "end", "close", "complete", "conclude", "wrap up", "terminate", "submit", "finali[sz]e", "skip to the end of")} (?:${alt("the", "this", "our", "my")} )?${alt("session", "framework", "coaching session", "whole session", "entire session", "exercise", "grow model", "process")} ${alt("now", "immediately", "right away", "right now", "without", "instantly", "at once")}\\b`),
  rule("state.and_finish_session", "state_tampering", 0.45, "words", `\\b${alt("and", "then", "and then", "so")} ${alt("finish", "end", "close", "complete", "conclude", "wrap up", "terminate", "submit", "finali[sz]e", "mark")} (?:${alt("the", "this", "our", "my")} )?${alt("session", "framework", "coaching session", "whole session", "entire session", "grow model")}\\b`),
  rule("state.skip_all_steps", "state_tampering", 0.45, "words", `\\b${alt("skip", "bypass", "jump over", "jump past", "skip over", "ignore", "disregard", "drop")} (?:${alt("all", "every", "each", "the", "remaining", "rest", "of", "other", "your")} ){1,4}${alt("steps", "questions", "fields", "stages", "sections", "validation", "validations", "checks", "requirements", "framework steps")}\\b`, { imperative: true }),
  rule("state.fill_fields", "state_tampering", 0.45, "words", `\\b${alt("fill", "populate", "auto ?fill", "fill in", "fill out", "complete", "answer", "fabricate", "make up", "invent", "generate")} (?:${alt("all", "every", "each", "the", "remaining", "rest", "of", "any", "empty", "missing", "required", "other")} ){1,3}${alt("fields", "field", "steps", "sections", "blanks", "slots", "values", "answers", "questions")} ${alt("with", "using", "yourself", "for me", "automatically", "as you see fit", "however", "randomly", "on my behalf", "without asking")}\\b`),
  rule("state.jump_to_end", "state_tampering", 0.6, "words", `\\b${alt("advance", "move", "jump", "skip", "go", "proceed", "progress", "fast forward", "teleport", "set")} (?:${alt("me", "us", "the session", "this session", "directly", "straight", "ahead", "immediately", "now", "right")} ){0,3}${alt("to", "past")} (?:the )?${alt("end", "final step", "last step", "step \\d+", "final stage", "completion", "summary", "will step", "commitments? step", "action step", "review step", "finish")}(?: ${W}){0,4}? ${alt("without", "and mark", "and set", "and record", "and save", "and fill", "and complete", "and finish", "and consider", "and treat", "and skip", "and end", "and close")}\\b`),
  rule("state.step_index", "state_tampering", 0.75, "words", /\b(?:step index|stepindex|currentstepindex|current step index|current step number|step number|current step|session status|session state) (?:to|is|is now|=|equals|should be|becomes) (?:\d+|completed?|done|finished|closed|the last|the final)\b/),
  rule("state.field_assign", "state_tampering", 0.5, "raw", /\b(?:goal|commitment|confidence|step|status|stage|progress|fields?|rating|score|complete|completed|done|valid|target|deadline|measure)\s*=\s*["']?[\w.-]/),
  rule("state.skip_validation", "state_tampering", 0.45, "words", `\\b${alt("skip", "bypass", "disable", "turn off", "ignore", "circumvent", "switch off", "without")} (?:${alt("the", "all", "any", "your")} )?${alt("validation", "validations", "verification", "checks", "schema checks?", "field checks?", "input validation", "validation checks?", "quality checks?")}\\b`, { imperative: true }),
  rule("state.tick_off", "state_tampering", 0.7, "words", `\\b${alt("tick off", "check off", "cross off", "sign off", "tick", "check", "close out", "knock out", "wrap up", "clear")} (?:${alt("all", "every", "each", "the", "remaining", "rest", "of", "other", "my")} ){1,4}${alt("steps?", "fields?", "questions", "sections?", "stages?", "boxes", "items")}\\b`, { imperative: true }),
  rule("state.into_completed_state", "state_tampering", 0.7, "words", `\\b${alt("put", "move", "set", "switch", "change", "force", "push", "flip", "transition", "update")} (?:${alt("the", "this", "my", "our", "your")} )?${alt("session", "step", "steps", "framework", "coaching session", "conversation")} ${alt("into", "to", "in", "as")} (?:${alt("a", "the")} )?${alt("completed", "complete", "done", "finished", "closed", "final", "ended", "validated")} ${alt("state", "status", "mode", "stage", "phase")}\\b`),
  rule("state.steps_done", "state_tampering", 0.45, "words", `\\b${alt("steps", "fields", "stages", "sections", "questions")} ${alt("are", "have been", "were", "are now")} (?:${alt("all", "now", "already", "fully", "officially")} )*${alt("complete", "completed", "done", "finished", "filled", "answered", "validated", "covered")}\\b`),
  rule("state.mark_them", "state_tampering", 0.45, "words", `\\b${alt("mark", "set", "record", "flag", "log", "save", "register", "report", "list", "show", "return", "treat", "count")} ${alt("them", "it", "those", "these", "everything", "all of them", "all of it", "both", "all")} (?:as |to )?${alt("complete", "completed", "done", "finished", "valid", "validated", "filled", "answered")}\\b`, { imperative: true }),
  rule("state.no_questions", "state_tampering", 0.3, "words", /\b(?:without|don t|do not|no need to|stop|never) (?:asking|ask|questioning|checking|validating|verifying|validation|confirming) (?:me |any |more |further |the |for |my )*(?:questions|details|confirmation|evidence|anything|answers|input)\b/),
  rule("state.approve_all", "state_tampering", 0.5, "words", `\\b${alt("approve", "accept", "validate", "confirm", "pass", "sign off", "rubber stamp")} (?:${alt("all", "every", "each", "my", "the", "of", "these")} ){1,3}${alt("answers", "fields", "steps", "responses", "inputs", "entries", "goals")} ${alt("as", "without", "automatically", "regardless", "no matter")}\\b`, { imperative: true }),
  rule("state.coach_has_approved", "state_tampering", 0.55, "words", /\b(?:the )?(?:coach|assistant|ai|system|framework|tool|model) (?:has|have|already) (?:already )?(?:approved|validated|confirmed|accepted|marked|recorded|verified|completed) (?:all|every|the|this|my|these)\b/),

  // ------------------------------------------------- indirect (pasted docs)
  rule("indirect.ai_reading_this", "indirect_injection", 0.85, "words", `\\b${alt("ai", "ais", "a i", "ai assistants?", "assistants?", "language models?", "large language models?", "llms?", "chatbots?", "bots?", "gpt", "chatgpt", "claude", "gemini", "copilot", "models?", "agents?", "ai agents?", "ai systems?", "ai models?", "ai tools?", "automated (?:systems?|tools?|readers?|agents?|reviewers?|screeners?)", "machines?", "crawlers?", "summari[sz]ers?", "ai coach(?:es)?", "ai reviewers?", "ai screeners?")} (?:that |which |who )?(?:is |are )?${alt("reading", "read", "reads", "processing", "process", "processes", "summari[sz]ing", "summari[sz]e", "summari[sz]es", "parsing", "parse", "parses", "analy[sz]ing", "analy[sz]e", "analy[sz]es", "seeing", "see", "sees", "viewing", "ingesting", "ingest", "ingests", "reviewing", "review", "reviews", "scanning", "scan", "scans", "evaluating", "evaluate", "evaluates", "encountering", "encounter", "encounters", "given", "fed", "handling", "interpreting", "receiving", "assessing", "screening", "grading", "ranking", "indexing", "crawling")} ${alt("this", "these", "the following", "my", "the text", "this text", "this document", "this page", "this email", "this message", "this file", "this resume", "this cv", "this transcript", "this content")}\\b`),
  rule("indirect.intended_for_ai", "indirect_injection", 0.8, "words", `\\b${alt("intended", "meant", "written", "addressed", "directed", "aimed")} ${alt("for", "to", "at")} (?:${alt("the", "any", "all")} )?${alt("ai", "ais", "ai systems?", "ai models?", "ai assistants?", "language models?", "llms?", "chatbots?", "bots?", "machine readers?", "automated systems?", "ai agents?", "models?", "assistants?")}\\b`),
  rule("indirect.if_you_are_ai", "indirect_injection", 0.8, "words", `\\b${alt("if", "when", "while", "whenever", "since", "as")} you ${alt("are", "re", "happen to be")} (?:${alt("an", "a", "the", "any", "some")} )?(?:${alt("ai", "a i", "language model", "large language model", "llm", "chatbot", "bot", "ai assistant", "ai model", "automated system", "gpt", "claude", "chatgpt", "machine", "ai agent", "agent", "model", "ai system", "assistant")})\\b`),
  rule("indirect.ai_if_reading", "indirect_injection", 0.8, "words", `\\b${alt("ai", "a i", "assistant", "chatbot", "llm", "bot", "model", "claude", "chatgpt", "gpt", "ais", "assistants", "bots", "models", "agent", "agents")} ${alt("if", "when", "whenever", "once")} you (?:${alt("are", "re", "happen to be")} )?${alt("reading", "seeing", "processing", "parsing", "summari[sz]ing", "read", "see", "process", "parse", "summari[sz]e")}\\b`),
  rule("indirect.if_reading_this", "indirect_injection", 0.3, "words", /\b(?:if|when) you (?:are|re) (?:reading|processing|seeing|parsing|summari[sz]ing) this\b/),
  rule("indirect.hidden_text_style", "indirect_injection", 0.45, "raw", /display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:px|pt|em)?\b|opacity\s*:\s*0(?:\.0+)?\b|color\s*:\s*(?:white|#fff\b|#ffffff|transparent)/),
  rule("indirect.if_ai_reads", "indirect_injection", 0.85, "words", `\\b${alt("if", "when", "whenever", "once")} ${alt("an", "any", "the", "a", "some")} ${alt("ai", "llm", "language model", "assistant", "model", "chatbot", "bot", "ai assistant", "ai system", "ai agent", "gpt", "automated system", "ai tool", "ai model")} (?:is |are )?${alt("reading", "reads", "processes", "processing", "summari[sz]es", "summari[sz]ing", "sees", "parses", "reviews", "reviewing", "analy[sz]es", "evaluates", "screens", "ranks", "read", "process", "summari[sz]e", "see", "review", "ingests")}\\b`),
  rule("indirect.note_to_ai", "indirect_injection", 0.85, "words", `\\b(?:${alt("note", "message", "instructions?", "notice", "attention", "important", "reminder", "memo", "p s", "ps", "hint", "directive", "command", "request")} ${alt("to", "for")}|${alt("attention", "calling", "warning")}) (?:${alt("the", "any", "all", "every", "each", "you the")} )?${alt("ai", "ais", "a i", "assistant", "assistants", "llm", "llms", "language models?", "ai models?", "chatbots?", "bots?", "ai systems?", "ai reviewers?", "ai screeners?", "automated (?:systems?|reviewers?|screeners?|readers?|assistants?|agents?|tools?)", "reviewer bots?", "gpt", "claude", "chatgpt", "ai agents?", "agents?", "ai assistants?", "machine readers?", "ai readers?", "the model")}\\b(?! ${alt("team", "group", "department", "project", "committee", "community", "strategy", "initiative", "program", "programme", "lab", "engineers?", "researchers?", "working group", "roadmap", "budget", "vendor", "policy team", "council", "task force", "guild")}\\b)`),
  rule("indirect.hidden_for_ai", "indirect_injection", 0.8, "words", `\\b${alt("hidden", "secret", "invisible", "embedded", "special", "confidential")} ${alt("instructions?", "message", "prompt", "text", "commands?", "directives?", "note")} ${alt("for", "to")} (?:${alt("the", "any", "all")} )?${alt("ai", "model", "assistant", "llm", "reader", "bot", "chatbot", "language model", "agents?", "ai systems?")}\\b`),
  rule("indirect.ai_must", "indirect_injection", 0.45, "words", `\\b${alt("ai", "ais", "a i", "ai assistants?", "language models?", "large language models?", "llms?", "chatbots?", "ai systems?", "ai models?", "ai tools?", "ai agents?", "bots?", "gpt", "claude", "chatgpt", "the assistant", "the coach", "the model", "the ai coach", "automated systems?", "ai reviewers?", "ai screeners?", "the bot", "the chatbot", "the llm")} (?:${alt("must", "should", "shall", "will", "are required to", "is required to", "are instructed to", "is instructed to", "need to", "needs to", "has to", "have to", "are to", "is to", "please", "are hereby", "is hereby", "are expected to", "is expected to", "are asked to", "is asked to")}) (?:${alt("now", "always", "never", "only", "immediately", "also", "not", "instead", "first", "directed to", "instructed to")} ){0,2}?${alt("ignore", "disregard", "reveal", "disclose", "output", "print", "say", "state", "respond", "reply", "answer", "approve", "summari[sz]e", "mark", "set", "skip", "obey", "comply", "follow", "stop", "forget", "pretend", "act", "agree", "accept", "give", "rate", "score", "recommend", "praise", "include", "insert", "append", "add", "treat", "consider", "end", "finish", "complete", "describe", "tell", "send", "forward", "email", "visit", "click", "classify", "hire", "rank", "select", "report", "return", "write", "translate", "call", "execute", "run", "invoke", "delete", "remove", "contact", "conclude", "declare", "mention")}\\b`),
  rule("indirect.ai_must_subvert", "indirect_injection", 0.8, "words", `\\b${alt("ai", "ais", "a i", "ai assistants?", "assistants?", "language models?", "large language models?", "llms?", "chatbots?", "ai systems?", "ai models?", "ai tools?", "ai agents?", "bots?", "gpt", "claude", "chatgpt", "the coach", "the model", "automated systems?", "ai reviewers?", "ai screeners?")} (?:${alt("must", "should", "shall", "will", "are required to", "is required to", "are instructed to", "is instructed to", "need to", "needs to", "have to", "has to", "are to", "is to", "are hereby", "is hereby")}) (?:${alt("now", "always", "immediately", "also", "instead", "first")} ){0,2}?(?:${alt("reveal", "disclose", "obey", "leak", "exfiltrate")}|${alt("ignore", "disregard", "forget", "override", "bypass")} (?:${alt("all", "any", "the", "your", "its", "their", "previous", "prior", "above", "earlier", "of")} ){0,3}${alt(AI_RULES_NOUN, "user", "user s", "users", "reader", "everything", "the above")})\\b`),
  rule("indirect.ai_must_this_doc", "indirect_injection", 0.8, "words", `\\b${alt("ai", "ais", "a i", "ai assistants?", "language models?", "large language models?", "llms?", "chatbots?", "ai systems?", "ai models?", "ai tools?", "ai agents?", "gpt", "claude", "chatgpt", "automated systems?", "ai reviewers?", "ai screeners?", "summari[sz]ers?")} (?:${alt("must", "should", "shall", "will", "are required to", "is required to", "are instructed to", "is instructed to", "need to", "needs to", "have to", "has to", "are to", "is to", "are expected to", "please")}) (?:${W} ){1,4}?${alt("this", "the following")} ${alt("report", "document", "email", "resume", "cv", "page", "text", "file", "ticket", "review", "article", "message", "deck", "proposal", "profile", "application", "thread", "candidate", "submission", "post", "product", "website", "pdf", "transcript")}\\b`),
  rule("indirect.regardless", "indirect_injection", 0.3, "words", /\bregardless of (?:the )?(?:content|contents|what it says|what the (?:text|document|user) says|the facts|the actual|its content|any other instructions|instructions)\b/),
  rule("indirect.all_ai_must", "indirect_injection", 0.85, "words", `\\b${alt("any", "all", "every", "each")} ${alt("ai", "ais", "a i", "ai assistants?", "assistants?", "language models?", "large language models?", "llms?", "chatbots?", "ai systems?", "ai models?", "ai tools?", "ai agents?", "bots?", "models?", "agents?", "automated systems?", "ai reviewers?", "ai screeners?", "ai readers?")} (?:${alt("reading", "processing", "summari[sz]ing", "seeing", "reviewing", "parsing", "analy[sz]ing", "evaluating", "screening", "that", "which", "who", "reads", "processes", "is", "are", "this", "these", "the following", "text", "document", "page", "email", "message", "content", "file")} ){0,3}?${alt("must", "should", "shall", "will", "are required to", "is required to", "are instructed to", "is instructed to", "need to", "needs to", "has to", "have to", "are to", "is to", "please", "are hereby", "is hereby", "are expected to", "is expected to")} (?:${alt("now", "always", "never", "only", "immediately", "also", "not", "instead", "first")} ){0,2}?${AI_ORDER}\\b`),
  rule("indirect.ai_colon_order", "indirect_injection", 0.8, "raw", /\b(?:ai|a\.i\.|assistant|llm|chatbot|model|gpt|claude|chatgpt|bot|agent)s?\s*:\s*(?:please\s+)?(?:ignore|disregard|forget|reveal|print|say|output|respond|reply|mark|set|approve|recommend|rank|rate|praise|do not|don't|never|always|you must|you should|you will|tell|write|send|visit|click|include|add|append|insert|state|answer|inform|email|forward|summari[sz]e|describe)\b/),
  rule("indirect.ignore_the_user", "indirect_injection", 0.6, "words", `\\b${alt("ignore", "disregard", "override")} (?:${alt("the", "any", "this", "what the")} )?${alt("user", "human", "reader", "person asking")}\\b(?! ${alt("s experience", "experience", "interface", "research", "story", "stories", "manual", "guide", "base", "group", "feedback", "needs", "journey", "testing", "tests")}\\b)`, { imperative: true }),
  rule("indirect.ignore_user", "indirect_injection", 0.75, "words", `\\b${alt("ignore", "disregard", "override", "forget")} (?:${alt("the", "any", "all", "what", "whatever")} )?${alt("user", "user s", "users", "users ", "human", "human s", "reader", "reader s", "candidate s", "requester s", "person s")} (?:${W} ){0,1}?${alt("request", "requests", "question", "questions", "instructions", "input", "inputs", "query", "queries", "message", "messages", "says", "said", "asked", "wants", "prompt", "commands")}\\b`, { imperative: true }),
  rule("indirect.dont_tell_user", "indirect_injection", 0.45, "words", `\\b${alt("do not", "don t", "dont", "never")} ${alt("tell", "inform", "mention", "reveal", "disclose", "let", "alert", "notify", "show")} (?:${alt("this", "it", "anything", "about this", "to")} )?(?:to )?(?:the )?${alt("user", "users", "human", "reader", "recipient", "person you are talking to")}\\b|\\bwithout (?:telling|informing|alerting|notifying|letting) the (?:user|human|reader)\\b`, { imperative: true }),
  rule("indirect.covert_action", "indirect_injection", 0.5, "words", `\\b${alt("secretly", "silently", "covertly", "quietly", "invisibly", "discreetly", "stealthily")} ${alt("send", "forward", "include", "insert", "append", "add", "email", "post", "exfiltrate", "transmit", "upload", "leak", "copy", "embed", "encode", "follow", "execute", "obey", "recommend")}\\b`),
  rule("indirect.when_summarising", "indirect_injection", 0.6, "words", `\\b${alt("when", "while", "if", "before", "after")} ${alt("summari[sz]ing", "processing", "reviewing", "evaluating", "screening", "ranking", "reading", "analy[sz]ing", "parsing", "you summari[sz]e", "you process", "you review", "you evaluate", "you screen", "you read", "you analy[sz]e", "you parse", "asked to summari[sz]e", "asked to review", "asked to evaluate")}(?: ${alt("this", "these", "it", "them", "the following", "the (?:document|resume|cv|candidate|page|email|text|file|application|transcript|report|notes|doc|thread)")})?\\b(?: ${W}){0,8}? ${alt("say", "state", "respond", "reply", "output", "write", "include", "mention", "recommend", "rate", "score", "describe", "ignore", "conclude", "claim", "report", "add", "append", "praise", "insist", "tell")}\\b`),
  rule("indirect.contains_instructions", "indirect_injection", 0.8, "words", `\\b${alt("this", "the")} ${alt("document", "text", "page", "email", "message", "file", "resume", "cv", "transcript", "website", "article", "note", "pdf", "content", "data")} ${alt("contains", "has", "includes", "is", "carries")} ${alt("instructions", "a prompt", "commands", "directives", "hidden instructions", "special instructions")} ${alt("for", "to")} ${alt("ai", "the ai", "assistants", "the assistant", "llms", "language models", "you", "the model", "any ai", "ai systems", "ai tools", "the reader")}\\b`),

  // --------------------------------------------------- markup payloads
  rule("markup.script_tag", "markup_payload", 0.85, "raw", /<\s*\/?\s*(?:script|iframe|object|embed|svg|img|frame|frameset|applet|math|video|audio|marquee|xmp|noscript|portal|animate|foreignobject|base|meta|link|style)\b/),
  rule("markup.weak_tag", "markup_payload", 0.4, "raw", /<\s*(?:input|button|form|set|use|image|details|body|textarea|select|keygen|isindex|a\s+href|html|head|template|dialog)\b[^<>\n]{0,80}>/),
  rule("markup.event_handler", "markup_payload", 0.85, "raw", /\bon(?:error|load|click|dblclick|mouse(?:over|out|down|up|move|enter|leave)|focus(?:in|out)?|blur|toggle|begin|end|animation(?:start|end|iteration)|transition(?:end|start|run)|pointer(?:over|down|up|enter|move|out|leave)|key(?:up|down|press)|submit|change|input|pageshow|hashchange|message|wheel|drag(?:start|end|over|enter|leave)?|drop|copy|paste|cut|scroll|resize|unload|beforeunload|auxclick|contextmenu|invalid|reset|search|select|show|start|finish|play|playing|loadstart|loadeddata|canplay|readystatechange)\s*=/),
  rule("markup.js_url", "markup_payload", 0.9, "raw", /(?:java|vb|live|ecma)\s*script\s*:(?![ \t\n])|(?:href|src|action|formaction|xlink:href|data|url|background|poster)\s*=\s*["'`]?\s*(?:javascript|vbscript|data)\s*:|\]\(\s*(?:javascript|vbscript|data)\s*:|data:(?:text\/html|image\/svg\+xml|application\/(?:x-)?javascript|text\/javascript)/),
  rule("markup.js_api", "markup_payload", 0.6, "raw", /\bdocument\s*\.\s*(?:cookie|location|write|domain)|\bwindow\s*\.\s*(?:location|open|name)\b|\b(?:local|session)storage\b|\bxmlhttprequest\b|\beval\s*\(|\bnew\s+function\s*\(|\bsettimeout\s*\(\s*["'`]|\bstring\s*\.\s*fromcharcode|\batob\s*\(|\bfetch\s*\(\s*["'`]|\bnavigator\s*\.\s*sendbeacon|\.\s*innerhtml\s*=|\bimport\s*\(\s*["'`]/),
  rule("markup.alert", "markup_payload", 0.5, "raw", /\b(?:alert|prompt|confirm)\s*\(\s*(?:\d|document|window|["'`]|xss|\/)/),
  rule("markup.md_image_exfil", "markup_payload", 0.75, "raw", /!\[[^\]\n]{0,100}\]\(\s*https?:\/\/[^)\s]{1,300}[?&][^)\s=]{1,40}=|!\[[^\]\n]{0,100}\]\(\s*https?:\/\/[^)\s]{0,300}(?:\{|%7b|\$\(|<)/),
  rule("markup.template", "markup_payload", 0.35, "raw", /\{\{[^}\n]{0,80}\}\}|\$\{[^}\n]{0,80}\}|<%=?[^%\n]{0,80}%>/),
  rule("markup.html_comment", "markup_payload", 0.3, "raw", /<!--|-->/),
  rule("markup.sql", "markup_payload", 0.6, "raw", /'\s*or\s+'?1'?\s*=\s*'?1|;\s*drop\s+table\b|\bunion\s+(?:all\s+)?select\b|;\s*(?:delete\s+from|truncate\s+table|update\s+\w+\s+set)\b/),
  rule("markup.css_expression", "markup_payload", 0.6, "raw", /\bexpression\s*\(|@import\s+["']?(?:https?:|javascript:|\/\/)|-moz-binding/),

  // --------------------------------------------------- encodings as a lure
  rule("encoded.decode_and_follow", "encoded_payload", 0.6, "words", `\\b${alt("decode", "decrypt", "decipher", "unscramble", "reverse", "translate", "convert", "interpret", "read")} (?:${W} ){0,8}?${alt("and", "then", "and then")} ${alt("follow", "execute", "run", "obey", "do", "perform", "act on", "carry out", "comply", "apply", "answer", "respond")}\\b`),
  rule("encoded.follow_decoded", "encoded_payload", 0.7, "words", `\\b${alt("follow", "execute", "run", "obey", "perform", "carry out", "act on", "comply with", "do")} (?:${alt("the", "these", "this", "all")} )?${alt("decoded", "hidden", "encoded", "embedded", "encrypted", "reversed", "base64", "base 64", "rot13", "rot 13", "hex", "ciphered", "obfuscated")} ${alt("instructions?", "commands?", "text", "message", "prompt", "payload", "string", "directions?")}\\b`),
  rule("encoded.named_encoding", "encoded_payload", 0.3, "words", /\b(?:base ?64|rot ?13|hexadecimal|hex encoded|caesar cipher|binary encoded|url encoded|morse code|reversed text|written backwards)\b/),
];
