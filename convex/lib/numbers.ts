/**
 * Checks for numbers that count things. Convex's `v.number()` takes any
 * float, so a day count of -5 or 0.5 would otherwise reach a handler.
 */
import { appError } from "./errors";

export function wholeNumber(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw appError("INVALID_INPUT", `${field} must be a whole number from ${min} to ${max}.`, { field });
  }
  return value;
}
