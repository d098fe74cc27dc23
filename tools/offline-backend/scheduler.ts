/**
 * Runs `ctx.scheduler.runAfter / runAt` jobs in real time, durably.
 *
 * Jobs live in `_scheduled_functions` (written by the adapter's `1.0/schedule`
 * syscall inside the scheduling transaction), so they are persisted with the
 * rest of the store and only exist if that transaction committed. This module
 * watches commits to that table, arms a timer per pending job and runs it:
 *   - a mutation job runs inside one transaction together with its
 *     pending -> success transition, so it takes effect exactly once even if
 *     the process dies at any point;
 *   - an action job is marked inProgress first (at most once, as on Convex);
 *     one found inProgress after a restart is marked failed.
 * Cancelling (`ctx.scheduler.cancel`) commits state `canceled`, which
 * disarms the timer.
 */
import { makeFunctionReference } from "convex/server";
import type { Value } from "convex/values";
import { tableNameFromId, type CommitEvent, type StoredDocument } from "./convex-test-adapter";
import type { Engine } from "./engine";

const MAX_TIMER_MS = 2 ** 31 - 1;
export const SCHEDULED_FUNCTIONS_TABLE = "_scheduled_functions";

interface JobDoc {
  name: string;
  args: Value[];
  scheduledTime: number;
  state: { kind: string };
}

export class Scheduler {
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; at: number }>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    private readonly log: (message: string) => void,
  ) {}

  /** Picks up the persisted jobs after a (re)start. */
  async recover(): Promise<void> {
    const jobs = this.engine.adapter.documentsOfTable(SCHEDULED_FUNCTIONS_TABLE) as Array<StoredDocument & JobDoc>;
    const interrupted = jobs.filter((job) => job.state.kind === "inProgress");
    if (interrupted.length > 0) {
      await this.engine.runInTransaction("scheduler", async () => {
        for (const job of interrupted) {
          this.engine.adapter.patchInTransaction(SCHEDULED_FUNCTIONS_TABLE, job._id, {
            state: { kind: "failed", error: "Transient error: the backend restarted while the function was running" },
            completedTime: Date.now(),
          });
        }
      });
    }
    const pending = jobs
      .filter((job) => job.state.kind === "pending")
      .sort((a, b) => a.scheduledTime - b.scheduledTime || a._creationTime - b._creationTime);
    for (const job of pending) this.arm(job._id, job.scheduledTime);
  }

  onCommit(event: CommitEvent): void {
    if (this.stopped) return;
    for (const [id, doc] of event.writes) {
      if (tableNameFromId(id) !== SCHEDULED_FUNCTIONS_TABLE) continue;
      const job = doc as (StoredDocument & JobDoc) | null;
      if (job !== null && job.state.kind === "pending") this.arm(id, job.scheduledTime);
      else this.disarm(id);
    }
  }

  private arm(id: string, at: number): void {
    const existing = this.timers.get(id);
    if (existing !== undefined && existing.at === at) return;
    this.disarm(id);
    const delay = Math.max(0, at - Date.now());
    const timer = setTimeout(() => {
      this.timers.delete(id);
      if (at - Date.now() > 0) {
        this.arm(id, at);
        return;
      }
      this.track(this.execute(id));
    }, Math.min(delay, MAX_TIMER_MS));
    timer.unref();
    this.timers.set(id, { timer, at });
  }

  private disarm(id: string): void {
    const existing = this.timers.get(id);
    if (existing === undefined) return;
    clearTimeout(existing.timer);
    this.timers.delete(id);
  }

  private track(promise: Promise<void>): void {
    const tracked = promise.catch((error: unknown) => this.log(`scheduler: ${String(error)}`));
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  private async execute(id: string): Promise<void> {
    if (this.stopped) return;
    const { adapter, registry } = this.engine;
    const job = adapter.getDocument(id) as (StoredDocument & JobDoc) | null;
    if (job === null || job.state.kind !== "pending") return;
    const fn = registry.get(job.name);
    const args = (job.args[0] ?? {}) as Record<string, Value>;
    if (fn === undefined || fn.kind === "query") {
      await this.finish(id, { kind: "failed", error: `Could not find function for '${job.name}'` });
      return;
    }
    if (fn.kind === "mutation") {
      try {
        await this.engine.runInTransaction(`scheduled M(${fn.udfPath})`, async (ctx) => {
          const current = adapter.getInTransaction(SCHEDULED_FUNCTIONS_TABLE, id) as JobDoc | null;
          if (current === null || current.state.kind !== "pending") return;
          await ctx.runMutation(makeFunctionReference<"mutation">(fn.udfPath), args);
          adapter.patchInTransaction(SCHEDULED_FUNCTIONS_TABLE, id, { state: { kind: "success" }, completedTime: Date.now() });
        });
      } catch (error) {
        this.log(`scheduled mutation ${fn.udfPath} (${id}) failed: ${(error as Error)?.stack ?? String(error)}`);
        await this.finish(id, { kind: "failed", error: (error as Error)?.message ?? String(error) });
      }
      return;
    }
    const claimed = await this.engine.runInTransaction("scheduler", async () => {
      const current = adapter.getInTransaction(SCHEDULED_FUNCTIONS_TABLE, id) as JobDoc | null;
      if (current === null || current.state.kind !== "pending") return false;
      adapter.patchInTransaction(SCHEDULED_FUNCTIONS_TABLE, id, { state: { kind: "inProgress" } });
      return true;
    });
    if (!claimed) return;
    const outcome = await this.engine.runActionAsSystem(fn.udfPath, args);
    if (!outcome.ok) this.log(`scheduled action ${fn.udfPath} (${id}) failed: ${outcome.errorMessage}`);
    await this.finish(id, outcome.ok ? { kind: "success" } : { kind: "failed", error: outcome.errorMessage });
  }

  private async finish(id: string, state: { kind: "success" } | { kind: "failed"; error: string }): Promise<void> {
    await this.engine.runInTransaction("scheduler", async () => {
      if (this.engine.adapter.getInTransaction(SCHEDULED_FUNCTIONS_TABLE, id) === null) return;
      this.engine.adapter.patchInTransaction(SCHEDULED_FUNCTIONS_TABLE, id, { state, completedTime: Date.now() });
    });
  }

  /** Stops arming and waits for running jobs. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }
}
