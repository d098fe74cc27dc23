/**
 * Every public function refuses bad input with a validation error or a coded
 * ConvexError, and writes nothing. Inputs are derived from each function's own
 * argument validator, so functions added later are covered automatically.
 */
import { beforeAll, describe, expect, test } from "vitest";
import type { TableNames } from "../_generated/dataModel";
import { appErrorData } from "../lib/errors";
import schema from "../schema";
import type { SignedIn } from "../test.users";
import {
  ACCESS,
  buildWorld,
  call,
  deletedId,
  listPublicFunctions,
  snapshot,
  type PublicFunction,
  type ValidatorJson,
  type World,
} from "./publicFunctions.setup";

/** Fields where an empty string is a legitimate value (optional prose, an empty search). */
const MAY_BE_EMPTY = new Set(["description", "styleNotes", "exampleConversation", "note", "search", "helpText", "action"]);
/** Numbers that count things: negative or fractional values are refused. */
const COUNTS = new Set(["days", "rows", "numItems", "maxTokens"]);

type Case = { label: string; args: unknown; /** A deleted document may read as nothing in a query instead of an error. */ deletedRef?: boolean };

function nestDeep(levels: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i++) value = { nested: value };
  return value;
}

/** A value no validator of this shape accepts. */
function wrongType(validator: ValidatorJson): unknown {
  switch (validator.type) {
    case "string":
    case "id":
    case "literal":
      return 12345;
    case "number":
    case "bigint":
      return "12";
    case "boolean":
      return "yes";
    case "null":
      return 0;
    case "array":
    case "record":
    case "object":
      return "not a collection";
    case "union":
      return { unexpected: [true] };
    default:
      return undefined;
  }
}

function isString(v: ValidatorJson): boolean {
  return v.type === "string" || (v.type === "union" && v.value.some(isString));
}
function isNumber(v: ValidatorJson): boolean {
  return v.type === "number" || (v.type === "union" && v.value.some(isNumber));
}
function idTable(v: ValidatorJson): string | null {
  if (v.type === "id") return v.tableName;
  if (v.type === "union") return v.value.map(idTable).find((t) => t !== null) ?? null;
  return null;
}

const EXTRA_VALUES: [string, unknown][] = [
  ["a string", "surprise"],
  ["a number", 7],
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
  ["null", null],
  ["true", true],
  ["an array", [1, 2, 3]],
  ["an object", { a: 1 }],
  ["a NUL string", "a\u0000b"],
  ["a lone surrogate", "\uD800"],
  ["a huge string", "x".repeat(200_000)],
  ["an empty string", ""],
  ["65-level nesting", nestDeep(65)],
  ["a list of nested objects", [nestDeep(40), nestDeep(40)]],
];
// 20,000-level nesting is refused by Convex before any function runs ("nested too deeply");
// convex-test's recursive validator overflows the stack on it instead, so the offline
// backend's protocol conformance test (tools/offline-backend) covers that case.

async function casesFor(fn: PublicFunction, world: World): Promise<Case[]> {
  const valid = ACCESS[fn.name]?.args(world) ?? {};
  const cases: Case[] = EXTRA_VALUES.map(([label, value]) => ({ label: `extra field holding ${label}`, args: { ...valid, zzUnexpected: value } }));
  if (fn.args.type !== "object") return cases;
  for (const [field, { fieldType, optional }] of Object.entries(fn.args.value)) {
    const set = (value: unknown) => ({ ...valid, [field]: value });
    if (!optional) {
      const { [field]: _dropped, ...rest } = valid;
      void _dropped;
      cases.push({ label: `${field} missing`, args: rest });
    }
    cases.push({ label: `${field} of the wrong type`, args: set(wrongType(fieldType)) });
    cases.push({ label: `${field} deeply nested`, args: set(nestDeep(65)) });
    if (isString(fieldType)) {
      cases.push({ label: `${field} with NUL`, args: set("before\u0000after") });
      cases.push({ label: `${field} with a lone surrogate`, args: set("broken \uDC00 text") });
      cases.push({ label: `${field} huge`, args: set("y".repeat(200_000)) });
      // A query may read "" as "no filter"; anything that writes must refuse empty text it needs.
      if (fn.kind !== "query" && !MAY_BE_EMPTY.has(field)) cases.push({ label: `${field} empty`, args: set("") });
    }
    if (isNumber(fieldType)) {
      cases.push({ label: `${field} NaN`, args: set(Number.NaN) });
      cases.push({ label: `${field} Infinity`, args: set(Number.POSITIVE_INFINITY) });
      cases.push({ label: `${field} -Infinity`, args: set(Number.NEGATIVE_INFINITY) });
      if (COUNTS.has(field)) {
        cases.push({ label: `${field} negative`, args: set(-5) });
        cases.push({ label: `${field} fractional`, args: set(0.5) });
      }
    }
    if (field === "paginationOpts") {
      cases.push({ label: "numItems -5", args: set({ numItems: -5, cursor: null }) });
      cases.push({ label: "numItems 1e9", args: set({ numItems: 1e9, cursor: null }) });
      cases.push({ label: "garbage cursor", args: set({ numItems: 5, cursor: "garbage!!" }) });
    }
    const table = idTable(fieldType);
    if (table !== null) {
      const otherTable = table === "users" ? "coachingSessions" : "users";
      const foreign = await world.t.run(async (ctx) => (await ctx.db.query(otherTable as TableNames).first())?._id ?? null);
      if (foreign !== null) cases.push({ label: `${field} an id of ${otherTable}`, args: set(foreign) });
      const gone = await deletedId(world.t, table as TableNames);
      if (gone !== null) cases.push({ label: `${field} a deleted ${table}`, args: set(gone), deletedRef: true });
    }
  }
  return cases;
}

/** The caller who is allowed in, so a refusal comes from the input and not from access control. */
function allowedCaller(fn: PublicFunction, world: World): SignedIn | undefined {
  const access = ACCESS[fn.name]?.access;
  if (access?.kind === "anyone") return undefined;
  if (access?.kind === "owner") return world.owner;
  return world.admin;
}

function isValidationError(error: unknown): boolean {
  return error instanceof Error && /ArgumentValidationError|Validator error|Value does not match validator|Object is missing the required field|Object contains extra field|nested too deeply|maximum nesting/i.test(error.message);
}

let functions: PublicFunction[] = [];
let world: World;
const tables = Object.keys(schema.tables);

beforeAll(async () => {
  functions = (await listPublicFunctions()).filter((fn) => ACCESS[fn.name]?.access.kind !== "convexAuth");
  world = await buildWorld();
}, 60_000);

describe("bad input", () => {
  test("every public function refuses every bad input with a validation or coded error and writes nothing", async () => {
    const failures: string[] = [];
    const perFunction = new Map<string, number>();
    for (const fn of functions) {
      const cases = await casesFor(fn, world);
      perFunction.set(fn.name, cases.length);
      const who = allowedCaller(fn, world);
      for (const c of cases) {
        const before = fn.kind === "query" ? "" : await snapshot(world.t, tables);
        let verdict: string;
        try {
          const result = await call(world.t, who, fn, c.args);
          // A query can't write, and a deleted document can't be read back: its answer is "nothing" (null, or an empty page for a filter).
          verdict = c.deletedRef && fn.kind === "query" ? "ok" : `accepted (returned ${JSON.stringify(result)?.slice(0, 80)})`;
        } catch (error) {
          verdict = isValidationError(error) || appErrorData(error) !== null ? "ok" : `uncoded error: ${error instanceof Error ? error.message.split("\n")[0].slice(0, 160) : String(error)}`;
        }
        if (fn.kind !== "query" && (await snapshot(world.t, tables)) !== before) verdict = `${verdict === "ok" ? "" : `${verdict}; `}wrote to the database`;
        if (verdict !== "ok") failures.push(`${fn.name} — ${c.label}: ${verdict}`);
      }
    }
    expect(failures).toEqual([]);
    const thin = [...perFunction].filter(([, count]) => count < 15);
    expect(thin, "functions probed with fewer than 15 bad inputs").toEqual([]);
  }, 600_000);
});
