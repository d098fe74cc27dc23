import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import { newTest } from "../test.setup";
import { signIn } from "../test.users";

describe("sign-up and sign-in (Convex Auth, Password)", () => {
  test("sign-up returns a token and the first user becomes admin", async () => {
    const t = await newTest();
    const alice = await signIn(t, "alice@example.com");
    expect(alice.token.split(".")).toHaveLength(3);
    const me = await alice.as.query(api.users.account.me, {});
    expect(me).toMatchObject({ email: "alice@example.com", role: "admin" });
  });

  test("later users become members", async () => {
    const t = await newTest();
    await signIn(t, "alice@example.com");
    const bob = await signIn(t, "bob@example.com");
    const carol = await signIn(t, "carol@example.com");
    expect((await bob.as.query(api.users.account.me, {}))?.role).toBe("member");
    expect((await carol.as.query(api.users.account.me, {}))?.role).toBe("member");
  });

  test("sign-in with the right password returns the same user", async () => {
    const t = await newTest();
    const up = await signIn(t, "alice@example.com", "s3cret-pass");
    const again = await signIn(t, "alice@example.com", "s3cret-pass", "signIn");
    expect(again.userId).toBe(up.userId);
  });

  test("sign-in matches the email regardless of case and spaces", async () => {
    const t = await newTest();
    const up = await signIn(t, "Alice@Example.com", "s3cret-pass");
    const again = await signIn(t, "  alice@EXAMPLE.com ", "s3cret-pass", "signIn");
    expect(again.userId).toBe(up.userId);
    expect((await up.as.query(api.users.account.me, {}))?.email).toBe("alice@example.com");
  });

  test("sign-in with a wrong password is refused", async () => {
    const t = await newTest();
    await signIn(t, "alice@example.com", "s3cret-pass");
    await expect(signIn(t, "alice@example.com", "wrong-pass1", "signIn")).rejects.toThrow();
  });

  test("sign-in to an unknown account is refused", async () => {
    const t = await newTest();
    await expect(signIn(t, "nobody@example.com", "s3cret-pass", "signIn")).rejects.toThrow();
  });

  test("signing up again with a taken email and another password is refused", async () => {
    const t = await newTest();
    await signIn(t, "alice@example.com", "first-pass1");
    await expect(signIn(t, "alice@example.com", "other-pass2")).rejects.toThrow(/already exists/);
    const users = await t.run((ctx) => ctx.db.query("users").collect());
    expect(users).toHaveLength(1);
  });

  test("signing up again with the same credentials signs in without a second user", async () => {
    const t = await newTest();
    const first = await signIn(t, "alice@example.com", "first-pass1");
    const second = await signIn(t, "alice@example.com", "first-pass1");
    expect(second.userId).toBe(first.userId);
    expect(await t.run((ctx) => ctx.db.query("users").collect())).toHaveLength(1);
  });

  test("an invalid email is INVALID_INPUT and creates nothing", async () => {
    const t = await newTest();
    await expect(signIn(t, "not-an-email")).rejects.toMatchObject({
      data: { code: "INVALID_INPUT", field: "email" },
    });
    expect(await t.run((ctx) => ctx.db.query("users").collect())).toHaveLength(0);
  });

  test("a short password is INVALID_INPUT", async () => {
    const t = await newTest();
    await expect(signIn(t, "alice@example.com", "a1")).rejects.toMatchObject({
      data: { code: "INVALID_INPUT", field: "password" },
    });
  });

  test("a password of letters only is INVALID_INPUT", async () => {
    const t = await newTest();
    await expect(signIn(t, "alice@example.com", "onlyletters")).rejects.toMatchObject({
      data: { code: "INVALID_INPUT", field: "password" },
    });
  });

  test("the first user's role assignment is audited", async () => {
    const t = await newTest();
    const alice = await signIn(t, "alice@example.com");
    const audit = await t.run((ctx) => ctx.db.query("auditLogs").collect());
    expect(audit).toEqual([
      expect.objectContaining({
        action: "user.role_assigned",
        targetId: alice.userId,
        details: { role: "admin", reason: "first_user" },
      }),
    ]);
  });

  test("signing out ends the session", async () => {
    const t = await newTest();
    const alice = await signIn(t, "alice@example.com");
    expect(await t.run((ctx) => ctx.db.query("authSessions").collect())).toHaveLength(1);
    await alice.as.action(api.auth.signOut, {});
    expect(await t.run((ctx) => ctx.db.query("authSessions").collect())).toHaveLength(0);
  });
});
