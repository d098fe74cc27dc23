import { describe, expect, test } from "vitest";
import { attemptState, lockoutMessage, normalizeEmail, signInLocked, validatePassword } from "./credentials";

const invalid = (field: string) =>
  expect.objectContaining({ data: expect.objectContaining({ code: "INVALID_INPUT", field }) });

describe("credentials", () => {
  test("emails are trimmed and lower-cased", () => {
    expect(normalizeEmail("  Ada@Example.COM ")).toBe("ada@example.com");
  });

  test.each(["", "ada", "ada@", "@example.com", "ada@example", "a b@example.com", 42, undefined, "ad\uD800a@example.com", "ada\u0000@example.com", "ad\u202Ea@example.com"])(
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

describe("the failed-attempt bucket", () => {
  const HOUR = 60 * 60 * 1000;

  test("no bucket means every attempt is left", () => {
    expect(attemptState(null, 0, 10)).toEqual({ attemptsLeft: 10, retryAfterMs: null });
  });

  test("an empty bucket opens again once one attempt has refilled", () => {
    const empty = { attemptsLeft: 0, lastAttemptTime: 1_000 };
    expect(attemptState(empty, 1_000, 10).retryAfterMs).toBe(HOUR / 10);
    expect(attemptState(empty, 1_000 + HOUR / 10 - 60_000, 10).retryAfterMs).toBe(60_000);
    expect(attemptState(empty, 1_000 + HOUR / 10, 10)).toEqual({ attemptsLeft: 1, retryAfterMs: null });
  });

  test("refills never exceed the hourly allowance", () => {
    expect(attemptState({ attemptsLeft: 3, lastAttemptTime: 0 }, 5 * HOUR, 10).attemptsLeft).toBe(10);
  });

  test("a clock that goes backwards does not drain the bucket", () => {
    expect(attemptState({ attemptsLeft: 2, lastAttemptTime: 10_000 }, 0, 10).attemptsLeft).toBe(2);
  });
});

describe("the lockout message", () => {
  test.each([
    [1, "Too many attempts. Try again in 1 minute."],
    [60_000, "Too many attempts. Try again in 1 minute."],
    [60_001, "Too many attempts. Try again in 2 minutes."],
    [6 * 60_000, "Too many attempts. Try again in 6 minutes."],
  ])("%d ms reads %j", (ms, text) => {
    expect(lockoutMessage(ms)).toBe(text);
  });

  test("the error carries the wait as retryAfterMs", () => {
    expect(signInLocked(90_000).data).toEqual({ code: "RATE_LIMITED", message: "Too many attempts. Try again in 2 minutes.", retryAfterMs: 90_000 });
  });
});
