import { spawn, type ChildProcess } from "node:child_process";
import { stripVTControlCharacters } from "node:util";

// Children run in their own process group (detached) so that stopping one
// also stops what it spawned: `tsx watch` runs the backend in a grandchild,
// npx and vite spawn helpers. Because a detached group does not receive the
// terminal's Ctrl-C, the Supervisor relays it.

export type Stream = "stdout" | "stderr";
export type LineListener = (line: string, stream: Stream) => void;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartOptions {
  /** Short label used in log prefixes and error messages. */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  /** The child's whole environment (defaults to ours). */
  env?: NodeJS.ProcessEnv;
  /** A line (colours stripped) on stdout or stderr that means the child is serving. */
  ready?: RegExp;
  readyTimeoutMs?: number;
  /**
   * A line that means the start failed although the process lives on (a
   * watcher keeps running after its child crashed), so we need not wait for
   * the timeout.
   */
  failure?: RegExp;
  /** Sees every output line; the last lines are also kept for error messages. */
  onLine?: LineListener;
}

export interface Child {
  readonly name: string;
  readonly pid: number;
  /** The match of `ready`, or null when no ready line was asked for. */
  readonly readyMatch: RegExpExecArray | null;
  readonly exited: Promise<ExitInfo>;
  isRunning(): boolean;
  /** The last output lines, for telling the user why something failed. */
  tail(): string;
  /** Listens to lines printed from now on (e.g. a watcher's restart notices). */
  onLine(listener: LineListener): void;
  /** SIGTERM to the group, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<ExitInfo>;
  /** SIGKILL to the group, synchronously: for `process.on("exit")`. */
  killNow(): void;
}

export class StartError extends Error {
  constructor(
    readonly childName: string,
    reason: string,
    readonly output: string,
  ) {
    super(`${childName} ${reason}${output ? `\n--- last output of ${childName} ---\n${output}\n---` : ""}`);
    this.name = "StartError";
  }
}

const TAIL_LINES = 60;
const DEFAULT_READY_TIMEOUT_MS = 60_000;
const DEFAULT_GRACE_MS = 5_000;

/** Spawns a child and, when `ready` is given, resolves once it prints its ready line. */
export async function startChild(options: StartOptions): Promise<Child> {
  const child = await spawnChild(options);
  try {
    await waitUntilReady(child, options);
  } catch (err) {
    await child.stop();
    throw err;
  }
  return child;
}

/** Spawns a child without waiting for its ready line. */
async function spawnChild(options: StartOptions): Promise<MutableChild> {
  const proc = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const child = wrap(options.name, proc, options.onLine);
  await new Promise<void>((resolve, reject) => {
    proc.once("spawn", resolve);
    proc.once("error", (err) => reject(new StartError(options.name, `could not be started (${options.command}): ${err.message}`, "")));
  });
  return child;
}

async function waitUntilReady(child: MutableChild, options: StartOptions): Promise<void> {
  if (!options.ready) return;
  child.readyMatch = await waitForLine(child, options.ready, options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS, options.failure);
}

interface MutableChild extends Child {
  readyMatch: RegExpExecArray | null;
}

function wrap(name: string, proc: ChildProcess, first?: LineListener): MutableChild {
  const tail: string[] = [];
  const listeners: LineListener[] = first ? [first] : [];
  let exitInfo: ExitInfo | null = null;
  const signalGroup = (signal: NodeJS.Signals) => {
    if (proc.pid === undefined) return;
    try {
      process.kill(-proc.pid, signal);
    } catch {
      // ESRCH: the whole group is gone already.
    }
  };
  const exited = new Promise<ExitInfo>((resolve) => {
    proc.once("exit", (code, signal) => {
      exitInfo = { code, signal };
      // Helpers the leader spawned share its group and may outlive it. Only
      // now, while the group id is certainly still ours, is it safe to signal
      // it after the leader is gone; later the id could belong to someone else.
      signalGroup("SIGKILL");
      resolve(exitInfo);
    });
    // A child that never spawned never exits; report it as failed.
    proc.once("error", () => {
      if (proc.pid === undefined) resolve((exitInfo = { code: null, signal: null }));
    });
  });

  const emit = (line: string, stream: Stream) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    for (const listener of listeners) listener(line, stream);
  };
  splitLines(proc.stdout!, (line) => emit(line, "stdout"));
  splitLines(proc.stderr!, (line) => emit(line, "stderr"));

  return {
    name,
    pid: proc.pid ?? -1,
    readyMatch: null,
    exited,
    isRunning: () => exitInfo === null && proc.pid !== undefined,
    tail: () => tail.join("\n"),
    onLine: (listener) => void listeners.push(listener),
    async stop(graceMs = DEFAULT_GRACE_MS) {
      if (exitInfo === null) {
        signalGroup("SIGTERM");
        const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
        await exited;
        clearTimeout(timer);
      }
      return exited;
    },
    killNow: () => {
      if (exitInfo === null) signalGroup("SIGKILL");
    },
  };
}

function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffer = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      onLine(stripVTControlCharacters(buffer.slice(0, newline).replace(/\r$/, "")));
      buffer = buffer.slice(newline + 1);
    }
  });
  stream.on("end", () => {
    if (buffer) onLine(stripVTControlCharacters(buffer));
    buffer = "";
  });
}

function waitForLine(child: MutableChild, pattern: RegExp, timeoutMs: number, failure?: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(
      () => settle(() => reject(new StartError(child.name, `printed no ready line within ${Math.round(timeoutMs / 1000)}s`, child.tail()))),
      timeoutMs,
    );
    child.onLine((line) => {
      const match = pattern.exec(line);
      if (match) settle(() => resolve(match));
      else if (failure?.test(line)) {
        // Let the rest of the error (a stack trace) arrive before quoting the output.
        setTimeout(() => settle(() => reject(new StartError(child.name, "failed to start", child.tail()))), 300);
      }
    });
    void child.exited.then(({ code, signal }) =>
      settle(() => reject(new StartError(child.name, `exited before it was ready (${signal ?? `exit code ${code}`})`, child.tail()))),
    );
  });
}

/**
 * Owns every child of this process and guarantees they die with it: on
 * stop(), on SIGINT/SIGTERM, on an uncaught error and at exit.
 */
export class Supervisor {
  private readonly children: Child[] = [];
  private stopPromise: Promise<void> | null = null;

  constructor(private readonly log: (message: string) => void = (message) => process.stderr.write(`${message}\n`)) {}

  async start(options: StartOptions): Promise<Child> {
    if (this.stopPromise) throw new Error(`not starting ${options.name}: shutting down`);
    // Registered before it is ready, so a start that fails or is interrupted is cleaned up too.
    const child = await spawnChild(options);
    this.children.push(child);
    await waitUntilReady(child, options);
    return child;
  }

  /** Stops children in reverse start order (the browser-facing ones first). */
  stopAll(): Promise<void> {
    this.stopPromise ??= (async () => {
      for (const child of [...this.children].reverse()) await child.stop();
    })();
    return this.stopPromise;
  }

  /** True once stopAll() has begun (a signal, a crash or the caller). */
  isStopping(): boolean {
    return this.stopPromise !== null;
  }

  killAllNow(): void {
    for (const child of this.children) child.killNow();
  }

  /**
   * Ctrl-C / SIGTERM stop every child and then exit; a second Ctrl-C kills
   * at once. Uncaught errors do the same with exit code 1.
   */
  installExitHandlers(onSignal?: (signal: NodeJS.Signals) => void): void {
    let signals = 0;
    const onTerminate = (signal: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        this.killAllNow();
        process.exit(signal === "SIGINT" ? 130 : 143);
      }
      onSignal?.(signal);
      void this.stopAll().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
    };
    process.on("SIGINT", onTerminate);
    process.on("SIGTERM", onTerminate);
    process.on("SIGHUP", onTerminate);
    const onCrash = (err: unknown) => {
      this.log(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      void this.stopAll().finally(() => process.exit(1));
    };
    process.on("uncaughtException", onCrash);
    process.on("unhandledRejection", onCrash);
    process.on("exit", () => this.killAllNow());
  }
}
