/**
 * Decides when streamed text is written to the database: no more often than
 * every `minIntervalMs` (each write fans out to every subscriber), yet never
 * later than `maxIntervalMs` after text arrived, so readers see steady
 * progress. The first text goes out at once: it is the wait users feel.
 * The caller flushes when `push` says so, and otherwise sets a timer for
 * `msUntilDue` so text that arrives just before a pause is not held back.
 */
export type BatcherTiming = { minIntervalMs: number; maxIntervalMs: number };

export class StreamBatcher {
  private pending = "";
  private lastFlushAt: number | undefined;

  constructor(private readonly timing: BatcherTiming) {
    if (timing.minIntervalMs > timing.maxIntervalMs) {
      throw new Error("StreamBatcher: minIntervalMs must not exceed maxIntervalMs");
    }
  }

  /** Adds text; returns true when it should be flushed now. */
  push(text: string, now: number): boolean {
    this.pending += text;
    return this.msUntilDue(now) === 0;
  }

  /** Milliseconds until pending text is due, or undefined when nothing waits. */
  msUntilDue(now: number): number | undefined {
    if (this.pending === "") return undefined;
    if (this.lastFlushAt === undefined) return 0;
    return Math.max(0, this.lastFlushAt + this.timing.minIntervalMs - now);
  }

  take(now: number): string {
    const text = this.pending;
    this.pending = "";
    this.lastFlushAt = now;
    return text;
  }

  hasPending(): boolean {
    return this.pending !== "";
  }
}
