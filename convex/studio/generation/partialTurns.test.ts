import { describe, expect, test } from "vitest";
import { parsePartialTurns } from "./partialTurns";

const full = JSON.stringify({
  framework: "GROW",
  turns: [
    { role: "client", text: "I keep missing deadlines." },
    { role: "coach", text: "What would \"on time\" look like?\nTell me." },
    { role: "client", text: "Shipping on Fridays \u2014 reliably." },
    { role: "coach", text: "What is one step?" },
  ],
});

describe("parsePartialTurns", () => {
  test("nothing written yet reads as no turns", () => {
    expect(parsePartialTurns(undefined)).toEqual({ turns: [] });
    expect(parsePartialTurns("")).toEqual({ turns: [] });
    expect(parsePartialTurns("{")).toEqual({ turns: [] });
  });

  test("the whole document reads as the whole conversation", () => {
    const parsed = parsePartialTurns(full);
    expect(parsed.framework).toBe("GROW");
    expect(parsed.turns).toHaveLength(4);
    expect(parsed.turns[1].text).toBe('What would "on time" look like?\nTell me.');
    expect(parsed.writing).toBeUndefined();
  });

  test("every prefix gives complete turns in order, then the one being written, never more than the whole", () => {
    const final = parsePartialTurns(full).turns;
    let lastCount = 0;
    for (let cut = 0; cut <= full.length; cut++) {
      const parsed = parsePartialTurns(full.slice(0, cut));
      expect(parsed.turns, `cut ${cut}`).toEqual(final.slice(0, parsed.turns.length));
      expect(parsed.turns.length).toBeGreaterThanOrEqual(lastCount);
      lastCount = parsed.turns.length;
      if (parsed.writing) {
        const next = final[parsed.turns.length];
        expect(next.text.startsWith(parsed.writing.text), `cut ${cut}: ${parsed.writing.text}`).toBe(true);
        if (parsed.writing.role) expect(parsed.writing.role).toBe(next.role);
      }
    }
  });

  test("the turn being written shows its role and partial text", () => {
    const cut = full.indexOf("Shipping on") + "Shipping on".length;
    expect(parsePartialTurns(full.slice(0, cut))).toEqual({
      framework: "GROW",
      turns: [
        { role: "client", text: "I keep missing deadlines." },
        { role: "coach", text: 'What would "on time" look like?\nTell me.' },
      ],
      writing: { role: "client", text: "Shipping on" },
    });
  });

  test("a cut inside an escape or a unicode escape drops only the broken tail", () => {
    expect(parsePartialTurns('{"turns":[{"role":"client","text":"a\\').writing).toEqual({ role: "client", text: "a" });
    expect(parsePartialTurns('{"turns":[{"role":"client","text":"a\\u20').writing).toEqual({ role: "client", text: "a" });
    expect(parsePartialTurns('{"turns":[{"role":"client","text":"a\\u2014b').writing).toEqual({ role: "client", text: "a\u2014b" });
  });

  test("a partial framework name is not reported until its string closes", () => {
    expect(parsePartialTurns('{"framework":"GR').framework).toBeUndefined();
    expect(parsePartialTurns('{"framework":"GROW"').framework).toBe("GROW");
  });

  test("turns come before the framework, or with whitespace, just the same", () => {
    const text = '{ "turns" : [ { "text" : "hi", "role" : "client" } , { "role" : "coach", "text" : "wh';
    expect(parsePartialTurns(text)).toEqual({ turns: [{ role: "client", text: "hi" }], writing: { role: "coach", text: "wh" } });
  });

  test("malformed input yields what parsed before the fault and never throws", () => {
    const bad = '{"framework":"GROW","turns":[{"role":"client","text":"hi"},{"role":"coach","text":"ok"}, @@@';
    expect(parsePartialTurns(bad).turns).toEqual([
      { role: "client", text: "hi" },
      { role: "coach", text: "ok" },
    ]);
    for (const garbage of ["[1,2", "nope", '{"turns":5}', '{"turns":[1,"x",null]}', '{"a":tru', '{"turns":[{"role":"boss","text":"x"}]}', "\\u"]) {
      expect(() => parsePartialTurns(garbage)).not.toThrow();
      expect(parsePartialTurns(garbage).turns).toEqual([]);
    }
  });

  test("a role that is not client/coach leaves the turn out", () => {
    const parsed = parsePartialTurns('{"turns":[{"role":"user","text":"x"},{"role":"client","text":"y"}]}');
    expect(parsed.turns).toEqual([{ role: "client", text: "y" }]);
  });
});
