/**
 * Every public function × {anonymous, owner, other member, reviewer, admin}:
 * who gets in, who is turned away, and with which code. The functions are
 * found from the modules, so a new one without a row in ACCESS fails here.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { appErrorData } from "../lib/errors";
import { can } from "../lib/permissions";
import type { Role } from "../users/tables";
import { ACCESS, buildWorld, call, listPublicFunctions, type Access, type PublicFunction, type World } from "./publicFunctions.setup";

type Caller = "anonymous" | "owner" | "other" | "reviewer" | "admin";
const CALLERS: Caller[] = ["anonymous", "other", "reviewer", "owner", "admin"];
const ROLE: Record<Exclude<Caller, "anonymous">, Role> = { owner: "member", other: "member", reviewer: "reviewer", admin: "admin" };

/** "allowed" means the call got past access control: it succeeded or failed for another reason. */
type Expected = "allowed" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND";

export function expectedOutcome(access: Access, caller: Caller): Expected {
  if (access.kind === "anyone") return "allowed";
  if (caller === "anonymous") return "UNAUTHENTICATED";
  if (access.kind === "signedIn") return "allowed";
  if (access.kind === "owner") return caller === "owner" ? "allowed" : access.refusal;
  if (access.kind === "permission") return can(ROLE[caller], access.permission) ? "allowed" : "FORBIDDEN";
  return "allowed";
}

/** NOT_FOUND is a refusal only where ownership hides documents; elsewhere it just means the document is gone. */
function refusalCodes(access: Access): Set<string> {
  return new Set(access.kind === "owner" ? ["UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND"] : ["UNAUTHENTICATED", "FORBIDDEN"]);
}

async function outcome(world: World, caller: Caller, fn: PublicFunction): Promise<string> {
  const who = caller === "anonymous" ? undefined : world[caller];
  try {
    await call(world.t, who, fn, ACCESS[fn.name].args(world));
    return "allowed";
  } catch (error) {
    const data = appErrorData(error);
    if (data === null) return `uncoded: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
    // Past access control, any coded refusal (a limit, a conflict) still counts as "let in".
    return refusalCodes(ACCESS[fn.name].access).has(data.code) ? data.code : "allowed";
  }
}

let functions: PublicFunction[] = [];
let world: World;

beforeAll(async () => {
  functions = await listPublicFunctions();
  world = await buildWorld();
}, 60_000);

describe("the access table", () => {
  test("lists every public function, and only those", () => {
    const names = functions.map((fn) => fn.name);
    expect(names.filter((name) => !(name in ACCESS)), "public functions without a row in ACCESS").toEqual([]);
    expect(Object.keys(ACCESS).filter((name) => !names.includes(name)), "rows for functions that no longer exist").toEqual([]);
    expect(names.length).toBeGreaterThanOrEqual(39);
  });

  test("every Studio and admin function is gated by a permission", () => {
    const ungated = functions
      .filter((fn) => /^(studio|observability|users\/admin)\//.test(fn.name))
      .filter((fn) => ACCESS[fn.name]?.access.kind !== "permission")
      .map((fn) => fn.name);
    expect(ungated).toEqual([]);
  });
});

describe("who gets in", () => {
  test("every function × every caller matches the table", async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const fn of functions) {
      const row = ACCESS[fn.name];
      // Convex Auth's own endpoints sign people in and out; auth tests cover them.
      if (row === undefined || row.access.kind === "convexAuth") continue;
      for (const caller of CALLERS) {
        const expected = expectedOutcome(row.access, caller);
        const got = await outcome(world, caller, fn);
        checked++;
        if (got !== expected) mismatches.push(`${fn.name} as ${caller}: expected ${expected}, got ${got}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(CALLERS.length * functions.filter((fn) => ACCESS[fn.name]?.access.kind !== "convexAuth").length);
  }, 240_000);
});
