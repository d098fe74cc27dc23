import { describe, expect, test } from "vitest";
import { api } from "../_generated/api";
import { hashUserId } from "../lib/log";
import { newTest, type TestConvex } from "../test.setup";
import { signIn } from "../test.users";

const page = { numItems: 50, cursor: null };

async function seedLogs(t: TestConvex) {
  await t.run(async (ctx) => {
    const rows = [
      { level: "info", area: "llm", traceId: "tr_a", at: 1000 },
      { level: "error", area: "llm", traceId: "tr_a", at: 2000 },
      { level: "warn", area: "coaching", traceId: "tr_a", at: 3000 },
      { level: "error", area: "coaching", traceId: "tr_b", at: 4000 },
      { level: "info", area: "users", traceId: "tr_c", at: 5000 },
    ] as const;
    for (const row of rows) await ctx.db.insert("logs", { ...row, event: `${row.area}.${row.level}`, fields: {} });
  });
}

describe("logs viewer query", () => {
  test("filters by level, area, both, trace and a pinned time, newest first; admins only", async () => {
    const t = await newTest();
    const admin = await signIn(t, "admin@example.com");
    const member = await signIn(t, "member@example.com");
    await seedLogs(t);
    const list = async (args: Record<string, unknown>) =>
      (await admin.as.query(api.observability.logs.listLogs, { paginationOpts: page, ...args })).page.map((r) => r.at);
    expect(await list({})).toEqual([5000, 4000, 3000, 2000, 1000]);
    expect(await list({ level: "error" })).toEqual([4000, 2000]);
    expect(await list({ area: "llm" })).toEqual([2000, 1000]);
    expect(await list({ area: "coaching", level: "error" })).toEqual([4000]);
    expect(await list({ traceId: "tr_a" })).toEqual([3000, 2000, 1000]);
    expect(await list({ traceId: "tr_a", area: "llm", level: "error" })).toEqual([2000]);
    expect(await list({ before: 3500 })).toEqual([3000, 2000, 1000]);
    expect(await list({ area: "  " })).toEqual([5000, 4000, 3000, 2000, 1000]);
    await expect(member.as.query(api.observability.logs.listLogs, { paginationOpts: page })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
  });
});

describe("audit log", () => {
  test("exports are audited with who, what and how many rows; members cannot record them", async () => {
    const t = await newTest();
    const admin = await signIn(t, "admin@example.com");
    const member = await signIn(t, "member@example.com");
    await admin.as.mutation(api.observability.audit.recordExport, { view: "logs", rows: 42, filters: { level: "error" } });
    await expect(member.as.mutation(api.observability.audit.recordExport, { view: "audit", rows: 1 })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
    const { page: rows } = await admin.as.query(api.observability.audit.listAudit, { paginationOpts: page, action: "admin.export" });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "admin.export", actorId: admin.userId, targetTable: "logs", details: { rows: 42, filters: { level: "error" } } });
    // Newest first, all actions (role assignments from sign-up included).
    const all = (await admin.as.query(api.observability.audit.listAudit, { paginationOpts: page })).page;
    expect(all[0].action).toBe("admin.export");
    expect(all.map((r) => r.action)).toContain("user.role_assigned");
    await expect(member.as.query(api.observability.audit.listAudit, { paginationOpts: page })).rejects.toMatchObject({ data: { code: "FORBIDDEN" } });
  });

  test("a role change is audited and logged without the target's id", async () => {
    const t = await newTest();
    const admin = await signIn(t, "admin@example.com");
    const member = await signIn(t, "member@example.com");
    await admin.as.mutation(api.users.admin.setRole, { userId: member.userId, role: "admin" });
    const log = await t.run((ctx) => ctx.db.query("logs").withIndex("by_area_at", (q) => q.eq("area", "users")).first());
    expect(log).toMatchObject({ event: "role_changed", userHash: hashUserId(admin.userId), fields: { target: hashUserId(member.userId), from: "member", to: "admin" } });
    expect(JSON.stringify(log)).not.toContain(member.userId);
  });

  test("sign-ins refused for too many failed attempts are audited, once per account per window", async () => {
    const t = await newTest();
    const victim = await signIn(t, "victim@example.com");
    const attempt = () =>
      t.action(api.auth.signIn, { provider: "password", params: { email: "Victim@Example.com", password: "wrong guess 1", flow: "signIn" } });
    for (let i = 0; i < 10; i++) await expect(attempt()).rejects.toThrow(/UNAUTHENTICATED/);
    const audits = () => t.run((ctx) => ctx.db.query("auditLogs").withIndex("by_action_at", (q) => q.eq("action", "auth.sign_in_rate_limited")).collect());
    expect(await audits()).toHaveLength(0);
    await expect(attempt()).rejects.toThrow(/RATE_LIMITED/);
    await expect(attempt()).rejects.toThrow(/RATE_LIMITED/);
    const rows = await audits();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ targetTable: "users", targetId: victim.userId, details: { subject: hashUserId(victim.userId), attempts: 2 } });
    expect(JSON.stringify(rows)).not.toContain("victim@example.com");
    // The right password is still refused while the limit holds.
    await expect(signIn(t, "victim@example.com", "correct horse 1", "signIn")).rejects.toThrow(/RATE_LIMITED/);
  });

  test("audit rows and log entries name their actor by email; unknown actors stay empty", async () => {
    const t = await newTest();
    const admin = await signIn(t, "admin@example.com");
    const member = await signIn(t, "member@example.com");
    await admin.as.mutation(api.users.admin.setRole, { userId: member.userId, role: "admin" });
    await t.run((ctx) => ctx.db.insert("auditLogs", { action: "retention.deleted", details: { rows: 3 }, at: Date.now() + 1 }));

    const audit = (await admin.as.query(api.observability.audit.listAudit, { paginationOpts: page })).page;
    expect(audit[0]).toMatchObject({ action: "retention.deleted" });
    expect(audit[0].actorEmail).toBeUndefined();
    const change = audit.find((row) => row.action === "user.role_changed");
    expect(change).toMatchObject({ actorId: admin.userId, actorEmail: "admin@example.com" });

    const logs = (await admin.as.query(api.observability.logs.listLogs, { paginationOpts: page, area: "users" })).page;
    const changed = logs.find((row) => row.event === "role_changed");
    expect(changed).toMatchObject({ userHash: hashUserId(admin.userId), actorEmail: "admin@example.com" });
    // The log row itself still holds only the hash.
    const raw = await t.run((ctx) => ctx.db.get("logs", changed!._id));
    expect(JSON.stringify(raw)).not.toContain(admin.userId);
    await t.run((ctx) => ctx.db.insert("logs", { level: "info", area: "users", event: "anon", traceId: "tr_x", userHash: "u_unknown", fields: {}, at: Date.now() + 5 }));
    const anon = (await admin.as.query(api.observability.logs.listLogs, { paginationOpts: page, area: "users" })).page[0];
    expect(anon).toMatchObject({ event: "anon", userHash: "u_unknown" });
    expect(anon.actorEmail).toBeUndefined();
  });
});
