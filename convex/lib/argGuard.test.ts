import { describe, expect, test } from "vitest";
import { MAX_ARG_DEPTH, MAX_ARG_STRING_CHARS, findArgProblem, guardArgs } from "./argGuard";

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = { x: value };
  return value;
}

describe("argument guard", () => {
  test.each([
    [{ text: "a\u0000b" }, "text", "contains a NUL character"],
    [{ text: "a\uD800b" }, "text", "contains an unpaired surrogate (broken Unicode)"],
    [{ text: "\uDC00" }, "text", "contains an unpaired surrogate (broken Unicode)"],
    [{ list: ["ok", "x\u0000"] }, "list[1]", "contains a NUL character"],
    [{ n: Number.NaN }, "n", "must be a finite number, not NaN"],
    [{ n: Number.POSITIVE_INFINITY }, "n", "must be a finite number, not Infinity"],
    [{ deep: { n: Number.NEGATIVE_INFINITY } }, "deep.n", "must be a finite number, not -Infinity"],
    [{ big: "x".repeat(MAX_ARG_STRING_CHARS + 1) }, "big", `is ${MAX_ARG_STRING_CHARS + 1} characters; the limit is ${MAX_ARG_STRING_CHARS}`],
    [{ "bad\u0000key": 1 }, "<key>", "contains a NUL character"],
  ])("finds the problem in %#", (args, path, message) => {
    expect(findArgProblem(args)).toEqual({ path, message });
  });

  test("accepts ordinary values, emoji and paired surrogates", () => {
    expect(findArgProblem({ text: "Hi 👋 — café", n: -3.5, list: [1, true, null], nested: nested(MAX_ARG_DEPTH - 1) })).toBeNull();
  });

  test("refuses nesting past the limit, even 20,000 deep, without overflowing the stack", () => {
    expect(findArgProblem(nested(MAX_ARG_DEPTH + 1))?.message).toBe(`is nested more than ${MAX_ARG_DEPTH} levels deep`);
    expect(findArgProblem(nested(20_000))?.message).toBe(`is nested more than ${MAX_ARG_DEPTH} levels deep`);
  });

  test("throws a coded INVALID_INPUT naming the top-level field", () => {
    expect(() => guardArgs({ challenge: "x\u0000" })).toThrow(
      expect.objectContaining({
        data: { code: "INVALID_INPUT", message: "challenge contains a NUL character.", field: "challenge" },
      }),
    );
  });
});
