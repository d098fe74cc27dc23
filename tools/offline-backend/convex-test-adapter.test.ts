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
