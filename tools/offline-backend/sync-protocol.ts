/**
 * Wire format of the Convex sync protocol, server side, as defined by the
 * pinned client (`convex/src/browser/sync/protocol.ts`, convex 1.48.0).
 * The client's types are not exported by the package, so they are restated
 * here; sync-protocol.test.ts checks them against the real client.
 */
import type { JSONValue } from "convex/values";

export type QueryId = number;

export interface AddQuery {
  type: "Add";
  queryId: QueryId;
  udfPath: string;
  args: JSONValue[];
  journal?: string | null;
  componentPath?: string;
}

export interface RemoveQuery {
  type: "Remove";
  queryId: QueryId;
}

export type ClientMessage =
  | {
      type: "Connect";
      sessionId: string;
      connectionCount: number;
      lastCloseReason: string | null;
      maxObservedTimestamp?: string;
      clientTs?: number;
    }
  | { type: "ModifyQuerySet"; baseVersion: number; newVersion: number; modifications: Array<AddQuery | RemoveQuery> }
  | { type: "Mutation"; requestId: number; udfPath: string; args: JSONValue[]; componentPath?: string }
  | { type: "Action"; requestId: number; udfPath: string; args: JSONValue[]; componentPath?: string }
  | { type: "Authenticate"; tokenType: "User"; value: string; baseVersion: number }
  | { type: "Authenticate"; tokenType: "Admin"; value: string; baseVersion: number; impersonating?: Record<string, unknown> }
  | { type: "Authenticate"; tokenType: "None"; baseVersion: number }
  | { type: "Event"; eventType: string; event: unknown };

export interface StateVersion {
  querySet: number;
  identity: number;
  ts: bigint;
}

/** u64 timestamps travel as base64 of their 8 little-endian bytes. */
export function encodeTs(ts: bigint): string {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(ts);
  return buffer.toString("base64");
}

export function decodeTs(encoded: string): bigint {
  return Buffer.from(encoded, "base64").readBigUInt64LE();
}

function encodeVersion(version: StateVersion): string {
  return `{"querySet":${version.querySet},"identity":${version.identity},"ts":"${encodeTs(version.ts)}"}`;
}

/**
 * A Transition, assembled from pre-serialised modification fragments so a
 * result shared by many subscribers is serialised once. `serverTs` is in
 * nanoseconds, as the client expects.
 */
export function encodeTransition(
  start: StateVersion,
  end: StateVersion,
  modifications: string[],
  clientClockSkew: number | undefined,
): string {
  const skew = clientClockSkew === undefined ? "" : `,"clientClockSkew":${clientClockSkew}`;
  return (
    `{"type":"Transition","startVersion":${encodeVersion(start)},"endVersion":${encodeVersion(end)},` +
    `"modifications":[${modifications.join(",")}],"serverTs":${Date.now() * 1_000_000}${skew}}`
  );
}

export type ServerMessage =
  | { type: "MutationResponse"; requestId: number; success: true; result: JSONValue; ts: string; logLines: string[] }
  | { type: "MutationResponse"; requestId: number; success: false; result: string; logLines: string[]; errorData?: JSONValue }
  | { type: "ActionResponse"; requestId: number; success: true; result: JSONValue; logLines: string[] }
  | { type: "ActionResponse"; requestId: number; success: false; result: string; logLines: string[]; errorData?: JSONValue }
  | { type: "AuthError"; error: string; baseVersion: number; authUpdateAttempted: boolean }
  | { type: "FatalError"; error: string }
  | { type: "Ping" };
