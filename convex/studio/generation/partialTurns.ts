/**
 * Reads the turns out of a tool input that Claude is still writing, so the
 * UI can show the conversation turn by turn. Tolerant by design: a cut-off
 * document yields what is complete plus the text of the turn being written;
 * anything malformed yields whatever parsed before it. Never throws.
 */
import type { Turn, TurnRole } from "./validators";

export type PartialConversation = {
  framework?: string;
  turns: Turn[];
  /** The turn being written, if any: its role once known and its text so far. */
  writing?: { role?: TurnRole; text: string };
};

type Parsed = { value: unknown; complete: boolean };
const MISSING = Symbol("missing");

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  ws() {
    while (this.i < this.s.length && " \t\r\n".includes(this.s[this.i])) this.i++;
  }
  eof() {
    return this.i >= this.s.length;
  }
  value(): Parsed | typeof MISSING {
    this.ws();
    if (this.eof()) return MISSING;
    const c = this.s[this.i];
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    if (c === '"') return this.string();
    const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.s.slice(this.i, this.i + 64));
    if (!m) throw new SyntaxError("unexpected");
    this.i += m[0].length;
    // A number at the very end may still be growing.
    if (this.eof() && /\d$/.test(m[0])) return MISSING;
    return { value: JSON.parse(m[0]), complete: true };
  }
  string(): Parsed {
    this.i++; // opening quote
    let out = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === '"') {
        this.i++;
        return { value: out, complete: true };
      }
      if (c === "\\") {
        const next = this.s[this.i + 1];
        if (next === undefined) break;
        if (next === "u") {
          const hex = this.s.slice(this.i + 2, this.i + 6);
          if (hex.length < 4) break;
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new SyntaxError("bad escape");
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 6;
          continue;
        }
        const map: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
        if (!(next in map)) throw new SyntaxError("bad escape");
        out += map[next];
        this.i += 2;
        continue;
      }
      out += c;
      this.i++;
    }
    this.i = this.s.length;
    return { value: out, complete: false };
  }
  object(): Parsed {
    this.i++;
    const out: Record<string, Parsed> = {};
    for (;;) {
      this.ws();
      if (this.eof()) return { value: out, complete: false };
      if (this.s[this.i] === "}") {
        this.i++;
        return { value: out, complete: true };
      }
      if (this.s[this.i] === ",") {
        this.i++;
        continue;
      }
      if (this.s[this.i] !== '"') throw new SyntaxError("expected key");
      const key = this.string();
      if (!key.complete) return { value: out, complete: false };
      this.ws();
      if (this.eof()) return { value: out, complete: false };
      if (this.s[this.i] !== ":") throw new SyntaxError("expected colon");
      this.i++;
      const value = this.value();
      if (value === MISSING) return { value: out, complete: false };
      out[key.value as string] = value;
      if (!value.complete) return { value: out, complete: false };
    }
  }
  array(): Parsed {
    this.i++;
    const out: Parsed[] = [];
    for (;;) {
      this.ws();
      if (this.eof()) return { value: out, complete: false };
      if (this.s[this.i] === "]") {
        this.i++;
        return { value: out, complete: true };
      }
      if (this.s[this.i] === ",") {
        this.i++;
        continue;
      }
      const value = this.value();
      if (value === MISSING) return { value: out, complete: false };
      out.push(value);
      if (!value.complete) return { value: out, complete: false };
    }
  }
}

const asRole = (p: Parsed | undefined): TurnRole | undefined =>
  p?.complete && (p.value === "client" || p.value === "coach") ? p.value : undefined;

/** Partial turns from the tool input written so far (JSON text, possibly cut off anywhere). */
export function parsePartialTurns(json: string | undefined): PartialConversation {
  const result: PartialConversation = { turns: [] };
  if (!json) return result;
  const reader = new Reader(json);
  let root: Parsed | typeof MISSING;
  try {
    root = reader.value();
  } catch {
    // Malformed past some point: re-read only the prefix that parsed cleanly.
    return reader.i > 0 && reader.i < json.length ? parsePartialTurns(json.slice(0, reader.i)) : result;
  }
  if (root === MISSING || typeof root.value !== "object" || root.value === null || Array.isArray(root.value)) return result;
  const fields = root.value as Record<string, Parsed>;
  const framework = fields.framework;
  if (framework?.complete && typeof framework.value === "string") result.framework = framework.value;
  const turns = fields.turns;
  if (!turns || !Array.isArray(turns.value)) return result;
  for (const entry of turns.value as Parsed[]) {
    if (typeof entry.value !== "object" || entry.value === null || Array.isArray(entry.value)) continue;
    const turn = entry.value as Record<string, Parsed>;
    const role = asRole(turn.role);
    const text = turn.text && typeof turn.text.value === "string" ? turn.text.value : undefined;
    if (entry.complete) {
      if (role !== undefined && text !== undefined) result.turns.push({ role, text });
    } else {
      result.writing = { role, text: text ?? "" };
    }
  }
  return result;
}
