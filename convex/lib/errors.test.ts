import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { appError, appErrorData, ERROR_CODES, isErrorCode } from "./errors";

describe("error codes", () => {
  test("appError carries code, message and extras as ConvexError data", () => {
    const error = appError("RATE_LIMITED", "Slow down.", { retryAfterMs: 1200 });
    expect(error).toBeInstanceOf(ConvexError);
    expect(error.data).toEqual({ code: "RATE_LIMITED", message: "Slow down.", retryAfterMs: 1200 });
  });

  test("the list is closed and includes the codes the product relies on", () => {
    for (const code of ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "INVALID_INPUT", "RATE_LIMITED", "SESSION_EXPIRED", "LIMIT_REACHED", "PROVIDER_UNAVAILABLE"]) {
      expect(isErrorCode(code)).toBe(true);
    }
    expect(isErrorCode("TEAPOT")).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });

  test("appErrorData reads our errors and ignores everything else", () => {
    expect(appErrorData(appError("FORBIDDEN", "No."))).toEqual({ code: "FORBIDDEN", message: "No." });
    expect(appErrorData(new Error("boom"))).toBeNull();
    expect(appErrorData(new ConvexError("plain string"))).toBeNull();
    expect(appErrorData(new ConvexError({ code: "TEAPOT", message: "x" }))).toBeNull();
    expect(appErrorData(new ConvexError({ code: "FORBIDDEN" }))).toBeNull();
  });
});
