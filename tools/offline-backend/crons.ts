/**
 * Runs the jobs of `convex/crons.ts` (the default export of `cronJobs()`,
 * `{ crons: { [name]: { name: udfPath, args: [json], schedule } } }`).
 *
 * Each job's next run time is kept in the `_cron_jobs` system table, so it is
 * persisted with the store: a run missed while the backend was down happens
 * once at start-up. A mutation job runs in the same transaction that advances
 * its next run time (exactly once); an action job advances it first (at most
 * once), as Convex does.
 */
import { makeFunctionReference } from "convex/server";
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { StoredDocument } from "./convex-test-adapter";
import { nextRunAfter, type CronSchedule } from "./cron-schedule";
import type { Engine } from "./engine";

export const CRON_JOBS_TABLE = "_cron_jobs";
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface CronJobSpec {
  name: string;
  udfPath: string;
  args: JSONValue;
  schedule: CronSchedule;
}

interface CronDoc {
  name: string;
  spec: string;
  nextTs: number;
  prevTs?: number;
}

/** Reads the default export of `crons.ts`. */
export function cronSpecsFromModule(defaultExport: unknown): CronJobSpec[] {
  if (typeof defaultExport !== "object" || defaultExport === null || !("crons" in defaultExport)) return [];
  const crons = (defaultExport as { crons: Record<string, { name: string; args: JSONValue[]; schedule: CronSchedule }> }).crons;
  return Object.entries(crons).map(([name, job]) => ({
    name,
    udfPath: job.name,
    args: job.args[0] ?? {},
    schedule: job.schedule,
  }));
}

export class CronRunner {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private specs = new Map<string, CronJobSpec>();
  private stopped = false;

  constructor(
    private readonly engine: Engine,
    private readonly log: (message: string) => void,
  ) {}

  /** Reconciles `_cron_jobs` with the jobs defined now, then arms them. */
  async start(specs: CronJobSpec[]): Promise<void> {
    const { adapter, registry } = this.engine;
    const valid = specs.filter((spec) => {
      const fn = registry.get(spec.udfPath);
      if (fn === undefined || fn.kind === "query") {
        this.log(`cron "${spec.name}": no mutation or action named ${spec.udfPath}; skipped`);
        return false;
      }
      return true;
    });
    this.specs = new Map(valid.map((spec) => [spec.name, spec]));
    const now = Date.now();
    const next = await this.engine.runInTransaction("crons", async () => {
      const existing = new Map(
        (adapter.documentsOfTable(CRON_JOBS_TABLE) as Array<StoredDocument & CronDoc>).map((doc) => [doc.name, doc]),
      );
      const nextTimes: Array<[string, number]> = [];
      for (const spec of valid) {
        const specJson = JSON.stringify({ udfPath: spec.udfPath, args: spec.args, schedule: spec.schedule });
        const doc = existing.get(spec.name);
        existing.delete(spec.name);
        if (doc !== undefined && doc.spec === specJson) {
          nextTimes.push([spec.name, doc.nextTs]);
          continue;
        }
        const nextTs = nextRunAfter(spec.schedule, now, spec.name);
        nextTimes.push([spec.name, nextTs]);
        if (doc === undefined) adapter.insertInTransaction(CRON_JOBS_TABLE, { name: spec.name, spec: specJson, nextTs });
        else adapter.patchInTransaction(CRON_JOBS_TABLE, doc._id, { spec: specJson, nextTs });
      }
      for (const stale of existing.values()) adapter.deleteInTransaction(CRON_JOBS_TABLE, stale._id);
      return nextTimes;
    });
    for (const [name, at] of next) this.arm(name, at);
  }

  private arm(name: string, at: number): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(name));
    const timer = setTimeout(() => {
      this.timers.delete(name);
      if (at - Date.now() > 0) {
        this.arm(name, at);
        return;
      }
      const run = this.fire(name).catch((error: unknown) => this.log(`cron "${name}": ${String(error)}`));
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }, Math.min(Math.max(0, at - Date.now()), MAX_TIMER_MS));
    timer.unref();
    this.timers.set(name, timer);
  }

  private async fire(name: string): Promise<void> {
    const spec = this.specs.get(name);
    if (spec === undefined || this.stopped) return;
    const { adapter, registry } = this.engine;
    const fn = registry.get(spec.udfPath);
    if (fn === undefined) return;
    const args = jsonToConvex(spec.args) as Record<string, Value>;
    const findDoc = () =>
      (adapter.documentsOfTable(CRON_JOBS_TABLE) as Array<StoredDocument & CronDoc>).find((doc) => doc.name === name);
    // Advances the job; returns false if it is not due (already ran).
    const advance = (now: number): boolean => {
      const doc = findDoc();
      if (doc === undefined) return false;
      const current = adapter.getInTransaction(CRON_JOBS_TABLE, doc._id) as CronDoc | null;
      if (current === null || current.nextTs > now) return false;
      adapter.patchInTransaction(CRON_JOBS_TABLE, doc._id, { nextTs: nextRunAfter(spec.schedule, now, name), prevTs: now });
      return true;
    };
    if (fn.kind === "mutation") {
      try {
        await this.engine.runInTransaction(`cron M(${fn.udfPath})`, async (ctx) => {
          if (!advance(Date.now())) return;
          await ctx.runMutation(makeFunctionReference<"mutation">(fn.udfPath), args);
        });
      } catch (error) {
        this.log(`cron "${name}" (${fn.udfPath}) failed: ${(error as Error)?.stack ?? String(error)}`);
        await this.engine.runInTransaction("crons", async () => {
          advance(Date.now());
        });
      }
    } else {
      const due = await this.engine.runInTransaction("crons", async () => advance(Date.now()));
      if (due) {
        const outcome = await this.engine.runActionAsSystem(fn.udfPath, args);
        if (!outcome.ok) this.log(`cron "${name}" (${fn.udfPath}) failed: ${outcome.errorMessage}`);
      }
    }
    const doc = findDoc();
    if (doc !== undefined) this.arm(name, doc.nextTs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }
}
