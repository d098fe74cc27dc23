/**
 * One WebSocket connection speaking the Convex sync protocol.
 *
 * The session mirrors what the client's RemoteQuerySet expects: a version
 * triple (querySet, identity, ts) that every Transition moves from exactly
 * the previous one. A Transition is sent when the session's results changed,
 * its query set or identity changed, or a mutation it ran needs a Transition
 * at or past its commit ts (the client resolves a mutation only then, which
 * gives read-your-writes). The ts announced is the newest one at which every
 * result of the session is valid and durable, so results and ts always
 * describe one consistent snapshot.
 *
 * Control messages (Connect, Authenticate, ModifyQuerySet) are handled in
 * arrival order; mutations run in arrival order on their own chain (with the
 * identity current when they arrived); actions run concurrently.
 */
import { randomUUID } from "node:crypto";
import type { WebSocket } from "ws";
import { identityKey, type Authentication, type TokenVerifier } from "./auth-tokens";
import type { Engine } from "./engine";
import type { Persistence } from "./persistence";
import type { QueryEntry, QueryRegistry, QuerySubscriber } from "./subscriptions";
import { decodeTs, encodeTransition, encodeTs, type AddQuery, type ClientMessage, type ServerMessage, type StateVersion } from "./sync-protocol";
import { canonicalizeUdfPath } from "./function-registry";
import { tooNested } from "./limits";

/** The client reconnects after 60 s of silence; Convex pings every 15 s. */
export const PING_INTERVAL_MS = 15_000;

export interface SyncContext {
  engine: Engine;
  queries: QueryRegistry;
  verifier: TokenVerifier;
  persistence: Persistence;
  /** Client mutations being executed, by `${sessionId}/${requestId}`, shared by all sessions. */
  inflightMutations: Map<string, Promise<ServerMessage>>;
  scheduleFlush(session: SyncSession): void;
  /** Flushes `session` again once more commits are durable (it has something to send at a newer ts). */
  flushWhenDurable(session: SyncSession): void;
  log(message: string): void;
  pingIntervalMs: number;
}

interface SubscribedQuery {
  udfPath: string;
  args: AddQuery["args"];
  entry: QueryEntry;
  sentEntry: QueryEntry | undefined;
  sentVersion: number | undefined;
}

class ProtocolError extends Error {}

export class SyncSession implements QuerySubscriber {
  private sessionId: string | undefined;
  private clientClockSkew: number | undefined;
  private auth: Authentication = { kind: "none" };
  private querySetVersion = 0;
  private identityVersion = 0;
  private sent: StateVersion = { querySet: 0, identity: 0, ts: 0n };
  private readonly queries = new Map<number, SubscribedQuery>();
  private readonly removed = new Set<number>();
  /** Highest commit ts of a MutationResponse not yet followed by a Transition reaching it. */
  private awaitingTs: bigint | null = null;
  private control: Promise<void> = Promise.resolve();
  private mutations: Promise<void> = Promise.resolve();
  private responses: Promise<void> = Promise.resolve();
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly pingTimer: NodeJS.Timeout;
  private lastSendAt = Date.now();
  private closed = false;
  /**
   * The last flush could not send everything: a result is newer than the
   * announced ts can be (not yet durable, or another result was invalidated
   * and is being re-run), or a mutation awaits a Transition reaching its ts.
   */
  private waiting = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly ctx: SyncContext,
  ) {
    this.pingTimer = setInterval(() => {
      if (Date.now() - this.lastSendAt >= ctx.pingIntervalMs) this.send({ type: "Ping" });
    }, ctx.pingIntervalMs / 3);
    this.pingTimer.unref();
    ws.on("message", (data) => this.receive(data.toString()));
    ws.on("close", () => this.dispose());
    ws.on("error", () => this.dispose());
  }

  private receive(text: string): void {
    let message: ClientMessage;
    try {
      message = JSON.parse(text) as ClientMessage;
    } catch {
      this.fatal("Invalid message: not JSON");
      return;
    }
    switch (message.type) {
      case "Mutation": {
        const auth = this.currentAuthAfterControl();
        this.mutations = this.mutations.then(async () => this.handleMutation(message, await auth)).catch((e: unknown) => this.fail(e));
        return;
      }
      case "Action": {
        const auth = this.currentAuthAfterControl();
        void auth.then((a) => this.handleAction(message, a)).catch((e: unknown) => this.fail(e));
        return;
      }
      case "Event":
        return;
      default:
        this.control = this.control.then(() => this.handleControl(message)).catch((e: unknown) => this.fail(e));
    }
  }

  /** The identity a request gets: the one in effect once earlier control messages are handled. */
  private currentAuthAfterControl(): Promise<Authentication> {
    return this.control.then(() => this.auth);
  }

  private async handleControl(message: ClientMessage): Promise<void> {
    if (this.closed) return;
    switch (message.type) {
      case "Connect":
        this.sessionId = message.sessionId;
        // The client reads this as "client clock minus server clock" (ms).
        this.clientClockSkew = typeof message.clientTs === "number" ? message.clientTs - Date.now() : undefined;
        return;
      case "ModifyQuerySet": {
        if (message.baseVersion !== this.querySetVersion) {
          throw new ProtocolError(`Invalid ModifyQuerySet base version ${message.baseVersion}, expected ${this.querySetVersion}`);
        }
        for (const modification of message.modifications) {
          if (modification.type === "Add") {
            if (this.queries.has(modification.queryId)) throw new ProtocolError(`Duplicate query id ${modification.queryId}`);
            if (modification.componentPath) {
              this.ctx.log(`query ${modification.udfPath}: componentPath is not supported, using the root app`);
            }
            this.queries.set(modification.queryId, {
              udfPath: modification.udfPath,
              args: modification.args,
              entry: this.acquire(modification.udfPath, modification.args, modification.journal ?? null),
              sentEntry: undefined,
              sentVersion: undefined,
            });
            this.removed.delete(modification.queryId);
          } else {
            const query = this.queries.get(modification.queryId);
            if (query === undefined) continue;
            this.ctx.queries.release(query.entry, this);
            this.queries.delete(modification.queryId);
            this.removed.add(modification.queryId);
          }
        }
        this.querySetVersion = message.newVersion;
        this.ctx.scheduleFlush(this);
        return;
      }
      case "Authenticate": {
        if (message.baseVersion !== this.identityVersion) {
          throw new ProtocolError(`Invalid Authenticate base version ${message.baseVersion}, expected ${this.identityVersion}`);
        }
        const result =
          message.tokenType === "None"
            ? { ok: true as const, auth: { kind: "none" as const } }
            : message.tokenType === "User"
              ? await this.ctx.verifier.verifyUserToken(message.value)
              : this.ctx.verifier.verifyAdminKey(message.value, message.impersonating);
        if (this.closed) return;
        if (!result.ok) {
          this.send({ type: "AuthError", error: result.message, baseVersion: message.baseVersion, authUpdateAttempted: true });
          return;
        }
        this.setAuth(result.auth);
        this.identityVersion = message.baseVersion + 1;
        // Every result must now be recomputed for the new identity.
        for (const query of this.queries.values()) {
          const previous = query.entry;
          // Acquire before releasing: a refreshed token for the same identity
          // maps to the same entry, which must not be dropped in between.
          query.entry = this.acquire(query.udfPath, query.args, previous.journal);
          this.ctx.queries.release(previous, this);
        }
        this.ctx.scheduleFlush(this);
        return;
      }
    }
  }

  private setAuth(auth: Authentication): void {
    this.auth = auth;
    clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    if (auth.kind === "user" && auth.expiresAt !== null) {
      // The real backend rejects a connection's token once it expires; the
      // client then fetches a fresh one (it normally refreshes before that).
      this.expiryTimer = setTimeout(() => this.reportExpiredToken(), Math.min(Math.max(0, auth.expiresAt - Date.now()), 2 ** 31 - 1));
      this.expiryTimer.unref();
    }
  }

  private reportExpiredToken(): void {
    if (this.closed) return;
    this.send({
      type: "AuthError",
      error: "Token expired",
      baseVersion: Math.max(0, this.identityVersion - 1),
      authUpdateAttempted: false,
    });
  }

  private tokenExpired(auth: Authentication): boolean {
    return auth.kind === "user" && auth.expiresAt !== null && auth.expiresAt <= Date.now();
  }

  /** The shared entry for this query: same function, arguments, caller and starting journal. */
  private acquire(udfPath: string, args: AddQuery["args"], journal: string | null): QueryEntry {
    const auth = this.auth;
    // Arguments nested too deeply to serialise are refused by `prepare`; such an entry is never shared.
    const argsKey = tooNested(args, this.ctx.engine.limits) ? `too-nested:${randomUUID()}` : JSON.stringify(args);
    const key = [canonicalizeUdfPath(udfPath), argsKey, auth.kind === "admin" ? "admin" : "", identityKey(auth), journal ?? ""].join("|");
    return this.ctx.queries.acquire(key, journal, () => this.ctx.engine.prepare({ kind: "query", udfPath, args, auth }), this);
  }

  /**
   * Runs on the session's mutation chain: the next mutation starts once this
   * one committed; the response is queued (in request order) until the
   * commit is durable, so consecutive mutations share one fsync.
   */
  private async handleMutation(message: Extract<ClientMessage, { type: "Mutation" }>, auth: Authentication): Promise<void> {
    if (this.closed) return;
    if (this.tokenExpired(auth)) {
      this.reportExpiredToken();
      return;
    }
    const key = `${this.sessionId ?? "anonymous"}/${message.requestId}`;
    let reply: Promise<ServerMessage>;
    const done = this.ctx.persistence.ledger.get(key);
    const inflight = this.ctx.inflightMutations.get(key);
    if (done !== undefined && this.sessionId !== undefined) {
      // A retry after a reconnect: the mutation already committed.
      reply = Promise.resolve({
        type: "MutationResponse",
        requestId: message.requestId,
        success: true,
        result: done.result ?? null,
        ts: encodeTs(done.ts),
        logLines: [],
      });
    } else if (inflight !== undefined) {
      reply = inflight;
    } else {
      const execution = this.executeMutation(key, message, auth);
      await execution.executed;
      reply = execution.reply;
    }
    this.responses = this.responses
      .then(async () => {
        const response = await reply;
        if (this.closed) return;
        this.send(response);
        if (response.type === "MutationResponse" && response.success) {
          const ts = decodeTs(response.ts);
          if (this.awaitingTs === null || ts > this.awaitingTs) this.awaitingTs = ts;
          this.ctx.scheduleFlush(this);
        }
      })
      .catch((e: unknown) => this.fail(e));
  }

  private executeMutation(
    key: string,
    message: Extract<ClientMessage, { type: "Mutation" }>,
    auth: Authentication,
  ): { executed: Promise<unknown>; reply: Promise<ServerMessage> } {
    const { engine, persistence } = this.ctx;
    const tracked = this.sessionId !== undefined;
    const executed = engine.call({
      kind: "mutation",
      udfPath: message.udfPath,
      args: message.args,
      auth,
      commitTag: tracked ? { requestKey: key } : undefined,
    });
    const reply = executed.then(async (outcome): Promise<ServerMessage> => {
      if (!outcome.ok) {
        return {
          type: "MutationResponse",
          requestId: message.requestId,
          success: false,
          result: outcome.errorMessage,
          logLines: outcome.logLines,
          ...(outcome.errorData === undefined ? {} : { errorData: outcome.errorData }),
        };
      }
      const ts = outcome.commitTs ?? engine.lastCommitTs;
      if (tracked) persistence.appendMutationResult(key, ts, outcome.value);
      await persistence.waitDurable(ts);
      return { type: "MutationResponse", requestId: message.requestId, success: true, result: outcome.value, ts: encodeTs(ts), logLines: outcome.logLines };
    });
    if (tracked) {
      this.ctx.inflightMutations.set(key, reply);
      void reply.finally(() => this.ctx.inflightMutations.delete(key)).catch(() => undefined);
    }
    return { executed, reply };
  }

  private async handleAction(message: Extract<ClientMessage, { type: "Action" }>, auth: Authentication): Promise<void> {
    if (this.closed) return;
    if (this.tokenExpired(auth)) {
      this.reportExpiredToken();
      return;
    }
    const outcome = await this.ctx.engine.call({ kind: "action", udfPath: message.udfPath, args: message.args, auth });
    // Writes the action made through runMutation are durable before it answers.
    await this.ctx.persistence.waitDurable(this.ctx.engine.lastCommitTs);
    if (this.closed) return;
    this.send(
      outcome.ok
        ? { type: "ActionResponse", requestId: message.requestId, success: true, result: outcome.value, logLines: outcome.logLines }
        : {
            type: "ActionResponse",
            requestId: message.requestId,
            success: false,
            result: outcome.errorMessage,
            logLines: outcome.logLines,
            ...(outcome.errorData === undefined ? {} : { errorData: outcome.errorData }),
          },
    );
  }

  onEntryChanged(_entry: QueryEntry, resultChanged: boolean): void {
    // An unchanged result only matters to a session waiting for its validity.
    if (resultChanged || this.waiting) this.ctx.scheduleFlush(this);
  }

  /** Sends a Transition if there is something to report at a consistent ts. */
  flush(durableTs: bigint): void {
    if (this.closed) return;
    this.waiting = false;
    let ts = durableTs;
    let newestFrom = 0n;
    for (const query of this.queries.values()) {
      const entry = query.entry;
      // Its first result will be reported as a change.
      if (entry.result === undefined) return;
      if (entry.validUntil !== null && entry.validUntil - 1n < ts) ts = entry.validUntil - 1n;
      if (entry.validFrom > newestFrom) newestFrom = entry.validFrom;
    }
    if (newestFrom > ts || ts < this.sent.ts) {
      this.wait(newestFrom > durableTs || this.sent.ts > durableTs);
      return;
    }
    const modifications: string[] = [];
    for (const queryId of this.removed) modifications.push(`{"type":"QueryRemoved","queryId":${queryId}}`);
    for (const [queryId, query] of this.queries) {
      const result = query.entry.result;
      if (result === undefined) continue;
      if (query.sentEntry === query.entry && query.sentVersion === result.version) continue;
      modifications.push(`{"queryId":${queryId},${result.fragment}}`);
    }
    const versionChanged = this.querySetVersion !== this.sent.querySet || this.identityVersion !== this.sent.identity;
    const coversMutation = this.awaitingTs !== null && this.awaitingTs <= ts;
    if (modifications.length === 0 && !versionChanged && !coversMutation) {
      if (this.awaitingTs !== null) this.wait(this.awaitingTs > durableTs);
      return;
    }
    const end: StateVersion = { querySet: this.querySetVersion, identity: this.identityVersion, ts };
    this.sendRaw(encodeTransition(this.sent, end, modifications, this.clientClockSkew));
    this.sent = end;
    this.removed.clear();
    for (const query of this.queries.values()) {
      query.sentEntry = query.entry;
      query.sentVersion = query.entry.result?.version;
    }
    if (coversMutation) this.awaitingTs = null;
    else if (this.awaitingTs !== null) this.wait(this.awaitingTs > durableTs);
  }

  /** Flush again when an entry is re-run, or (if `durability`) when more commits are durable. */
  private wait(durability: boolean): void {
    this.waiting = true;
    if (durability) this.ctx.flushWhenDurable(this);
  }

  private send(message: ServerMessage): void {
    this.sendRaw(JSON.stringify(message));
  }

  private sendRaw(text: string): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    this.lastSendAt = Date.now();
    this.ws.send(text);
  }

  /** A protocol violation: the client gives up on this connection for good. */
  private fatal(error: string): void {
    this.ctx.log(`sync: closing session ${this.sessionId ?? "?"}: ${error}`);
    this.send({ type: "FatalError", error });
    this.ws.close(1011, error.slice(0, 120));
    this.dispose();
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    if (error instanceof ProtocolError) {
      this.fatal(error.message);
      return;
    }
    // Not the client's fault: a FatalError would stop the client for good,
    // while a close with this reason makes it reconnect after a short backoff.
    this.ctx.log(`sync: internal error: ${(error as Error)?.stack ?? String(error)}`);
    this.close(1011, "InternalServerError");
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Closes the connection; the client reconnects and re-sends its state. */
  close(code: number, reason: string): void {
    this.ws.close(code, reason);
    this.dispose();
  }

  private dispose(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pingTimer);
    clearTimeout(this.expiryTimer);
    for (const query of this.queries.values()) this.ctx.queries.release(query.entry, this);
    this.queries.clear();
  }
}
