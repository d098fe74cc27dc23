/**
 * Durable storage for the engine: an append-only commit log plus periodic
 * snapshots, in a data directory.
 *
 *   <dataDir>/snapshot.json   whole store as of `ts` (written to a temp file,
 *                             fsynced, then renamed over the old one)
 *   <dataDir>/commits.log     one JSON line per commit after the snapshot
 *   <dataDir>/files/<id>      file storage blobs
 *   <dataDir>/LOCK            pid of the backend using the directory
 *
 * A commit's line is written (write-through, `writeSync`) inside the commit
 * hook, so log order is commit order and the bytes survive a `kill -9`
 * immediately. `waitDurable(ts)` additionally fdatasyncs, batching every
 * waiter into one sync (group commit); callers await it before acknowledging
 * a write to a client.
 *
 * Log lines:
 *   {"k":"c","ts":"<u64>","n":<nextDocId>,"l":<lastCreationTime>,"w":[[id,doc|null]...],"r"?:"<session>/<request>"}
 *   {"k":"r","ts":"<u64>","r":"<session>/<request>","v":<result json>}
 * Documents are stored as `convexToJson(doc)`. On replay, lines with
 * ts <= the snapshot's are skipped (a crash between renaming the snapshot
 * and truncating the log), and a torn last line is dropped.
 */
import fs from "node:fs";
import path from "node:path";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { CommitEvent, RestoredState, StoredDocument } from "./convex-test-adapter";

const SNAPSHOT_FORMAT = "framewise-offline-backend/1";
/** Compact once the log grows past this many bytes. */
const COMPACT_AFTER_BYTES = 32 * 1024 * 1024;
/** Idempotency records kept for client mutation retries. */
const LEDGER_LIMIT = 20_000;

export interface LedgerEntry {
  ts: bigint;
  /** Missing if the process died between the commit and recording its result. */
  result?: JSONValue;
}

export interface LoadedState extends RestoredState {
  ledger: Map<string, LedgerEntry>;
}

interface SnapshotFile {
  format: string;
  ts: string;
  nextDocId: number;
  lastCreationTime: number;
  documents: Array<[string, JSONValue]>;
  ledger: Array<[string, string, JSONValue?]>;
}

type LogLine =
  | { k: "c"; ts: string; n: number; l: number; w: Array<[string, JSONValue | null]>; r?: string }
  | { k: "r"; ts: string; r: string; v: JSONValue };

export interface PersistenceOptions {
  dataDir: string;
  /** fdatasync before acknowledging writes (default true). */
  fsync?: boolean;
}

export class Persistence {
  private fd: number;
  private logBytes: number;
  private writtenTs: bigint;
  private durableTs: bigint;
  private syncing = false;
  private waiters: Array<{ ts: bigint; resolve: () => void; reject: (e: unknown) => void }> = [];
  private failure: Error | undefined;
  private readonly pendingFiles = new Set<Promise<void>>();
  private closed = false;

  private constructor(
    private readonly dir: string,
    private readonly fsyncEnabled: boolean,
    fd: number,
    logBytes: number,
    lastTs: bigint,
    readonly ledger: Map<string, LedgerEntry>,
  ) {
    this.fd = fd;
    this.logBytes = logBytes;
    this.writtenTs = lastTs;
    this.durableTs = lastTs;
  }

  /** Opens (creating if needed) a data directory and loads its state. */
  static open(options: PersistenceOptions): { persistence: Persistence; state: LoadedState } {
    const dir = path.resolve(options.dataDir);
    fs.mkdirSync(path.join(dir, "files"), { recursive: true });
    acquireLock(dir);
    const state = loadState(dir);
    const logPath = path.join(dir, "commits.log");
    const fd = fs.openSync(logPath, "a");
    const logBytes = fs.fstatSync(fd).size;
    const persistence = new Persistence(dir, options.fsync ?? true, fd, logBytes, state.lastCommitTs, state.ledger);
    return { persistence, state };
  }

  get dataDir(): string {
    return this.dir;
  }

  /** Records a commit. Synchronous: called from the engine's commit hook. */
  appendCommit(event: CommitEvent, requestKey: string | undefined): void {
    if (this.closed) return;
    if (event.writes.length > 0) {
      const line: LogLine = {
        k: "c",
        ts: event.ts.toString(),
        n: event.nextDocId,
        l: event.lastCreationTime,
        w: event.writes.map(([id, doc]) => [id, doc === null ? null : convexToJson(doc as Value)]),
      };
      if (requestKey !== undefined) line.r = requestKey;
      this.write(line);
      if (requestKey !== undefined) this.remember(requestKey, { ts: event.ts });
    }
    if (event.ts > this.writtenTs) this.writtenTs = event.ts;
  }

  /** Records a client mutation's result, for answering its retries. */
  appendMutationResult(requestKey: string, ts: bigint, result: JSONValue): void {
    if (this.closed) return;
    this.write({ k: "r", ts: ts.toString(), r: requestKey, v: result });
    this.remember(requestKey, { ts, result });
  }

  private remember(key: string, entry: LedgerEntry): void {
    this.ledger.delete(key);
    this.ledger.set(key, entry);
    if (this.ledger.size > LEDGER_LIMIT) {
      const oldest = this.ledger.keys().next().value;
      if (oldest !== undefined) this.ledger.delete(oldest);
    }
  }

  private write(line: LogLine): void {
    if (this.failure !== undefined) throw this.failure;
    const text = `${JSON.stringify(line)}\n`;
    try {
      fs.writeSync(this.fd, text);
    } catch (error) {
      this.failure = new Error(`offline backend: cannot write ${path.join(this.dir, "commits.log")}: ${String(error)}`);
      throw this.failure;
    }
    this.logBytes += Buffer.byteLength(text);
  }

  /** Resolves once every commit up to `ts` is on disk. */
  waitDurable(ts: bigint): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error("offline backend: stopped; the write was not persisted"));
    if (!this.fsyncEnabled || ts <= this.durableTs) {
      if (!this.fsyncEnabled && ts > this.durableTs) this.durableTs = ts;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.waiters.push({ ts, resolve, reject });
      this.syncSoon();
    });
  }

  get lastDurableTs(): bigint {
    return this.fsyncEnabled ? this.durableTs : this.writtenTs;
  }

  private syncSoon(): void {
    if (this.syncing || this.closed) return;
    this.syncing = true;
    const target = this.writtenTs;
    fs.fdatasync(this.fd, (error) => {
      this.syncing = false;
      if (error) {
        this.failure = new Error(`offline backend: fdatasync failed: ${error.message}`);
        for (const w of this.waiters.splice(0)) w.reject(this.failure);
        return;
      }
      if (target > this.durableTs) this.durableTs = target;
      const still: typeof this.waiters = [];
      for (const w of this.waiters) {
        if (w.ts <= this.durableTs) w.resolve();
        else still.push(w);
      }
      this.waiters = still;
      if (still.length > 0) this.syncSoon();
    });
  }

  /** Whether the log is big enough to be worth folding into a snapshot. */
  get wantsCompaction(): boolean {
    return this.logBytes > COMPACT_AFTER_BYTES;
  }

  /**
   * Writes a snapshot of `state` and empties the log. Synchronous, so no
   * commit can interleave: the snapshot is exactly the state at
   * `state.lastCommitTs`.
   */
  compact(state: Omit<RestoredState, "files">): void {
    if (this.closed) return;
    const snapshot: SnapshotFile = {
      format: SNAPSHOT_FORMAT,
      ts: state.lastCommitTs.toString(),
      nextDocId: state.nextDocId,
      lastCreationTime: state.lastCreationTime,
      documents: Object.entries(state.documents).map(([id, doc]) => [id, convexToJson(doc as Value)]),
      ledger: [...this.ledger].map(([key, entry]) =>
        entry.result === undefined ? [key, entry.ts.toString()] : [key, entry.ts.toString(), entry.result],
      ),
    };
    const target = path.join(this.dir, "snapshot.json");
    const temp = `${target}.tmp`;
    const fd = fs.openSync(temp, "w");
    try {
      fs.writeSync(fd, JSON.stringify(snapshot));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
    fsyncDirectory(this.dir);
    fs.ftruncateSync(this.fd, 0);
    fs.fsyncSync(this.fd);
    this.logBytes = 0;
    if (state.lastCommitTs > this.durableTs) this.durableTs = state.lastCommitTs;
  }

  /** Stores a file blob (asynchronously; `flushFiles` waits for it). */
  storeFile(storageId: string, blob: Blob): void {
    const write = (async () => {
      const bytes = Buffer.from(await blob.arrayBuffer());
      const file = path.join(this.dir, "files", encodeURIComponent(storageId));
      await fs.promises.writeFile(`${file}.tmp`, bytes);
      await fs.promises.rename(`${file}.tmp`, file);
    })();
    this.pendingFiles.add(write);
    void write.catch((error: unknown) => {
      process.stderr.write(`[offline-backend] failed to store file ${storageId}: ${String(error)}\n`);
    }).finally(() => this.pendingFiles.delete(write));
  }

  async flushFiles(): Promise<void> {
    await Promise.allSettled([...this.pendingFiles]);
  }

  /** Syncs, optionally writes a final snapshot, and releases the directory. */
  async close(finalState?: Omit<RestoredState, "files">): Promise<void> {
    if (this.closed) return;
    await this.flushFiles();
    if (finalState !== undefined && this.failure === undefined) this.compact(finalState);
    else if (this.failure === undefined) fs.fdatasyncSync(this.fd);
    this.closed = true;
    // Everything written so far is synced now.
    for (const w of this.waiters.splice(0)) {
      if (w.ts <= this.writtenTs) w.resolve();
      else w.reject(new Error("offline backend: stopped; the write was not persisted"));
    }
    fs.closeSync(this.fd);
    releaseLock(this.dir);
  }
}

function loadState(dir: string): LoadedState {
  const documents: Record<string, StoredDocument> = {};
  const ledger = new Map<string, LedgerEntry>();
  let nextDocId = 0;
  let lastCreationTime = 0;
  let snapshotTs = 0n;
  let lastCommitTs = 0n;

  const snapshotPath = path.join(dir, "snapshot.json");
  if (fs.existsSync(snapshotPath)) {
    const snapshot = JSON.parse(fs.readFileSync(snapshotPath, "utf8")) as SnapshotFile;
    if (snapshot.format !== SNAPSHOT_FORMAT) {
      throw new Error(`${snapshotPath}: unknown format ${JSON.stringify(snapshot.format)}`);
    }
    for (const [id, doc] of snapshot.documents) documents[id] = jsonToConvex(doc) as StoredDocument;
    for (const [key, ts, result] of snapshot.ledger) ledger.set(key, result === undefined ? { ts: BigInt(ts) } : { ts: BigInt(ts), result });
    nextDocId = snapshot.nextDocId;
    lastCreationTime = snapshot.lastCreationTime;
    snapshotTs = BigInt(snapshot.ts);
    lastCommitTs = snapshotTs;
  }

  const logPath = path.join(dir, "commits.log");
  if (fs.existsSync(logPath)) {
    const text = fs.readFileSync(logPath, "utf8");
    let offset = 0;
    while (offset < text.length) {
      const end = text.indexOf("\n", offset);
      if (end === -1) {
        // A torn final write: never acknowledged, drop it.
        fs.truncateSync(logPath, Buffer.byteLength(text.slice(0, offset)));
        break;
      }
      const raw = text.slice(offset, end);
      offset = end + 1;
      if (raw.trim() === "") continue;
      let line: LogLine;
      try {
        line = JSON.parse(raw) as LogLine;
      } catch {
        if (offset >= text.length) {
          fs.truncateSync(logPath, Buffer.byteLength(text.slice(0, offset - raw.length - 1)));
          break;
        }
        throw new Error(`${logPath}: corrupt line at byte ${offset - raw.length - 1}`);
      }
      const ts = BigInt(line.ts);
      if (ts <= snapshotTs) continue;
      if (line.k === "c") {
        for (const [id, doc] of line.w) {
          if (doc === null) delete documents[id];
          else documents[id] = jsonToConvex(doc) as StoredDocument;
        }
        nextDocId = Math.max(nextDocId, line.n);
        lastCreationTime = Math.max(lastCreationTime, line.l);
        if (line.r !== undefined) ledger.set(line.r, { ts });
      } else {
        ledger.set(line.r, { ts, result: line.v });
      }
      if (ts > lastCommitTs) lastCommitTs = ts;
    }
  }

  const files: Record<string, Blob> = {};
  const filesDir = path.join(dir, "files");
  for (const name of fs.readdirSync(filesDir)) {
    if (name.endsWith(".tmp")) continue;
    files[decodeURIComponent(name)] = new Blob([fs.readFileSync(path.join(filesDir, name))]);
  }
  return { documents, nextDocId, lastCreationTime, lastCommitTs, ledger, files };
}

function fsyncDirectory(dir: string): void {
  try {
    const fd = fs.openSync(dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not supported on every platform; the rename is still atomic.
  }
}

/** Data directories held by backends of this process. */
const lockedHere = new Set<string>();

function acquireLock(dir: string): void {
  const lockPath = path.join(dir, "LOCK");
  if (lockedHere.has(dir)) throw new Error(`${dir} is already used by another backend in this process`);
  if (fs.existsSync(lockPath)) {
    const pid = Number(fs.readFileSync(lockPath, "utf8").trim());
    // A lock naming this process but not in `lockedHere` is stale (pid reuse).
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new Error(`${dir} is in use by another offline backend (pid ${pid})`);
    }
  }
  fs.writeFileSync(lockPath, String(process.pid));
  lockedHere.add(dir);
}

function releaseLock(dir: string): void {
  lockedHere.delete(dir);
  try {
    fs.unlinkSync(path.join(dir, "LOCK"));
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
