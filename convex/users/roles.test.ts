import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import { newTest, type TestConvex } from "../test.setup";
import { signIn } from "../test.users";

async function threeUsers(t: TestConvex) {
  const admin = await signIn(t, "admin@example.com");
  const bob = await signIn(t, "bob@example.com");
  const carol = await signIn(t, "carol@example.com");
  return { admin, bob, carol };
}

const firstPage = { paginationOpts: { numItems: 10, cursor: null } };

describe("roles", () => {
  test("an admin lists users with their roles", async () => {
    const t = await newTest();
    const { admin } = await threeUsers(t);
    const result = await admin.as.query(api.users.admin.listUsers, firstPage);
    expect(result.page.map((u) => [u.email, u.role])).toEqual([
      ["admin@example.com", "admin"],
      ["bob@example.com", "member"],
      ["carol@example.com", "member"],
    ]);
    expect(result.isDone).toBe(true);
  });

  test("the user list pages", async () => {
    const t = await newTest();
    const { admin } = await threeUsers(t);
    const one = await admin.as.query(api.users.admin.listUsers, {
      paginationOpts: { numItems: 2, cursor: null },
    });
    expect(one.page).toHaveLength(2);
    expect(one.isDone).toBe(false);
    const two = await admin.as.query(api.users.admin.listUsers, {
      paginationOpts: { numItems: 2, cursor: one.continueCursor },
    });
    expect(two.page.map((u) => u.email)).toEqual(["carol@example.com"]);
  });

  test("a member listing users gets FORBIDDEN", async () => {
    const t = await newTest();
    const { bob } = await threeUsers(t);
    await expect(bob.as.query(api.users.admin.listUsers, firstPage)).rejects.toMatchObject({
      data: { code: "FORBIDDEN" },
    });
  });

  test("a signed-out caller listing users gets UNAUTHENTICATED", async () => {
    const t = await newTest();
    await threeUsers(t);
    await expect(t.query(api.users.admin.listUsers, firstPage)).rejects.toMatchObject({
      data: { code: "UNAUTHENTICATED" },
    });
  });

  test("an admin promotes a member, and the change is audited", async () => {
    const t = await newTest();
    const { admin, bob } = await threeUsers(t);
    const updated = await admin.as.mutation(api.users.admin.setRole, {
      userId: bob.userId,
      role: "admin",
    });
    expect(updated.role).toBe("admin");
    expect((await bob.as.query(api.users.account.me, {}))?.role).toBe("admin");
    const audit = await t.run((ctx) =>
      ctx.db.query("auditLogs").withIndex("by_action_at", (q) => q.eq("action", "user.role_changed")).collect(),
    );
    expect(audit).toEqual([
      expect.objectContaining({
        actorId: admin.userId,
        targetId: bob.userId,
        details: { from: "member", to: "admin" },
      }),
    ]);
  });

  test("a promoted member can then use admin functions", async () => {
    const t = await newTest();
    const { admin, bob } = await threeUsers(t);
    await admin.as.mutation(api.users.admin.setRole, { userId: bob.userId, role: "admin" });
    const result = await bob.as.query(api.users.admin.listUsers, firstPage);
    expect(result.page).toHaveLength(3);
  });

  test("an admin can be demoted while another admin remains", async () => {
    const t = await newTest();
    const { admin, bob } = await threeUsers(t);
    await admin.as.mutation(api.users.admin.setRole, { userId: bob.userId, role: "admin" });
    await bob.as.mutation(api.users.admin.setRole, { userId: admin.userId, role: "member" });
    expect((await admin.as.query(api.users.account.me, {}))?.role).toBe("member");
    await expect(admin.as.query(api.users.admin.listUsers, firstPage)).rejects.toMatchObject({
      data: { code: "FORBIDDEN" },
    });
  });

  test("demoting the last admin is refused with CONFLICT and changes nothing", async () => {
    const t = await newTest();
    const { admin } = await threeUsers(t);
    await expect(
      admin.as.mutation(api.users.admin.setRole, { userId: admin.userId, role: "member" }),
    ).rejects.toMatchObject({ data: { code: "CONFLICT" } });
    expect((await admin.as.query(api.users.account.me, {}))?.role).toBe("admin");
  });

  test("a member changing roles gets FORBIDDEN and changes nothing", async () => {
    const t = await newTest();
    const { bob, carol } = await threeUsers(t);
    await expect(
      bob.as.mutation(api.users.admin.setRole, { userId: bob.userId, role: "admin" }),
    ).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    expect((await bob.as.query(api.users.account.me, {}))?.role).toBe("member");
    expect((await carol.as.query(api.users.account.me, {}))?.role).toBe("member");
  });

  test("setting the role of a deleted user is NOT_FOUND", async () => {
    const t = await newTest();
    const { admin, bob } = await threeUsers(t);
    await t.run((ctx) => ctx.db.delete("users", bob.userId));
    await expect(
      admin.as.mutation(api.users.admin.setRole, { userId: bob.userId, role: "admin" }),
    ).rejects.toMatchObject({ data: { code: "NOT_FOUND" } });
  });

  test("an unknown role is rejected by the validator and changes nothing", async () => {
    const t = await newTest();
    const { admin, bob } = await threeUsers(t);
    await expect(
      admin.as.mutation(api.users.admin.setRole, {
        userId: bob.userId,
        role: "owner" as "admin",
      }),
    ).rejects.toThrow(/Validator error|role/);
    expect((await bob.as.query(api.users.account.me, {}))?.role).toBe("member");
  });

  test("setting the role a user already has writes no audit entry", async () => {
    const t = await newTest();
    const { admin, bob } = await threeUsers(t);
    await admin.as.mutation(api.users.admin.setRole, { userId: bob.userId, role: "member" });
    const changes = await t.run((ctx) =>
      ctx.db.query("auditLogs").withIndex("by_action_at", (q) => q.eq("action", "user.role_changed")).collect(),
    );
    expect(changes).toHaveLength(0);
  });
});
