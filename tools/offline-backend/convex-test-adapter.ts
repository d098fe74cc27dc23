/**
 * The one module that touches convex-test's internals.
 *
 * convex-test (pinned 0.0.60) is a complete Convex engine for tests, but it
 * has no hooks for what a long-running backend needs:
 *   - durability: we must see every top-level commit (ids + committed docs)
 *     at commit time, and restore the store after a restart;
 *   - reactivity: we must know what a query read (index ranges, whole
 *     tables, single documents) and at which commit timestamp its snapshot
 *     was taken, and what each commit changed (before and after);
 *   - scheduling: convex-test runs scheduled functions from an in-memory
 *     `setTimeout`, which does not survive a restart and is not atomic with
 *     the job's state change. We take over the `1.0/schedule` syscall and let
 *     our own scheduler (scheduler.ts) run the jobs;
 *   - query journals: re-runs of a subscribed paginated query must end its
 *     page where the first run ended (see `queryPage`);
 *   - storage URLs: convex-test returns fake `some-deployment.convex.cloud`
 *     URLs; we return URLs served by this backend.
 *
 * It reaches the internals through the per-instance "convex global" object
 * that `convexTest()` creates (`{ components, transactionManager, scheduler,
 * syscall, asyncSyscall, jsSyscall }`). That object is only ever passed to
 * `convexGlobalStorage.run(convexGlobal, ...)`, synchronously, whenever a
 * method of the accessor is called, so we capture it by briefly wrapping
 * `AsyncLocalStorage.prototype.run` around one synchronous call.
 *
 * What we depend on (checked by `assertInternalsShape` at start-up and by
 * convex-test-adapter.test.ts, so a convex-test upgrade fails loudly):
 *   - DatabaseFake: `_documents` (id -> committed doc), `_writes` (stack of
 *     pending write levels, id -> doc | null), `_nextDocId`,
 *     `_lastCreationTime`, `_storage`, and the methods `get(table, id)`,
 *     `_iterateDocs(table, cb)`, `_resolveQuerySource(query)` (the one place
 *     both `1.0/queryStream` and `1.0/queryPage` turn a serialised query's
 *     source into documents, via `_iterateDocs`), `insert`, `patch`,
 *     `storeFile`;
 *   - the serialised query sources (`IndexRange` with `indexName`
 *     "table.index" and `range` [{type: Eq|Gt|Gte|Lt|Lte, fieldPath, value}],
 *     `Search` with `filters`, `FullTableScan`) and convex-test's evaluation
 *     of them (`evaluateRangeFilter`: `compareValues` of the document's field
 *     at the dotted path against the bound), mirrored by `rangeContains`;
 *   - TransactionManager: `begin(isNested)`, `commit(isNested)` returning the
 *     commit ts (bigint) for top-level commits, and `_lastCommitTs`;
 *   - document ids are `<decimal counter><tableName>`;
 *   - the syscall ops `1.0/schedule`, `1.0/queryPage`, `1.0/storageGetUrl`,
 *     `1.0/storageGenerateUploadUrl`, their JSON argument and result shapes,
 *     and `_end_cursor` as the end-of-range cursor.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { compareValues, convexToJson, getConvexSize, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { argumentsProblem, argumentsSize, convexUdfPath, documentProblem, limitMessages, type Limits } from "./limits";

export const PINNED_CONVEX_TEST_VERSION = "0.0.60";

export type StoredDocument = Record<string, Value> & { _id: string; _creationTime: number };
type WriteLevel = Record<string, StoredDocument | null>;

interface DatabaseFakeInternals {
  _documents: Record<string, StoredDocument>;
  _writes: WriteLevel[];
  _nextDocId: number;
  _lastCreationTime: number;
  _storage: Record<string, Blob>;
  get(tableName: string | undefined, id: string): StoredDocument | null;
  insert(tableName: string, value: Record<string, Value>): string;
  patch(tableName: string, id: string, value: Record<string, Value>): void;
  delete(tableName: string, id: string): void;
  storeFile(storageId: string, blob: Blob): void;
  _addWrite(id: string, doc: StoredDocument | null): void;
  _iterateDocs(tableName: string, callback: (doc: StoredDocument) => void): void;
  _resolveQuerySource(query: { source?: unknown }): unknown;
}

interface TransactionManagerInternals {
  _lastCommitTs: bigint;
  begin(isNested: boolean, transactionLimits?: unknown): Promise<void>;
  commit(isNested: boolean): bigint | null;
  getMetricsTracker(): MetricsTrackerInternals | null;
}

/** convex-test's per-transaction `TransactionMetricsTracker` (transactionMetrics.js). */
interface MetricsTrackerInternals {
  trackRead(docSizeBytes: number): void;
  trackWrite(docSizeBytes: number): void;
  trackIndexRange(): void;
  trackScheduledFunction(argsSizeBytes: number): void;
}

/**
 * convex-test's transaction-limit messages -> Convex's (limits.ts). The
 * counting is convex-test's (the same quantities Convex counts, sizes by
 * `getConvexSize` / `getDocumentSize`), the limits ours.
 */
const TRACKER_MESSAGES: Array<[RegExp, (limit: number) => string]> = [
  [/^Scanned too many documents in a single function execution \(limit: (\d+)\)/, limitMessages.documentsRead],
  [/^Read too much data in a single function execution \(limit: (\d+) bytes\)/, limitMessages.bytesRead],
  [/^Too many index ranges read in a single function execution \(limit: (\d+)\)/, limitMessages.databaseQueries],
  [/^Wrote too many documents in a single function execution \(limit: (\d+)\)/, limitMessages.documentsWritten],
  [/^Wrote too much data in a single function execution \(limit: (\d+) bytes\)/, limitMessages.bytesWritten],
  [/^Scheduled too many functions in a single function execution \(limit: (\d+)\)/, limitMessages.functionsScheduled],
  [/^Scheduled function arguments too large in a single function execution \(limit: (\d+) bytes\)/, limitMessages.scheduledFunctionArgsBytes],
];

/** Rethrows a convex-test limit error with Convex's message (other errors unchanged). */
export function convexLimitError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  for (const [pattern, message] of TRACKER_MESSAGES) {
    const match = pattern.exec(error.message);
    if (match) return new Error(message(Number(match[1])));
  }
  return error;
}

const TRACKER_METHODS = ["trackRead", "trackWrite", "trackIndexRange", "trackScheduledFunction"] as const;

/** Syscalls that call or schedule a function with arguments (`checkCallArguments`). */
const CALL_OPS: ReadonlySet<string> = new Set(["1.0/actions/query", "1.0/actions/mutation", "1.0/actions/action", "1.0/runUdf", "1.0/schedule"]);

/** Upload URLs are valid for an hour, as on Convex (STORE_FILE_AUTHORIZATION_VALIDITY). */
export const UPLOAD_TOKEN_VALIDITY_MS = 60 * 60 * 1000;

type AsyncSyscall = (op: string, jsonArgs: string) => Promise<string>;

interface ConvexGlobalInternals {
  components: Record<string, { db: DatabaseFakeInternals }>;
  transactionManager: TransactionManagerInternals;
  asyncSyscall: AsyncSyscall;
}

/** Anything with the accessor's `run` method (the object `convexTest()` returns). */
export interface ConvexTestLike {
  run<T>(handler: (ctx: never) => Promise<T>): Promise<T>;
}

/** One committed top-level transaction. */
export interface CommitEvent {
  ts: bigint;
  /** Written documents as committed (`null` = deleted), in write order. */
  writes: Array<[id: string, doc: StoredDocument | null]>;
  /** The committed version of each written document before this commit (`null` = did not exist), aligned with `writes`. */
  before: Array<StoredDocument | null>;
  nextDocId: number;
  lastCreationTime: number;
  /** Whatever `tagCommits` attached to the code that committed. */
  tag: unknown;
}

/** One index range condition, evaluated as convex-test does (see `rangeContains`). */
export interface RangeCondition {
  type: "Eq" | "Gt" | "Gte" | "Lt" | "Lte";
  fieldPath: string;
  /** `fieldPath` split on dots. */
  path: string[];
  /** The bound (`undefined`: a missing field). */
  value: Value | undefined;
}

/**
 * A range of one table a query scanned: the documents satisfying every
 * condition (an index range, or the equality filters of a search query).
 */
export interface RangeRead {
  table: string;
  /** "table.index", for diagnostics. */
  index: string;
  conditions: RangeCondition[];
  /** Identifies the range (index and serialised conditions), to record it once. */
  key: string;
}

/**
 * What a query read. A write can change the query's result only if it wrote
 * one of `ids`, any document of one of `tables`, or a document whose version
 * before or after the write lies in one of `ranges`.
 */
export interface ReadSet {
  /** Tables read as a whole (full table scans, anything not analysed more precisely). */
  tables: Set<string>;
  /** Documents fetched by id. */
  ids: Set<string>;
  /** Index ranges (and search filters) scanned, deduplicated. */
  ranges: RangeRead[];
}

export interface TrackedRun<T> {
  ok: boolean;
  value?: T;
  error?: unknown;
  reads: ReadSet;
  /** `_lastCommitTs` when the query's transaction took the lock. */
  snapshotTs: bigint;
}

export interface RestoredState {
  documents: Record<string, StoredDocument>;
  nextDocId: number;
  lastCreationTime: number;
  lastCommitTs: bigint;
  files: Record<string, Blob>;
}

export interface AdapterOptions {
  onCommit(event: CommitEvent): void;
  /** Throws if `udfPath` may not be scheduled (e.g. it does not exist). */
  checkSchedulable(udfPath: string): void;
  /** Base URL for file URLs (`<cloudUrl>/api/storage/<id>`). */
  cloudUrl: string;
  /** Called after a blob is put into convex-test's file map. */
  onFileStored?(storageId: string, blob: Blob): void;
  /** Issues the token of an upload URL (`ctx.storage.generateUploadUrl()`). */
  issueUploadToken(): string;
  /** Document limits checked on every write to a user table (Convex's defaults when omitted). */
  limits?: Limits;
}

interface ReadTracker {
  reads: ReadSet;
  /** Keys of `reads.ranges`, to record each range once. */
  rangeKeys: Set<string>;
  snapshotTs: bigint | undefined;
}

interface PageJournal {
  endCursor: string;
}

/** convex-test's cursor for "past the last document". */
const END_CURSOR = "_end_cursor";

function parseJournal(journal: string | null): PageJournal | null {
  if (journal === null) return null;
  try {
    const parsed = JSON.parse(journal) as Partial<PageJournal>;
    return typeof parsed.endCursor === "string" ? { endCursor: parsed.endCursor } : null;
  } catch {
    return null;
  }
}

/** Document ids are `<decimal counter><tableName>` in convex-test. */
export function tableNameFromId(id: string): string | null {
  const match = /^[0-9]+/.exec(id);
  if (!match || match[0].length === id.length) return null;
  return id.slice(match[0].length);
}

const RANGE_TYPES: ReadonlySet<string> = new Set(["Eq", "Gt", "Gte", "Lt", "Lte"]);

/** A bound as convex-test reads it (`evaluateValue`): `{$undefined: null}` is a missing field. */
function decodeBound(json: unknown): Value | undefined {
  if (typeof json === "object" && json !== null && "$undefined" in json) return undefined;
  return jsonToConvex(json as JSONValue);
}

/**
 * The range a serialised query source reads, or `null` when it is not one
 * we analyse (a full table scan, an empty range, an unknown shape): the
 * caller then treats the whole table as read. A search query's text filter
 * is ignored (its equality filters alone describe a superset of the
 * documents it can return).
 */
export function rangeReadOf(source: unknown): RangeRead | null {
  if (typeof source !== "object" || source === null) return null;
  const { type, indexName, range, filters } = source as { type?: unknown; indexName?: unknown; range?: unknown; filters?: unknown };
  if (typeof indexName !== "string") return null;
  const dot = indexName.indexOf(".");
  if (dot <= 0) return null;
  let expressions: unknown[];
  if (type === "IndexRange" && Array.isArray(range)) expressions = range;
  else if (type === "Search" && Array.isArray(filters)) expressions = filters.filter((f) => (f as { type?: unknown } | null)?.type !== "Search");
  else return null;
  const conditions: RangeCondition[] = [];
  for (const expression of expressions) {
    if (typeof expression !== "object" || expression === null || !("value" in expression)) return null;
    const { type: conditionType, fieldPath, value } = expression as { type?: unknown; fieldPath?: unknown; value: unknown };
    if (typeof conditionType !== "string" || !RANGE_TYPES.has(conditionType) || typeof fieldPath !== "string") return null;
    let bound: Value | undefined;
    try {
      bound = decodeBound(value);
    } catch {
      return null;
    }
    conditions.push({ type: conditionType as RangeCondition["type"], fieldPath, path: fieldPath.split("."), value: bound });
  }
  if (conditions.length === 0) return null;
  return { table: indexName.slice(0, dot), index: indexName, conditions, key: `${indexName}|${JSON.stringify(expressions)}` };
}

/** convex-test's `isSimpleObject`: only plain objects have fields. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  return prototype === null || prototype === Object.prototype || prototype?.constructor?.name === "Object";
}

/** A document's value at a dotted field path, as convex-test reads it (`evaluateFieldPath`). */
export function fieldValue(doc: StoredDocument, path: readonly string[]): Value | undefined {
  let result: unknown = doc;
  for (const part of path) result = isPlainObject(result) ? result[part] : undefined;
  return result as Value | undefined;
}

/** Whether `doc` lies in `range` (convex-test's `evaluateRangeFilter` for every condition, with Convex's value order). */
export function rangeContains(range: RangeRead, doc: StoredDocument): boolean {
  for (const condition of range.conditions) {
    const cmp = compareValues(fieldValue(doc, condition.path), condition.value);
    switch (condition.type) {
      case "Eq":
        if (cmp !== 0) return false;
        break;
      case "Gt":
        if (cmp <= 0) return false;
        break;
      case "Gte":
        if (cmp < 0) return false;
        break;
      case "Lt":
        if (cmp >= 0) return false;
        break;
      case "Lte":
        if (cmp > 0) return false;
        break;
    }
  }
  return true;
}

export class ConvexTestAdapter {
  private readonly readTrackers = new AsyncLocalStorage<ReadTracker>();
  private readonly commitTags = new AsyncLocalStorage<{ tag: unknown; commitTs?: bigint }>();
  private readonly journals = new AsyncLocalStorage<{ input: PageJournal | null; output: PageJournal | null }>();
  /** table -> ids of committed docs, in commit order (see `_iterateDocs` below). */
  private readonly tableIndex = new Map<string, Set<string>>();
  private suppressIdTracking = false;
  /** While a tracked query's source is an analysed range: its table (`_iterateDocs` then records no table read). */
  private rangeScanTable: string | undefined;

  private constructor(
    private readonly db: DatabaseFakeInternals,
    private readonly tm: TransactionManagerInternals,
    private readonly global: ConvexGlobalInternals,
    private readonly options: AdapterOptions,
  ) {}

  /** Captures the internals of `t` and installs the hooks. Call once per `t`. */
  static async attach(t: ConvexTestLike, options: AdapterOptions): Promise<ConvexTestAdapter> {
    const global = await captureConvexGlobal(t);
    assertInternalsShape(global);
    const root = global.components[""];
    if (root === undefined) throw new Error("convex-test adapter: no root component");
    const adapter = new ConvexTestAdapter(root.db, global.transactionManager, global, options);
    adapter.installHooks();
    return adapter;
  }

  private installHooks(): void {
    const { db, tm } = this;
    // The originals are bound to their objects; the replacements are arrow
    // functions bound to the this.

    const originalBegin = tm.begin.bind(tm);
    tm.begin = async (isNested: boolean, transactionLimits?: unknown) => {
      await originalBegin(isNested, transactionLimits);
      // The top-level lock is held from here until commit/rollback, so no
      // commit can land between taking the lock and reading the timestamp.
      if (!isNested) {
        const tracker = this.readTrackers.getStore();
        if (tracker !== undefined && tracker.snapshotTs === undefined) {
          tracker.snapshotTs = tm._lastCommitTs;
        }
        this.translateLimitErrors(tm.getMetricsTracker());
      }
    };

    const originalCommit = tm.commit.bind(tm);
    tm.commit = (isNested: boolean) => {
      if (isNested) return originalCommit(isNested);
      const level = db._writes[db._writes.length - 1] ?? {};
      const ids = Object.keys(level);
      // Committed documents are replaced, never mutated, so these stay the old versions.
      const before = ids.map((id) => db._documents[id] ?? null);
      const ts = originalCommit(isNested);
      if (ts === null) return ts;
      const writes: CommitEvent["writes"] = ids.map((id) => [id, db._documents[id] ?? null]);
      this.indexWrites(writes);
      const tagStore = this.commitTags.getStore();
      if (tagStore !== undefined) tagStore.commitTs = ts;
      this.options.onCommit({
        ts,
        writes,
        before,
        nextDocId: db._nextDocId,
        lastCreationTime: db._lastCreationTime,
        tag: tagStore?.tag,
      });
      return ts;
    };

    const originalGet = db.get.bind(db);
    db.get = (tableName: string | undefined, id: string) => {
      const tracker = this.readTrackers.getStore();
      if (tracker !== undefined && !this.suppressIdTracking && typeof id === "string") {
        tracker.reads.ids.add(id);
      }
      return originalGet(tableName, id);
    };

    // Replaces convex-test's `_iterateDocs`, which scans every document of
    // every table (`Object.keys(_documents).filter(...)`) on each query, with
    // the same logic over a per-table index: committed ids of the table, then
    // ids pending in open write levels, each read through `get`.
    db._iterateDocs = (tableName: string, callback: (doc: StoredDocument) => void) => {
      if (this.rangeScanTable !== tableName) this.readTrackers.getStore()?.reads.tables.add(tableName);
      const ids = new Set(this.tableIndex.get(tableName));
      for (const level of db._writes) {
        for (const id of Object.keys(level)) {
          if (tableNameFromId(id) === tableName) ids.add(id);
        }
      }
      this.suppressIdTracking = true;
      try {
        for (const id of ids) {
          const doc = db.get(tableName, id);
          if (doc !== null) callback(doc);
        }
      } finally {
        this.suppressIdTracking = false;
      }
    };

    // Every query source (`1.0/queryStream` for collect/take/first/unique,
    // `1.0/queryPage` for paginate) is resolved here, synchronously. An index
    // range or a search we can analyse is recorded as a range; anything else
    // falls through to `_iterateDocs`, which records the whole table.
    const originalResolve = db._resolveQuerySource.bind(db);
    db._resolveQuerySource = (query: { source?: unknown }) => {
      const tracker = this.readTrackers.getStore();
      const range = tracker === undefined ? null : rangeReadOf(query?.source);
      if (tracker === undefined || range === null) return originalResolve(query);
      if (!tracker.rangeKeys.has(range.key)) {
        tracker.rangeKeys.add(range.key);
        tracker.reads.ranges.push(range);
      }
      this.rangeScanTable = range.table;
      try {
        return originalResolve(query);
      } finally {
        this.rangeScanTable = undefined;
      }
    };

    // Every insert, patch and replace ends here with the whole new document,
    // before it is written and before the write is counted: Convex's
    // document limits (size, nesting, fields, array length) apply.
    const originalAddWrite = db._addWrite.bind(db);
    const limits = this.options.limits;
    db._addWrite = (id: string, doc: StoredDocument | null) => {
      if (doc !== null && limits !== undefined && !(tableNameFromId(id) ?? "_").startsWith("_")) {
        const problem = documentProblem(doc, limits);
        if (problem !== null) throw new Error(problem);
      }
      originalAddWrite(id, doc);
    };

    const originalStoreFile = db.storeFile.bind(db);
    db.storeFile = (storageId: string, blob: Blob) => {
      originalStoreFile(storageId, blob);
      this.options.onFileStored?.(storageId, blob);
    };

    const originalAsyncSyscall = this.global.asyncSyscall;
    this.global.asyncSyscall = async (op: string, jsonArgs: string): Promise<string> => {
      if (CALL_OPS.has(op)) this.checkCallArguments(jsonArgs);
      switch (op) {
        case "1.0/schedule":
          return this.schedule(jsonArgs);
        case "1.0/queryPage":
          return this.queryPage(jsonArgs, originalAsyncSyscall);
        case "1.0/storageGetUrl": {
          const { storageId } = JSON.parse(jsonArgs) as { storageId: string };
          const metadata = db.get("_storage", storageId);
          return JSON.stringify(
            metadata === null ? null : `${this.options.cloudUrl}/api/storage/${encodeURIComponent(storageId)}`,
          );
        }
        case "1.0/storageGenerateUploadUrl":
          // Convex's shape: `<deployment url>/api/storage/upload?token=<token>`.
          return JSON.stringify(`${this.options.cloudUrl}/api/storage/upload?token=${encodeURIComponent(this.options.issueUploadToken())}`);
        default:
          return originalAsyncSyscall(op, jsonArgs);
      }
    };
  }

  /**
   * Arguments of functions called or scheduled from functions (runQuery,
   * runMutation, runAction, scheduler) are Convex values like a client's:
   * the same nesting, shape and size limits, checked before the call.
   */
  private checkCallArguments(jsonArgs: string): void {
    const limits = this.options.limits;
    if (limits === undefined) return;
    const { name, reference, functionHandle, args } = JSON.parse(jsonArgs) as {
      name?: string;
      reference?: string;
      functionHandle?: string;
      args?: JSONValue;
    };
    const udfPath = name ?? functionHandle?.replace(/^function:\/\/[^;]*;/, "") ?? reference ?? "<unknown>";
    const problem = argumentsProblem([args ?? {}], udfPath, limits);
    if (problem !== null) throw new Error(problem);
    const size = argumentsSize(jsonToConvex(args ?? {}) as Record<string, Value>);
    if (size > limits.argumentsSize) throw new Error(limitMessages.argumentsSize(convexUdfPath(udfPath), size, limits.argumentsSize));
  }

  /** Makes a transaction's limit errors read as Convex's (see TRACKER_MESSAGES). */
  private translateLimitErrors(tracker: MetricsTrackerInternals | null): void {
    if (tracker === null) return;
    for (const method of TRACKER_METHODS) {
      const original = (tracker[method] as (size?: number) => void).bind(tracker);
      tracker[method] = (size?: number) => {
        try {
          original(size);
        } catch (error) {
          throw convexLimitError(error);
        }
      };
    }
  }

  /**
   * Our `1.0/schedule`: records the pending job in `_scheduled_functions`
   * inside the calling transaction, like convex-test does, but without its
   * `setTimeout`; scheduler.ts runs pending jobs once the write commits.
   */
  private schedule(jsonArgs: string): string {
    const { name, functionHandle, reference, args, ts } = JSON.parse(jsonArgs) as {
      name?: string;
      functionHandle?: string;
      reference?: string;
      args: Value;
      ts: number;
    };
    let udfPath: string;
    if (functionHandle !== undefined) {
      const [componentPath, path] = functionHandle.replace(/^function:\/\//, "").split(";");
      if (componentPath !== "" || path === undefined) {
        throw new Error("The offline backend does not support scheduling functions of components");
      }
      udfPath = path;
    } else if (name !== undefined) {
      udfPath = name;
    } else {
      throw new Error(`The offline backend does not support scheduling component functions (${reference})`);
    }
    this.options.checkSchedulable(udfPath);
    const parsedArgs = jsonToConvex(args as never);
    // Counted as convex-test's own `1.0/schedule` does; Convex measures the argument array.
    this.tm.getMetricsTracker()?.trackScheduledFunction(getConvexSize([parsedArgs]));
    const jobId = this.db.insert("_scheduled_functions", {
      args: [parsedArgs],
      name: udfPath,
      scheduledTime: ts * 1000,
      state: { kind: "pending" },
    });
    return JSON.stringify(convexToJson(jobId));
  }

  /**
   * Query journals, as the real backend keeps them for subscriptions: the
   * first run of a subscribed paginated query records where its page ended;
   * re-runs end the page at that cursor, so pages neither shrink nor leave
   * gaps when documents are inserted or deleted before their end.
   */
  private async queryPage(jsonArgs: string, original: AsyncSyscall): Promise<string> {
    const store = this.journals.getStore();
    if (store === undefined) return original("1.0/queryPage", jsonArgs);
    const args = JSON.parse(jsonArgs) as { endCursor?: string | null };
    if (args.endCursor !== null && args.endCursor !== undefined) return original("1.0/queryPage", jsonArgs);
    const journaled = store.input?.endCursor;
    if (journaled === undefined) {
      const raw = await original("1.0/queryPage", jsonArgs);
      store.output = { endCursor: (JSON.parse(raw) as { continueCursor: string }).continueCursor };
      return raw;
    }
    const result = JSON.parse(await original("1.0/queryPage", JSON.stringify({ ...args, endCursor: journaled }))) as {
      continueCursor: string;
      isDone: boolean;
    };
    // convex-test reports the end of the table when the journaled end
    // document is gone; the page still ends at the journaled cursor.
    if (journaled !== END_CURSOR) {
      result.continueCursor = journaled;
      result.isDone = false;
    }
    store.output = { endCursor: journaled };
    return JSON.stringify(result);
  }

  /** Runs `fn` (a subscribed query) with a journal; returns the journal for its next run. */
  async withJournal<T>(journal: string | null, fn: () => Promise<T>): Promise<{ value: T; journal: string | null }> {
    const store = { input: parseJournal(journal), output: null as PageJournal | null };
    const value = await this.journals.run(store, fn);
    return { value, journal: store.output === null ? null : JSON.stringify(store.output) };
  }

  private indexWrites(writes: CommitEvent["writes"]): void {
    for (const [id, doc] of writes) {
      const table = tableNameFromId(id);
      if (table === null) continue;
      let ids = this.tableIndex.get(table);
      if (ids === undefined) {
        ids = new Set();
        this.tableIndex.set(table, ids);
      }
      if (doc === null) ids.delete(id);
      else ids.add(id);
    }
  }

  /** Runs `fn` (a query) recording what it reads and its snapshot timestamp. */
  async trackReads<T>(fn: () => Promise<T>): Promise<TrackedRun<T>> {
    const tracker: ReadTracker = { reads: { tables: new Set(), ids: new Set(), ranges: [] }, rangeKeys: new Set(), snapshotTs: undefined };
    let ok = true;
    let value: T | undefined;
    let error: unknown;
    try {
      value = await this.readTrackers.run(tracker, fn);
    } catch (e) {
      ok = false;
      error = e;
    }
    // A query that failed before taking the lock (e.g. bad arguments) read
    // nothing; its result holds as of the latest commit.
    return { ok, value, error, reads: tracker.reads, snapshotTs: tracker.snapshotTs ?? this.tm._lastCommitTs };
  }

  /**
   * Runs `fn`, attaching `tag` to the top-level commit it makes (if any);
   * returns that commit's timestamp.
   */
  async tagCommits<T>(tag: unknown, fn: () => Promise<T>): Promise<{ value: T; commitTs: bigint | undefined }> {
    const store: { tag: unknown; commitTs?: bigint } = { tag };
    const value = await this.commitTags.run(store, fn);
    return { value, commitTs: store.commitTs };
  }

  /** Replaces the (empty) store with persisted state. Call before serving. */
  restore(state: RestoredState): void {
    this.db._documents = state.documents;
    this.db._nextDocId = Math.max(this.db._nextDocId, state.nextDocId);
    this.db._lastCreationTime = state.lastCreationTime;
    this.db._storage = state.files;
    if (state.lastCommitTs > this.tm._lastCommitTs) this.tm._lastCommitTs = state.lastCommitTs;
    this.tableIndex.clear();
    this.indexWrites(Object.entries(state.documents));
  }

  get lastCommitTs(): bigint {
    return this.tm._lastCommitTs;
  }

  get nextDocId(): number {
    return this.db._nextDocId;
  }

  get lastCreationTime(): number {
    return this.db._lastCreationTime;
  }

  /** Committed documents (live view: do not mutate). */
  get documents(): Readonly<Record<string, StoredDocument>> {
    return this.db._documents;
  }

  getDocument(id: string): StoredDocument | null {
    return this.db._documents[id] ?? null;
  }

  documentsOfTable(table: string): StoredDocument[] {
    const ids = this.tableIndex.get(table);
    if (ids === undefined) return [];
    const docs: StoredDocument[] = [];
    for (const id of ids) {
      const doc = this.db._documents[id];
      if (doc !== undefined) docs.push(doc);
    }
    return docs;
  }

  getFile(storageId: string): Blob | null {
    return this.db._storage[storageId] ?? null;
  }

  /**
   * Writes to a system table from inside `t.run` (our scheduler's and crons'
   * bookkeeping), going through the same pending-write path as user writes so
   * it commits atomically with them.
   */
  insertInTransaction(table: string, value: Record<string, Value>): string {
    return this.db.insert(table, value);
  }

  patchInTransaction(table: string, id: string, value: Record<string, Value>): void {
    this.db.patch(table, id, value);
  }

  deleteInTransaction(table: string, id: string): void {
    this.db.delete(table, id);
  }

  /** Reads through pending writes of the current transaction. */
  getInTransaction(table: string, id: string): StoredDocument | null {
    return this.db.get(table, id);
  }
}

async function captureConvexGlobal(t: ConvexTestLike): Promise<ConvexGlobalInternals> {
  const proto = AsyncLocalStorage.prototype as unknown as {
    run: (this: AsyncLocalStorage<unknown>, store: unknown, fn: (...args: unknown[]) => unknown, ...args: unknown[]) => unknown;
  };
  const originalRun = proto.run;
  let captured: ConvexGlobalInternals | undefined;
  let pending: Promise<unknown>;
  proto.run = function run(this: AsyncLocalStorage<unknown>, store, fn, ...args) {
    if (captured === undefined && looksLikeConvexGlobal(store)) captured = store;
    return originalRun.call(this, store, fn, ...args);
  };
  try {
    // The accessor enters `convexGlobalStorage.run(convexGlobal, ...)`
    // synchronously, so the wrapper is only needed for this one call.
    pending = t.run(async () => null);
  } finally {
    proto.run = originalRun;
  }
  await pending;
  if (captured === undefined) {
    throw new Error(
      `convex-test adapter: could not capture convex-test's internal state; ` +
        `the installed convex-test is not compatible (expected ${PINNED_CONVEX_TEST_VERSION})`,
    );
  }
  return captured;
}

function looksLikeConvexGlobal(store: unknown): store is ConvexGlobalInternals {
  return (
    typeof store === "object" &&
    store !== null &&
    "components" in store &&
    "transactionManager" in store &&
    "asyncSyscall" in store
  );
}

/** Fails fast, with a precise message, if convex-test's internals drifted. */
export function assertInternalsShape(global: ConvexGlobalInternals): void {
  const problems: string[] = [];
  const db = global.components[""]?.db as unknown as Record<string, unknown> | undefined;
  const tm = global.transactionManager as unknown as Record<string, unknown>;
  if (db === undefined) {
    problems.push("components[''].db is missing");
  } else {
    for (const field of ["_documents", "_storage"]) {
      if (typeof db[field] !== "object" || db[field] === null) problems.push(`DatabaseFake.${field} is not an object`);
    }
    if (!Array.isArray(db._writes)) problems.push("DatabaseFake._writes is not an array");
    for (const field of ["_nextDocId", "_lastCreationTime"]) {
      if (typeof db[field] !== "number") problems.push(`DatabaseFake.${field} is not a number`);
    }
    for (const method of ["get", "insert", "patch", "delete", "storeFile", "_addWrite", "_iterateDocs", "_resolveQuerySource", "commit", "startTransaction"]) {
      if (typeof db[method] !== "function") problems.push(`DatabaseFake.${method} is not a function`);
    }
  }
  if (typeof tm._lastCommitTs !== "bigint") problems.push("TransactionManager._lastCommitTs is not a bigint");
  for (const method of ["begin", "commit", "rollback", "getMetricsTracker"]) {
    if (typeof tm[method] !== "function") problems.push(`TransactionManager.${method} is not a function`);
  }
  if (typeof global.asyncSyscall !== "function") problems.push("asyncSyscall is not a function");
  if (problems.length > 0) {
    throw new Error(
      `convex-test adapter: convex-test internals changed (expected ${PINNED_CONVEX_TEST_VERSION}): ${problems.join("; ")}`,
    );
  }
}
