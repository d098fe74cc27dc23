import { describe, expect, test } from "vitest";
import { normalizeEmail, validatePassword } from "./credentials";

const invalid = (field: string) =>
  expect.objectContaining({ data: expect.objectContaining({ code: "INVALID_INPUT", field }) });

describe("credentials", () => {
  test("emails are trimmed and lower-cased", () => {
    expect(normalizeEmail("  Ada@Example.COM ")).toBe("ada@example.com");
  });

  test.each(["", "ada", "ada@", "@example.com", "ada@example", "a b@example.com", 42, undefined])(
    "rejects the email %j",
    (email) => {
      expect(() => normalizeEmail(email)).toThrow(invalid("email"));
    },
  );

  test.each(["short1", "lettersonly", "x".repeat(201) + "1"])("rejects the password %j", (pw) => {
    expect(() => validatePassword(pw)).toThrow(invalid("password"));
  });

  test("accepts a reasonable password", () => {
    expect(() => validatePassword("correct horse 1")).not.toThrow();
  });
});
