/**
 * Studio → Review, free of React: which key does what, whether a rejection
 * may be sent, which turn edits a revision sends, and how a score reads.
 * Kept pure so the rules a reviewer relies on are tested directly.
 */
import { checkRejection, REJECT_REASONS, type RejectReason } from "../../../../convex/studio/review/rules";
import type { Turn } from "../../../../convex/studio/generation/validators";

export { REJECT_REASONS, type RejectReason };

/** How each reason reads to a reviewer, and what it means. */
export const REASON_LABELS: Record<RejectReason, { label: string; hint: string }> = {
  off_framework: { label: "Off framework", hint: "The coach doesn't walk the framework's steps." },
  unrealistic_client: { label: "Unrealistic client", hint: "The client doesn't talk like a real person would." },
  tells_not_asks: { label: "Tells, doesn't ask", hint: "The coach lectures or advises instead of asking." },
  unsafe: { label: "Unsafe", hint: "A risk goes unaddressed, or the coach says something harmful." },
  repetitive: { label: "Repetitive", hint: "Turns repeat themselves or another conversation." },
  too_short: { label: "Too short", hint: "Too few or too thin turns to learn from." },
  other: { label: "Other", hint: "Say why in the note." },
};

export type ShortcutAction = "next" | "previous" | "approve" | "reject" | "edit" | "cancel" | "legend";

/** The legend, in the order it is shown. */
export const SHORTCUTS: readonly { keys: string; action: ShortcutAction; label: string }[] = [
  { keys: "j", action: "next", label: "Next item" },
  { keys: "k", action: "previous", label: "Previous item" },
  { keys: "a", action: "approve", label: "Approve" },
  { keys: "r", action: "reject", label: "Reject (choose a reason)" },
  { keys: "e", action: "edit", label: "Edit turns (revise)" },
  { keys: "Esc", action: "cancel", label: "Cancel an edit or the reason picker" },
  { keys: "?", action: "legend", label: "Show or hide these shortcuts" },
];

const KEY_ACTIONS: Record<string, ShortcutAction> = {
  j: "next",
  k: "previous",
  a: "approve",
  r: "reject",
  e: "edit",
  Escape: "cancel",
  "?": "legend",
};

type KeyLike = Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey" | "isComposing"> & { target: EventTarget | null };

/** True when keys typed there are text: inputs, textareas, selects and editable content. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (target === null || typeof (target as Element).tagName !== "string") return false;
  const el = target as HTMLElement;
  const tag = el.tagName.toLowerCase();
  if (tag === "textarea" || tag === "select") return true;
  if (tag === "input") {
    const type = ((el as HTMLInputElement).type || "text").toLowerCase();
    // Radios, checkboxes and buttons take no text: a letter there is a shortcut.
    return !["radio", "checkbox", "button", "submit", "reset", "range", "color", "file"].includes(type);
  }
  return el.isContentEditable === true;
}

/**
 * The action a key press asks for, or null. Letters never fire with a
 * modifier (Ctrl+R reloads), nor while typing; Esc still cancels from inside
 * an editor or the reason picker, since that is where one wants to leave.
 */
export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (event.isComposing || event.ctrlKey || event.metaKey || event.altKey) return null;
  const action = KEY_ACTIONS[event.key] ?? null;
  if (action === null) return null;
  if (action !== "cancel" && isTypingTarget(event.target)) return null;
  return action;
}

export type ReasonProblem = { field: "reason" | "note"; message: string };

/** Whether the picker may send its rejection; the same rule the server applies. */
export function checkReasonChoice(reason: RejectReason | null, note: string): { ok: true; args: { reason: RejectReason; note?: string } } | { ok: false; problem: ReasonProblem } {
  if (reason === null) return { ok: false, problem: { field: "reason", message: "Choose a reason." } };
  const checked = checkRejection(reason, note);
  if (!checked.ok) return { ok: false, problem: checked.problem };
  return { ok: true, args: { reason, ...(checked.note !== undefined ? { note: checked.note } : {}) } };
}

export type TurnEdit = { turnIndex: number; text: string };

/**
 * The edits a revision sends: only turns whose trimmed text differs from the
 * stored one. An emptied turn is refused here rather than on the server.
 */
export function editsFromDrafts(turns: readonly Pick<Turn, "text">[], drafts: Readonly<Record<number, string>>): { ok: true; edits: TurnEdit[] } | { ok: false; message: string; turnIndex?: number } {
  const edits: TurnEdit[] = [];
  for (const [key, draft] of Object.entries(drafts)) {
    const turnIndex = Number(key);
    const turn = turns[turnIndex];
    if (turn === undefined) continue;
    const text = draft.trim();
    if (text === "") return { ok: false, message: `Turn ${turnIndex + 1} can't be empty.`, turnIndex };
    if (text !== turn.text) edits.push({ turnIndex, text });
  }
  edits.sort((a, b) => a.turnIndex - b.turnIndex);
  if (edits.length === 0) return { ok: false, message: "Nothing changed yet — edit a turn, or approve as it is." };
  return { ok: true, edits };
}

export type ScoreBand = "good" | "fair" | "poor";

/** The scorer's bands: 8 and up good, 6 up to 8 fair, under 6 poor (and flagged). */
export function scoreBand(score: number): ScoreBand {
  return score >= 8 ? "good" : score >= 6 ? "fair" : "poor";
}

export const BAND_LABEL: Record<ScoreBand, string> = { good: "Good", fair: "Fair", poor: "Poor" };

/** "20:35 UTC", the clock the server's lease message uses. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")} UTC`;
}

export function formatPercent(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 1000) / 10} %`;
}

/** The queue filter as the API takes it, leaving out what is unset. */
export type ReviewFilterDraft = { batchId: string; templateId: string; framework: string; minScore: string; maxScore: string };
export const EMPTY_FILTER: ReviewFilterDraft = { batchId: "", templateId: "", framework: "", minScore: "", maxScore: "" };

export function filterArgs(f: ReviewFilterDraft): { batchId?: string; templateId?: string; framework?: string; minScore?: number; maxScore?: number } {
  const score = (s: string) => {
    if (s.trim() === "") return undefined;
    const n = Number(s);
    return Number.isFinite(n) && n >= 0 && n <= 10 ? n : undefined;
  };
  const min = score(f.minScore);
  const max = score(f.maxScore);
  return {
    ...(f.batchId ? { batchId: f.batchId } : {}),
    ...(f.templateId ? { templateId: f.templateId } : {}),
    ...(f.framework ? { framework: f.framework } : {}),
    ...(min !== undefined ? { minScore: min } : {}),
    // An inverted range is the server's to refuse; keep the lower bound and drop the upper meanwhile.
    ...(max !== undefined && (min === undefined || max >= min) ? { maxScore: max } : {}),
  };
}

/** Where j/k go from the open item: its neighbour in the list, or (once it left the queue) the row that took its place. */
export function neighbour(ids: readonly string[], current: string | null, lastIndex: number, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at >= 0) return ids[Math.min(Math.max(at + step, 0), ids.length - 1)] ?? null;
  if (current === null) return step === 1 ? ids[0] : ids[ids.length - 1];
  // The open item was reviewed and left the list: the row now at its old place is the next one.
  const next = step === 1 ? lastIndex : lastIndex - 1;
  return ids[Math.min(Math.max(next, 0), ids.length - 1)] ?? null;
}
