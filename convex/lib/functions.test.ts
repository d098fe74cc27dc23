import { makeFunctionReference } from "convex/server";
import { v } from "convex/values";
import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import { newTest } from "../test.setup";
import { signIn } from "../test.users";
import { appError } from "./errors";
import {
  adminAction,
  adminMutation,
  ensureOwned,
  permissionQuery,
  userAction,
  userMutation,
  userQuery,
} from "./functions";

// Functions built with each builder, registered under a module path that
// exists only in these tests.
const probeModule = {
  whoAmI: userQuery({
    args: {},
    returns: v.object({ id: v.id("users"), role: v.string() }),
    handler: async (ctx) => ({ id: ctx.user._id, role: ctx.user.role }),
  }),
  writeAsUser: userMutation({
    args: { note: v.string() },
    returns: v.null(),
    handler: async (ctx, { note }) => {
      await ctx.db.insert("auditLogs", {
        action: "probe",
        actorId: ctx.user._id,
        details: { note },
        at: Date.now(),
      });
      return null;
    },
  }),
  adminWrite: adminMutation({
    args: {},
    returns: v.string(),
    handler: async (ctx) => ctx.user.role,
  }),
  actionWhoAmI: userAction({
    args: {},
    returns: v.string(),
    handler: async (ctx) => `${ctx.user.email}:${ctx.user.role}`,
  }),
  adminActionProbe: adminAction({
    args: {},
    returns: v.string(),
    handler: async (ctx) => ctx.user.role,
  }),
  reviewProbe: permissionQuery("studio.review")({
    args: {},
    returns: v.string(),
    handler: async (ctx) => ctx.user.role,
  }),
  failsWithAppError: userMutation({
    args: {},
    returns: v.null(),
    handler: async (ctx) => {
      await ctx.db.insert("auditLogs", { action: "should-roll-back", details: {}, at: 0 });
      throw appError("LIMIT_REACHED", "You already have 3 active sessions.");
    },
  }),
};
const extra = { "./probe.ts": async () => probeModule };
const ref = {
  whoAmI: makeFunctionReference<"query">("probe:whoAmI"),
  writeAsUser: makeFunctionReference<"mutation">("probe:writeAsUser"),
  adminWrite: makeFunctionReference<"mutation">("probe:adminWrite"),
  actionWhoAmI: makeFunctionReference<"action">("probe:actionWhoAmI"),
  adminActionProbe: makeFunctionReference<"action">("probe:adminActionProbe"),
  failsWithAppError: makeFunctionReference<"mutation">("probe:failsWithAppError"),
  reviewProbe: makeFunctionReference<"query">("probe:reviewProbe"),
};

describe("auth-checked builders", () => {
  test("userQuery puts the signed-in user and role on ctx", async () => {
    const t = await newTest(extra);
    const alice = await signIn(t, "alice@example.com");
    expect(await alice.as.query(ref.whoAmI, {})).toEqual({ id: alice.userId, role: "admin" });
  });

  test("userQuery refuses a signed-out caller with UNAUTHENTICATED", async () => {
    const t = await newTest(extra);
    await expect(t.query(ref.whoAmI, {})).rejects.toMatchObject({
      data: { code: "UNAUTHENTICATED", message: "Please sign in to continue." },
    });
  });

  test("a token whose user was deleted is treated as signed out", async () => {
    const t = await newTest(extra);
    const alice = await signIn(t, "alice@example.com");
    await t.run((ctx) => ctx.db.delete("users", alice.userId));
    await expect(alice.as.query(ref.whoAmI, {})).rejects.toMatchObject({
      data: { code: "UNAUTHENTICATED" },
    });
  });

  test("a signed-out token is refused at once, in queries and actions", async () => {
    const t = await newTest(extra);
    const alice = await signIn(t, "alice@example.com");
    expect(await alice.as.query(ref.whoAmI, {})).toMatchObject({ id: alice.userId });
    await alice.as.action(api.auth.signOut, {});
    await expect(alice.as.query(ref.whoAmI, {})).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
    await expect(alice.as.action(ref.actionWhoAmI, {})).rejects.toMatchObject({ data: { code: "UNAUTHENTICATED" } });
    expect(await alice.as.query(api.users.account.me, {})).toBeNull();
  });

  test("a reviewer passes studio.review but not admin.observability", async () => {
    const t = await newTest(extra);
    await signIn(t, "admin@example.com");
    const rita = await signIn(t, "rita@example.com");
    await t.run((ctx) => ctx.db.patch("users", rita.userId, { role: "reviewer" }));
    expect(await rita.as.query(ref.reviewProbe, {})).toBe("reviewer");
    await expect(rita.as.mutation(ref.adminWrite, {})).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    const me = await rita.as.query(api.users.account.me, {});
    expect(me?.permissions).toEqual(["coaching.use", "studio.templates.view", "studio.review", "studio.export"]);
  });

  test("userMutation writes as the caller; signed out it writes nothing", async () => {
    const t = await newTest(extra);
    const alice = await signIn(t, "alice@example.com");
    await alice.as.mutation(ref.writeAsUser, { note: "hi" });
    await expect(t.mutation(ref.writeAsUser, { note: "anon" })).rejects.toMatchObject({
      data: { code: "UNAUTHENTICATED" },
    });
    const probes = await t.run((ctx) =>
      ctx.db.query("auditLogs").withIndex("by_action_at", (q) => q.eq("action", "probe")).collect(),
    );
    expect(probes.map((p) => [p.actorId, p.details.note])).toEqual([[alice.userId, "hi"]]);
  });

  test("the argument guard refuses NUL, broken Unicode and NaN with INVALID_INPUT and writes nothing", async () => {
    const t = await newTest(extra);
    const alice = await signIn(t, "alice@example.com");
    for (const note of ["a\u0000b", "\uD800", "x".repeat(100_001)]) {
      await expect(alice.as.mutation(ref.writeAsUser, { note })).rejects.toMatchObject({
        data: { code: "INVALID_INPUT", field: "note" },
      });
    }
    const probes = await t.run((ctx) =>
      ctx.db.query("auditLogs").withIndex("by_action_at", (q) => q.eq("action", "probe")).collect(),
    );
    expect(probes).toHaveLength(0);
  });

  test("argument validators reject bad input before the handler runs", async () => {
    const t = await newTest(extra);
    const alice = await signIn(t, "alice@example.com");
    await expect(
      alice.as.mutation(ref.writeAsUser, { note: 42 as unknown as string }),
    ).rejects.toThrow(/Validator error/);
  });

  test("adminMutation admits admins and refuses members with FORBIDDEN", async () => {
    const t = await newTest(extra);
    const admin = await signIn(t, "admin@example.com");
    const member = await signIn(t, "member@example.com");
    expect(await admin.as.mutation(ref.adminWrite, {})).toBe("admin");
    await expect(member.as.mutation(ref.adminWrite, {})).rejects.toMatchObject({
      data: { code: "FORBIDDEN", message: "Your role doesn't give access to the admin area. Ask an admin if you need it." },
    });
  });

  test("userAction resolves the user through an internal query", async () => {
    const t = await newTest(extra);
    await signIn(t, "admin@example.com");
    const member = await signIn(t, "member@example.com");
    expect(await member.as.action(ref.actionWhoAmI, {})).toBe("member@example.com:member");
    await expect(t.action(ref.actionWhoAmI, {})).rejects.toMatchObject({
      data: { code: "UNAUTHENTICATED" },
    });
  });

  test("adminAction refuses members with FORBIDDEN", async () => {
    const t = await newTest(extra);
    const admin = await signIn(t, "admin@example.com");
    const member = await signIn(t, "member@example.com");
    expect(await admin.as.action(ref.adminActionProbe, {})).toBe("admin");
    await expect(member.as.action(ref.adminActionProbe, {})).rejects.toMatchObject({
      data: { code: "FORBIDDEN" },
    });
  });

  test("a mutation that throws an app error rolls back its writes", async () => {
    const t = await newTest(extra);
    const alice = await signIn(t, "alice@example.com");
    await expect(alice.as.mutation(ref.failsWithAppError, {})).rejects.toMatchObject({
      data: { code: "LIMIT_REACHED", message: "You already have 3 active sessions." },
    });
    const leftovers = await t.run((ctx) =>
      ctx.db
        .query("auditLogs")
        .withIndex("by_action_at", (q) => q.eq("action", "should-roll-back"))
        .collect(),
    );
    expect(leftovers).toHaveLength(0);
  });
});

describe("ensureOwned", () => {
  const owner = { _id: "u1", role: "member" } as unknown as Parameters<typeof ensureOwned>[0];

  test("returns the document its owner asks for", () => {
    const doc = { userId: "u1", title: "mine" } as unknown as { userId: typeof owner._id };
    expect(ensureOwned(owner, doc, "session")).toBe(doc);
  });

  test("hides another user's document as NOT_FOUND", () => {
    const doc = { userId: "u2" } as unknown as { userId: typeof owner._id };
    expect(() => ensureOwned(owner, doc, "session")).toThrow(
      expect.objectContaining({ data: expect.objectContaining({ code: "NOT_FOUND" }) }),
    );
  });

  test("treats a missing document as NOT_FOUND", () => {
    expect(() => ensureOwned(owner, null, "session")).toThrow(
      expect.objectContaining({
        data: { code: "NOT_FOUND", message: "That session doesn't exist or isn't yours." },
      }),
    );
  });
});
