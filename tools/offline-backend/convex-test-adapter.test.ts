/**
 * Drift detection for the convex-test adapter: these fail if the installed
 * convex-test is not the version the adapter was written against, or if the
 * internals it hooks (see convex-test-adapter.ts) behave differently.
 */
import fs from "node:fs";
import path from "node:path";
import { convexTest } from "convex-test";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { REPO_ROOT } from "./backend";
import { ConvexTestAdapter, PINNED_CONVEX_TEST_VERSION, tableNameFromId, type CommitEvent } from "./convex-test-adapter";
import { FunctionRegistry } from "./function-registry";
import { FIXTURE_FUNCTIONS_DIR } from "./test-helpers";

type T = ReturnType<typeof convexTest>;

let registry: FunctionRegistry;
const envBefore = process.env.CONVEX_SITE_URL;

beforeAll(async () => {
  // The fixture logs from its functions; keep the test output clean.
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  process.env.CONVEX_SITE_URL = "http://127.0.0.1:1";
  registry = await FunctionRegistry.load(FIXTURE_FUNCTIONS_DIR);
});

afterAll(() => {
  vi.restoreAllMocks();
  if (envBefore === undefined) delete process.env.CONVEX_SITE_URL;
  else process.env.CONVEX_SITE_URL = envBefore;
});

function newT(): T {
  return convexTest(registry.defaultExport("schema") as never, registry.convexTestModules);
}

async function attach(t: T, commits: CommitEvent[] = []): Promise<ConvexTestAdapter> {
  return ConvexTestAdapter.attach(t as never, {
    cloudUrl: "http://127.0.0.1:2",
    onCommit: (event) => commits.push(event),
    checkSchedulable: () => undefined,
    issueUploadToken: () => "test-token",
  });
}

const send = makeFunctionReference<"mutation">("messages:send");
const list = makeFunctionReference<"query">("messages:list");

test(`the installed convex-test is ${PINNED_CONVEX_TEST_VERSION}`, () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "convex-test", "package.json"), "utf8")) as {
    version: string;
  };
  // Upgrading convex-test: re-read its DatabaseFake / TransactionManager /
  // asyncSyscallImpl, update convex-test-adapter.ts, then this pin.
  expect(version).toBe(PINNED_CONVEX_TEST_VERSION);
});

describe("hooks", () => {
  test("captures the internals and reports each top-level commit once, with committed documents", async () => {
    const t = newT();
    const commits: CommitEvent[] = [];
    const adapter = await attach(t, commits);
    const id = (await t.mutation(send, { body: "one" })) as string;
    expect(commits).toHaveLength(1);
    expect(commits[0]?.writes).toEqual([[id, expect.objectContaining({ _id: id, body: "one" })]]);
    expect(commits[0]?.ts).toBe(adapter.lastCommitTs);
    expect(tableNameFromId(id)).toBe("messages");

    // An action's runMutation is its own top-level transaction.
    await t.action(makeFunctionReference<"action">("jobs:writeViaAction"), { note: "x" });
    expect(commits).toHaveLength(2);
    expect(commits[1]?.writes.map(([wid]) => tableNameFromId(wid))).toEqual(["events"]);

    // Rolled-back transactions are not reported.
    await expect(t.mutation(makeFunctionReference<"mutation">("messages:crash"), {})).rejects.toThrow("kaboom");
    expect(commits).toHaveLength(2);
  });

  test("tags a commit with the caller's tag and returns its ts", async () => {
    const t = newT();
    const commits: CommitEvent[] = [];
    const adapter = await attach(t, commits);
    const { commitTs } = await adapter.tagCommits("my-tag", () => t.mutation(send, { body: "tagged" }));
    expect(commits[0]?.tag).toBe("my-tag");
    expect(commits[0]?.ts).toBe(commitTs);
  });

  test("records what a query read and the snapshot it read", async () => {
    const t = newT();
    const adapter = await attach(t);
    const id = (await t.mutation(send, { body: "read me" })) as string;
    const scan = await adapter.trackReads(() => t.query(list, {}));
    expect(scan.ok).toBe(true);
    expect([...scan.reads.tables]).toEqual(["messages"]);
    expect(scan.snapshotTs).toBe(adapter.lastCommitTs);
    const point = await adapter.trackReads(() => t.run(async (ctx) => ctx.db.get(id as never)));
    expect([...point.reads.ids]).toEqual([id]);
    expect([...point.reads.tables]).toEqual([]);
    expect(point.reads.ranges).toEqual([]);
  });

  test("records the index ranges a query scanned (collect, first, paginate, search); whole tables otherwise", async () => {
    const t = newT();
    const adapter = await attach(t);
    const items = (name: string) => makeFunctionReference<"query">(`items:${name}`);
    const conditions = (run: Awaited<ReturnType<typeof adapter.trackReads>>) =>
      run.reads.ranges.map((r) => [r.table, r.index, r.conditions.map((c) => [c.type, c.fieldPath, c.value])]);

    const collect = await adapter.trackReads(() => t.query(items("byGroup"), { group: "g", minRank: 2 }));
    expect(collect.ok).toBe(true);
    expect(conditions(collect)).toEqual([["items", "items.by_group", [["Eq", "group", "g"], ["Gte", "rank", 2]]]]);
    expect([...collect.reads.tables]).toEqual([]);

    const first = await adapter.trackReads(() => t.query(items("firstOfGroup"), { group: "g" }));
    expect(conditions(first)).toEqual([["items", "items.by_group", [["Eq", "group", "g"]]]]);

    const paginated = await adapter.trackReads(() => t.query(items("page"), { group: "g", paginationOpts: { numItems: 2, cursor: null } }));
    expect(paginated.ok).toBe(true);
    expect(conditions(paginated)).toEqual([["items", "items.by_group", [["Eq", "group", "g"]]]]);

    const nested = await adapter.trackReads(() => t.query(items("byTag"), { tag: "x" }));
    expect(nested.reads.ranges[0]?.conditions[0]).toMatchObject({ fieldPath: "meta.tag", path: ["meta", "tag"], value: "x" });

    const search = await adapter.trackReads(() => t.query(items("search"), { group: "g", text: "apple" }));
    expect(conditions(search)).toEqual([["items", "items.search_body", [["Eq", "group", "g"]]]]);
    expect([...search.reads.tables]).toEqual([]);

    const scan = await adapter.trackReads(() => t.query(items("all"), {}));
    expect(scan.reads.ranges).toEqual([]);
    expect([...scan.reads.tables]).toEqual(["items"]);

    // The same range read twice is recorded once; an index with no range is a whole-table read.
    const twice = await adapter.trackReads(() =>
      t.run(async (ctx) => {
        // (t.run's ctx is not typed with the fixture's schema.)
        for (let i = 0; i < 2; i++) await ctx.db.query("items").withIndex("by_group" as never, (q) => q.eq("group" as never, "g" as never)).collect();
        await ctx.db.query("events").withIndex("by_kind" as never).collect();
        return null;
      }),
    );
    expect(twice.reads.ranges).toHaveLength(1);
    expect([...twice.reads.tables]).toEqual(["events"]);
  });

  test("reports each written document's committed version before the commit", async () => {
    const t = newT();
    const commits: CommitEvent[] = [];
    await attach(t, commits);
    const insert = makeFunctionReference<"mutation">("items:insert");
    const id = (await t.mutation(insert, { group: "a", rank: 1, body: "v1" })) as string;
    await t.mutation(makeFunctionReference<"mutation">("items:update"), { id, group: "b" });
    await t.mutation(makeFunctionReference<"mutation">("items:remove"), { id });
    expect(commits.map((c) => c.before)).toEqual([
      [null],
      [expect.objectContaining({ _id: id, group: "a", body: "v1" })],
      [expect.objectContaining({ _id: id, group: "b", body: "v1" })],
    ]);
    expect(commits.map((c) => c.writes[0]?.[1]?.group ?? null)).toEqual(["a", "b", null]);
  });

  test("table scans return what convex-test's own implementation returns", async () => {
    const plain = newT();
    const hooked = newT();
    await attach(hooked);
    for (const t of [plain, hooked]) {
      for (const body of ["b", "a", "c"]) await t.mutation(send, { body });
      const third = (await t.query(list, {})) as unknown[];
      expect(third).toHaveLength(3);
      await t.run(async (ctx) => {
        const first = await ctx.db.query("messages").first();
        if (first) await ctx.db.delete(first._id);
        await ctx.db.insert("messages", { body: "d" });
        // Pending writes of the open transaction are visible to its own reads.
        expect((await ctx.db.query("messages").collect()).map((m) => m.body)).toEqual(["a", "c", "d"]);
      });
    }
    expect(await hooked.query(list, {})).toEqual(await plain.query(list, {}));
    expect(await hooked.query(makeFunctionReference<"query">("counter:get"), { name: "none" })).toBeNull();
  });

  test("restores a persisted store: documents, id counter and commit ts", async () => {
    const source = newT();
    const sourceAdapter = await attach(source);
    await source.mutation(send, { body: "persisted" });
    const target = newT();
    const adapter = await attach(target);
    adapter.restore({
      documents: { ...sourceAdapter.documents },
      nextDocId: sourceAdapter.nextDocId,
      lastCreationTime: sourceAdapter.lastCreationTime,
      lastCommitTs: sourceAdapter.lastCommitTs,
      files: {},
    });
    expect(await target.query(list, {})).toEqual([{ body: "persisted", author: null }]);
    const newId = (await target.mutation(send, { body: "next" })) as string;
    expect(Object.keys(sourceAdapter.documents)).not.toContain(newId);
    expect(adapter.lastCommitTs).toBeGreaterThan(sourceAdapter.lastCommitTs);
  });

  test("takes over scheduling: jobs are recorded pending and convex-test does not run them", async () => {
    const t = newT();
    const adapter = await attach(t);
    const jobId = (await t.mutation(makeFunctionReference<"mutation">("jobs:scheduleRecord"), { delayMs: 0, note: "n" })) as string;
    expect(adapter.getDocument(jobId)).toMatchObject({ name: "jobs:record", args: [{ kind: "scheduled", note: "n" }], state: { kind: "pending" } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(adapter.getDocument(jobId)).toMatchObject({ state: { kind: "pending" } });
    expect(await t.query(makeFunctionReference<"query">("jobs:byKind"), { kind: "scheduled" })).toEqual([]);
  });

  test("file URLs point at this backend", async () => {
    const t = newT();
    await attach(t);
    const url = await t.run(async (ctx) => {
      const id = await ctx.storage.store(new Blob(["hi"]));
      return ctx.storage.getUrl(id);
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:2\/api\/storage\//);
  });
});
