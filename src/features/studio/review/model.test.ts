import { describe, expect, test } from "vitest";
import { checkReasonChoice, editsFromDrafts, filterArgs, neighbour, scoreBand, shortcutFor, EMPTY_FILTER } from "./model";

const el = (tagName: string, extra: Record<string, unknown> = {}) => ({ tagName, ...extra }) as unknown as EventTarget;
const key = (k: string, target: EventTarget | null = el("BODY"), mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key: k,
  target,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  isComposing: false,
  ...mods,
});

describe("shortcutFor", () => {
  test("maps the legend's keys", () => {
    expect(["j", "k", "a", "r", "e", "Escape", "?"].map((k) => shortcutFor(key(k)))).toEqual(["next", "previous", "approve", "reject", "edit", "cancel", "legend"]);
    expect(shortcutFor(key("x"))).toBeNull();
  });

  test("letters are text while typing in an input, textarea, select or editable element", () => {
    for (const target of [el("INPUT", { type: "text" }), el("INPUT", { type: "number" }), el("TEXTAREA"), el("SELECT"), el("DIV", { isContentEditable: true })]) {
      expect(shortcutFor(key("a", target))).toBeNull();
      expect(shortcutFor(key("j", target))).toBeNull();
      expect(shortcutFor(key("?", target))).toBeNull();
    }
  });

  test("Esc still cancels from inside an editor; a radio or button takes no text", () => {
    expect(shortcutFor(key("Escape", el("TEXTAREA")))).toBe("cancel");
    expect(shortcutFor(key("a", el("INPUT", { type: "radio" })))).toBe("approve");
    expect(shortcutFor(key("j", el("BUTTON")))).toBe("next");
  });

  test("never with a modifier (Ctrl+R reloads the page)", () => {
    expect(shortcutFor(key("r", undefined, { ctrlKey: true }))).toBeNull();
    expect(shortcutFor(key("a", undefined, { metaKey: true }))).toBeNull();
    expect(shortcutFor(key("e", undefined, { altKey: true }))).toBeNull();
  });
});

describe("checkReasonChoice", () => {
  test("a reason is required", () => {
    expect(checkReasonChoice(null, "")).toEqual({ ok: false, problem: { field: "reason", message: "Choose a reason." } });
  });
  test("“other” requires a note; a blank one doesn't count", () => {
    const result = checkReasonChoice("other", "   ");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.field).toBe("note");
    expect(checkReasonChoice("other", "  the client is a robot ")).toEqual({ ok: true, args: { reason: "other", note: "the client is a robot" } });
  });
  test("other reasons take an optional note, trimmed or left out", () => {
    expect(checkReasonChoice("unsafe", "")).toEqual({ ok: true, args: { reason: "unsafe" } });
    expect(checkReasonChoice("repetitive", " same as #4 ")).toEqual({ ok: true, args: { reason: "repetitive", note: "same as #4" } });
  });
});

describe("editsFromDrafts", () => {
  const turns = [{ text: "I keep missing deadlines." }, { text: "You should use a calendar." }, { text: "Maybe." }];
  test("sends only changed turns, trimmed, in turn order", () => {
    expect(editsFromDrafts(turns, { 2: "Maybe. ", 1: "  What gets in the way when a deadline slips? ", 0: "I keep missing deadlines." })).toEqual({
      ok: true,
      edits: [{ turnIndex: 1, text: "What gets in the way when a deadline slips?" }],
    });
  });
  test("refuses an emptied turn and edits that change nothing", () => {
    expect(editsFromDrafts(turns, { 1: "  " })).toEqual({ ok: false, message: "Turn 2 can't be empty.", turnIndex: 1 });
    expect(editsFromDrafts(turns, { 0: turns[0].text })).toMatchObject({ ok: false });
  });
});

describe("queue helpers", () => {
  test("j/k step through the list; once the open item leaves it, j opens the row that took its place", () => {
    const ids = ["a", "b", "c"];
    expect(neighbour(ids, null, 0, 1)).toBe("a");
    expect(neighbour(ids, "a", 0, 1)).toBe("b");
    expect(neighbour(ids, "a", 0, -1)).toBe("a");
    expect(neighbour(ids, "c", 2, 1)).toBe("c");
    // "b" (index 1) was approved and left: the list is now a, c.
    expect(neighbour(["a", "c"], "b", 1, 1)).toBe("c");
    expect(neighbour(["a", "c"], "b", 1, -1)).toBe("a");
    expect(neighbour([], "b", 1, 1)).toBeNull();
  });
  test("filter args leave out what is unset and drop an inverted upper bound", () => {
    expect(filterArgs(EMPTY_FILTER)).toEqual({});
    expect(filterArgs({ ...EMPTY_FILTER, framework: "GROW", minScore: "5", maxScore: "8" })).toEqual({ framework: "GROW", minScore: 5, maxScore: 8 });
    expect(filterArgs({ ...EMPTY_FILTER, minScore: "7", maxScore: "3" })).toEqual({ minScore: 7 });
    expect(filterArgs({ ...EMPTY_FILTER, minScore: "11" })).toEqual({});
  });
  test("score bands", () => {
    expect([9, 8, 7.9, 6, 5.9].map(scoreBand)).toEqual(["good", "good", "fair", "fair", "poor"]);
  });
});
