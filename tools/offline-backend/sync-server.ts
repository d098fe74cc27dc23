/**
 * Accepts WebSocket connections on `/api/<client version>/sync` and drives
 * their sessions: a session is flushed when one of its query results (or its
 * query set, identity or pending mutations) changed, and, when it had
 * something to send at a timestamp not yet durable, once more commits are
 * durable. Sessions a commit does not concern are not visited.
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
  /** Sessions to flush once the next commits are durable. */
  private readonly awaitingDurable = new Set<SyncSession>();
  private flushScheduled = false;
  private readonly context: SyncContext;

  constructor(
    context: Omit<SyncContext, "scheduleFlush" | "flushWhenDurable" | "inflightMutations" | "pingIntervalMs"> & { pingIntervalMs?: number },
  ) {
    this.context = {
      ...context,
      pingIntervalMs: context.pingIntervalMs ?? PING_INTERVAL_MS,
      inflightMutations: new Map(),
      scheduleFlush: (session) => this.scheduleFlush(session),
      flushWhenDurable: (session) => this.awaitingDurable.add(session),
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
        this.awaitingDurable.delete(session);
      });
    });
    return true;
  }

  onCommit(event: CommitEvent): void {
    void this.context.persistence.waitDurable(event.ts).then(
      () => {
        if (this.awaitingDurable.size === 0) return;
        for (const session of this.awaitingDurable) this.dirty.add(session);
        this.awaitingDurable.clear();
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
      const targets = [...this.dirty];
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
