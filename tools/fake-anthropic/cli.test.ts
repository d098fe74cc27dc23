import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCliArgs } from "./cli-args";
import { rateLimitHeaders, SlidingWindowLimiter } from "./limiter";

describe("parseCliArgs", () => {
  it("maps every flag to a server option", () => {
    const parsed = parseCliArgs([
      "--port", "8788", "--host", "127.0.0.1", "--seed", "abc", "--ttft-ms", "10", "--tps", "100", "--rpm", "5",
      "--window-ms=1000", "--fault-rate", "0.2", "--faults", "429,reset", "--fault-after-tokens", "3",
      "--api-key", "k", "--base-date", "2026-01-05", "--verbose",
    ]);
    expect(parsed).toEqual({
      kind: "run",
      verbose: true,
      options: {
        port: 8788, host: "127.0.0.1", seed: "abc", ttftMs: 10, tps: 100, rpm: 5, windowMs: 1000, faultRate: 0.2,
        faults: ["429", "reset"], faultAfterTokens: 3, apiKey: "k", baseDate: "2026-01-05",
      },
    });
  });

  it("reports unknown flags, missing values and bad numbers or fault kinds", () => {
    expect(parseCliArgs(["--nope"])).toEqual({ kind: "error", message: "unknown flag --nope" });
    expect(parseCliArgs(["--port"])).toMatchObject({ kind: "error", message: "--port needs a value" });
    expect(parseCliArgs(["--tps", "fast"])).toMatchObject({ kind: "error" });
    expect(parseCliArgs(["--faults", "429,oops"])).toMatchObject({ kind: "error", message: expect.stringContaining("oops") });
    expect(parseCliArgs(["--help"])).toEqual({ kind: "help" });
  });
});

describe("SlidingWindowLimiter", () => {
  it("admits `limit` requests per window and frees slots as they age out", () => {
    let now = 1_000;
    const limiter = new SlidingWindowLimiter(2, 100, () => now);
    expect(limiter.take()).toMatchObject({ allowed: true, remaining: 1 });
    now = 1_050;
    expect(limiter.take()).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.take()).toMatchObject({ allowed: false, retryAfterMs: 50 });
    now = 1_100;
    expect(limiter.take()).toMatchObject({ allowed: true });
    const refused = limiter.take();
    expect(refused.allowed).toBe(false);
    expect(rateLimitHeaders(refused)).toMatchObject({ "anthropic-ratelimit-requests-limit": "2", "anthropic-ratelimit-requests-remaining": "0" });
  });

  it("is disabled by a limit of 0", () => {
    const limiter = new SlidingWindowLimiter(0, 100);
    for (let i = 0; i < 10; i++) expect(limiter.take().allowed).toBe(true);
  });
});

describe("main.ts", () => {
  it("prints one ready line, serves, and exits cleanly on SIGTERM", async () => {
    const main = fileURLToPath(new URL("./main.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));
    const child = spawn(process.execPath, [tsx, main, "--port", "0", "--ttft-ms", "1", "--tps", "10000"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8");
    const ready = new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: string) => {
        stdout += chunk;
        const m = /^fake-anthropic ready (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
    });
    const url = await ready;
    const res = await fetch(`${url}/v1/models`, { headers: { "x-api-key": "k", "anthropic-version": "2023-06-01" } });
    expect(res.status).toBe(200);
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toHaveLength(1);
  });
});
