/**
 * Unit tests for the invalidation index: equality keys agree with Convex's
 * value order, serialised query sources are parsed into ranges (or refused),
 * and a commit reaches exactly the readers whose read sets it touches.
 */
import { compareValues, type Value } from "convex/values";
import { describe, expect, test } from "vitest";
import { rangeContains, rangeReadOf, type CommitEvent, type RangeRead, type ReadSet, type StoredDocument } from "./convex-test-adapter";
import { equalityKey, ReadIndex, readsAffectedBy } from "./read-index";

describe("equalityKey", () => {
  test("two values share a key exactly when compareValues says they are equal", () => {
    const values: Array<Value | undefined> = [
      undefined, null, 0, -0, 1, 1.5, 1e21, -1, Number.NaN, Infinity, 0n, 1n, -1n, true, false,
      "", "a", "A", "é", "e\u0301", "\u{1F600}", "1", "true", "null", new ArrayBuffer(1), [1], { a: 1 },
    ];
    for (const a of values) {
      for (const b of values) {
        const [ka, kb] = [equalityKey(a), equalityKey(b)];
        if (ka === null || kb === null) continue;
        expect(ka === kb, `${String(a)} vs ${String(b)}`).toBe(compareValues(a, b) === 0);
      }
    }
    // Values without a key are checked one by one.
    expect(equalityKey(Number.NaN)).toBeNull();
    expect(equalityKey([1])).toBeNull();
    expect(equalityKey({ a: 1 })).toBeNull();
    expect(equalityKey(new ArrayBuffer(0))).toBeNull();
  });
});

describe("rangeReadOf", () => {
  const eq = (fieldPath: string, value: unknown) => ({ type: "Eq", fieldPath, value });

  test("index ranges become conditions; full scans and empty ranges do not", () => {
    const range = rangeReadOf({
      type: "IndexRange",
      indexName: "items.by_group",
      range: [eq("group", "a"), { type: "Gte", fieldPath: "rank", value: 5 }, { type: "Lt", fieldPath: "rank", value: { $integer: "CgAAAAAAAAA=" } }],
      order: "asc",
    });
    expect(range).toMatchObject({
      table: "items",
      index: "items.by_group",
      conditions: [
        { type: "Eq", fieldPath: "group", path: ["group"], value: "a" },
        { type: "Gte", fieldPath: "rank", value: 5 },
        { type: "Lt", fieldPath: "rank", value: 10n },
      ],
    });
    expect(rangeReadOf({ type: "IndexRange", indexName: "items.by_tag", range: [eq("meta.tag", { $undefined: null })] })?.conditions[0]).toEqual({
      type: "Eq",
      fieldPath: "meta.tag",
      path: ["meta", "tag"],
      value: undefined,
    });
    expect(rangeReadOf({ type: "FullTableScan", tableName: "items", order: null })).toBeNull();
    expect(rangeReadOf({ type: "IndexRange", indexName: "items.by_group", range: [] })).toBeNull();
    expect(rangeReadOf({ type: "IndexRange", indexName: "items.by_group", range: [{ type: "Between", fieldPath: "x", value: 1 }] })).toBeNull();
    expect(rangeReadOf({ type: "IndexRange", indexName: "nodot", range: [eq("x", 1)] })).toBeNull();
    expect(rangeReadOf(undefined)).toBeNull();
  });

  test("search queries keep their equality filters only", () => {
    const range = rangeReadOf({
      type: "Search",
      indexName: "items.search_body",
      filters: [{ type: "Search", fieldPath: "body", value: "apple" }, eq("group", "g")],
    });
    expect(range?.conditions).toEqual([{ type: "Eq", fieldPath: "group", path: ["group"], value: "g" }]);
    expect(rangeReadOf({ type: "Search", indexName: "items.search_body", filters: [{ type: "Search", fieldPath: "body", value: "x" }] })).toBeNull();
  });

  test("rangeContains follows Convex's order across types and missing fields", () => {
    const doc = (fields: Record<string, Value>): StoredDocument => ({ _id: "1items", _creationTime: 1, ...fields });
    const gte = rangeReadOf({ type: "IndexRange", indexName: "items.by_x", range: [{ type: "Gte", fieldPath: "x", value: 0 }] }) as RangeRead;
    expect(rangeContains(gte, doc({ x: 0 }))).toBe(true);
    expect(rangeContains(gte, doc({ x: -0 }))).toBe(false); // -0 < 0 in Convex
    expect(rangeContains(gte, doc({ x: "a" }))).toBe(true); // strings sort after numbers
    expect(rangeContains(gte, doc({ x: 5n }))).toBe(false); // int64 sorts before float64
    expect(rangeContains(gte, doc({}))).toBe(false); // missing sorts first
    const nested = rangeReadOf({ type: "IndexRange", indexName: "items.by_tag", range: [{ type: "Eq", fieldPath: "meta.tag", value: "t" }] }) as RangeRead;
    expect(rangeContains(nested, doc({ meta: { tag: "t" } }))).toBe(true);
    expect(rangeContains(nested, doc({ meta: [{ tag: "t" }] as never }))).toBe(false);
  });
});

describe("ReadIndex", () => {
  const range = (table: string, ...conditions: Array<[RangeRead["conditions"][number]["type"], string, Value | undefined]>): RangeRead => ({
    table,
    index: `${table}.idx`,
    key: JSON.stringify(conditions, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
    conditions: conditions.map(([type, fieldPath, value]) => ({ type, fieldPath, path: fieldPath.split("."), value })),
  });
  const reads = (partial: Partial<ReadSet>): ReadSet => ({ tables: new Set(), ids: new Set(), ranges: [], ...partial });
  const doc = (id: string, fields: Record<string, Value>): StoredDocument => ({ _id: id, _creationTime: 1, ...fields });
  const commit = (...writes: Array<[id: string, before: StoredDocument | null, after: StoredDocument | null]>): CommitEvent => ({
    ts: 1n,
    writes: writes.map(([id, , after]) => [id, after]),
    before: writes.map(([, before]) => before),
    nextDocId: 0,
    lastCreationTime: 0,
    tag: undefined,
  });

  const index = new ReadIndex<string>();
  const all: Record<string, ReadSet> = {
    groupA: reads({ ranges: [range("items", ["Eq", "group", "A"])] }),
    groupB: reads({ ranges: [range("items", ["Eq", "group", "B"])] }),
    groupAHigh: reads({ ranges: [range("items", ["Eq", "group", "A"], ["Gte", "rank", 5])] }),
    fromM: reads({ ranges: [range("items", ["Gte", "group", "M"])] }),
    scan: reads({ tables: new Set(["items"]) }),
    point: reads({ ids: new Set(["7items"]) }),
    other: reads({ ranges: [range("messages", ["Eq", "group", "A"])] }),
  };
  for (const [name, r] of Object.entries(all)) index.add(name, r);

  function affected(event: CommitEvent): string[] {
    const into = new Set<string>();
    index.collectAffected(event, into);
    // The index and the one-reader check (used for commits that land while a query runs) agree.
    for (const [name, r] of Object.entries(all)) expect(readsAffectedBy(r, event), name).toBe(into.has(name));
    return [...into].sort();
  }

  test("a commit reaches the readers of the ranges, tables and ids it touched", () => {
    expect(affected(commit(["1items", null, doc("1items", { group: "A", rank: 1 })]))).toEqual(["groupA", "scan"]);
    expect(affected(commit(["1items", null, doc("1items", { group: "A", rank: 9 })]))).toEqual(["groupA", "groupAHigh", "scan"]);
    // Moving between ranges reaches both (old and new version).
    expect(affected(commit(["2items", doc("2items", { group: "A", rank: 9 }), doc("2items", { group: "Z", rank: 9 })]))).toEqual([
      "fromM", "groupA", "groupAHigh", "scan",
    ]);
    // Deletes reach the range the old version was in.
    expect(affected(commit(["3items", doc("3items", { group: "B", rank: 0 }), null]))).toEqual(["groupB", "scan"]);
    expect(affected(commit(["7items", doc("7items", { group: "C" }), doc("7items", { group: "C", x: 1 })]))).toEqual(["point", "scan"]);
    expect(affected(commit(["4messages", null, doc("4messages", { group: "B" })]))).toEqual([]);
    expect(affected(commit(["4messages", null, doc("4messages", { group: "A" })]))).toEqual(["other"]);
    // Several writes in one commit.
    expect(affected(commit(["5items", null, doc("5items", { group: "B" })], ["6items", null, doc("6items", { group: "N" })]))).toEqual([
      "fromM", "groupB", "scan",
    ]);
  });

  test("removed readers are no longer reached", () => {
    const local = new ReadIndex<string>();
    local.add("a", all.groupA!);
    local.add("m", all.fromM!);
    local.add("a", all.groupB!); // replaces a's read set
    const hit = (group: string) => {
      const into = new Set<string>();
      local.collectAffected(commit(["1items", null, doc("1items", { group })]), into);
      return [...into].sort();
    };
    expect(hit("A")).toEqual([]);
    expect(hit("B")).toEqual(["a"]);
    expect(hit("N")).toEqual(["m"]);
    local.remove("a");
    local.remove("m");
    expect(hit("B")).toEqual([]);
    expect(hit("N")).toEqual([]);
    expect(local.size).toBe(0);
  });
});
