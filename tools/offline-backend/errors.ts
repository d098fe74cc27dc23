/**
 * How failures reach clients, mirroring a Convex dev deployment:
 *   - every failure message starts with `[Request ID: <id>] Server Error`;
 *   - a thrown `ConvexError` also carries `errorData` = convexToJson(data);
 *   - other exceptions show `Uncaught <Name>: <message>` but never a stack
 *     (the backend's own log keeps the stack).
 */
import { randomBytes } from "node:crypto";
import { convexToJson, type JSONValue, type Value } from "convex/values";
import { ReturnsValidationError } from "./function-registry";
import { LimitError } from "./limits";

export interface ClientError {
  errorMessage: string;
  errorData?: JSONValue;
}

export function newRequestId(): string {
  return randomBytes(8).toString("hex");
}

export function isConvexError(error: unknown): error is Error & { data: Value } {
  return typeof error === "object" && error !== null && Symbol.for("ConvexError") in error;
}

/** A failure detected by the backend itself (unknown function, bad arguments...). */
export function systemError(requestId: string, message: string): ClientError {
  return { errorMessage: `[Request ID: ${requestId}] Server Error\n${message}` };
}

export function toClientError(requestId: string, error: unknown): ClientError {
  if (isConvexError(error)) {
    let data = error.data;
    // convex/server serialises `data` to a JSON string on the way out of a
    // function; convex-test parses it back, but not on every path (HTTP actions).
    if (typeof data === "string" && (error as { ConvexErrorSymbol?: unknown }).ConvexErrorSymbol !== undefined) {
      try {
        data = JSON.parse(data) as Value;
      } catch {
        // Not serialised after all.
      }
    }
    return {
      errorMessage: `[Request ID: ${requestId}] Server Error\nUncaught ConvexError: ${error.message}`,
      errorData: convexToJson(data === undefined ? null : data),
    };
  }
  if (error instanceof ReturnsValidationError) {
    return systemError(requestId, `ReturnsValidationError: ${error.message}`);
  }
  if (error instanceof LimitError) return systemError(requestId, error.message);
  if (error instanceof Error) {
    const message = error.message;
    // convex-test's own validator messages; ours run first, these are backstops.
    if (message.startsWith("Validator error:")) {
      return systemError(requestId, `ArgumentValidationError: ${message}`);
    }
    if (message.startsWith("Return value validation failed")) {
      return systemError(requestId, `ReturnsValidationError: ${message}`);
    }
    return systemError(requestId, `Uncaught ${error.name || "Error"}: ${message}`);
  }
  return systemError(requestId, `Uncaught ${String(error)}`);
}

/** What the backend log shows for a failed function call. */
export function describeForLog(error: unknown): string {
  if (isConvexError(error)) return `ConvexError: ${error.message}`;
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
