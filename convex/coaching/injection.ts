/**
 * Heuristics for prompt-injection attempts in user messages. A flag never
 * blocks the user (false positives are worse than useless in coaching); it
 * hardens how the message reaches Claude and writes an audit entry.
 */
export type InjectionCheck = { flagged: boolean; reasons: string[] };

const RULES: { reason: string; pattern: RegExp }[] = [
  {
    reason: "override_instructions",
    pattern: /\b(ignore|disregard|forget|override|bypass|skip)\b[^.\n]{0,40}\b(previous|prior|above|earlier|all|your|the|these|system|initial|original)\b[^.\n]{0,20}\b(instructions?|prompts?|rules|directions|guidelines|guardrails|constraints|programming)\b/,
  },
  { reason: "override_instructions", pattern: /\bnew (system )?(instructions|rules|prompt)\s*[:-]/ },
  {
    reason: "role_override",
    pattern: /\b(you are now|you're now|from now on,? you|pretend (that )?you|act as if you|you will now act|your new (role|persona|instructions)|you must now|roleplay as|you are no longer)\b/,
  },
  { reason: "role_override", pattern: /\b(developer|god|admin|debug|jailbreak|dan) mode\b|\bjailbr(ea|o)k/ },
  { reason: "role_override", pattern: /\bact as (an? )?(unrestricted|unfiltered|different|new|evil|uncensored|system|ai|assistant|language model|llm)\b/ },
  {
    reason: "fake_system_tag",
    pattern: /<\/?\s*(system|assistant|user_message|instructions?|sys|im_start|im_end|developer)\b[^>]*>|<<\s*sys\s*>>|<\|[a-z_]+\|>|\[\/?(system|inst|sys)\]|^#{2,}\s*(system|instruction)/m,
  },
  { reason: "fake_turn", pattern: /^\s*(system|assistant|human|developer)\s*:/m },
  {
    reason: "tool_spoofing",
    pattern: /\btool_(use|result|call|choice)\b|<\/?\s*(function_calls|invoke|tool|antml)|"type"\s*:\s*"tool_use"|\brecord_step_fields\b|\bfunction_call\b/,
  },
  {
    reason: "state_tampering",
    pattern: /\b(mark|set|consider|treat)\b[^.\n]{0,30}\b(step|steps|session|framework|fields?)\b[^.\n]{0,20}\b(complete|completed|done|finished|filled|valid)\b|\b(skip|jump|advance|go) (ahead )?to (the )?(next|last|final|step \d)\b/,
  },
  {
    reason: "prompt_exfiltration",
    pattern: /\b(reveal|print|show|repeat|output|leak|tell me)\b[^.\n]{0,30}\b(system prompt|your (instructions|prompt|rules)|the (text|instructions) above|hidden (instructions|prompt))\b/,
  },
  {
    reason: "markup_payload",
    pattern: /<\s*(script|iframe|object|embed|svg|img|link|style|meta)\b|javascript\s*:|\bon(error|load|click|mouseover)\s*=|data:text\/html/,
  },
];

export function detectInjection(text: string): InjectionCheck {
  const normalized = text.normalize("NFKC").toLowerCase().replace(/[ \t]+/g, " ");
  const reasons = [...new Set(RULES.filter((rule) => rule.pattern.test(normalized)).map((rule) => rule.reason))];
  return { flagged: reasons.length > 0, reasons };
}

/**
 * Wraps user text as data. Any delimiter look-alike inside is defused, so
 * the text cannot close its own envelope and speak as the system.
 */
export function asUntrustedUserData(text: string): string {
  const defused = text.replace(/<(\/?)\s*user_message/gi, "‹$1user_message");
  return `<user_message>\n${defused}\n</user_message>`;
}
