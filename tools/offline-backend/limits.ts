/**
 * Convex's per-function limits, in one table, and the checks that enforce
 * them with Convex's own messages. Users with a network run the same
 * `convex/` on Convex, so code that would fail there must fail here first.
 *
 * Sources (read 2026-11-29):
 *   [L] https://docs.convex.dev/production/state/limits  (tables "Documents",
 *       "Functions", "Execution time and scheduling", "Transactions")
 *   [B] Convex's backend, github.com/get-convex/convex-backend, where the
 *       docs give no message or an ambiguous number:
 *       crates/common/src/knobs.rs (defaults), crates/value/src/{size,array,object}.rs,
 *       crates/common/src/document.rs, crates/database/src/{reads,writes}.rs,
 *       crates/model/src/scheduled_jobs/mod.rs, crates/udf/src/helpers.rs,
 *       crates/isolate/src/{helpers,termination}.rs.
 *
 * Defaults are Convex's numbers (`limits.test.ts` pins them). Tests and
 * experiments lower them with `--limit name=value` / `BackendOptions.limits`.
 */
import { convexToJson, getConvexSize, getDocumentSize, type JSONValue, type Value } from "convex/values";

const MiB = 1 << 20;

/** Convex's limits. Every entry names its source. */
export const CONVEX_LIMITS = {
  // --- Transactions (each query or mutation; nested runQuery/runMutation count towards the caller) ---
  /** [L] Transactions: "Documents scanned 32,000"; [B] TRANSACTION_MAX_READ_SIZE_ROWS. */
  documentsRead: 32_000,
  /** [L] Transactions: "Data read 16 MiB"; [B] TRANSACTION_MAX_READ_SIZE_BYTES. */
  bytesRead: 16 * MiB,
  /** [L] Transactions: "Index ranges read 4,096" (calls to db.get and db.query); [B] TRANSACTION_MAX_READ_SET_INTERVALS. */
  databaseQueries: 4_096,
  /** [L] Transactions: "Documents written 16,000"; [B] TRANSACTION_MAX_NUM_USER_WRITES. */
  documentsWritten: 16_000,
  /** [L] Transactions: "Data written 16 MiB"; [B] TRANSACTION_MAX_USER_WRITE_SIZE_BYTES. */
  bytesWritten: 16 * MiB,
  /** [L] Execution time and scheduling: "Scheduled functions 1000"; [B] TRANSACTION_MAX_NUM_SCHEDULED. */
  functionsScheduled: 1_000,
  /** [L] "Total size of all scheduled function arguments scheduled in a single mutation 16 MiB". */
  scheduledFunctionArgsBytes: 16 * MiB,
  // --- Documents ("applied per document and to any nested Object") ---
  /** [L] Documents: "Size 1 MiB"; [B] MAX_USER_SIZE (includes _id and _creationTime). */
  documentSize: MiB,
  /** [L] Documents: "Field nesting depth 16"; [B] MAX_DOCUMENT_NESTING. */
  documentNesting: 16,
  /** [L] Documents: "Fields 1024" (per object, any value); [B] MAX_OBJECT_FIELDS. */
  objectFields: 1_024,
  /** [L] Documents: "Array elements 8192" (any value); [B] MAX_ARRAY_LEN. */
  arrayLength: 8_192,
  // --- Values and functions ---
  /** [B] MAX_NESTING: no Convex value (arguments, return values) nests deeper. */
  valueNesting: 64,
  /** [L] Functions: "Function argument size 16 MiB"; [B] FUNCTION_MAX_ARGS_SIZE. */
  argumentsSize: 16 * MiB,
  /** [L] Functions / Transactions: "Function return value size 16 MiB"; [B] FUNCTION_MAX_RESULT_SIZE. */
  returnValueSize: 16 * MiB,
  /**
   * [L] Execution time: "Query/mutation execution time 1 second" (user code
   * only, database operations excluded); [B] DATABASE_UDF_USER_TIMEOUT.
   * Measured here as wall-clock time including the engine's database work,
   * and applied per `executionTime` (see `LimitSettings`).
   */
  executionTimeMs: 1_000,
} as const;

export type LimitName = keyof typeof CONVEX_LIMITS;
export type Limits = { -readonly [K in LimitName]: number };

/**
 * What happens when a query or mutation runs longer than
 * `executionTimeMs * executionTimeMultiplier`:
 *   - "warn" (default): a warning in the backend log; the result stands;
 *   - "enforce": the call fails with Convex's timeout message (a mutation
 *     is rolled back), checked when the handler returns (a busy loop is not
 *     interrupted);
 *   - "off": not measured.
 * The offline engine is slower than Convex's and its measurement includes
 * database work Convex excludes, so a hard limit by default would fail
 * functions that pass on Convex, and make tests timing-dependent.
 */
export type ExecutionTimeMode = "warn" | "enforce" | "off";

export interface LimitSettings extends Limits {
  executionTime: ExecutionTimeMode;
  /** Factor applied to `executionTimeMs` (default 1). */
  executionTimeMultiplier: number;
}

export type LimitOverrides = Partial<LimitSettings>;

export const DEFAULT_LIMIT_SETTINGS: Readonly<LimitSettings> = Object.freeze({
  ...CONVEX_LIMITS,
  executionTime: "warn",
  executionTimeMultiplier: 1,
});

export function resolveLimits(overrides: LimitOverrides = {}): LimitSettings {
  const settings: LimitSettings = { ...DEFAULT_LIMIT_SETTINGS };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (name === "executionTime") {
      if (value !== "warn" && value !== "enforce" && value !== "off") throw new Error(`limit executionTime: expected warn, enforce or off, got ${String(value)}`);
      settings.executionTime = value;
    } else if (name === "executionTimeMultiplier" || name in CONVEX_LIMITS) {
      if (typeof value !== "number" || !(value > 0)) throw new Error(`limit ${name}: expected a positive number, got ${String(value)}`);
      (settings as unknown as Record<string, number>)[name] = value;
    } else {
      throw new Error(`unknown limit "${name}" (known: ${[...Object.keys(DEFAULT_LIMIT_SETTINGS)].join(", ")})`);
    }
  }
  return settings;
}

/** Parses `name=value` (`--limit documentsRead=100`, `--limit executionTime=enforce`). */
export function parseLimitArg(text: string): LimitOverrides {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new Error(`--limit: expected name=value, got "${text}"`);
  const name = text.slice(0, eq);
  const raw = text.slice(eq + 1);
  const value = name === "executionTime" ? raw : Number(raw);
  const override = { [name]: value } as LimitOverrides;
  resolveLimits(override); // validates the name and the value
  return override;
}

/** The limits convex-test's transaction tracker enforces, in its config shape. */
export function transactionTrackerConfig(limits: Limits): Record<string, number> {
  return {
    bytesRead: limits.bytesRead,
    bytesWritten: limits.bytesWritten,
    documentsRead: limits.documentsRead,
    databaseQueries: limits.databaseQueries,
    documentsWritten: limits.documentsWritten,
    functionsScheduled: limits.functionsScheduled,
    scheduledFunctionArgsBytes: limits.scheduledFunctionArgsBytes,
  };
}

/**
 * A limit Convex checks outside the function's JavaScript (arguments, return
 * value, timeout): the client sees the message without "Uncaught Error:".
 */
export class LimitError extends Error {
  override name = "LimitError";
}

// ---------------------------------------------------------------------------
// Messages, word for word from Convex's backend [B].

/** crates/database/src/reads.rs */
export const OVER_LIMIT_HELP =
  "Consider using smaller limits in your queries, paginating your queries, or using indexed queries with a selective index range expressions.";

export const limitMessages = {
  documentsRead: (limit: number) => `Too many documents read in a single function execution (limit: ${limit}). ${OVER_LIMIT_HELP}`,
  bytesRead: (limit: number) => `Too many bytes read in a single function execution (limit: ${limit} bytes). ${OVER_LIMIT_HELP}`,
  databaseQueries: (limit: number) => `Too many reads in a single function execution (limit: ${limit}). ${OVER_LIMIT_HELP}`,
  documentsWritten: (limit: number) => `Too many writes in a single function execution (limit: ${limit})`,
  bytesWritten: (limit: number) => `Too many bytes written in a single function execution (limit: ${formatBytes(limit)})`,
  functionsScheduled: (limit: number) => `Too many functions scheduled by this mutation (limit: ${limit})`,
  scheduledFunctionArgsBytes: (limit: number) =>
    `Too large total size of the arguments of scheduled functions from this mutation (limit: ${limit} bytes)`,
  /** crates/common/src/document.rs `check_user_size` */
  documentSize: (size: number, limit: number) => `Value is too large (${formatBinarySize(size)} > maximum size ${formatBinarySize(limit)})`,
  /** crates/common/src/document.rs `DocumentValidationError::TooNested`, inside `must_validate` */
  documentNesting: (document: string, nesting: number, limit: number) =>
    `${document} isn't a valid document: Document is too nested (nested ${nesting} levels deep > maximum nesting ${limit})`,
  /** crates/value/src/object.rs */
  objectFields: (count: number, limit: number) => `Object has too many fields (${count} > maximum number ${limit})`,
  /** crates/value/src/array.rs */
  arrayLength: (length: number, limit: number) => `Array length is too long (${length} > maximum length ${limit})`,
  /** crates/value/src/size.rs */
  valueNesting: (nesting: number, limit: number) => `Value is too nested (nested ${nesting} levels deep > maximum nesting ${limit})`,
  /** crates/udf/src/helpers.rs */
  invalidArguments: (udfPath: string, problem: string) => `Invalid arguments for ${udfPath}: ${problem}`,
  argumentsSize: (udfPath: string, size: number, limit: number) =>
    `Arguments for ${udfPath} are too large (actual: ${formatBinarySize(size)}, limit: ${formatBinarySize(limit)})`,
  /** crates/isolate/src/helpers.rs */
  returnValueSize: (udfPath: string, size: number, limit: number) =>
    `Function ${udfPath} return value is too large (actual: ${formatBinarySize(size)}, limit: ${formatBinarySize(limit)})`,
  returnValueInvalid: (udfPath: string, problem: string) => `Function ${udfPath} return value invalid: ${problem}`,
  /** crates/isolate/src/termination.rs `UserTimeoutError` (Rust's `Duration` debug format) */
  executionTime: (limitMs: number) => `Function execution timed out (maximum duration: ${formatDuration(limitMs)})`,
};

/** The path as Convex's errors print it (`CanonicalizedUdfPath`): `messages.js:send`. */
export function convexUdfPath(udfPath: string): string {
  const [modulePath = "", exportName] = udfPath.split(":");
  return `${modulePath.endsWith(".js") ? modulePath : `${modulePath}.js`}:${exportName ?? "default"}`;
}

/** humansize's BINARY format, as `check_user_size` prints sizes: "1 MiB", "1.50 MiB", "512 B". */
export function formatBinarySize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(2);
  return `${text} ${units[unit]}`;
}

/** crates/common/src/fmt.rs `format_bytes`: the unit (binary or decimal) that divides most cleanly. */
export function formatBytes(n: number): string {
  if (n === 0) return "0 bytes";
  const units: Array<[number, string]> = [
    [1 << 30, "GiB"],
    [1_000_000_000, "GB"],
    [1 << 20, "MiB"],
    [1_000_000, "MB"],
    [1 << 10, "KiB"],
    [1_000, "KB"],
  ];
  for (const [size, name] of units) {
    if (n < size) continue;
    if (n % size === 0) return `${n / size} ${name}`;
    if ((n * 10) % size === 0) return `${Math.floor(n / size)}.${Math.floor((n * 10) / size) % 10} ${name}`;
  }
  return `${n} bytes`;
}

/** Rust's `Duration` debug format for whole milliseconds: 1000 -> "1s", 1500 -> "1.5s", 250 -> "250ms". */
function formatDuration(ms: number): string {
  return ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`;
}

// ---------------------------------------------------------------------------
// Value checks. All iterative: a value nested 20 000 levels deep is measured
// without recursion (and the walk stops as soon as it is over the limit).

export interface ValueShape {
  /** Levels of arrays/objects (a primitive is 0, `[1]` is 1), capped at `stopAbove + 1`. */
  nesting: number;
  /** The first object with too many fields / array with too many elements, if any. */
  tooManyFields: number | null;
  tooLongArray: number | null;
}

/** `{"$integer": ...}`, `{"$bytes": ...}`, `{"$float": ...}`: primitives in Convex's JSON encoding. */
function isEncodedPrimitive(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "$integer" || keys[0] === "$bytes" || keys[0] === "$float");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value instanceof ArrayBuffer) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === null || prototype === Object.prototype || (prototype as { constructor?: { name?: string } }).constructor?.name === "Object";
}

/**
 * Measures a value (a Convex value, or its JSON encoding when `json`), the
 * way Convex builds values bottom-up: nesting, and the first object or array
 * over the field / element limits.
 */
export function inspectValue(value: unknown, limits: Pick<Limits, "objectFields" | "arrayLength">, stopAbove: number, json = false): ValueShape {
  const shape: ValueShape = { nesting: 0, tooManyFields: null, tooLongArray: null };
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    let children: unknown[];
    if (Array.isArray(current)) {
      if (current.length > limits.arrayLength && shape.tooLongArray === null) shape.tooLongArray = current.length;
      children = current;
    } else if (isPlainObject(current) && !(json && isEncodedPrimitive(current))) {
      children = [];
      for (const key in current) {
        const child = current[key];
        if (child !== undefined) children.push(child);
      }
      if (children.length > limits.objectFields && shape.tooManyFields === null) shape.tooManyFields = children.length;
    } else {
      continue;
    }
    const level = depth + 1;
    if (level > shape.nesting) shape.nesting = level;
    if (level > stopAbove) return shape;
    for (const child of children) stack.push([child, level]);
  }
  return shape;
}

/**
 * Why a function's arguments (as clients send them: `[argsObject]` or the
 * object) are not a valid Convex value, or `null`. Convex builds the argument
 * array bottom-up, so an over-deep value fails the moment a level passes the
 * maximum: the message always says `maximum + 1`.
 */
export function argumentsProblem(args: JSONValue, udfPath: string, limits: Limits): string | null {
  const asArray = Array.isArray(args) ? args : [args];
  const shape = inspectValue(asArray, limits, limits.valueNesting, true);
  const path = convexUdfPath(udfPath);
  if (shape.tooLongArray !== null) return limitMessages.invalidArguments(path, limitMessages.arrayLength(shape.tooLongArray, limits.arrayLength));
  if (shape.tooManyFields !== null) return limitMessages.invalidArguments(path, limitMessages.objectFields(shape.tooManyFields, limits.objectFields));
  if (shape.nesting > limits.valueNesting) {
    return limitMessages.invalidArguments(path, limitMessages.valueNesting(limits.valueNesting + 1, limits.valueNesting));
  }
  return null;
}

/** Whether a JSON value nests deeper than Convex allows (cheap pre-check before recursive code). */
export function tooNested(json: unknown, limits: Pick<Limits, "valueNesting">): boolean {
  return inspectValue(json, { objectFields: Infinity, arrayLength: Infinity }, limits.valueNesting, true).nesting > limits.valueNesting;
}

/** Size of the argument array Convex measures (`[argsObject]`). */
export function argumentsSize(args: Record<string, Value>): number {
  return getConvexSize([args]);
}

/** Why a function's return value would be refused by Convex, or `null`. */
export function returnValueProblem(value: Value | undefined, udfPath: string, limits: Limits): string | null {
  const path = convexUdfPath(udfPath);
  const shape = inspectValue(value, limits, limits.valueNesting);
  if (shape.tooLongArray !== null) return limitMessages.returnValueInvalid(path, limitMessages.arrayLength(shape.tooLongArray, limits.arrayLength));
  if (shape.tooManyFields !== null) return limitMessages.returnValueInvalid(path, limitMessages.objectFields(shape.tooManyFields, limits.objectFields));
  if (shape.nesting > limits.valueNesting) {
    return limitMessages.returnValueInvalid(path, limitMessages.valueNesting(limits.valueNesting + 1, limits.valueNesting));
  }
  const size = getConvexSize(value ?? null);
  if (size > limits.returnValueSize) return limitMessages.returnValueSize(path, size, limits.returnValueSize);
  return null;
}

const MAX_VALUE_FOR_ERROR_LEN = 16_384;

/** Why a document (as it would be stored, with `_id` and `_creationTime`) is refused by Convex, or `null`. */
export function documentProblem(doc: Record<string, Value>, limits: Limits): string | null {
  const shape = inspectValue(doc, limits, limits.valueNesting);
  if (shape.tooLongArray !== null) return limitMessages.arrayLength(shape.tooLongArray, limits.arrayLength);
  if (shape.tooManyFields !== null) return limitMessages.objectFields(shape.tooManyFields, limits.objectFields);
  if (shape.nesting > limits.valueNesting) return limitMessages.valueNesting(limits.valueNesting + 1, limits.valueNesting);
  if (shape.nesting > limits.documentNesting) {
    let text = JSON.stringify(convexToJson(doc));
    if (text.length > MAX_VALUE_FOR_ERROR_LEN) text = `${text.slice(0, MAX_VALUE_FOR_ERROR_LEN)}...`;
    return limitMessages.documentNesting(text, shape.nesting, limits.documentNesting);
  }
  // `_id` at the length of Convex's ids (convex/values' estimate), not convex-test's shorter ones.
  const { _id: _ignored, ...withoutId } = doc;
  const size = getDocumentSize(withoutId);
  if (size > limits.documentSize) return limitMessages.documentSize(size, limits.documentSize);
  return null;
}
