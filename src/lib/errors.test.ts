import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { describeAuthError, describeError, formatWait } from "./errors";

describe("describeError", () => {
  test("shows the server's friendly message for a coded error", () => {
    const error = new ConvexError({ code: "LIMIT_REACHED", message: "You already have 3 active sessions." });
    expect(describeError(error)).toEqual({ code: "LIMIT_REACHED", message: "You already have 3 active sessions." });
  });

  test("says how long to wait when rate limited", () => {
    const error = new ConvexError({ code: "RATE_LIMITED", message: "x", retryAfterMs: 11_200 });
    expect(describeError(error)).toEqual({
      code: "RATE_LIMITED",
      retryAfterMs: 11_200,
      message: "You're sending messages quickly — try again in 12 s.",
    });
  });

  test("falls back to a default text when a coded error has no message", () => {
    const error = new ConvexError({ code: "SESSION_EXPIRED", message: "" });
    expect(describeError(error).message).toBe("This session has expired. Start a new one to keep going.");
  });

  test("shows uncoded errors generically, keeping the request id", () => {
    const error = new Error("[Request ID: 8f2a] Server Error\nUncaught Error: secret stack detail");
    expect(describeError(error)).toEqual({
      code: "UNKNOWN",
      message: "Something went wrong on our side. Please try again.",
      requestId: "8f2a",
    });
  });

  test("never shows the text of an unknown ConvexError code", () => {
    expect(describeError(new ConvexError({ code: "TEAPOT", message: "internal" })).code).toBe("UNKNOWN");
  });
});

describe("formatWait", () => {
  test.each([
    [1, "1 s"],
    [999, "1 s"],
    [12_000, "12 s"],
    [59_000, "59 s"],
    [61_000, "2 min"],
  ])("%d ms reads %s", (ms, text) => {
    expect(formatWait(ms)).toBe(text);
  });
});

describe("describeAuthError", () => {
  test("a failed sign-in reads as a credentials mismatch", () => {
    expect(describeAuthError(new Error("Invalid credentials"), "signIn").message).toBe(
      "That email and password don't match an account.",
    );
  });

  test("a failed sign-up suggests the email may be taken", () => {
    expect(describeAuthError(new Error("Server Error"), "signUp").message).toMatch(/already be registered/);
  });

  test("coded errors keep their own message", () => {
    const error = new ConvexError({ code: "INVALID_INPUT", message: "Passwords need at least 8 characters." });
    expect(describeAuthError(error, "signUp").message).toBe("Passwords need at least 8 characters.");
  });

  test("network failures say so", () => {
    expect(describeAuthError(new TypeError("Failed to fetch"), "signIn").message).toMatch(/couldn't reach/);
  });
});
