/**
 * "A backend restart during the batch changes nothing but the wall time":
 * the real offline backend in a child process, killed with SIGKILL while a
 * batch's attempts are streaming from the fake, then started again on the
 * same data. The killed attempts are found by llm/recovery.ts's cron and run
 * again; every item ends with exactly one conversation and one counted attempt.
 */
import { ConvexClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, expect, test } from "vitest";
import { startFakeAnthropic, type FakeAnthropicServer } from "../../tools/fake-anthropic/server";
import { waitFor } from "../../tools/offline-backend/test-helpers";
import { signUp, starterVersion, startOfflineApp, type OfflineApp } from "../support/offlineApp";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const step of cleanups.reverse()) await step();
});

type Item = { _id: string; status: string; attempts: number; conversationId?: string };
type Progress = { batch: { status: string; counts: Record<string, number> }; done: number };

test("a batch killed mid-attempt with SIGKILL finishes after a restart: nothing lost, nothing doubled, no attempt counted twice", async () => {
  // ~220 output tokens at 20 a second: each attempt streams for about 11 s, so the kill lands mid-attempt even on a loaded machine.
  const fake: FakeAnthropicServer = await startFakeAnthropic({ ttftMs: 200, tps: 20, rpm: 0, seed: 11 });
  cleanups.push(() => fake.close());
  const app: OfflineApp = await startOfflineApp({ fakePort: fake.port, lifetimeMs: 170_000 });
  cleanups.push(() => app.stop());
  const client = new ConvexClient(app.backend.url, { logger: false });
  cleanups.push(() => client.close());
  await signUp(client, "restart-admin@example.com");
  const { versionId } = await starterVersion(client, "Coaching conversation");

  const { batchId } = await client.mutation(api.studio.generation.batches.createBatch, {
    name: "restart",
    versionId,
    matrix: [
      { variable: "framework", values: ["GROW"] },
      { variable: "persona", values: ["first-time manager", "senior engineer", "startup founder"] },
      { variable: "emotion", values: ["anxious", "hopeful"] },
      { variable: "topic", values: ["delegating work to former peers"] },
    ],
    mode: "all",
    options: { concurrency: 3 },
  });
  let latest: Progress | undefined;
  const unsubscribe = client.onUpdate(api.studio.generation.batches.getBatch, { batchId }, (p: Progress) => (latest = p));
  cleanups.push(unsubscribe);

  // Three attempts on the wire, streaming.
  await waitFor(() => (fake.stats().messages >= 3 && latest?.batch.counts.running === 3 ? true : undefined), 60_000, "three items running");
  const doneAtKill = latest?.done ?? 0;
  await app.kill9();
  await app.restart();

  // Recovery runs every 30 s; then the cut-off items and the rest run as before.
  await waitFor(() => (latest?.batch.status === "completed" ? true : undefined), 140_000, "the batch to complete after the restart");
  const items = (await client.query(api.studio.generation.batches.listBatchItems, { batchId, paginationOpts: { numItems: 50, cursor: null } })).page as Item[];
  expect(items).toHaveLength(6);
  expect(items.map((i) => i.status)).toEqual(Array(6).fill("succeeded"));
  // The interrupted attempt was given back: no fault, so every item took one counted attempt.
  expect(items.map((i) => i.attempts)).toEqual(Array(6).fill(1));
  const conversations = await client.query(api.studio.quality.conversations.listConversations, { batchId, paginationOpts: { numItems: 50, cursor: null } });
  expect(conversations.page).toHaveLength(6);
  expect(new Set(items.map((i) => i.conversationId)).size).toBe(6);
  // The fake served the cut-off attempts as well as the six that counted: the kill did cut some off.
  expect(doneAtKill).toBeLessThan(3);
  expect(fake.stats().messages).toBeGreaterThan(6);
}, 180_000);
