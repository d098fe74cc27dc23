/**
 * The sync protocol at the message level, with a raw WebSocket: version
 * triples, Add/Remove, Authenticate (None / User / Admin, failures, expiry),
 * idempotent mutation retries, Event, Ping. Also pins the client version the
 * protocol was checked against.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import { REPO_ROOT, type RunningBackend } from "./backend";
import { decodeTs } from "./sync-protocol";
import { authKeys, startTestBackend, removeTempDirs } from "./test-helpers";

type Message = Record<string, unknown> & { type: string };
type Version = { querySet: number; identity: number; ts: string };

let backend: RunningBackend;
const sockets: WebSocket[] = [];
const safety = setTimeout(() => void backend?.close(), 60_000).unref();

class RawSession {
  readonly inbox: Message[] = [];
  private waiters: Array<() => void> = [];
  constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.inbox.push(JSON.parse(data.toString()) as Message);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async open(sessionId = crypto.randomUUID()): Promise<RawSession> {
    const ws = new WebSocket(`${backend.url.replace("http", "ws")}/api/1.48.0/sync`);
    sockets.push(ws);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const session = new RawSession(ws);
    session.send({ type: "Connect", sessionId, connectionCount: 0, lastCloseReason: null, clientTs: Date.now() });
    return session;
  }

  send(message: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The next message (consumed) satisfying `predicate`. */
  async next(predicate: (m: Message) => boolean, timeoutMs = 5000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex(predicate);
      if (index !== -1) return this.inbox.splice(index, 1)[0] as Message;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no matching message; inbox: ${JSON.stringify(this.inbox)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  transition(): Promise<Message & { startVersion: Version; endVersion: Version; modifications: Message[] }> {
    return this.next((m) => m.type === "Transition") as never;
  }
}

beforeAll(async () => {
  backend = await startTestBackend({ pingIntervalMs: 300 });
});

afterAll(async () => {
  clearTimeout(safety);
  for (const ws of sockets) ws.close();
  await backend.close();
  removeTempDirs();
});

test("the installed convex client is the version this protocol was checked against", () => {
  // An upgrade must re-check convex/src/browser/sync/{protocol,client,remote_query_set,
  // request_manager,web_socket_manager}.ts and http_client.ts against sync-session.ts / http-api.ts.
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "convex", "package.json"), "utf8")) as {
    version: string;
  };
  expect(version).toBe("1.48.0");
});

describe("query set and versions", () => {
  test("Add and Remove move the querySet version; each Transition starts where the last ended", async () => {
    const s = await RawSession.open();
    s.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [{ type: "Add", queryId: 0, udfPath: "counter:get", args: [{ name: "raw" }] }],
    });
    const t1 = await s.transition();
    expect(t1.startVersion).toEqual({ querySet: 0, identity: 0, ts: "AAAAAAAAAAA=" });
    expect(t1.endVersion.querySet).toBe(1);
    expect(t1.modifications).toEqual([{ type: "QueryUpdated", queryId: 0, value: null, logLines: [], journal: null }]);

    s.send({ type: "Mutation", requestId: 0, udfPath: "counter:increment", args: [{ name: "raw" }] });
    const response = await s.next((m) => m.type === "MutationResponse");
    expect(response).toMatchObject({ requestId: 0, success: true, result: 1, logLines: [] });
    const t2 = await s.transition();
    expect(t2.startVersion).toEqual(t1.endVersion);
    // The Transition after a MutationResponse reaches the mutation's commit ts.
    expect(decodeTs(t2.endVersion.ts)).toBeGreaterThanOrEqual(decodeTs(response.ts as string));
    expect(t2.modifications).toEqual([
      { type: "QueryUpdated", queryId: 0, value: { value: 1, at: expect.any(Number) }, logLines: [], journal: null },
    ]);

    s.send({ type: "ModifyQuerySet", baseVersion: 1, newVersion: 2, modifications: [{ type: "Remove", queryId: 0 }] });
    const t3 = await s.transition();
    expect(t3.startVersion).toEqual(t2.endVersion);
    expect(t3.endVersion.querySet).toBe(2);
    expect(t3.modifications).toEqual([{ type: "QueryRemoved", queryId: 0 }]);
  });

  test("paginated subscriptions keep their page end (query journal) across re-runs and reconnects", async () => {
    const s = await RawSession.open();
    for (const body of ["p1", "p2", "p3"]) {
      s.send({ type: "Mutation", requestId: body.charCodeAt(1), udfPath: "messages:send", args: [{ body }] });
      await s.next((m) => m.type === "MutationResponse");
    }
    const args = [{ paginationOpts: { numItems: 2, cursor: null } }];
    s.send({ type: "ModifyQuerySet", baseVersion: 0, newVersion: 1, modifications: [{ type: "Add", queryId: 0, udfPath: "messages:page", args }] });
    const first = (await s.next((m) => m.type === "Transition" && (m.modifications as unknown[]).length > 0)) as Message & {
      modifications: Array<{ value: { page: string[]; isDone: boolean }; journal: string | null }>;
    };
    const initial = first.modifications[0]!;
    expect(initial.value.page).toEqual(["p3", "p2"]);
    expect(initial.journal).toEqual(expect.any(String));
    // A new message sorts first: the page grows instead of pushing "p2" out.
    s.send({ type: "Mutation", requestId: 100, udfPath: "messages:send", args: [{ body: "p4" }] });
    const grown = (await s.next(
      (m) => m.type === "Transition" && (m.modifications as Array<{ queryId: number }>).some((x) => x.queryId === 0),
    )) as Message & { modifications: Array<{ value: { page: string[] }; journal: string | null }> };
    expect(grown.modifications[0]!.value.page).toEqual(["p4", "p3", "p2"]);
    expect(grown.modifications[0]!.journal).toBe(initial.journal);
    // A reconnecting client re-sends the journal with its query.
    const again = await RawSession.open();
    again.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [{ type: "Add", queryId: 3, udfPath: "messages:page", args, journal: initial.journal }],
    });
    const resumed = (await again.transition()) as unknown as { modifications: Array<{ value: { page: string[] } }> };
    expect(resumed.modifications[0]!.value.page).toEqual(["p4", "p3", "p2"]);
  });

  test("a ModifyQuerySet from the wrong base version is a fatal protocol error", async () => {
    const s = await RawSession.open();
    s.send({ type: "ModifyQuerySet", baseVersion: 5, newVersion: 6, modifications: [] });
    const fatal = await s.next((m) => m.type === "FatalError");
    expect(fatal.error).toMatch(/base version/);
  });

  test("Event messages are accepted silently and idle sessions get Pings", async () => {
    const s = await RawSession.open();
    s.send({ type: "Event", eventType: "ClientConnect", event: {} });
    await s.next((m) => m.type === "Ping", 3000);
    expect(s.inbox.filter((m) => m.type !== "Ping")).toEqual([]);
  });
});

describe("mutations", () => {
  test("a mutation re-sent after a reconnect (same session and request id) is not executed twice", async () => {
    const sessionId = crypto.randomUUID();
    const name = `idempotent-${sessionId}`;
    const first = await RawSession.open(sessionId);
    first.send({ type: "Mutation", requestId: 7, udfPath: "counter:increment", args: [{ name }] });
    const original = await first.next((m) => m.type === "MutationResponse");
    first.ws.close();

    const second = await RawSession.open(sessionId);
    second.send({ type: "Mutation", requestId: 7, udfPath: "counter:increment", args: [{ name }] });
    const retried = await second.next((m) => m.type === "MutationResponse");
    expect(retried).toEqual(original);
    second.send({ type: "Mutation", requestId: 8, udfPath: "counter:increment", args: [{ name }] });
    expect((await second.next((m) => m.type === "MutationResponse" && m.requestId === 8)).result).toBe(2);
  });

  test("actions answer with ActionResponse and no ts", async () => {
    const s = await RawSession.open();
    s.send({ type: "Action", requestId: 1, udfPath: "jobs:writeViaAction", args: [{ note: "raw" }] });
    const response = await s.next((m) => m.type === "ActionResponse");
    expect(response).toEqual({ type: "ActionResponse", requestId: 1, success: true, result: null, logLines: [] });
  });
});

describe("Authenticate", () => {
  test("None, User and Admin each move the identity version", async () => {
    const keys = await authKeys();
    const s = await RawSession.open();
    s.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [{ type: "Add", queryId: 0, udfPath: "users:whoami", args: [{}] }],
    });
    await s.transition();

    s.send({ type: "Authenticate", tokenType: "User", value: await keys.sign({ sub: "u1", iss: backend.siteUrl }), baseVersion: 0 });
    const asUser = await s.transition();
    expect(asUser.endVersion.identity).toBe(1);
    expect(asUser.modifications).toEqual([
      expect.objectContaining({ queryId: 0, value: { subject: "u1", issuer: backend.siteUrl, tokenIdentifier: `${backend.siteUrl}|u1` } }),
    ]);

    s.send({
      type: "Authenticate",
      tokenType: "Admin",
      value: backend.adminKey,
      baseVersion: 1,
      impersonating: { subject: "impersonated", issuer: "https://x" },
    });
    const asAdmin = await s.transition();
    expect(asAdmin.endVersion.identity).toBe(2);
    expect(asAdmin.modifications).toEqual([expect.objectContaining({ value: expect.objectContaining({ subject: "impersonated" }) })]);

    s.send({ type: "Authenticate", tokenType: "None", baseVersion: 2 });
    const anonymous = await s.transition();
    expect(anonymous.endVersion.identity).toBe(3);
    expect(anonymous.modifications).toEqual([expect.objectContaining({ queryId: 0, value: null })]);
  });

  test("re-authenticating as the same identity (token refresh) keeps subscriptions live", async () => {
    const keys = await authKeys();
    const s = await RawSession.open();
    const name = `refresh-${Date.now()}`;
    s.send({
      type: "ModifyQuerySet",
      baseVersion: 0,
      newVersion: 1,
      modifications: [{ type: "Add", queryId: 0, udfPath: "counter:get", args: [{ name }] }],
    });
    await s.transition();
    for (const [baseVersion, iat] of [[0, 0], [1, 5]] as const) {
      const token = await keys.sign({ sub: "same-user", iss: backend.siteUrl, issuedAt: Math.floor(Date.now() / 1000) - iat });
      s.send({ type: "Authenticate", tokenType: "User", value: token, baseVersion });
      expect((await s.transition()).endVersion.identity).toBe(baseVersion + 1);
    }
    s.send({ type: "Mutation", requestId: 0, udfPath: "counter:increment", args: [{ name }] });
    const update = await s.next(
      (m) => m.type === "Transition" && (m.modifications as Array<{ value?: { value: number } | null }>).some((x) => x.value?.value === 1),
    );
    expect(update).toBeDefined();
  });

  test("a bad token gets an AuthError for that attempt and leaves the identity unchanged", async () => {
    const s = await RawSession.open();
    s.send({ type: "Authenticate", tokenType: "User", value: "not.a.jwt", baseVersion: 0 });
    const error = await s.next((m) => m.type === "AuthError");
    expect(error).toMatchObject({ baseVersion: 0, authUpdateAttempted: true });
    s.send({ type: "Authenticate", tokenType: "Admin", value: "wrong", baseVersion: 0 });
    expect(await s.next((m) => m.type === "AuthError")).toMatchObject({ error: expect.stringMatching(/admin key/), baseVersion: 0 });
  });

  test("a token that expires while connected gets an AuthError the client treats as a refresh request", async () => {
    const keys = await authKeys();
    const s = await RawSession.open();
    const shortLived = await keys.sign({ sub: "u2", iss: backend.siteUrl, expiresInSeconds: 1 });
    s.send({ type: "Authenticate", tokenType: "User", value: shortLived, baseVersion: 0 });
    expect((await s.transition()).endVersion.identity).toBe(1);
    const error = await s.next((m) => m.type === "AuthError", 3000);
    // baseVersion + 1 is the identity version the client holds, so it acts on it.
    expect(error).toMatchObject({ baseVersion: 0, authUpdateAttempted: false });
    s.send({ type: "Mutation", requestId: 0, udfPath: "counter:increment", args: [{ name: "expired" }] });
    expect(await s.next((m) => m.type === "AuthError")).toMatchObject({ authUpdateAttempted: false });
  });
});
