import { makeFunctionReference } from "convex/server";
import { v } from "convex/values";
import { afterEach, describe, expect, test, vi } from "vitest";
import { internalAction, internalMutation, internalQuery } from "../_generated/server";
import { newTest } from "../test.setup";
import { buildEntry, hashUserId, logger, newTraceId } from "./log";
import { REDACTION_CORPUS } from "./redact.corpus";

const log = logger("probe");

const probeModule = {
  fromMutation: internalMutation({
    args: { traceId: v.string(), userId: v.optional(v.string()), fields: v.any(), level: v.optional(v.string()) },
    handler: async (ctx, { traceId, userId, fields, level }) => {
      await log.with({ traceId, userId }).persist(ctx, (level ?? "info") as "info", "from_mutation", fields);
    },
  }),
  fromAction: internalAction({
    args: { traceId: v.string(), fields: v.any() },
    handler: async (ctx, { traceId, fields }) => {
      await log.with({ traceId }).persist(ctx, "warn", "from_action", fields);
    },
  }),
  fromQuery: internalQuery({
    args: {},
    handler: async () => {
      log.info("from_query", { email: "query@example.com" });
      return null;
    },
  }),
};

const ref = {
  fromMutation: makeFunctionReference<"mutation">("logProbe:fromMutation"),
  fromAction: makeFunctionReference<"action">("logProbe:fromAction"),
  fromQuery: makeFunctionReference<"query">("logProbe:fromQuery"),
};

async function setup() {
  return newTest({ "./logProbe.ts": async () => probeModule });
}

const allLogs = (t: Awaited<ReturnType<typeof setup>>) => t.run((ctx) => ctx.db.query("logs").withIndex("by_at").take(1000));

afterEach(() => {
  delete process.env.LOG_DEBUG;
  delete process.env.LOG_HASH_SALT;
  vi.restoreAllMocks();
});

describe("the structured logger", () => {
  test("a mutation persists a redacted entry with its trace id and a hashed user", async () => {
    const t = await setup();
    const traceId = newTraceId();
    await t.mutation(ref.fromMutation, { traceId, userId: "user123", fields: { email: "ada@example.com", attempt: 2, text: "private words" } });
    const [row] = await allLogs(t);
    expect(row).toMatchObject({
      level: "info",
      area: "probe",
      event: "from_mutation",
      traceId,
      userHash: hashUserId("user123"),
      fields: { email: "[REDACTED:pii]", attempt: 2, text: "[REDACTED:body 13 chars]" },
    });
    expect(JSON.stringify(row)).not.toContain("user123");
  });

  test("an action persists through the internal mutation, redacted before it leaves the action", async () => {
    const t = await setup();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    await t.action(ref.fromAction, { traceId: "tr_action", fields: { detail: "key sk-ant-abcdefgh12345678" } });
    const rows = await allLogs(t);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ level: "warn", event: "from_action", traceId: "tr_action", fields: { detail: "key [REDACTED:api_key]" } });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).not.toContain("sk-ant-");
  });

  test("a query logs one redacted JSON line to the console and writes nothing", async () => {
    const t = await setup();
    const info = vi.spyOn(console, "log").mockImplementation(() => {});
    await t.query(ref.fromQuery, {});
    expect(await allLogs(t)).toHaveLength(0);
    const line = JSON.parse(String(info.mock.calls[0][0]));
    expect(line).toMatchObject({ level: "info", area: "probe", event: "from_query", traceId: "-", fields: { email: "[REDACTED:pii]" } });
  });

  test("the whole redaction corpus goes through the logger into the table with zero leaks", async () => {
    const t = await setup();
    for (const [index, corpusCase] of REDACTION_CORPUS.entries()) {
      await t.mutation(ref.fromMutation, { traceId: `tr_corpus_${index}`, fields: corpusCase.input });
    }
    const rows = await allLogs(t);
    expect(rows).toHaveLength(REDACTION_CORPUS.length);
    const stored = JSON.stringify(rows);
    for (const corpusCase of REDACTION_CORPUS) {
      for (const leak of corpusCase.leaks) expect(stored, corpusCase.name).not.toContain(leak);
    }
  });

  test("debug entries exist only with LOG_DEBUG=1, which also keeps message bodies", async () => {
    const t = await setup();
    await t.mutation(ref.fromMutation, { traceId: "tr_d1", level: "debug", fields: { text: "hidden" } });
    expect(await allLogs(t)).toHaveLength(0);
    process.env.LOG_DEBUG = "1";
    await t.mutation(ref.fromMutation, { traceId: "tr_d2", level: "debug", fields: { text: "shown to ada@example.com" } });
    const rows = await allLogs(t);
    expect(rows).toHaveLength(1);
    expect(rows[0].fields).toEqual({ text: "shown to [REDACTED:email]" });
  });

  test("a bad LOG_DEBUG never breaks logging: defaults apply and the problem is reported", async () => {
    const t = await setup();
    process.env.LOG_DEBUG = "sometimes";
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    await t.mutation(ref.fromMutation, { traceId: "tr_bad", fields: { text: "x" } });
    expect((await allLogs(t))[0].fields).toEqual({ text: "[REDACTED:body 1 chars]" });
    expect(error.mock.calls.map((c) => String(c[0])).join("\n")).toMatch(/LOG_DEBUG is invalid/);
  });

  test("user hashes are stable, salted and not the id", () => {
    expect(hashUserId("abc", "")).toBe(hashUserId("abc", ""));
    expect(hashUserId("abc", "")).toMatch(/^u_[0-9a-f]{16}$/);
    expect(hashUserId("abc", "pepper")).not.toBe(hashUserId("abc", ""));
    process.env.LOG_HASH_SALT = "pepper";
    expect(buildEntry("a", { userId: "abc" }, "info", "e")?.userHash).toBe(hashUserId("abc", "pepper"));
  });

  test("trace ids are unique and prefixed", () => {
    const ids = new Set(Array.from({ length: 200 }, () => newTraceId()));
    expect(ids.size).toBe(200);
    expect(newTraceId("cron")).toMatch(/^cron_[0-9a-z]+$/);
  });
});
