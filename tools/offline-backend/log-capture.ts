/**
 * Captures `console.*` output of Convex functions as the backend's log lines
 * (`[LOG] 'text'`), which clients print as `[CONVEX Q(fn)] [LOG] 'text'`.
 *
 * Functions share the process's `console`, so the methods are patched once
 * and route by async context: inside `capture(...)` a call is recorded (and
 * echoed to the backend log); outside, it goes to the original method.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { inspect } from "node:util";

const LEVELS = { log: "LOG", info: "INFO", warn: "WARN", error: "ERROR", debug: "DEBUG" } as const;
type Method = keyof typeof LEVELS;

interface Sink {
  label: string;
  lines: string[];
}

export type LogEcho = (label: string, line: string) => void;

export class LogCapture {
  private readonly sinks = new AsyncLocalStorage<Sink>();
  private readonly originals = new Map<Method, (...args: unknown[]) => void>();

  constructor(private readonly echo: LogEcho) {}

  install(): void {
    if (this.originals.size > 0) return;
    for (const method of Object.keys(LEVELS) as Method[]) {
      const original = console[method] as (...args: unknown[]) => void;
      this.originals.set(method, original);
      console[method] = (...args: unknown[]) => {
        const sink = this.sinks.getStore();
        if (sink === undefined) {
          original.apply(console, args);
          return;
        }
        const line = `[${LEVELS[method]}] ${args.map((a) => inspect(a, { depth: 4, breakLength: Infinity })).join(" ")}`;
        sink.lines.push(line);
        this.echo(sink.label, line);
      };
    }
  }

  uninstall(): void {
    for (const [method, original] of this.originals) console[method] = original;
    this.originals.clear();
  }

  /** Runs `fn`, collecting the log lines of everything it calls. */
  async capture<T>(label: string, fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
    const sink: Sink = { label, lines: [] };
    const value = await this.sinks.run(sink, fn);
    return { value, lines: sink.lines };
  }
}
