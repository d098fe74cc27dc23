/**
 * Checks values against the JSON form of Convex validators
 * (`func.exportArgs()` / `func.exportReturns()`), producing messages shaped
 * like the real backend's ArgumentValidationError / ReturnsValidationError.
 *
 * convex-test validates too, but after a mutation has committed for return
 * values, without `v.record`, and with different messages; the engine runs
 * these checks first so clients see what Convex would send.
 */
import { convexToJson, type Value } from "convex/values";
import { tableNameFromId } from "./convex-test-adapter";

type FieldType = { fieldType: ValidatorJson; optional: boolean };

export type ValidatorJson =
  | { type: "null" | "number" | "bigint" | "boolean" | "string" | "bytes" | "any" | "commitTs" }
  | { type: "literal"; value: unknown }
  | { type: "id"; tableName: string }
  | { type: "array"; value: ValidatorJson }
  | { type: "record"; keys: ValidatorJson; values: FieldType }
  | { type: "object"; value: Record<string, FieldType> }
  | { type: "union"; value: ValidatorJson[] };

export class ValidationError extends Error {}

/** Returns an error message, or null if `value` matches `validator`. */
export function checkValue(validator: ValidatorJson, value: Value | undefined): string | null {
  return check(validator, value, "");
}

function check(validator: ValidatorJson, value: Value | undefined, path: string): string | null {
  const mismatch = () =>
    `Value does not match validator.\nPath: ${path === "" ? "." : path}\nValue: ${printValue(value)}\nValidator: ${printValidator(validator)}`;
  switch (validator.type) {
    case "any":
      return value === undefined ? mismatch() : null;
    case "null":
      return value === null ? null : mismatch();
    case "number":
      return typeof value === "number" ? null : mismatch();
    case "bigint":
      return typeof value === "bigint" ? null : mismatch();
    case "commitTs":
      return typeof value === "bigint" || (typeof value === "object" && value !== null && value.constructor?.name === "CommitTsPlaceholder")
        ? null
        : mismatch();
    case "boolean":
      return typeof value === "boolean" ? null : mismatch();
    case "string":
      return typeof value === "string" ? null : mismatch();
    case "bytes":
      return value instanceof ArrayBuffer ? null : mismatch();
    case "literal":
      return value !== undefined && JSON.stringify(convexToJson(value)) === JSON.stringify(validator.value) ? null : mismatch();
    case "id":
      return typeof value === "string" && tableNameFromId(value) === validator.tableName ? null : mismatch();
    case "array": {
      if (!Array.isArray(value)) return mismatch();
      for (let i = 0; i < value.length; i++) {
        const problem = check(validator.value, value[i], `${path}[${i}]`);
        if (problem !== null) return problem;
      }
      return null;
    }
    case "record": {
      if (!isPlainObject(value)) return mismatch();
      for (const [key, fieldValue] of Object.entries(value)) {
        const keyProblem = check(validator.keys, key, `${path}.${key}`);
        if (keyProblem !== null) return keyProblem;
        if (fieldValue === undefined) continue;
        const problem = check(validator.values.fieldType, fieldValue, `${path}.${key}`);
        if (problem !== null) return problem;
      }
      return null;
    }
    case "object": {
      if (!isPlainObject(value)) return mismatch();
      for (const [field, { fieldType, optional }] of Object.entries(validator.value)) {
        const fieldValue = value[field];
        if (fieldValue === undefined) {
          if (!optional) {
            return (
              `Object is missing the required field \`${field}\`. Consider wrapping the field validator in \`v.optional(...)\` if this is expected.\n\n` +
              `Object: ${printValue(value)}\nValidator: ${printValidator(validator)}`
            );
          }
          continue;
        }
        const problem = check(fieldType, fieldValue, `${path}.${field}`);
        if (problem !== null) return problem;
      }
      for (const field of Object.keys(value)) {
        if (!(field in validator.value) && value[field] !== undefined) {
          return (
            `Object contains extra field \`${field}\` that is not in the validator.\n\n` +
            `Object: ${printValue(value)}\nValidator: ${printValidator(validator)}`
          );
        }
      }
      return null;
    }
    case "union":
      return validator.value.some((member) => check(member, value, path) === null) ? null : mismatch();
  }
}

function isPlainObject(value: unknown): value is Record<string, Value | undefined> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || proto === Object.prototype || proto.constructor?.name === "Object";
}

/** Convex-syntax rendering of a value, as the backend's messages show it. */
export function printValue(value: Value | undefined): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof ArrayBuffer) return `ArrayBuffer(${value.byteLength})`;
  if (Array.isArray(value)) return `[${value.map(printValue).join(", ")}]`;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{${entries.map(([k, v]) => `${k}: ${printValue(v)}`).join(", ")}}`;
}

export function printValidator(validator: ValidatorJson): string {
  switch (validator.type) {
    case "number":
      return "v.float64()";
    case "bigint":
      return "v.int64()";
    case "commitTs":
      return "v.commitTs()";
    case "null":
    case "boolean":
    case "string":
    case "bytes":
    case "any":
      return `v.${validator.type}()`;
    case "literal":
      return `v.literal(${JSON.stringify(validator.value)})`;
    case "id":
      return `v.id(${JSON.stringify(validator.tableName)})`;
    case "array":
      return `v.array(${printValidator(validator.value)})`;
    case "record":
      return `v.record(${printValidator(validator.keys)}, ${printValidator(validator.values.fieldType)})`;
    case "object":
      return `v.object({${Object.entries(validator.value)
        .map(([k, f]) => `${k}: ${f.optional ? `v.optional(${printValidator(f.fieldType)})` : printValidator(f.fieldType)}`)
        .join(", ")}})`;
    case "union":
      return `v.union(${validator.value.map(printValidator).join(", ")})`;
  }
}
