/**
 * Shared, incrementally maintained query results.
 *
 * One `QueryEntry` per distinct (function, arguments, caller identity),
 * whatever the number of subscribed clients, so 50 clients watching the same
 * query cost one execution per change.
 *
 * Each entry knows for which commit timestamps its result is valid:
 * from the snapshot its run read (`validFrom`) until the first later commit
 * that wrote something it read (`validUntil`, exclusive; null = still valid).
 * Invalidation happens synchronously in the commit hook, from the run's read
 * set (index ranges it scanned, tables it read whole, documents it fetched;
 * see read-index.ts for how a commit is matched against them), so sessions
 * can always tell at which timestamp a set of results is consistent;
 * invalidated entries are re-run soon after, and subscribers are told when a
 * result or its validity changed.
 */
import type { CommitEvent, ReadSet } from "./convex-test-adapter";
import type { Engine, Outcome, PreparedCall } from "./engine";
import { ReadIndex, readsAffectedBy } from "./read-index";

export interface QuerySubscriber {
  /**
   * The entry was re-run: its validity changed, and its result too if
   * `resultChanged` (subscribers that are not waiting for a newer validity
   * can ignore an unchanged result).
   */
  onEntryChanged(entry: QueryEntry, resultChanged: boolean): void;
}

/** A result, with its Transition modification pre-serialised (minus queryId). */
export interface QueryResult {
  ok: boolean;
  /** Bumped whenever the serialised result changes. */
  version: number;
  fragment: string;
}

export class QueryEntry {
  /** Subscriber -> number of its queries using this entry (a session may hold it twice, briefly or not). */
  readonly subscribers = new Map<QuerySubscriber, number>();
  result: QueryResult | undefined;
  validFrom = 0n;
  validUntil: bigint | null = null;
  reads: ReadSet | null = null;
  running = false;
  /** Commits that landed while running; checked against the new read set. */
  commitsWhileRunning: CommitEvent[] = [];
  disposed = false;
  private comparable: string | undefined;

  constructor(
    readonly key: string,
    readonly prepared: PreparedCall | { ok: false; outcome: Outcome },
    /** Query journal the next run starts from (client-provided at first). */
    public journal: string | null,
  ) {}

  /** Stores an outcome; returns whether the visible result changed. */
  setOutcome(outcome: Outcome): boolean {
    const journal = JSON.stringify(this.journal);
    // The value is serialised once, for the comparison and (if it changed)
    // the message. Log lines change on every run; only the value or error
    // decides whether subscribers need the new result.
    const value = outcome.ok ? JSON.stringify(outcome.value) : "";
    const comparable = outcome.ok
      ? `ok:${journal}:${value}`
      : `err:${requestIdFree(outcome.errorMessage)}:${JSON.stringify(outcome.errorData ?? null)}`;
    if (this.result !== undefined && comparable === this.comparable) return false;
    const fragment = outcome.ok
      ? `"type":"QueryUpdated","value":${value},"logLines":${JSON.stringify(outcome.logLines)},"journal":${journal}`
      : `"type":"QueryFailed","errorMessage":${JSON.stringify(outcome.errorMessage)},"logLines":${JSON.stringify(outcome.logLines)},` +
        `${outcome.errorData === undefined ? "" : `"errorData":${JSON.stringify(outcome.errorData)},`}"journal":${journal}`;
    this.comparable = comparable;
    this.result = { ok: outcome.ok, version: (this.result?.version ?? 0) + 1, fragment };
    return true;
  }
}

/** Request ids differ per run; they do not make a failure a new result. */
function requestIdFree(message: string): string {
  return message.replace(/^\[Request ID: [0-9a-f]+\] /, "");
}

export class QueryRegistry {
  private readonly entries = new Map<string, QueryEntry>();
  private readonly readIndex = new ReadIndex<QueryEntry>();
  private readonly runningEntries = new Set<QueryEntry>();
  private readonly stale = new Set<QueryEntry>();
  private pumpScheduled = false;
  private stopped = false;
  /** Query executions so far (for stats and tests of deduplication and invalidation). */
  runs = 0;
  /** The same, by function path. */
  readonly runsByFunction = new Map<string, number>();

  constructor(private readonly engine: Engine) {}

  get size(): number {
    return this.entries.size;
  }

  acquire(
    key: string,
    journal: string | null,
    prepare: () => PreparedCall | { ok: false; outcome: Outcome },
    subscriber: QuerySubscriber,
  ): QueryEntry {
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = new QueryEntry(key, prepare(), journal);
      this.entries.set(key, entry);
      if (entry.prepared.ok) {
        this.stale.add(entry);
        this.schedulePump();
      } else {
        // Unknown function or bad arguments: fails the same way at every ts.
        entry.setOutcome(entry.prepared.outcome);
      }
    }
    entry.subscribers.set(subscriber, (entry.subscribers.get(subscriber) ?? 0) + 1);
    return entry;
  }

  release(entry: QueryEntry, subscriber: QuerySubscriber): void {
    const count = (entry.subscribers.get(subscriber) ?? 0) - 1;
    if (count > 0) entry.subscribers.set(subscriber, count);
    else entry.subscribers.delete(subscriber);
    if (entry.subscribers.size > 0 || entry.disposed) return;
    entry.disposed = true;
    this.entries.delete(entry.key);
    this.unindex(entry);
    this.stale.delete(entry);
  }

  /** Synchronous, from the commit hook. */
  onCommit(event: CommitEvent): void {
    if (event.writes.length === 0) return;
    for (const entry of this.runningEntries) entry.commitsWhileRunning.push(event);
    const affected = new Set<QueryEntry>();
    this.readIndex.collectAffected(event, affected);
    for (const entry of affected) {
      if (entry.running || entry.validUntil !== null || event.ts <= entry.validFrom) continue;
      entry.validUntil = event.ts;
      // Later commits cannot make it more stale; the re-run indexes it anew.
      this.unindex(entry);
      this.stale.add(entry);
    }
    if (this.stale.size > 0) this.schedulePump();
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.stopped) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    const batch = [...this.stale];
    this.stale.clear();
    for (const entry of batch) {
      if (!entry.disposed && !entry.running) void this.run(entry);
    }
  }

  private async run(entry: QueryEntry): Promise<void> {
    if (!entry.prepared.ok) return;
    const { fn, args, identity } = entry.prepared;
    entry.running = true;
    this.runs++;
    this.runsByFunction.set(fn.udfPath, (this.runsByFunction.get(fn.udfPath) ?? 0) + 1);
    entry.commitsWhileRunning = [];
    this.runningEntries.add(entry);
    let outcome: Awaited<ReturnType<Engine["runQuery"]>>;
    try {
      outcome = await this.engine.runQuery(fn, args, identity, undefined, entry.journal);
    } finally {
      entry.running = false;
      this.runningEntries.delete(entry);
    }
    const missed = entry.commitsWhileRunning;
    entry.commitsWhileRunning = [];
    if (entry.disposed || this.stopped) return;
    this.unindex(entry);
    entry.reads = outcome.reads;
    entry.validFrom = outcome.snapshotTs;
    entry.validUntil = null;
    for (const event of missed) {
      if (event.ts > outcome.snapshotTs && readsAffectedBy(outcome.reads, event)) {
        entry.validUntil = event.ts;
        this.stale.add(entry);
        this.schedulePump();
        break;
      }
    }
    this.index(entry);
    entry.journal = outcome.journal;
    const changed = entry.setOutcome(outcome);
    for (const subscriber of entry.subscribers.keys()) subscriber.onEntryChanged(entry, changed);
  }

  private index(entry: QueryEntry): void {
    if (entry.reads !== null) this.readIndex.add(entry, entry.reads);
  }

  private unindex(entry: QueryEntry): void {
    this.readIndex.remove(entry);
  }

  stop(): void {
    this.stopped = true;
  }
}
