/**
 * The sync protocol against the real `convex/browser` clients: subscriptions,
 * read-your-writes, ordering, optimistic updates, errors, deduplication,
 * reconnects.
 */
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { ConvexReactClient } from "convex/react";
import WebSocket from "ws";
import { anyApi } from "convex/server";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { RunningBackend } from "./backend";
import { nextValue, startTestBackend, waitFor, removeTempDirs } from "./test-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;

type Message = { body: string; author: string | null };

let backend: RunningBackend;
const clients: ConvexClient[] = [];
const safety = setTimeout(() => void backend?.close(), 60_000).unref();

function client(): ConvexClient {
  const c = new ConvexClient(backend.url, { logger: false });
  clients.push(c);
  return c;
}

function watch<T>(c: ConvexClient, ref: unknown, args: Record<string, unknown>) {
  return (callback: (value: T) => void) => c.onUpdate(ref as never, args as never, callback as never);
}

beforeAll(async () => {
  backend = await startTestBackend();
});

afterAll(async () => {
  clearTimeout(safety);
  await Promise.all(clients.map((c) => c.close()));
  await backend.close();
  removeTempDirs();
});

describe("subscriptions", () => {
  test("subscribe, mutate, see the update; the mutation resolves after its result is visible", async () => {
    const c = client();
    const first = await nextValue<Message[]>(watch(c, api.messages.list, {}), () => true);
    const seen: Message[][] = [];
    const unsubscribe = c.onUpdate(api.messages.list, {}, (v: Message[]) => seen.push(v));
    await c.mutation(api.messages.send, { body: "hello" });
    // Read-your-writes: by the time the mutation resolves, the subscription has the write.
    expect(c.client.localQueryResult("messages:list", {})).toEqual([...first, { body: "hello", author: null }]);
    await waitFor(() => (seen.at(-1)?.length === first.length + 1 ? true : undefined));
    unsubscribe();
  });

  test("results arrive in mutation order", async () => {
    const writer = client();
    const reader = client();
    const counts: number[] = [];
    const base = await nextValue<number>(watch(reader, api.messages.count, {}), () => true);
    reader.onUpdate(api.messages.count, {}, (n: number) => counts.push(n));
    const sends = Array.from({ length: 20 }, (_, i) => writer.mutation(api.messages.send, { body: `m${i}` }));
    await Promise.all(sends);
    await waitFor(() => (counts.at(-1) === base + 20 ? true : undefined));
    // Never goes backwards and never skips past the final state.
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1] as number);
    const bodies = (await writer.query(api.messages.list, {})) as Message[];
    expect(bodies.slice(-20).map((m) => m.body)).toEqual(Array.from({ length: 20 }, (_, i) => `m${i}`));
  });

  test("an optimistic update shows at once and is replaced by the server result", async () => {
    const c = client();
    const before = await nextValue<Message[]>(watch(c, api.messages.list, {}), () => true);
    const states: Message[][] = [];
    c.onUpdate(api.messages.list, {}, (v: Message[]) => states.push(v));
    await waitFor(() => (states.length > 0 ? true : undefined));
    const pending = c.mutation(
      api.messages.send,
      { body: "optimistic" },
      {
        optimisticUpdate: (store) => {
          const current = store.getQuery(api.messages.list, {}) as Message[] | undefined;
          if (current !== undefined) store.setQuery(api.messages.list, {}, [...current, { body: "optimistic", author: "local" }]);
        },
      },
    );
    // Applied synchronously, before any server round trip.
    expect(states.at(-1)?.at(-1)).toEqual({ body: "optimistic", author: "local" });
    await pending;
    await waitFor(() => (states.at(-1)?.at(-1)?.author === null ? true : undefined));
    expect(states.at(-1)).toEqual([...before, { body: "optimistic", author: null }]);
    // Never both the optimistic and the real message at once.
    for (const state of states) expect(state.length).toBeLessThanOrEqual(before.length + 1);
  });

  test("ConvexReactClient: watchQuery and an optimistic mutation", async () => {
    const react = new ConvexReactClient(backend.url, {
      webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
      logger: false,
      unsavedChangesWarning: false,
    });
    try {
      const name = `react-${Date.now()}`;
      const watch = react.watchQuery(api.counter.get, { name });
      const values: Array<{ value: number } | null | undefined> = [];
      watch.onUpdate(() => values.push(watch.localQueryResult() as { value: number } | null | undefined));
      await waitFor(() => (values.includes(null) ? true : undefined));
      const done = react.mutation(api.counter.increment, { name }, {
        optimisticUpdate: (store) => store.setQuery(api.counter.get, { name }, { value: 1, at: 0 }),
      });
      expect(values.at(-1)).toEqual({ value: 1, at: 0 });
      expect(await done).toBe(1);
      expect(watch.localQueryResult()).toEqual({ value: 1, at: expect.any(Number) });
      expect((watch.localQueryResult() as { at: number }).at).toBeGreaterThan(0);
    } finally {
      await react.close();
    }
  });

  test("50 concurrent clients on the same query share one execution per change", async () => {
    const many = Array.from({ length: 50 }, () => client());
    const name = `shared-${Date.now()}`;
    await Promise.all(many.map((c) => nextValue(watch(c, api.counter.get, { name }), (v) => v === null)));
    const runsBefore = backend.stats().subscriptionRuns;
    const writer = client();
    await writer.mutation(api.counter.increment, { name });
    await Promise.all(
      many.map((c) => nextValue<{ value: number } | null>(watch(c, api.counter.get, { name }), (v) => v?.value === 1)),
    );
    // One re-run for the shared query (other subscriptions may re-run too, but not 50 times).
    expect(backend.stats().subscriptionRuns - runsBefore).toBeLessThan(5);
    await Promise.all(many.map((c) => c.mutation(api.counter.increment, { name })));
    await Promise.all(
      many.map((c) => nextValue<{ value: number } | null>(watch(c, api.counter.get, { name }), (v) => v?.value === 51)),
    );
  });

  test("identical queries with different arguments are separate", async () => {
    const c = client();
    await c.mutation(api.counter.increment, { name: "a-sep" });
    const [a, b] = await Promise.all([
      nextValue<{ value: number } | null>(watch(c, api.counter.get, { name: "a-sep" }), () => true),
      nextValue<{ value: number } | null>(watch(c, api.counter.get, { name: "b-sep" }), () => true),
    ]);
    expect(a?.value).toBe(1);
    expect(b).toBeNull();
  });
});

describe("errors", () => {
  test("ConvexError data reaches the client as on Convex", async () => {
    const c = client();
    const error = await c.mutation(api.messages.failWithData, {}).catch((e: unknown) => e);
    expect((error as { data: unknown }).data).toEqual({ code: "TOO_LONG", max: 10n, tags: ["a", "b"] });
    expect((error as Error).message).toMatch(/\[Request ID: [0-9a-f]+\] Server Error/);
    // The failed mutation's write was rolled back.
    const messages = (await c.query(api.messages.list, {})) as Message[];
    expect(messages.some((m) => m.body === "never committed")).toBe(false);
  });

  test("a failing query is delivered as a query error with its data", async () => {
    const c = client();
    const error = await new Promise<unknown>((resolve) => c.onUpdate(api.messages.failWithString, {}, () => undefined, resolve));
    expect((error as { data: unknown }).data).toBe("plain message");
  });

  test("uncaught errors are a server error with a request id, without the stack", async () => {
    const c = client();
    const error = (await c.mutation(api.messages.crash, {}).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/\[Request ID: [0-9a-f]{16}\] Server Error\nUncaught Error: kaboom/);
    expect(error.message).not.toMatch(/messages\.ts:\d+/);
  });

  test("unknown, internal and wrong-kind functions fail clearly", async () => {
    const c = client();
    await expect(c.mutation(api.messages.nope, {})).rejects.toThrow(
      "Could not find public function for 'messages:nope'. Did you forget to run `npx convex dev` or `npx convex deploy`?",
    );
    await expect(c.mutation(api.messages.sendInternal, { body: "x" })).rejects.toThrow(
      "Could not find public function for 'messages:sendInternal'",
    );
    await expect(c.mutation(api.messages.list, {})).rejects.toThrow(
      "Trying to execute messages:list as Mutation, but it is defined as Query.",
    );
    await expect(c.action(api.messages.send, { body: "x" })).rejects.toThrow(
      "Trying to execute messages:send as Action, but it is defined as Mutation.",
    );
  });

  test("argument and return validators are enforced", async () => {
    const c = client();
    await expect(c.mutation(api.messages.send, { body: 7 })).rejects.toThrow(
      /ArgumentValidationError: Value does not match validator\.\nPath: \.body\nValue: 7\nValidator: v\.string\(\)/,
    );
    await expect(c.mutation(api.messages.send, {})).rejects.toThrow(/Object is missing the required field `body`/);
    await expect(c.mutation(api.messages.send, { body: "x", extra: 1 })).rejects.toThrow(/extra field `extra`/);
    await expect(c.mutation(api.messages.badReturn, {})).rejects.toThrow(/ReturnsValidationError/);
    // Convex rolls back a mutation whose result fails its validator.
    const messages = (await c.query(api.messages.list, {})) as Message[];
    expect(messages.some((m) => m.body === "rolled back by the returns validator")).toBe(false);
  });
});

describe("actions and other writers", () => {
  test("writes from actions and HTTP actions reach subscribers", async () => {
    const c = client();
    const note = `n-${Date.now()}`;
    await nextValue<(string | null)[]>(watch(c, api.jobs.byKind, { kind: "action" }), () => true);
    const seen = nextValue<(string | null)[]>(watch(c, api.jobs.byKind, { kind: "action" }), (v) => v.includes(note));
    expect(await c.action(api.jobs.writeViaAction, { note })).toBeNull();
    await seen;

    const http = nextValue<Message[]>(watch(c, api.messages.list, {}), (v) => v.some((m) => m.body === "via-site"));
    const response = await fetch(`${backend.siteUrl}/post-message`, { method: "POST", body: "via-site" });
    expect(response.status).toBe(200);
    await http;
  });

  test("clients reconnect and re-sync after the backend restarts", async () => {
    const c = client();
    const http = new ConvexHttpClient(backend.url, { logger: false });
    const name = `restart-${Date.now()}`;
    await c.mutation(api.counter.increment, { name });
    await nextValue<{ value: number } | null>(watch(c, api.counter.get, { name }), (v) => v?.value === 1);
    const { url, dataDir } = backend;
    const port = Number(new URL(url).port);
    const sitePort = Number(new URL(backend.siteUrl).port);
    await backend.close();
    backend = await startTestBackend({ port, sitePort, dataDir });
    // The client re-sends its query set on a fresh connection and gets current data.
    await http.mutation(api.counter.increment, { name });
    await nextValue<{ value: number } | null>(watch(c, api.counter.get, { name }), (v) => v?.value === 2, 10_000);
    expect(await c.mutation(api.counter.increment, { name })).toBe(3);
  });
});
