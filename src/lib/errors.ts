import { ConvexError } from "convex/values";
import { isErrorCode, type AppErrorData, type ErrorCode } from "../../convex/lib/errors";

export type DisplayError = {
  code: ErrorCode | "UNKNOWN";
  message: string;
  retryAfterMs?: number;
  requestId?: string;
};

const FALLBACK: Record<ErrorCode, string> = {
  UNAUTHENTICATED: "Please sign in to continue.",
  FORBIDDEN: "You don't have access to that.",
  NOT_FOUND: "We couldn't find that. It may have been removed.",
  INVALID_INPUT: "Please check what you entered.",
  CONFLICT: "That change conflicts with the current state. Refresh and try again.",
  RATE_LIMITED: "You're going a little fast.",
  SESSION_EXPIRED: "This session has expired. Start a new one to keep going.",
  LIMIT_REACHED: "You've reached a limit for now.",
  PROVIDER_UNAVAILABLE: "The coach is unavailable right now. Please try again shortly.",
};

export function formatWait(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} min`;
}

/**
 * Turns anything thrown by a Convex call into text a person can act on.
 * Only our own coded errors carry server text; anything else is a bug, shown
 * generically with the request id so support can find the log.
 */
export function describeError(error: unknown): DisplayError {
  if (error instanceof ConvexError && typeof error.data === "object" && error.data !== null) {
    const data = error.data as Partial<AppErrorData>;
    if (isErrorCode(data.code)) {
      if (data.code === "RATE_LIMITED" && typeof data.retryAfterMs === "number") {
        return {
          code: data.code,
          retryAfterMs: data.retryAfterMs,
          message: `You're sending messages quickly — try again in ${formatWait(data.retryAfterMs)}.`,
        };
      }
      return { code: data.code, message: data.message || FALLBACK[data.code] };
    }
  }
  const text = error instanceof Error ? error.message : String(error);
  const requestId = /\[Request ID: ([^\]]+)\]/.exec(text)?.[1];
  return {
    code: "UNKNOWN",
    message: "Something went wrong on our side. Please try again.",
    ...(requestId ? { requestId } : {}),
  };
}

/**
 * The server codes every sign-in refusal (convex/auth.ts); the plain-error
 * wording below is for anything uncoded that slips through, such as a
 * library upgrade changing how refusals are thrown.
 */
export function describeAuthError(error: unknown, flow: "signIn" | "signUp"): DisplayError {
  // A sign-in lock says in its own words how long it lasts; the generic
  // "sending messages quickly" wording would be wrong here.
  if (error instanceof ConvexError && typeof error.data === "object" && error.data !== null) {
    const data = error.data as Partial<AppErrorData>;
    if (data.code === "RATE_LIMITED" && typeof data.message === "string" && data.message !== "") {
      return {
        code: data.code,
        message: data.message,
        ...(typeof data.retryAfterMs === "number" ? { retryAfterMs: data.retryAfterMs } : {}),
      };
    }
  }
  const described = describeError(error);
  if (described.code !== "UNKNOWN") return described;
  const text = error instanceof Error ? error.message : String(error);
  if (/fetch|network|connection/i.test(text)) {
    return { code: "UNKNOWN", message: "We couldn't reach Framewise. Check your connection and try again." };
  }
  return {
    code: "UNKNOWN",
    message:
      flow === "signIn"
        ? "That email and password don't match an account."
        : "We couldn't create that account. The email may already be registered — try signing in.",
  };
}
