import { createHash } from "node:crypto";

// Every "random" choice the fake makes is a hash of the seed and the things the
// choice depends on, so the same seed and the same request always give the
// same reply, ids and faults, without any hidden generator state.

/** JSON with object keys sorted, so key order in a request never changes its hash. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== "object") {
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => stableStringify(item)).join(",")}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
}

export function hashBytes(...parts: unknown[]): Buffer {
  const hash = createHash("sha256");
  for (const part of parts) {
    hash.update(typeof part === "string" ? part : stableStringify(part));
    // A separator keeps ("ab","c") and ("a","bc") apart.
    hash.update("\u0000");
  }
  return hash.digest();
}

export function hashInt(...parts: unknown[]): number {
  return hashBytes(...parts).readUInt32BE(0);
}

/** A float in [0, 1). */
export function hashFloat(...parts: unknown[]): number {
  return hashInt(...parts) / 0x1_0000_0000;
}

export function pick<T>(items: readonly T[], ...parts: unknown[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  return items[hashInt(...parts) % items.length]!;
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** An id shaped like the real API's (`msg_01…`, `toolu_01…`, `req_01…`). */
export function makeId(prefix: string, ...parts: unknown[]): string {
  const bytes = Buffer.concat([hashBytes(prefix, ...parts), hashBytes(...parts, prefix)]);
  let body = "";
  for (let i = 0; body.length < 22; i++) body += BASE62[bytes[i]! % 62];
  return `${prefix}_01${body}`;
}

/** A deterministic RFC 4122 version-4-shaped UUID. */
export function makeUuid(...parts: unknown[]): string {
  const hex = hashBytes("uuid", ...parts).toString("hex").slice(0, 32).split("");
  hex[12] = "4";
  hex[16] = "89ab"[parseInt(hex[16]!, 16) % 4]!;
  const s = hex.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
