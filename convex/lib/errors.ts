import { ConvexError } from "convex/values";

/**
 * The closed list of error codes a user can see. The SPA maps each code to
 * friendly text (src/lib/errors.ts); anything else reaching the client is a bug.
 */
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "NOT_FOUND",
  "INVALID_INPUT",
  "CONFLICT",
  "RATE_LIMITED",
  "SESSION_EXPIRED",
  "LIMIT_REACHED",
  "PROVIDER_UNAVAILABLE",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type AppErrorData = {
  code: ErrorCode;
  message: string;
  /** For RATE_LIMITED: how long until a retry can succeed. */
  retryAfterMs?: number;
  /** For INVALID_INPUT: the offending field. */
  field?: string;
};

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && (ERROR_CODES as readonly string[]).includes(value);
}

export function appError(
  code: ErrorCode,
  message: string,
  extra: Omit<AppErrorData, "code" | "message"> = {},
): ConvexError<AppErrorData> {
  return new ConvexError<AppErrorData>({ code, message, ...extra });
}

/** Narrows an unknown thrown value (server or client side) to our error data. */
export function appErrorData(error: unknown): AppErrorData | null {
  if (!(error instanceof ConvexError)) return null;
  const data: unknown = error.data;
  if (typeof data !== "object" || data === null) return null;
  const { code, message } = data as Record<string, unknown>;
  if (!isErrorCode(code) || typeof message !== "string") return null;
  return data as AppErrorData;
}
