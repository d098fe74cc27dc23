/**
 * Which readers (subscribed queries) a commit may affect, from their read
 * sets (see `ReadSet` in convex-test-adapter.ts).
 *
 * A write of document D can change a query's result only if the query
 *   - fetched D by id,
 *   - read D's table as a whole (full table scans, and anything we do not
 *     analyse more precisely), or
 *   - scanned a range that contains D's version before or after the write
 *     (an insert entering the range, a patch moving D into, within or out of
 *     it, a delete leaving it).
 * Otherwise the set of documents in every range it read, and their contents,
 * are unchanged, so re-running it would return the same result.
 *
 * Ranges are looked up by one equality condition (the first whose bound has
 * an exact hash key): a write only meets the ranges pinning that field to the
 * value the document has (before or after), so a commit costs time in the
 * number of readers it may affect, not the number of subscriptions. Ranges
 * without such a condition (e.g. only `gt`/`lt` bounds) are checked one by
 * one against the writes to their table.
 */
import type { Value } from "convex/values";
import { fieldValue, rangeContains, tableNameFromId, type CommitEvent, type RangeRead, type ReadSet, type StoredDocument } from "./convex-test-adapter";

/**
 * A string equal for two values exactly when `compareValues` says they are
 * equal, or `null` for values without one here (NaN, bytes, arrays, objects,
 * commit-ts placeholders), whose ranges are checked one by one.
 */
export function equalityKey(value: Value | undefined): string | null {
  switch (typeof value) {
    case "undefined":
      return "u";
    case "string":
      // compareValues orders strings by UTF-8 bytes: equal exactly when identical.
      return `s${value}`;
    case "boolean":
      return value ? "T" : "F";
    case "bigint":
      return `i${value}`;
    case "number":
      // compareValues tells 0 from -0 (and NaNs by their bits).
      if (Number.isNaN(value)) return null;
      return Object.is(value, -0) ? "f-0" : `f${value}`;
    case "object":
      return value === null ? "z" : null;
    default:
      return null;
  }
}

interface Bucket<T> {
  path: string[];
  byValue: Map<string, Set<T>>;
}

interface Registration {
  reads: ReadSet;
  /** table -> ranges of that table. */
  rangesByTable: Map<string, RangeRead[]>;
  /** Where each range was filed: [table, fieldPath, key], or [table] when unkeyed. */
  placements: Array<[table: string, fieldPath?: string, key?: string]>;
}

function inRange(range: RangeRead, before: StoredDocument | null, after: StoredDocument | null): boolean {
  return (before !== null && rangeContains(range, before)) || (after !== null && rangeContains(range, after));
}

/** Whether a write could change the result of a query that read `reads` (one reader, no index). */
export function readsAffectedBy(reads: ReadSet, event: CommitEvent): boolean {
  for (let i = 0; i < event.writes.length; i++) {
    const [id, after] = event.writes[i] as [string, StoredDocument | null];
    if (reads.ids.has(id)) return true;
    const table = tableNameFromId(id);
    if (table === null) continue;
    if (reads.tables.has(table)) return true;
    const before = event.before[i] ?? null;
    for (const range of reads.ranges) {
      if (range.table === table && inRange(range, before, after)) return true;
    }
  }
  return false;
}

export class ReadIndex<T> {
  private readonly byTable = new Map<string, Set<T>>();
  private readonly byId = new Map<string, Set<T>>();
  /** table -> field path -> bucket of readers whose range pins that field. */
  private readonly byEq = new Map<string, Map<string, Bucket<T>>>();
  /** table -> readers with a range that has no keyed equality condition. */
  private readonly unkeyed = new Map<string, Set<T>>();
  private readonly registrations = new Map<T, Registration>();

  get size(): number {
    return this.registrations.size;
  }

  /** Files `reader` under its read set (replacing an earlier one). */
  add(reader: T, reads: ReadSet): void {
    this.remove(reader);
    const registration: Registration = { reads, rangesByTable: new Map(), placements: [] };
    for (const table of reads.tables) addTo(this.byTable, table, reader);
    for (const id of reads.ids) addTo(this.byId, id, reader);
    for (const range of reads.ranges) {
      if (reads.tables.has(range.table)) continue;
      let ranges = registration.rangesByTable.get(range.table);
      if (ranges === undefined) {
        ranges = [];
        registration.rangesByTable.set(range.table, ranges);
      }
      ranges.push(range);
      const keyed = range.conditions.find((c) => c.type === "Eq" && equalityKey(c.value) !== null);
      if (keyed === undefined) {
        addTo(this.unkeyed, range.table, reader);
        registration.placements.push([range.table]);
        continue;
      }
      const key = equalityKey(keyed.value) as string;
      let fields = this.byEq.get(range.table);
      if (fields === undefined) {
        fields = new Map();
        this.byEq.set(range.table, fields);
      }
      let bucket = fields.get(keyed.fieldPath);
      if (bucket === undefined) {
        bucket = { path: keyed.path, byValue: new Map() };
        fields.set(keyed.fieldPath, bucket);
      }
      addTo(bucket.byValue, key, reader);
      registration.placements.push([range.table, keyed.fieldPath, key]);
    }
    this.registrations.set(reader, registration);
  }

  remove(reader: T): void {
    const registration = this.registrations.get(reader);
    if (registration === undefined) return;
    this.registrations.delete(reader);
    const { reads } = registration;
    for (const table of reads.tables) removeFrom(this.byTable, table, reader);
    for (const id of reads.ids) removeFrom(this.byId, id, reader);
    for (const [table, fieldPath, key] of registration.placements) {
      if (fieldPath === undefined || key === undefined) {
        removeFrom(this.unkeyed, table, reader);
        continue;
      }
      const fields = this.byEq.get(table);
      const bucket = fields?.get(fieldPath);
      if (fields === undefined || bucket === undefined) continue;
      removeFrom(bucket.byValue, key, reader);
      if (bucket.byValue.size === 0) fields.delete(fieldPath);
      if (fields.size === 0) this.byEq.delete(table);
    }
  }

  /** Adds to `into` every reader whose result the commit may have changed. */
  collectAffected(event: CommitEvent, into: Set<T>): void {
    for (let i = 0; i < event.writes.length; i++) {
      const [id, after] = event.writes[i] as [string, StoredDocument | null];
      const before = event.before[i] ?? null;
      for (const reader of this.byId.get(id) ?? []) into.add(reader);
      const table = tableNameFromId(id);
      if (table === null) continue;
      for (const reader of this.byTable.get(table) ?? []) into.add(reader);
      const check = (reader: T) => {
        if (into.has(reader)) return;
        const ranges = this.registrations.get(reader)?.rangesByTable.get(table);
        if (ranges !== undefined && ranges.some((range) => inRange(range, before, after))) into.add(reader);
      };
      const fields = this.byEq.get(table);
      if (fields !== undefined) {
        for (const bucket of fields.values()) {
          const beforeKey = before === null ? null : equalityKey(fieldValue(before, bucket.path));
          const afterKey = after === null ? null : equalityKey(fieldValue(after, bucket.path));
          if (beforeKey !== null) for (const reader of bucket.byValue.get(beforeKey) ?? []) check(reader);
          if (afterKey !== null && afterKey !== beforeKey) for (const reader of bucket.byValue.get(afterKey) ?? []) check(reader);
        }
      }
      for (const reader of this.unkeyed.get(table) ?? []) check(reader);
    }
  }
}

function addTo<K, T>(index: Map<K, Set<T>>, key: K, reader: T): void {
  let set = index.get(key);
  if (set === undefined) {
    set = new Set();
    index.set(key, set);
  }
  set.add(reader);
}

function removeFrom<K, T>(index: Map<K, Set<T>>, key: K, reader: T): void {
  const set = index.get(key);
  if (set === undefined) return;
  set.delete(reader);
  if (set.size === 0) index.delete(key);
}
