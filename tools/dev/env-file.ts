import { readFileSync } from "node:fs";

// The dotenv dialect shared by the tools that read `.env.local`: Vite (Node's
// util.parseEnv), the Convex CLI (dotenv) and the offline backend. We parse
// and write only the subset those agree on, so a file we write means the same
// thing to all of them.

export interface EnvEntry {
  key: string;
  value: string;
  /** 0-based line range [startLine, endLine] the assignment occupies. */
  startLine: number;
  endLine: number;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

/** Every assignment in file order; a key assigned twice appears twice (the last one wins). */
export function parseEnvEntries(text: string): EnvEntry[] {
  const lines = text.split(/\r?\n/);
  const entries: EnvEntry[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = ASSIGNMENT.exec(lines[i]!);
    if (!match) continue;
    const key = match[1]!;
    const rest = match[2]!;
    const quote = rest[0];
    if (quote === "'" || quote === '"' || quote === "`") {
      // A quoted value may span lines; it ends at the next matching quote.
      let body = rest.slice(1);
      let endLine = i;
      let close = body.indexOf(quote);
      while (close < 0 && endLine + 1 < lines.length) {
        endLine++;
        body += `\n${lines[endLine]}`;
        close = body.indexOf(quote);
      }
      if (close >= 0) {
        let value = body.slice(0, close);
        if (quote === '"') value = value.replace(/\\n/g, "\n").replace(/\\r/g, "\r");
        entries.push({ key, value, startLine: i, endLine });
        i = endLine;
        continue;
      }
      // Unterminated quote: dotenv then reads the line as an unquoted value.
    }
    const hash = rest.indexOf("#");
    const value = (hash >= 0 ? rest.slice(0, hash) : rest).trim();
    entries.push({ key, value, startLine: i, endLine: i });
  }
  return entries;
}

export function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of parseEnvEntries(text)) env[entry.key] = entry.value;
  return env;
}

/** The file's variables, or an empty object when it does not exist. */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw err;
  }
  return parseEnv(text);
}

const BARE = /^[A-Za-z0-9_\-.,:/@+=%]*$/;

/**
 * The value as it must appear after `KEY=`. Picks the quoting every reader
 * treats literally; throws rather than write something readers would disagree on.
 */
export function formatEnvValue(value: string): string {
  if (BARE.test(value)) return value;
  const oneLine = !/[\r\n]/.test(value);
  if (oneLine && !value.includes("'")) return `'${value}'`;
  // Double quotes expand \n, so a value with a literal backslash cannot use them.
  if (!value.includes('"') && !value.includes("\\") && !value.includes("\r")) {
    return `"${value.replace(/\n/g, "\\n")}"`;
  }
  // Backticks would do for the rest, but not every reader (the offline backend) knows them.
  throw new Error(`cannot write this value to an env file unambiguously: ${JSON.stringify(value.slice(0, 40))}…`);
}

export function formatEnvLine(key: string, value: string): string {
  return `${key}=${formatEnvValue(value)}`;
}
