import { describe, expect, test } from "vitest";
import { MAX_MESSAGE_CHARS, sanitizeUserText } from "./sanitize";

describe("sanitizeUserText", () => {
  test("trims and keeps ordinary text as is", () => {
    expect(sanitizeUserText("  I want to lead better.\n ")).toEqual({ text: "I want to lead better.", truncated: false, originalLength: 22 });
  });

  test("removes NUL and other control characters but keeps tabs and newlines", () => {
    expect(sanitizeUserText("a\u0000b\u0007c\td\ne").text).toBe("abc\td\ne");
  });

  test("drops unpaired surrogates and keeps real pairs (emoji)", () => {
    expect(sanitizeUserText("a\uD800b\uDC00c 👋").text).toBe("abc 👋");
  });

  test("normalises to NFC", () => {
    const decomposed = "Cafe\u0301";
    expect(sanitizeUserText(decomposed).text).toBe("Caf\u00e9");
  });

  test("folds Windows newlines and strips invisible direction overrides", () => {
    expect(sanitizeUserText("one\r\ntwo\u202Ethree\u200B").text).toBe("one\ntwothree");
  });

  test("caps at 5,000 characters and reports the truncation", () => {
    const result = sanitizeUserText("x".repeat(MAX_MESSAGE_CHARS + 10));
    expect(result.text).toHaveLength(MAX_MESSAGE_CHARS);
    expect(result).toMatchObject({ truncated: true, originalLength: MAX_MESSAGE_CHARS + 10 });
  });

  test("never cuts a character in half", () => {
    const result = sanitizeUserText("😀".repeat(6), 5);
    expect(result.text).toBe("😀".repeat(5));
  });

  test("whitespace-only text becomes empty", () => {
    expect(sanitizeUserText(" \n\t ").text).toBe("");
  });
});
