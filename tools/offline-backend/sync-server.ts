/**
 * Accepts WebSocket connections on `/api/<client version>/sync` and drives
 * their sessions: after each commit it waits for the commit to be durable,
 * then lets every session send what changed (sessions whose query results
 * changed are also flushed as soon as the re-run query finishes).
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import type { CommitEvent } from "./convex-test-adapter";
import { PING_INTERVAL_MS, SyncSession, type SyncContext } from "./sync-session";

export class SyncServer {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 * 1024 });
  private readonly sessions = new Set<SyncSession>();
  private readonly dirty = new Set<SyncSession>();
  private flushScheduled = false;
  private flushAll = false;
  private readonly context: SyncContext;

  constructor(context: Omit<SyncContext, "scheduleFlush" | "inflightMutations" | "pingIntervalMs"> & { pingIntervalMs?: number }) {
    this.context = {
      ...context,
      pingIntervalMs: context.pingIntervalMs ?? PING_INTERVAL_MS,
      inflightMutations: new Map(),
      scheduleFlush: (session) => this.scheduleFlush(session),
    };
  }

  /** Handles an HTTP upgrade if it targets the sync endpoint. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const pathname = new URL(request.url ?? "/", "http://localhost").pathname;
    if (!/^\/api\/[^/]+\/sync$/.test(pathname)) return false;
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const session = new SyncSession(ws, this.context);
      this.sessions.add(session);
      ws.on("close", () => {
        this.sessions.delete(session);
        this.dirty.delete(session);
      });
    });
    return true;
  }

  onCommit(event: CommitEvent): void {
    void this.context.persistence.waitDurable(event.ts).then(
      () => {
        this.flushAll = true;
        this.scheduleFlush(undefined);
      },
      () => undefined,
    );
  }

  private scheduleFlush(session: SyncSession | undefined): void {
    if (session !== undefined) this.dirty.add(session);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const targets = this.flushAll ? [...this.sessions] : [...this.dirty];
      this.flushAll = false;
      this.dirty.clear();
      const durableTs = this.context.persistence.lastDurableTs;
      for (const target of targets) target.flush(durableTs);
    });
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Closes every connection ("going away"): clients reconnect on their own. */
  close(): void {
    for (const session of this.sessions) session.close(1001, "InternalServerError: backend shutting down");
    this.sessions.clear();
    this.wss.close();
  }
}
