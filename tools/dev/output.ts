import type { LineListener } from "./processes";

// Everyone writes to one terminal, so each line says whose it is.

const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const COLORS: Record<string, number> = { dev: 1, backend: 36, vite: 35, anthropic: 33, convex: 32 };
const WIDTH = 9;

function label(name: string): string {
  const text = `[${name}]`.padEnd(WIDTH + 2);
  const color = COLORS[name];
  return useColor && color !== undefined ? `\u001b[${color}m${text}\u001b[0m` : text;
}

/** A line listener that echoes a child's output with its name in front. */
export function prefixed(name: string): LineListener {
  return (line, stream) => {
    if (line.trim() === "") return;
    (stream === "stderr" ? process.stderr : process.stdout).write(`${label(name)} ${line}\n`);
  };
}

/** The dev runner's own messages. */
export function say(message: string): void {
  process.stdout.write(`${label("dev")} ${message}\n`);
}

export function warn(message: string): void {
  process.stderr.write(`${label("dev")} warning: ${message}\n`);
}

/** A framed block of `label: value` rows that stands out from the children's logs. */
export function banner(title: string, rows: ReadonlyArray<readonly [string, string]>, notes: readonly string[] = []): string {
  const keyWidth = Math.max(...rows.map(([key]) => key.length));
  const body = [title, "", ...rows.map(([key, value]) => `${key.padEnd(keyWidth)}  ${value}`), ...(notes.length ? ["", ...notes] : [])];
  const width = Math.max(...body.map((line) => line.length));
  const rule = `+${"-".repeat(width + 2)}+`;
  return [rule, ...body.map((line) => `| ${line.padEnd(width)} |`), rule].join("\n");
}
