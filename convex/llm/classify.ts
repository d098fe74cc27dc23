import {
  AnthropicError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "@anthropic-ai/sdk";
import { ConfigurationError } from "../lib/env";
import type { ErrorClass } from "./tables";

export type ClassifiedError = {
  errorClass: ErrorClass;
  retryable: boolean;
  /** Counts towards opening the circuit breaker (provider health, not our mistakes). */
  providerFault: boolean;
  status?: number;
  retryAfterMs?: number;
  providerRequestId?: string;
};

const RETRY_AFTER_CAP_MS = 5 * 60 * 1000;

/** `retry-after` is seconds or an HTTP date; `retry-after-ms` is Anthropic's finer variant. */
export function parseRetryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) {
    return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, Number(ms)));
  }
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, seconds * 1000));
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, date - now));
}

function byStatus(status: number, type: string | null): Pick<ClassifiedError, "errorClass" | "retryable" | "providerFault"> {
  if (status === 429) return { errorClass: "rate_limited", retryable: true, providerFault: false };
  if (status === 529 || type === "overloaded_error") return { errorClass: "overloaded", retryable: true, providerFault: true };
  if (status === 408) return { errorClass: "timeout", retryable: true, providerFault: true };
  if (status === 409) return { errorClass: "conflict", retryable: true, providerFault: false };
  if (status >= 500) return { errorClass: "server_error", retryable: true, providerFault: true };
  if (status === 400 || status === 422) return { errorClass: "bad_request", retryable: false, providerFault: false };
  if (status === 401) return { errorClass: "authentication", retryable: false, providerFault: false };
  if (status === 403) return { errorClass: "permission", retryable: false, providerFault: false };
  if (status === 404) return { errorClass: "not_found", retryable: false, providerFault: false };
  if (status === 413) return { errorClass: "too_large", retryable: false, providerFault: false };
  return { errorClass: "unknown", retryable: false, providerFault: false };
}

/**
 * Decides what a failure means by HTTP status, the API's error type and the
 * SDK's error class — never by message text, whose wording may change.
 */
export function classifyError(error: unknown, now = Date.now()): ClassifiedError {
  if (error instanceof APIConnectionTimeoutError) {
    return { errorClass: "timeout", retryable: true, providerFault: true };
  }
  if (error instanceof APIUserAbortError) {
    return { errorClass: "unknown", retryable: false, providerFault: false };
  }
  if (error instanceof APIConnectionError) {
    return { errorClass: "network", retryable: true, providerFault: true };
  }
  if (error instanceof APIError && typeof error.status === "number") {
    return {
      ...byStatus(error.status, error.type),
      status: error.status,
      retryAfterMs: parseRetryAfter(error.headers, now),
      providerRequestId: error.requestID ?? undefined,
    };
  }
  if (error instanceof ConfigurationError) {
    return { errorClass: "authentication", retryable: false, providerFault: false };
  }
  // The SDK's non-HTTP errors arise from a response it could not make sense of.
  if (error instanceof MalformedResponseError || error instanceof SyntaxError || error instanceof AnthropicError) {
    return { errorClass: "malformed_response", retryable: true, providerFault: true };
  }
  // A fetch that failed before any response is a network problem.
  if (error instanceof TypeError) return { errorClass: "network", retryable: true, providerFault: true };
  return { errorClass: "unknown", retryable: false, providerFault: false };
}

/**
 * The classes `classifyError` marks as provider faults: a recorded call's
 * class alone tells whether it counts towards the breaker's failure streak.
 */
export const PROVIDER_FAULT_CLASSES: ReadonlySet<ErrorClass> = new Set<ErrorClass>([
  "overloaded",
  "server_error",
  "timeout",
  "network",
  "malformed_response",
]);

/** Thrown by the gateway when a response parses but breaks the protocol. */
export class MalformedResponseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MalformedResponseError";
  }
}

/** What a user is told when their call failed for good. */
export function friendlyFailure(errorClass: ErrorClass): string {
  switch (errorClass) {
    case "rate_limited":
    case "overloaded":
    case "server_error":
    case "timeout":
    case "network":
    case "conflict":
    case "malformed_response":
    case "circuit_open":
    case "interrupted":
      return "The coach is unavailable right now. Please try again in a little while.";
    case "too_large":
      return "That conversation has grown too long for the coach. Try starting a new session.";
    case "bad_request":
      return "The coach couldn't process that request. Try rephrasing your message.";
    case "authentication":
    case "permission":
    case "not_found":
      return "The coach is misconfigured right now. An admin has been notified.";
    case "cancelled":
      return "Cancelled.";
    case "unknown":
      return "Something went wrong while talking to the coach. Please try again.";
  }
}
