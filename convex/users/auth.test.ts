import { ConvexError } from "convex/values";
import { afterEach, describe, expect, test, vi } from "vitest";
import { api, internal } from "../_generated/api";
import { newTest } from "../test.setup";
import { signIn } from "../test.users";

/** The error data a refused call carries; fails the test if the call succeeded or threw something uncoded. */
async function refusal(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ConvexError) return error.data;
    throw error;
  }
  throw new Error("expected the call to be refused");
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

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

  test("a wrong password and an unknown email are refused with the same error data", async () => {
    const t = await newTest();
    await signIn(t, "alice@example.com", "s3cret-pass");
    const wrongPassword = await refusal(signIn(t, "alice@example.com", "wrong-pass1", "signIn"));
    const unknownEmail = await refusal(signIn(t, "nobody@example.com", "s3cret-pass", "signIn"));
    expect(wrongPassword).toEqual({ code: "UNAUTHENTICATED", message: "That email and password don't match." });
    expect(JSON.stringify(unknownEmail)).toBe(JSON.stringify(wrongPassword));
  });

  test("signing up with a taken email is a CONFLICT, whatever the password, and creates nothing", async () => {
    const t = await newTest();
    await signIn(t, "alice@example.com", "first-pass1");
    const otherPassword = await refusal(signIn(t, "alice@example.com", "other-pass2"));
    // The same password must not sign in either: that would make sign-up a
    // password check outside the failed-attempt limit.
    const samePassword = await refusal(signIn(t, " Alice@Example.com", "first-pass1"));
    expect(otherPassword).toEqual({
      code: "CONFLICT",
      message: "An account with that email already exists. Sign in instead.",
    });
    expect(samePassword).toEqual(otherPassword);
    expect(JSON.stringify(otherPassword)).not.toContain("alice");
    expect(await t.run((ctx) => ctx.db.query("users").collect())).toHaveLength(1);
    expect(await t.run((ctx) => ctx.db.query("authSessions").collect())).toHaveLength(1);
  });

  test("a taken email with an invalid password is INVALID_INPUT, as for a free one", async () => {
    const t = await newTest();
    await signIn(t, "alice@example.com", "first-pass1");
    const taken = await refusal(signIn(t, "alice@example.com", "short"));
    const free = await refusal(signIn(t, "bob@example.com", "short"));
    expect(taken).toEqual(free);
    expect(taken).toMatchObject({ code: "INVALID_INPUT", field: "password" });
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

  test("ten wrong passwords lock the account for a stated time, and the lock ends", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2026, 10, 29, 12) });
    const t = await newTest();
    await signIn(t, "alice@example.com", "s3cret-pass");
    for (let i = 0; i < 10; i++) {
      expect(await refusal(signIn(t, "alice@example.com", `wrong-pass${i}`, "signIn"))).toMatchObject({ code: "UNAUTHENTICATED" });
    }
    const locked = { code: "RATE_LIMITED", message: "Too many attempts. Try again in 6 minutes.", retryAfterMs: 6 * 60_000 };
    expect(await refusal(signIn(t, "alice@example.com", "wrong-pass10", "signIn"))).toEqual(locked);
    // The right password is refused too while the lock holds, and the wait does not grow.
    expect(await refusal(signIn(t, "alice@example.com", "s3cret-pass", "signIn"))).toEqual(locked);
    vi.setSystemTime(Date.now() + 5 * 60_000);
    expect(await refusal(signIn(t, "alice@example.com", "s3cret-pass", "signIn"))).toEqual({
      ...locked,
      message: "Too many attempts. Try again in 1 minute.",
      retryAfterMs: 60_000,
    });
    vi.setSystemTime(Date.now() + 60_000);
    const again = await signIn(t, "alice@example.com", "s3cret-pass", "signIn");
    expect(again.token).toBeTruthy();
    // A success clears the count: one wrong password is a plain refusal again.
    expect(await refusal(signIn(t, "alice@example.com", "wrong-pass11", "signIn"))).toMatchObject({ code: "UNAUTHENTICATED" });
  });

  test("an unknown email locks after the same number of attempts, with the same error data", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2026, 10, 29, 12) });
    const t = await newTest();
    await signIn(t, "alice@example.com", "s3cret-pass");
    for (let i = 0; i <= 11; i++) {
      const known = await refusal(signIn(t, "alice@example.com", `wrong-pass${i}`, "signIn"));
      const unknown = await refusal(signIn(t, "nobody@example.com", `wrong-pass${i}`, "signIn"));
      expect(JSON.stringify(unknown)).toBe(JSON.stringify(known));
    }
    expect(await refusal(signIn(t, "nobody@example.com", "wrong-pass", "signIn"))).toMatchObject({ code: "RATE_LIMITED" });
    // No bucket names the address that has no account.
    const buckets = await t.run((ctx) => ctx.db.query("authRateLimits").collect());
    expect(JSON.stringify(buckets)).not.toContain("nobody");
    vi.setSystemTime(Date.now() + 6 * 60_000);
    expect(await refusal(signIn(t, "nobody@example.com", "wrong-pass", "signIn"))).toMatchObject({ code: "UNAUTHENTICATED" });
  });

  test("no email address reaches the server's console output", async () => {
    const lines: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        lines.push(args.map((arg) => (arg instanceof Error ? `${arg.message} ${arg.stack}` : typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
      });
    }
    const t = await newTest();
    await signIn(t, "alice@example.com", "s3cret-pass");
    await refusal(signIn(t, "alice@example.com", "other-pass2"));
    await refusal(signIn(t, "alice@example.com", "wrong-pass1", "signIn"));
    await refusal(signIn(t, "nobody@example.com", "wrong-pass1", "signIn"));
    for (let i = 0; i < 11; i++) await refusal(signIn(t, "alice@example.com", "wrong-pass1", "signIn"));
    await signIn(t, "bob@example.com", "s3cret-pass");
    // Convex Auth logs each store call, so the capture sees the library's output too.
    expect(lines.some((line) => line.includes("auth:store"))).toBe(true);
    expect(lines.filter((line) => /example\.com|alice|nobody/i.test(line))).toEqual([]);
  });

  test("unknown-email buckets are pruned once they have refilled; recent ones and accounts' own stay", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: Date.UTC(2026, 10, 29, 12) });
    const t = await newTest();
    await signIn(t, "alice@example.com", "s3cret-pass");
    await refusal(signIn(t, "alice@example.com", "wrong-pass1", "signIn"));
    await refusal(signIn(t, "old@example.com", "wrong-pass1", "signIn"));
    vi.setSystemTime(Date.now() + 60 * 60_000);
    await refusal(signIn(t, "recent@example.com", "wrong-pass1", "signIn"));
    const bucketCount = async () => (await t.run((ctx) => ctx.db.query("authRateLimits").collect())).length;
    expect(await bucketCount()).toBe(3);
    expect(await t.mutation(internal.users.credentials.pruneSignInBuckets, {})).toEqual({ deleted: 1, more: false });
    expect(await bucketCount()).toBe(2);
    // The recent guess still counts.
    const recent = await t.run((ctx) => ctx.db.query("authRateLimits").collect());
    expect(recent.map((bucket) => bucket.attemptsLeft).sort()).toEqual([9, 9]);
  });
});
