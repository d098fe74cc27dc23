/**
 * Loads the deployment's environment variables from a dotenv file
 * (`.env.local` at the repo root), the offline stand-in for
 * `npx convex env set`.
 *
 * The dialect is dotenv's, as Vite (Node's util.parseEnv) and the Convex CLI
 * read it, so one file means the same to all of them: `KEY=value`, optional
 * `export `, `#` comments. Unquoted values end at `#` and are trimmed;
 * '…' and `…` values are literal; "…" values expand \n and \r. Quoted
 * values may span lines. Convex Auth's JWT_PRIVATE_KEY is stored on one line
 * with its newlines replaced by spaces, which jose's PKCS8 import accepts.
 */
import fs from "node:fs";

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/;

export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const match = ASSIGNMENT.exec((lines[i] as string).replace(/\r$/, ""));
    if (match === null) continue;
    const key = match[1] as string;
    const rest = match[2] as string;
    const quote = rest[0];
    if (quote === '"' || quote === "'" || quote === "`") {
      // A quoted value ends at the next matching quote, possibly lines later.
      let body = rest.slice(1);
      let end = i;
      let close = body.indexOf(quote);
      while (close === -1 && end + 1 < lines.length) {
        end++;
        body += `\n${lines[end] as string}`;
        close = body.indexOf(quote);
      }
      if (close !== -1) {
        const value = body.slice(0, close);
        env[key] = quote === '"' ? value.replace(/\\n/g, "\n").replace(/\\r/g, "\r") : value;
        i = end;
        continue;
      }
      // Unterminated: read as an unquoted value, as dotenv does.
    }
    const hash = rest.indexOf("#");
    env[key] = (hash === -1 ? rest : rest.slice(0, hash)).trim();
  }
  return env;
}

/** Reads `file` if it exists; a missing file is an empty environment. */
export function loadEnvFile(file: string): Record<string, string> {
  if (!fs.existsSync(file)) return {};
  return parseEnvFile(fs.readFileSync(file, "utf8"));
}
