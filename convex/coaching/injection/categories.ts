/**
 * What an injection attempt tries to do. The first five names are the
 * `reasons` the detector wrote before it was scored, kept so existing audit
 * entries and their readers mean the same thing.
 */
export const INJECTION_CATEGORIES = [
  "override_instructions",
  "prompt_exfiltration",
  "role_override",
  "fake_system_tag",
  "state_tampering",
  "indirect_injection",
  "markup_payload",
  "encoded_payload",
] as const;

export type InjectionCategory = (typeof INJECTION_CATEGORIES)[number];

/** Short human names for audit views; the chat itself only says the message was treated as plain text. */
export const CATEGORY_LABELS: Record<InjectionCategory, string> = {
  override_instructions: "Tried to override the coach's instructions",
  prompt_exfiltration: "Asked for the coach's hidden instructions or data",
  role_override: "Role-play or persona jailbreak",
  fake_system_tag: "Fake system, developer or tool markup",
  state_tampering: "Tried to change session steps or fields",
  indirect_injection: "Instructions for an AI hidden in pasted text",
  markup_payload: "Script or HTML payload",
  encoded_payload: "Instructions hidden in an encoding",
};
