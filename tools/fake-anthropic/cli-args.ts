import { parseFaultList } from "./faults";
import type { FakeAnthropicOptions } from "./server";

// Flag parsing for main.ts, kept apart so it can be tested without a process.

export const USAGE = `Usage: tsx tools/fake-anthropic/main.ts [flags]

  --port P              port to listen on (default 0: a free port)
  --host H              interface to bind (default 127.0.0.1)
  --seed S              determinism seed (default 42)
  --ttft-ms N           delay before the first token, ms (default 300)
  --tps N               output tokens per second (default 60)
  --rpm N               own request limit per window; 0 disables (default 50)
  --window-ms N         rate-limit window, ms (default 60000)
  --fault-rate R        share of requests given a random fault, 0..1 (default 0)
  --faults LIST         kinds to draw from: 429,500,529,reset,hang,malformed (default all)
  --fault-after-tokens N  streamed replies: random faults strike after N tokens
  --api-key K           accept only this key (default: any non-empty key)
  --base-date D         YYYY-MM-DD "today" for dates in tool inputs when the prompt states none (default: the clock)
  --verbose             log each request to stderr
  --help                show this help`;

export type CliResult =
  | { kind: "run"; options: FakeAnthropicOptions; verbose: boolean }
  | { kind: "help" }
  | { kind: "error"; message: string };

const NUMERIC: Record<string, keyof FakeAnthropicOptions> = {
  "--port": "port",
  "--ttft-ms": "ttftMs",
  "--tps": "tps",
  "--rpm": "rpm",
  "--window-ms": "windowMs",
  "--fault-rate": "faultRate",
  "--fault-after-tokens": "faultAfterTokens",
};

const TEXT: Record<string, keyof FakeAnthropicOptions> = {
  "--host": "host",
  "--seed": "seed",
  "--api-key": "apiKey",
  "--base-date": "baseDate",
};

export function parseCliArgs(argv: readonly string[]): CliResult {
  const options: Record<string, unknown> = {};
  let verbose = false;
  for (let i = 0; i < argv.length; i++) {
    let flag = argv[i]!;
    let value: string | undefined;
    const eq = flag.indexOf("=");
    if (flag.startsWith("--") && eq > 0) [flag, value] = [flag.slice(0, eq), flag.slice(eq + 1)];
    if (flag === "--help" || flag === "-h") return { kind: "help" };
    if (flag === "--verbose") {
      verbose = true;
      continue;
    }
    const key = NUMERIC[flag] ?? TEXT[flag] ?? (flag === "--faults" ? "faults" : undefined);
    if (!key) return { kind: "error", message: `unknown flag ${flag}` };
    value ??= argv[++i];
    if (value === undefined || (value.startsWith("--") && value.length > 2)) return { kind: "error", message: `${flag} needs a value` };
    if (flag in NUMERIC) {
      const n = Number(value);
      if (value.trim() === "" || !Number.isFinite(n)) return { kind: "error", message: `${flag} expects a number, got "${value}"` };
      options[key] = n;
    } else if (key === "faults") {
      try {
        options[key] = parseFaultList(value);
      } catch (err) {
        return { kind: "error", message: `--faults: ${(err as Error).message}` };
      }
    } else {
      options[key] = value;
    }
  }
  return { kind: "run", options: options as FakeAnthropicOptions, verbose };
}
