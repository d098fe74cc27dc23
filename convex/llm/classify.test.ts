import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AnthropicError,
} from "@anthropic-ai/sdk";
import { describe, expect, test } from "vitest";
import { ConfigurationError } from "../lib/env";
import { classifyError, friendlyFailure, parseRetryAfter } from "./classify";

function apiError(status: number, type: string, headers: Record<string, string> = {}) {
  return APIError.generate(status, { type: "error", error: { type, message: "whatever wording" } }, undefined, new Headers(headers));
}

describe("error classification", () => {
  test.each([
    [408, "timeout_error", "timeout", true],
    [409, "conflict_error", "conflict", true],
    [429, "rate_limit_error", "rate_limited", true],
    [500, "api_error", "server_error", true],
    [502, "api_error", "server_error", true],
    [503, "api_error", "server_error", true],
    [529, "overloaded_error", "overloaded", true],
    [400, "invalid_request_error", "bad_request", false],
    [401, "authentication_error", "authentication", false],
    [403, "permission_error", "permission", false],
    [404, "not_found_error", "not_found", false],
    [413, "request_too_large", "too_large", false],
  ])("HTTP %i (%s) is %s, retryable %s", (status, type, errorClass, retryable) => {
    expect(classifyError(apiError(status, type))).toMatchObject({ errorClass, retryable, status });
  });

  test("an overloaded_error type is overloaded whatever the status", () => {
    expect(classifyError(apiError(500, "overloaded_error")).errorClass).toBe("overloaded");
  });

  test("classification ignores message text", () => {
    const misleading = APIError.generate(400, { type: "error", error: { type: "invalid_request_error", message: "overloaded, rate limit, retry" } }, undefined, new Headers());
    expect(classifyError(misleading)).toMatchObject({ errorClass: "bad_request", retryable: false });
  });

  test("network errors and timeouts are retryable provider faults", () => {
    expect(classifyError(new APIConnectionError({ message: "reset" }))).toMatchObject({ errorClass: "network", retryable: true, providerFault: true });
    expect(classifyError(new APIConnectionTimeoutError())).toMatchObject({ errorClass: "timeout", retryable: true, providerFault: true });
    expect(classifyError(new TypeError("fetch failed"))).toMatchObject({ errorClass: "network", retryable: true });
  });

  test("unparseable responses are malformed and retryable", () => {
    expect(classifyError(new SyntaxError("Unexpected token"))).toMatchObject({ errorClass: "malformed_response", retryable: true });
    expect(classifyError(new AnthropicError("stream ended early"))).toMatchObject({ errorClass: "malformed_response", retryable: true });
  });

  test("a missing API key is a permanent configuration failure", () => {
    expect(classifyError(new ConfigurationError("ANTHROPIC_API_KEY is not set"))).toMatchObject({ errorClass: "authentication", retryable: false, providerFault: false });
  });

  test("429 is not a provider fault (busy, not broken); 5xx is", () => {
    expect(classifyError(apiError(429, "rate_limit_error")).providerFault).toBe(false);
    expect(classifyError(apiError(503, "api_error")).providerFault).toBe(true);
  });

  test("retry-after is read in seconds, milliseconds or as a date", () => {
    expect(classifyError(apiError(429, "rate_limit_error", { "retry-after": "12" })).retryAfterMs).toBe(12_000);
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "1500", "retry-after": "2" }))).toBe(1500);
    expect(parseRetryAfter(new Headers({ "retry-after": new Date(61_000).toUTCString() }), 1000)).toBe(60_000);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }))).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "99999" }))).toBe(300_000);
  });

  test("the provider's request id is kept", () => {
    expect(classifyError(apiError(500, "api_error", { "request-id": "req_123" })).providerRequestId).toBe("req_123");
  });

  test("permanent failures have friendly, distinct messages", () => {
    expect(friendlyFailure("too_large")).toMatch(/too long/);
    expect(friendlyFailure("bad_request")).toMatch(/rephrasing/);
    expect(friendlyFailure("authentication")).toMatch(/misconfigured/);
    expect(friendlyFailure("overloaded")).toMatch(/unavailable/);
  });
});
