/**
 * Runs the app's Convex functions on convex-test's engine, as a backend
 * would: with the caller's identity, visibility / kind / argument checks,
 * log capture, Convex-shaped errors, commit notifications and read sets.
 *
 * Every call into convex-test goes through here; its internals are reached
 * only through convex-test-adapter.ts.
 */
import { AsyncResource } from "node:async_hooks";
import { convexTest } from "convex-test";
import { makeFunctionReference, type GenericMutationCtx, type GenericDataModel, type SchemaDefinition, type GenericSchema } from "convex/server";
import { convexToJson, jsonToConvex, type JSONValue, type Value } from "convex/values";
import { ConvexTestAdapter, type CommitEvent, type ReadSet, type RestoredState } from "./convex-test-adapter";
import { describeForLog, newRequestId, systemError, toClientError, type ClientError } from "./errors";
import { FunctionRegistry, type FunctionKind, type RegisteredFunction } from "./function-registry";
import { LogCapture, type LogEcho } from "./log-capture";
import { identityKey, type Authentication, type Identity } from "./auth-tokens";
import { checkValue } from "./validators";
import {
  argumentsProblem,
  argumentsSize,
  convexUdfPath,
  DEFAULT_LIMIT_SETTINGS,
  LimitError,
  limitMessages,
  returnValueProblem,
  transactionTrackerConfig,
  type LimitSettings,
} from "./limits";

export type Outcome =
  | { ok: true; value: JSONValue; logLines: string[] }
  | ({ ok: false; logLines: string[] } & ClientError);

export type QueryOutcome = Outcome & { reads: ReadSet; snapshotTs: bigint; journal: string | null };
export type MutationOutcome = Outcome & { commitTs: bigint | undefined };

export interface ClientCall {
  /** `undefined`: any kind (`/api/function`). */
  kind: FunctionKind | undefined;
  udfPath: string;
  /** The JSON-encoded argument object, as clients send it. */
  args: JSONValue;
  auth: Authentication;
  /** Attached to the mutation's commit (e.g. for idempotent retries). */
  commitTag?: unknown;
}

export interface PreparedCall {
  ok: true;
  fn: RegisteredFunction;
  args: Record<string, Value>;
  identity: Identity | null;
  requestId: string;
}

type Accessor = ReturnType<typeof convexTest>;
type CommitListener = (event: CommitEvent) => void;

const PREFIX: Record<FunctionKind, string> = { query: "Q", mutation: "M", action: "A" };

/**
 * Async context captured at start-up, outside any function execution. Commit
 * listeners run in it, so timers they arm (scheduler, subscriptions) do not
 * inherit the committing function's context (its identity, its transaction).
 */
const rootScope = new AsyncResource("offline-backend-root");

export class Engine {
  private readonly listeners = new Set<CommitListener>();
  private readonly accessors = new Map<string, Accessor>();

  private constructor(
    readonly registry: FunctionRegistry,
    private readonly t: Accessor,
    readonly adapter: ConvexTestAdapter,
    private readonly logs: LogCapture,
    private readonly log: (message: string) => void,
    readonly limits: LimitSettings,
  ) {}

  static async start(options: {
    registry: FunctionRegistry;
    cloudUrl: string;
    echo: LogEcho;
    /** Backend log (failures with their stacks). */
    log: (message: string) => void;
    onFileStored?: (storageId: string, blob: Blob) => void;
    /** Issues the token of an upload URL. */
    issueUploadToken: () => string;
    /** Convex's limits (limits.ts); default: Convex's numbers. */
    limits?: LimitSettings;
  }): Promise<Engine> {
    const { registry } = options;
    const limits = options.limits ?? { ...DEFAULT_LIMIT_SETTINGS };
    const schema = registry.defaultExport("schema") as SchemaDefinition<GenericSchema, boolean> | undefined;
    const t = convexTest({ schema, modules: registry.convexTestModules, transactionLimits: transactionTrackerConfig(limits) });
    // Commits can only happen once the engine exists; the hook finds it here.
    const created: { engine?: Engine } = {};
    const adapter = await ConvexTestAdapter.attach(t as never, {
      cloudUrl: options.cloudUrl,
      onCommit: (event) => created.engine?.dispatchCommit(event),
      checkSchedulable: (udfPath) => {
        const fn = registry.get(udfPath);
        if (fn === undefined || fn.kind === "query") {
          throw new Error(`Attempted to schedule function at nonexistent path: ${udfPath}`);
        }
      },
      onFileStored: options.onFileStored,
      issueUploadToken: options.issueUploadToken,
      limits,
    });
    const logs = new LogCapture(options.echo);
    logs.install();
    created.engine = new Engine(registry, t, adapter, logs, options.log, limits);
    registry.handlerHooks.afterReturn = (fn, result, elapsedMs) => created.engine?.afterReturn(fn, result, elapsedMs);
    return created.engine;
  }

  /**
   * Inside the transaction, once a handler returned: Convex's limits on the
   * return value (all kinds) and on the execution time of queries and
   * mutations (see `ExecutionTimeMode`).
   */
  private afterReturn(fn: RegisteredFunction, result: unknown, elapsedMs: number): void {
    const problem = returnValueProblem(result as Value | undefined, fn.udfPath, this.limits);
    if (problem !== null) throw new LimitError(problem);
    const { executionTime, executionTimeMs, executionTimeMultiplier } = this.limits;
    if (fn.kind === "action" || executionTime === "off") return;
    const allowedMs = executionTimeMs * executionTimeMultiplier;
    if (elapsedMs <= allowedMs) return;
    if (executionTime === "enforce") throw new LimitError(limitMessages.executionTime(executionTimeMs));
    this.log(
      `warning: ${label(fn.kind, fn.udfPath)} ran ${Math.round(elapsedMs)} ms; Convex stops queries and mutations after ` +
        `${executionTimeMs} ms of user code ("${limitMessages.executionTime(executionTimeMs)}"). ` +
        `Measured here including database work on a slower engine; --limit executionTime=enforce makes it an error.`,
    );
  }

  close(): void {
    this.registry.handlerHooks.afterReturn = undefined;
    this.logs.uninstall();
    this.listeners.clear();
  }

  restore(state: RestoredState): void {
    this.adapter.restore(state);
  }

  get lastCommitTs(): bigint {
    return this.adapter.lastCommitTs;
  }

  onCommit(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private dispatchCommit(event: CommitEvent): void {
    rootScope.runInAsyncScope(() => {
      for (const listener of this.listeners) {
        // Never throw into convex-test's commit: it would leave its
        // transaction lock held. A failed log write surfaces instead through
        // `waitDurable`, so the write is never acknowledged.
        try {
          listener(event);
        } catch (error) {
          this.log(`commit listener failed: ${(error as Error)?.stack ?? String(error)}`);
        }
      }
    });
  }

  /**
   * Applies the backend's checks to a client's call: the function must exist
   * and be public (unless admin) and of the requested kind, and the arguments
   * must decode to an object matching the function's `args` validator.
   */
  prepare(request: ClientCall): PreparedCall | { ok: false; outcome: Outcome } {
    const requestId = newRequestId();
    const fail = (message: string) => ({ ok: false as const, outcome: { ok: false as const, logLines: [], ...systemError(requestId, message) } });
    const resolved = this.registry.resolveForClient(request.udfPath, request.kind, request.auth.kind === "admin");
    if (!resolved.ok) return fail(resolved.message);
    // Before anything recursive touches the arguments (a value nested 20 000
    // levels deep must be refused, not overflow the stack).
    const invalid = argumentsProblem(request.args, resolved.fn.udfPath, this.limits);
    if (invalid !== null) return fail(invalid);
    let args: Record<string, Value>;
    try {
      args = decodeArgs(request.args);
    } catch (error) {
      return fail((error as Error).message);
    }
    const size = argumentsSize(args);
    if (size > this.limits.argumentsSize) {
      return fail(limitMessages.argumentsSize(convexUdfPath(resolved.fn.udfPath), size, this.limits.argumentsSize));
    }
    if (resolved.fn.args !== null) {
      const problem = checkValue(resolved.fn.args, args);
      if (problem !== null) return fail(`ArgumentValidationError: ${problem}`);
    }
    return { ok: true, fn: resolved.fn, args, identity: authIdentity(request.auth), requestId };
  }

  /** A one-off function call from a client (WebSocket or HTTP API). */
  async call(request: ClientCall): Promise<Outcome & { commitTs?: bigint }> {
    const prepared = this.prepare(request);
    if (!prepared.ok) return prepared.outcome;
    const { fn, args, identity, requestId } = prepared;
    switch (fn.kind) {
      case "query":
        return this.runQuery(fn, args, identity, requestId);
      case "mutation":
        return this.runMutation(fn, args, identity, requestId, request.commitTag);
      case "action":
        return this.runAction(fn, args, identity, requestId);
    }
  }

  /**
   * Runs a query, recording its read set and snapshot (for subscriptions).
   * `journal`: the subscription's query journal (see the adapter's `queryPage`).
   */
  async runQuery(
    fn: RegisteredFunction,
    args: Record<string, Value>,
    identity: Identity | null,
    requestId = newRequestId(),
    journal: string | null = null,
  ): Promise<QueryOutcome> {
    const accessor = this.accessor(identity);
    const ref = makeFunctionReference<"query">(fn.udfPath);
    const { value: journaled, lines } = await this.logs.capture(label("query", fn.udfPath), () =>
      this.adapter.withJournal(journal, () => this.adapter.trackReads(() => accessor.query(ref, args))),
    );
    const run = journaled.value;
    const base = { reads: run.reads, snapshotTs: run.snapshotTs, journal: journaled.journal };
    if (run.ok) return { ok: true, value: convexToJson(run.value as Value), logLines: lines, ...base };
    this.logFailure("query", fn.udfPath, requestId, run.error);
    return { ok: false, logLines: lines, ...toClientError(requestId, run.error), ...base };
  }

  async runMutation(
    fn: RegisteredFunction,
    args: Record<string, Value>,
    identity: Identity | null,
    requestId = newRequestId(),
    commitTag?: unknown,
  ): Promise<MutationOutcome> {
    const accessor = this.accessor(identity);
    const ref = makeFunctionReference<"mutation">(fn.udfPath);
    const { value: outcome, lines } = await this.logs.capture(label("mutation", fn.udfPath), async () => {
      try {
        const { value, commitTs } = await this.adapter.tagCommits(commitTag, () => accessor.mutation(ref, args));
        return { ok: true as const, value: convexToJson(value as Value), commitTs };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    if (outcome.ok) return { ok: true, value: outcome.value, logLines: lines, commitTs: outcome.commitTs };
    this.logFailure("mutation", fn.udfPath, requestId, outcome.error);
    return { ok: false, logLines: lines, ...toClientError(requestId, outcome.error), commitTs: undefined };
  }

  async runAction(fn: RegisteredFunction, args: Record<string, Value>, identity: Identity | null, requestId = newRequestId()): Promise<Outcome> {
    const accessor = this.accessor(identity);
    const ref = makeFunctionReference<"action">(fn.udfPath);
    const { value: outcome, lines } = await this.logs.capture(label("action", fn.udfPath), async () => {
      try {
        return { ok: true as const, value: convexToJson((await accessor.action(ref, args)) as Value) };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    if (outcome.ok) return { ok: true, value: outcome.value, logLines: lines };
    this.logFailure("action", fn.udfPath, requestId, outcome.error);
    return { ok: false, logLines: lines, ...toClientError(requestId, outcome.error) };
  }

  /** Runs the app's `convex/http.ts` router. */
  async runHttp(pathAndQuery: string, init: RequestInit, identity: Identity | null): Promise<Response> {
    if (this.registry.defaultExport("http") === undefined) {
      return new Response("No HTTP routes are defined (convex/http.ts has no default export)", { status: 404 });
    }
    const accessor = this.accessor(identity);
    const { value } = await this.logs.capture(`H(${init.method ?? "GET"} ${pathAndQuery.split("?")[0]})`, async () => {
      try {
        return await accessor.fetch(pathAndQuery, init);
      } catch (error) {
        const requestId = newRequestId();
        this.logFailure("http", pathAndQuery, requestId, error);
        return new Response(toClientError(requestId, error).errorMessage, { status: 500 });
      }
    });
    return value;
  }

  /**
   * Runs `fn` in a fresh mutation transaction without identity (the
   * scheduler's and crons' bookkeeping, which must commit atomically with
   * the job it runs via `ctx.runMutation`). `fn` must return a Convex value.
   */
  async runInTransaction<T>(labelText: string, fn: (ctx: GenericMutationCtx<GenericDataModel>) => Promise<T>): Promise<T> {
    const { value } = await this.logs.capture(labelText, async () => {
      try {
        return { ok: true as const, value: await this.t.run(fn as never) };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    if (!value.ok) throw value.error;
    return value.value as T;
  }

  /** Runs an action for the scheduler (no visibility checks, no identity). */
  async runActionAsSystem(udfPath: string, args: Record<string, Value>): Promise<Outcome> {
    const fn = this.registry.get(udfPath);
    if (fn === undefined || fn.kind !== "action") {
      return { ok: false, logLines: [], ...systemError(newRequestId(), `Could not find action '${udfPath}'`) };
    }
    return this.runAction(fn, args, null);
  }

  private accessor(identity: Identity | null): Accessor {
    if (identity === null) return this.t;
    const key = identityKey({ kind: "user", identity, token: "", expiresAt: null });
    let accessor = this.accessors.get(key);
    if (accessor === undefined) {
      // Bounded: identities come and go with sessions.
      if (this.accessors.size > 1000) this.accessors.clear();
      accessor = this.t.withIdentity(identity as Parameters<Accessor["withIdentity"]>[0]) as Accessor;
      this.accessors.set(key, accessor);
    }
    return accessor;
  }

  private logFailure(kind: FunctionKind | "http", udfPath: string, requestId: string, error: unknown): void {
    const prefix = kind === "http" ? "H" : PREFIX[kind];
    this.log(`[Request ID: ${requestId}] ${prefix}(${udfPath}) failed: ${describeForLog(error)}`);
  }
}

function label(kind: FunctionKind, udfPath: string): string {
  return `${PREFIX[kind]}(${udfPath})`;
}

export function authIdentity(auth: Authentication): Identity | null {
  return auth.kind === "none" ? null : auth.identity;
}

/** Clients send `[argsObject]` (sync protocol, most HTTP endpoints) or the object itself (`/api/function`). */
export function decodeArgs(args: JSONValue): Record<string, Value> {
  const first = Array.isArray(args) ? (args.length === 0 ? {} : args[0]) : args;
  const decoded = jsonToConvex(first ?? {});
  if (typeof decoded !== "object" || decoded === null || Array.isArray(decoded) || decoded instanceof ArrayBuffer) {
    throw new Error(`The arguments to a Convex function must be an object. Received: ${JSON.stringify(first)}`);
  }
  return decoded as Record<string, Value>;
}
