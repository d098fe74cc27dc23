/**
 * Fine-grained subscription invalidation, end to end (real ConvexClients
 * against an in-process backend over the fixture app's `items` table): a
 * subscribed query is re-run only when a commit wrote a document it fetched,
 * a document whose old or new version lies in an index range it scanned, or
 * any document of a table it read whole. Re-runs are counted with the
 * backend's `subscriptionRunsByFunction`.
 *
 * Counting pattern: after writes that must NOT re-run a query, a "barrier"
 * write that must re-run it once; once its result is visible, the query's
 * run count has grown by exactly one (re-runs start together, in one pump,
 * when their commits land).
 */
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { RunningBackend } from "./backend";
import { removeTempDirs, startTestBackend } from "./test-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;

type Page = { page: string[]; isDone: boolean; continueCursor: string };

let backend: RunningBackend;
let clients: ConvexClient[] = [];
const safety = setTimeout(() => void backend?.close(), 90_000).unref();

beforeAll(async () => {
  backend = await startTestBackend();
});

afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
});

afterAll(async () => {
  clearTimeout(safety);
  await backend.close();
  removeTempDirs();
});

function client(): ConvexClient {
  const c = new ConvexClient(backend.url, { logger: false });
  clients.push(c);
  return c;
}

/** A subscription's latest value, and a way to wait for one. */
class Sub<T> {
  latest: T | undefined;
  private waiters: Array<{ check: (value: T) => boolean; resolve: (value: T) => void }> = [];
  constructor(c: ConvexClient, ref: unknown, args: Record<string, unknown>) {
    c.onUpdate(ref as never, args as never, (value: T) => {
      this.latest = value;
      this.waiters = this.waiters.filter((w) => (w.check(value) ? (w.resolve(value), false) : true));
    });
  }

  until(check: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
    if (this.latest !== undefined && check(this.latest)) return Promise.resolve(this.latest);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; latest value: ${JSON.stringify(this.latest)}`)), timeoutMs);
      this.waiters.push({ check, resolve: (value) => (clearTimeout(timer), resolve(value)) });
    });
  }

  /** Resolves once the value deep-equals `expected`. */
  is(expected: T): Promise<T> {
    return this.until((value) => JSON.stringify(value) === JSON.stringify(expected));
  }
}

function runs(fn: string): number {
  return backend.stats().subscriptionRunsByFunction[fn] ?? 0;
}

/** A fresh group name, so tests do not see each other's items. */
function group(label: string): string {
  return `${label}-${Math.random().toString(36).slice(2, 8)}`;
}

describe("index ranges", () => {
  test("writes to another range do not re-run a subscribed query", async () => {
    const c = client();
    const mine = group("mine");
    const other = group("other");
    const sub = new Sub<string[]>(c, api.items.byGroup, { group: mine });
    await sub.is([]);
    const before = runs("items:byGroup");
    // Inserts, patches and a delete, all outside `mine`.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await c.mutation(api.items.insert, { group: other, rank: i, body: `o${i}` }));
    await c.mutation(api.items.update, { id: ids[0], body: "o0-edited", rank: 10 });
    await c.mutation(api.items.remove, { id: ids[1] });
    expect(runs("items:byGroup")).toBe(before);
    // The barrier: one write into the range, one re-run.
    await c.mutation(api.items.insert, { group: mine, rank: 1, body: "m1" });
    await sub.is(["m1"]);
    expect(runs("items:byGroup")).toBe(before + 1);
  });

  test("many subscribers of one function: a write re-runs only the one whose range it touches", async () => {
    const groups = Array.from({ length: 12 }, (_, i) => group(`session${i}`));
    const subs = groups.map((g) => new Sub<string[]>(client(), api.items.byGroup, { group: g }));
    await Promise.all(subs.map((s) => s.is([])));
    const writer = client();
    const before = runs("items:byGroup");
    const id = await writer.mutation(api.items.insert, { group: groups[3], rank: 0, body: "" });
    // A streamed reply: the same document written over and over.
    for (let i = 1; i <= 10; i++) await writer.mutation(api.items.update, { id, body: "x".repeat(i) });
    await subs[3]!.is(["x".repeat(10)]);
    expect(runs("items:byGroup") - before).toBeLessThanOrEqual(11);
    expect(runs("items:byGroup") - before).toBeGreaterThanOrEqual(1);
    // No other subscriber was re-run: a barrier on another group costs exactly one more run.
    const afterStream = runs("items:byGroup");
    await writer.mutation(api.items.insert, { group: groups[7], rank: 0, body: "barrier" });
    await subs[7]!.is(["barrier"]);
    expect(runs("items:byGroup")).toBe(afterStream + 1);
    for (const [i, s] of subs.entries()) if (i !== 3 && i !== 7) expect(s.latest).toEqual([]);
  });

  test("inserts, patches and deletes that enter, change or leave a range update it", async () => {
    const c = client();
    const a = group("a");
    const b = group("b");
    const whole = new Sub<string[]>(c, api.items.byGroup, { group: a });
    const high = new Sub<string[]>(c, api.items.byGroup, { group: a, minRank: 5 });
    await Promise.all([whole.is([]), high.is([])]);

    const x = await c.mutation(api.items.insert, { group: a, rank: 1, body: "x" });
    await whole.is(["x"]);
    const y = await c.mutation(api.items.insert, { group: b, rank: 7, body: "y" });
    // Moved into both ranges by a patch of the indexed field.
    await c.mutation(api.items.update, { id: y, group: a });
    await Promise.all([whole.is(["x", "y"]), high.is(["y"])]);
    // Into the rank range.
    await c.mutation(api.items.update, { id: x, rank: 6 });
    await Promise.all([whole.is(["x", "y"]), high.is(["x", "y"])]);
    // A change of a non-indexed field inside the range.
    await c.mutation(api.items.update, { id: x, body: "x2" });
    await Promise.all([whole.is(["x2", "y"]), high.is(["x2", "y"])]);
    // Out of the rank range (still in the group): reordered in one, gone from the other.
    await c.mutation(api.items.update, { id: y, rank: 2 });
    await Promise.all([whole.is(["y", "x2"]), high.is(["x2"])]);
    // Out of the group.
    await c.mutation(api.items.update, { id: x, group: b });
    await Promise.all([whole.is(["y"]), high.is([])]);
    // Deleted.
    await c.mutation(api.items.remove, { id: y });
    await Promise.all([whole.is([]), high.is([])]);

    // Precision within one index: a rank change below 5 re-runs the group's
    // query but not the rank range's (same function, so one run in all).
    const z = await c.mutation(api.items.insert, { group: a, rank: 1, body: "z" });
    await Promise.all([whole.is(["z"]), high.is([])]);
    const before = runs("items:byGroup");
    await c.mutation(api.items.update, { id: z, rank: 3 });
    await c.mutation(api.items.update, { id: z, body: "z2" });
    await whole.is(["z2"]);
    expect(runs("items:byGroup")).toBe(before + 2);
    expect(high.latest).toEqual([]);
  });

  test("ranges on nested fields, bounds without equality, and first()", async () => {
    const c = client();
    const tag = group("tag");
    const base = group("range");
    const [low, high] = [`${base}-n`, `${base}-p`];
    const inside = `${low}~`; // between low and high
    const tagged = new Sub<string[]>(c, api.items.byTag, { tag });
    const between = new Sub<string[]>(c, api.items.groupsBetween, { low, high });
    const first = new Sub<string | null>(c, api.items.firstOfGroup, { group: inside });
    await Promise.all([tagged.is([]), between.is([]), first.until((v) => v === null)]);

    const t = await c.mutation(api.items.insert, { group: inside, rank: 5, body: "t", tag });
    await Promise.all([tagged.is(["t"]), between.is(["t"]), first.is("t")]);
    // A lower rank sorts first.
    const u = await c.mutation(api.items.insert, { group: inside, rank: 1, body: "u" });
    await Promise.all([between.is(["u", "t"]), first.is("u")]);
    await c.mutation(api.items.update, { id: t, tag: `${tag}-other` });
    await tagged.is([]);
    // Out of the bounds.
    await c.mutation(api.items.update, { id: u, group: `${high}~` });
    await Promise.all([between.is(["t"]), first.is("t")]);

    // Outside every one of these ranges: nothing re-runs.
    const before = { tagged: runs("items:byTag"), between: runs("items:groupsBetween"), first: runs("items:firstOfGroup") };
    await c.mutation(api.items.insert, { group: `${high}~`, rank: 0, body: "far", tag: `${tag}-far` });
    await c.mutation(api.items.update, { id: u, body: "u2" });
    // Barriers.
    await c.mutation(api.items.insert, { group: inside, rank: 0, body: "b", tag });
    await Promise.all([tagged.is(["b"]), between.is(["b", "t"]), first.is("b")]);
    expect({ tagged: runs("items:byTag"), between: runs("items:groupsBetween"), first: runs("items:firstOfGroup") }).toEqual({
      tagged: before.tagged + 1,
      between: before.between + 1,
      first: before.first + 1,
    });
  });

  test("search queries re-run for writes matching their equality filters", async () => {
    const c = client();
    const g = group("search");
    const sub = new Sub<string[]>(c, api.items.search, { group: g, text: "apple" });
    await sub.is([]);
    await c.mutation(api.items.insert, { group: g, rank: 0, body: "apple pie" });
    await sub.is(["apple pie"]);
    const before = runs("items:search");
    await c.mutation(api.items.insert, { group: group("elsewhere"), rank: 0, body: "apple tart" });
    await c.mutation(api.items.insert, { group: g, rank: 0, body: "apple crumble" });
    await sub.is(["apple crumble", "apple pie"]);
    expect(runs("items:search")).toBe(before + 1);
  });
});

describe("fallbacks and point reads", () => {
  test("full table scans update on any write to their table, and only to it", async () => {
    const c = client();
    const sub = new Sub<string[]>(c, api.items.all, {});
    const initial = await sub.until(() => true);
    const id = await c.mutation(api.items.insert, { group: group("any"), rank: 0, body: "scan-1" });
    await sub.is([...initial, "scan-1"]);
    await c.mutation(api.items.update, { id, body: "scan-2" });
    await sub.is([...initial, "scan-2"]);
    await c.mutation(api.items.remove, { id });
    await sub.is(initial);
    const before = runs("items:all");
    await c.mutation(api.messages.send, { body: "another table" });
    await c.mutation(api.items.insert, { group: group("any"), rank: 0, body: "scan-3" });
    await sub.is([...initial, "scan-3"]);
    expect(runs("items:all")).toBe(before + 1);
  });

  test("point reads update when that document changes, and only then", async () => {
    const c = client();
    const g = group("point");
    const id = await c.mutation(api.items.insert, { group: g, rank: 0, body: "p1" });
    const neighbour = await c.mutation(api.items.insert, { group: g, rank: 1, body: "n1" });
    const sub = new Sub<string | null>(c, api.items.get, { id });
    await sub.is("p1");
    const before = runs("items:get");
    await c.mutation(api.items.update, { id: neighbour, body: "n2" });
    await c.mutation(api.items.update, { id, body: "p2" });
    await sub.is("p2");
    expect(runs("items:get")).toBe(before + 1);
    await c.mutation(api.items.remove, { id });
    await sub.until((v) => v === null);
  });

  test("paginated queries keep their page boundaries; writes outside their range do not re-run them", async () => {
    const c = client();
    const g = group("paged");
    for (const rank of [1, 2, 3]) await c.mutation(api.items.insert, { group: g, rank, body: `r${rank}` });
    const sub = new Sub<Page>(c, api.items.page, { group: g, paginationOpts: { numItems: 2, cursor: null } });
    const first = await sub.until((p) => p.page.length > 0);
    expect(first.page).toEqual(["r3", "r2"]);
    expect(first.isDone).toBe(false);
    // Sorts before the page's end: the page grows instead of pushing r2 out.
    await c.mutation(api.items.insert, { group: g, rank: 4, body: "r4" });
    await sub.until((p) => p.page.join() === "r4,r3,r2");
    // Past the page's end: in the range (re-run), but the page is unchanged.
    await c.mutation(api.items.insert, { group: g, rank: 0, body: "r0" });
    // Elsewhere: not re-run.
    const before = runs("items:page");
    await c.mutation(api.items.insert, { group: group("unrelated"), rank: 9, body: "u" });
    await c.mutation(api.items.insert, { group: g, rank: 5, body: "r5" });
    const grown = await sub.until((p) => p.page.join() === "r5,r4,r3,r2");
    expect(runs("items:page")).toBe(before + 1);
    // The next page starts right after the first page's end: no gap, no overlap.
    const next = (await c.query(api.items.page, { group: g, paginationOpts: { numItems: 10, cursor: grown.continueCursor } })) as Page;
    expect(next.page).toEqual(["r1", "r0"]);
  });
});

describe("sessions", () => {
  test("a session gets no Transition for commits that do not concern its queries", async () => {
    const g = group("quiet");
    const ws = new WebSocket(`${backend.url.replace("http", "ws")}/api/1.48.0/sync`);
    const inbox: Array<{ type: string; modifications?: unknown[] }> = [];
    ws.on("message", (data) => inbox.push(JSON.parse(data.toString()) as { type: string }));
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    try {
      ws.send(JSON.stringify({ type: "Connect", sessionId: crypto.randomUUID(), connectionCount: 0, lastCloseReason: null, clientTs: Date.now() }));
      ws.send(
        JSON.stringify({
          type: "ModifyQuerySet",
          baseVersion: 0,
          newVersion: 1,
          modifications: [{ type: "Add", queryId: 0, udfPath: "items:byGroup", args: [{ group: g }] }],
        }),
      );
      const writer = client();
      const transitions = () => inbox.filter((m) => m.type === "Transition");
      await waitUntil(() => transitions().length === 1);
      for (let i = 0; i < 5; i++) await writer.mutation(api.items.insert, { group: group("loud"), rank: i, body: "noise" });
      await writer.mutation(api.items.insert, { group: g, rank: 0, body: "signal" });
      await waitUntil(() => transitions().length === 2);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(transitions()).toHaveLength(2);
      expect(transitions()[1]!.modifications).toEqual([expect.objectContaining({ queryId: 0, value: ["signal"] })]);
    } finally {
      ws.close();
    }
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
