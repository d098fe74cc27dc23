/**
 * Crash safety with the real CLI in a child process: every acknowledged write
 * and the scheduler's state survive `kill -9`; a clean SIGTERM exits 0.
 * Also the persistence format itself (torn log tail, snapshot + log replay).
 */
import fs from "node:fs";
import path from "node:path";
import { ConvexClient, ConvexHttpClient } from "convex/browser";
import { anyApi } from "convex/server";
import { afterAll, describe, expect, test } from "vitest";
import type { CommitEvent, StoredDocument } from "./convex-test-adapter";
import { Persistence } from "./persistence";
import { authKeys, FIXTURE_FUNCTIONS_DIR, spawnBackend, tempDataDir, waitFor, type ChildBackend, removeTempDirs } from "./test-helpers";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const api = anyApi as any;

const children: ChildBackend[] = [];
const clients: ConvexClient[] = [];

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  for (const child of children) if (child.process.exitCode === null) child.process.kill("SIGKILL");
  await Promise.all(children.map((child) => child.exited));
  removeTempDirs();
});

async function writeEnvFile(dir: string): Promise<string> {
  const keys = await authKeys();
  const file = path.join(dir, "env.local");
  // As the generator writes it: the PEM on one line, newlines replaced by spaces.
  fs.writeFileSync(file, `JWT_PRIVATE_KEY="${keys.env.JWT_PRIVATE_KEY}"\nJWKS=${keys.env.JWKS}\nSITE_URL=http://localhost:5173\n`);
  return file;
}

async function start(dataDir: string, envFile: string): Promise<ChildBackend> {
  const child = await spawnBackend([
    "--port", "0", "--site-port", "0", "--data-dir", dataDir, "--functions-dir", FIXTURE_FUNCTIONS_DIR, "--env-file", envFile, "--quiet",
  ]);
  children.push(child);
  return child;
}

describe("crash safety (child process)", () => {
  test("acknowledged writes and scheduled jobs survive kill -9", async () => {
    const dataDir = tempDataDir("crash");
    const envFile = await writeEnvFile(dataDir);
    const first = await start(dataDir, envFile);
    expect(first.stdout()).toBe(`backend ready ${first.url} ${first.siteUrl}\n`);

    const c = new ConvexClient(first.url, { logger: false });
    clients.push(c);
    const http = new ConvexHttpClient(first.url, { logger: false });
    // A job due after the crash, one due during it.
    const lateJob = (await http.mutation(api.jobs.scheduleRecord, { delayMs: 1500, note: "after-crash" })) as string;
    await http.mutation(api.jobs.scheduleRecord, { delayMs: 300, note: "during-crash" });
    // Acknowledged writes from both clients, some in flight concurrently.
    const acknowledged: string[] = [];
    await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        await (i % 2 === 0 ? c : http).mutation(api.messages.send, { body: `w${i}` });
        acknowledged.push(`w${i}`);
      }),
    );
    first.process.kill("SIGKILL");
    expect(await first.exited).toBeNull();

    const second = await start(dataDir, envFile);
    const after = new ConvexHttpClient(second.url, { logger: false });
    const bodies = ((await after.query(api.messages.list, {})) as Array<{ body: string }>).map((m) => m.body);
    expect(bodies.filter((b) => b.startsWith("w")).sort()).toEqual([...acknowledged].sort());

    // Both jobs run once the backend is back, each exactly once.
    await waitFor(
      async () => {
        const ran = (await after.query(api.jobs.byKind, { kind: "scheduled" })) as string[];
        return ran.includes("after-crash") && ran.includes("during-crash") ? ran : undefined;
      },
      8000,
      "scheduled jobs after restart",
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ran = (await after.query(api.jobs.byKind, { kind: "scheduled" })) as string[];
    expect(ran.filter((n) => n === "after-crash")).toHaveLength(1);
    expect(ran.filter((n) => n === "during-crash")).toHaveLength(1);
    expect(await after.query(api.jobs.jobState, { id: lateJob })).toBe("success");

    second.process.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(second.stdout().split("\n").filter(Boolean)).toHaveLength(1);
    // A clean stop leaves a snapshot and an empty log.
    expect(fs.statSync(path.join(dataDir, "commits.log")).size).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "snapshot.json"))).toBe(true);
  });
});

describe("persistence format", () => {
  const doc = (id: string, body: string): StoredDocument => ({ _id: id, _creationTime: 1, body });
  const commit = (ts: bigint, writes: CommitEvent["writes"]): CommitEvent => ({ ts, writes, before: writes.map(() => null), nextDocId: 10_100, lastCreationTime: 5, tag: undefined });

  test("replays the log over the snapshot and drops a torn last line", async () => {
    const dir = tempDataDir("format");
    const { persistence } = Persistence.open({ dataDir: dir });
    persistence.appendCommit(commit(10n, [["1messages", doc("1messages", "a")]]), undefined);
    persistence.compact({ documents: { "1messages": doc("1messages", "a") }, nextDocId: 10_100, lastCreationTime: 5, lastCommitTs: 10n });
    persistence.appendCommit(commit(20n, [["2messages", doc("2messages", "b")]]), "session/1");
    persistence.appendMutationResult("session/1", 20n, "2messages");
    persistence.appendCommit(commit(30n, [["1messages", null]]), undefined);
    await persistence.waitDurable(30n);
    await persistence.close();
    fs.appendFileSync(path.join(dir, "commits.log"), '{"k":"c","ts":"40","w":[["3mess');

    const { persistence: reopened, state } = Persistence.open({ dataDir: dir });
    expect(Object.keys(state.documents)).toEqual(["2messages"]);
    expect(state.lastCommitTs).toBe(30n);
    expect(reopened.ledger.get("session/1")).toEqual({ ts: 20n, result: "2messages" });
    expect(fs.readFileSync(path.join(dir, "commits.log"), "utf8").endsWith("\n")).toBe(true);
    await reopened.close();
  });

  test("a data directory is used by one backend at a time", () => {
    const dir = tempDataDir("lock");
    const { persistence } = Persistence.open({ dataDir: dir });
    expect(() => Persistence.open({ dataDir: dir })).toThrow(/already used/);
    void persistence.close();
  });
});
