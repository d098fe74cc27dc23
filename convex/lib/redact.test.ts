import { describe, expect, test } from "vitest";
import { KEEP_CORPUS, REDACTION_CORPUS, TEXT_CORPUS } from "./redact.corpus";
import { classifyField, credentialName, LIMITS, looksLikeCredential, redactFields, redactString, redactValue } from "./redact";

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

describe("the free-text corpus", () => {
  const secretCases = TEXT_CORPUS.filter((c) => c.secrets.length > 0);
  const innocentCases = TEXT_CORPUS.filter((c) => c.secrets.length === 0);
  const leaks = (c: (typeof TEXT_CORPUS)[number], out: string) => c.secrets.filter((secret) => out.includes(secret));

  test("has at least 300 cases, secrets and innocent look-alikes both well represented", () => {
    expect(TEXT_CORPUS.length).toBeGreaterThanOrEqual(300);
    expect(secretCases.length).toBeGreaterThanOrEqual(150);
    expect(innocentCases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(secretCases.map((c) => c.kind))).toEqual(
      new Set(["jwt", "name=value", "prose", "ssn", "ipv6", "aws", "email", "phone", "card", "iban", "ipv4", "api_key", "bearer"]),
    );
  });

  test("recall is at least 99 % and the false-positive rate at most 2 %", () => {
    const missed = secretCases.filter((c) => leaks(c, redactString(c.text)).length > 0);
    const changed = innocentCases.filter((c) => redactString(c.text) !== c.text);
    const recall = (secretCases.length - missed.length) / secretCases.length;
    const falsePositiveRate = changed.length / innocentCases.length;
    expect(recall, missed.map((c) => c.text).join("\n")).toBeGreaterThanOrEqual(0.99);
    expect(falsePositiveRate, changed.map((c) => `${c.text} -> ${redactString(c.text)}`).join("\n")).toBeLessThanOrEqual(0.02);
  });

  test.each(secretCases.map((c) => [`${c.kind}: ${c.text.slice(0, 60)}`, c] as const))("%s: no secret survives", (_name, c) => {
    const out = redactString(c.text);
    expect(leaks(c, out)).toEqual([]);
    expect(out).toContain("[REDACTED:");
  });

  test("through the field walker too, as values, keys and array items, with debug on", () => {
    // An entry keeps at most LIMITS.keys keys and LIMITS.array items, so the corpus goes in chunks.
    for (let from = 0; from < TEXT_CORPUS.length; from += LIMITS.array) {
      const chunk = TEXT_CORPUS.slice(from, from + LIMITS.array);
      const out = JSON.stringify(
        redactFields({ detail: chunk.map((c) => c.text), byLine: Object.fromEntries(chunk.map((c, i) => [c.text, i])) }, { debug: true }),
      );
      for (const c of chunk) expect(leaks(c, out), c.text).toEqual([]);
    }
  });
});

describe("credential heuristics", () => {
  test("names that mean a credential, strong or weak, and metadata names that do not", () => {
    for (const name of ["password", "DB_PASSWORD", "apiKey", "x-api-key", "client_secret", "AWS_SECRET_ACCESS_KEY", "X-Auth-Token", "jwt", "JSESSIONID", "connect.sid", "Set-Cookie"]) {
      expect(credentialName(name), name).toBe("strong");
    }
    for (const name of ["token", "secret", "key", "session", "sid", "auth", "pin", "github_token"]) expect(credentialName(name), name).toBe("weak");
    for (const name of ["tokenCount", "max_tokens", "inputTokens", "session_id", "keyName", "passwordReset", "keyboard", "monkey", "model"]) {
      expect(credentialName(name), name).toBeNull();
    }
  });

  test("a credential value is one token with digits, mixed case or symbols; prose, dates, prices and versions are not", () => {
    for (const value of ["hunter2hunter2", "zzTOPsecret999", "dXNlcjpwYXNzd29yZA==", "cs_0987654321abcdef", "551203", "3f2a9c1e5b7d8f0a1c"]) {
      expect(looksLikeCredential(value), value).toBe(true);
    }
    for (const value of ["nobody", "Enter", "expired", "dark-mode", "2026-11-22", "13:45:00", "$1,299.99", "v2.10.0", "1.2.3.4", "12345", "****", "abc", "two words"]) {
      expect(looksLikeCredential(value), value).toBe(false);
    }
  });

  test("what the outside probe reported is fixed", () => {
    const jwt = "Zm9vYmFyYmF6cXV4MTIzNDU2.cGF5bG9hZDEyMzQ1Njc4OTBhYmNkZWY.c2lnbmF0dXJlX3h5ejEyMzQ1Njc4OTA";
    expect(redactString(`jwt=${jwt}`)).toBe("jwt=[REDACTED:jwt]");
    expect(redactString("token collection")).toBe("token collection");
    expect(redactString("Version 10.2.3.4")).toBe("Version 10.2.3.4");
    expect(redactString("basic understanding")).toBe("basic understanding");
    expect(redactString("My secret: nobody knows I'm scared")).toBe("My secret: nobody knows I'm scared");
    expect(redactString("SSN 123-45-6789")).toBe("SSN [REDACTED:ssn]");
    expect(redactString("from 2001:db8::1 and ::1 and ::ffff:1.2.3.4")).toBe("from [REDACTED:ip] and [REDACTED:ip] and [REDACTED:ip]");
    expect(redactString("my password is hunter2")).toBe("my password is [REDACTED:secret]");
    expect(redactString("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")).toBe("[REDACTED:aws_secret]");
  });

  test("a quoted value keeps its quotes; the name and separator stay readable", () => {
    expect(redactString('{"client_secret": "cs_0987654321abcdef"}')).toBe('{"client_secret": "[REDACTED:secret]"}');
    expect(redactString("url ?user=admin&password=hunter2hunter2&x=1")).toBe("url ?user=admin&password=[REDACTED:secret]&x=1");
    expect(redactString("Cookie: session=abcdef123456; theme=dark")).toBe("Cookie: [REDACTED:secret]; theme=dark");
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
