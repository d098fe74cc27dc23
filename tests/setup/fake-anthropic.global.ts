import type { TestProject } from "vitest/node";
import { startFakeAnthropic, type FakeAnthropicServer } from "../../tools/fake-anthropic/server";

/**
 * convex-test suites run in the edge runtime, which cannot open a server, so
 * the fake Anthropic servers start here in Node and their URLs are injected.
 * `open` has no rate limit of its own; `limited` enforces a small one so
 * admission tests can prove the gateway never trips it; `slow` streams at 25
 * tokens a second, so a test can act on a reply while it is still streaming
 * however loaded the machine is.
 */
declare module "vitest" {
  export interface ProvidedContext {
    fakeAnthropicUrl: string;
    limitedFakeAnthropicUrl: string;
    slowFakeAnthropicUrl: string;
  }
}

// The 10 % the gateway leaves unused buys window/9 of jitter between admitting
// a call and it reaching the server; a 4.5 s window tolerates 500 ms, which a
// loaded 2-core CI machine needs (2 s windows tripped the limit now and then).
export const LIMITED_RPM = 40;
export const LIMITED_WINDOW_MS = 4500;

let servers: FakeAnthropicServer[] = [];

export async function setup(project: TestProject) {
  const open = await startFakeAnthropic({ rpm: 0, ttftMs: 20, tps: 400, seed: 7 });
  const limited = await startFakeAnthropic({ rpm: LIMITED_RPM, windowMs: LIMITED_WINDOW_MS, ttftMs: 5, tps: 2000, seed: 7 });
  const slow = await startFakeAnthropic({ rpm: 0, ttftMs: 20, tps: 25, seed: 7 });
  servers = [open, limited, slow];
  project.provide("fakeAnthropicUrl", open.url);
  project.provide("limitedFakeAnthropicUrl", limited.url);
  project.provide("slowFakeAnthropicUrl", slow.url);
}

export async function teardown() {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
}
