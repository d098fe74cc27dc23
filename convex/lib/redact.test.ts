import { describe, expect, test } from "vitest";
import { KEEP_CORPUS, REDACTION_CORPUS } from "./redact.corpus";
import { classifyField, LIMITS, redactFields, redactString, redactValue } from "./redact";

describe("the redaction corpus", () => {
  test("has at least 40 cases", () => {
    expect(REDACTION_CORPUS.length).toBeGreaterThanOrEqual(40);
  });

  test.each(REDACTION_CORPUS.map((c) => [c.name, c] as const))("%s: nothing leaks", (_name, corpusCase) => {
    const out = JSON.stringify(redactFields(corpusCase.input));
    for (const leak of corpusCase.leaks) expect(out).not.toContain(leak);
    expect(out).toContain("[REDACTED");
  });

  test("zero leaks across the whole corpus, in one entry and with debug on", () => {
    const all = Object.fromEntries(REDACTION_CORPUS.map((c, i) => [`case${i}`, c.input]));
    // Debug keeps message bodies, so only the pattern-based leaks are checked there.
    const bodyCases = new Set(["user message text", "content blocks", "prompt field", "message body nested deep", "challenge field", "llm params", "tool input"]);
    const plain = JSON.stringify(redactValue(all));
    const debug = JSON.stringify(redactValue(all, { debug: true }));
    for (const c of REDACTION_CORPUS) {
      for (const leak of c.leaks) {
        expect(plain, c.name).not.toContain(leak);
        if (!bodyCases.has(c.name)) expect(debug, `${c.name} (debug)`).not.toContain(leak);
      }
    }
  });

  test.each(KEEP_CORPUS.map((c) => [c.name, c] as const))("%s: kept as is", (_name, keep) => {
    expect(redactFields(keep.input)).toEqual(keep.input);
  });
});

describe("redaction rules", () => {
  test("message bodies are replaced by their size unless debug is on", () => {
    expect(redactFields({ text: "hello there" })).toEqual({ text: "[REDACTED:body 11 chars]" });
    expect(redactFields({ messages: [1, 2, 3] })).toEqual({ messages: "[REDACTED:body 3 items]" });
    expect(redactFields({ text: "hello there" }, { debug: true })).toEqual({ text: "hello there" });
    // Debug keeps bodies but still scrubs what is inside them.
    expect(redactFields({ text: "mail ada@example.com" }, { debug: true })).toEqual({ text: "mail [REDACTED:email]" });
  });

  test("secret-named fields are removed even in debug", () => {
    expect(redactFields({ password: "pw", token: { a: 1 } }, { debug: true })).toEqual({
      password: "[REDACTED:secret]",
      token: "[REDACTED:secret]",
    });
  });

  test("field names are classified by their words", () => {
    expect(classifyField("messageId")).toBe("plain");
    expect(classifyField("inputTokens")).toBe("plain");
    expect(classifyField("userText")).toBe("body");
    expect(classifyField("errorMessage")).toBe("plain");
    expect(classifyField("x-api-key")).toBe("secret");
    expect(classifyField("passwordHash")).toBe("secret");
    expect(classifyField("userEmail")).toBe("pii");
    expect(classifyField("displayName")).toBe("pii");
    expect(classifyField("model")).toBe("plain");
  });

  test("cards must pass Luhn; other long numbers stay", () => {
    expect(redactString("4111 1111 1111 1111")).toBe("[REDACTED:card]");
    expect(redactString("4111 1111 1111 1112")).toBe("4111 1111 1111 1112");
  });

  test("the output is a valid, bounded Convex value", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    const out = redactFields({
      $weird: 1,
      "ünïcode": 2,
      missing: undefined,
      fn: () => 1,
      nan: Number.NaN,
      big: BigInt(10),
      when: new Date(0),
      error: new Error("boom for bob@example.com"),
      bytes: new Uint8Array(4),
      long: "x".repeat(LIMITS.string + 10),
      list: Array.from({ length: LIMITS.array + 5 }, (_, i) => i),
      cyclic,
      deep,
    });
    expect(out).not.toHaveProperty("missing");
    expect(out).not.toHaveProperty("fn");
    expect(Object.keys(out).every((k) => !k.startsWith("$") && /^[\x20-\x7e]+$/.test(k))).toBe(true);
    expect(out.nan).toBe("NaN");
    expect(out.big).toBe("10");
    expect(out.when).toBe("1970-01-01T00:00:00.000Z");
    expect(out.error).toEqual({ name: "Error", message: "boom for [REDACTED:email]" });
    expect(out.bytes).toBe("[binary 4 bytes]");
    expect(String(out.long)).toContain("[truncated 10 chars]");
    expect((out.list as unknown[]).length).toBe(LIMITS.array + 1);
    expect((out.cyclic as Record<string, unknown>).self).toBe("[circular]");
    expect(JSON.stringify(out.deep)).toContain("[depth limit]");
  });
});
