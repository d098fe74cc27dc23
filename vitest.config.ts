import { defineConfig } from "vitest/config";

// Three kinds of test, each in the runtime it targets:
// - convex: functions through convex-test, in the edge runtime Convex uses;
// - node: pure logic, the offline backend and the fake Anthropic server;
// - react: components in jsdom.
export default defineConfig({
  test: {
    // Functions log every call; show that output only for tests that fail.
    silent: "passed-only",
    projects: [
      {
        test: {
          name: "convex",
          include: ["convex/**/*.test.ts"],
          environment: "edge-runtime",
          server: { deps: { inline: ["convex-test"] } },
          globalSetup: ["tests/setup/fake-anthropic.global.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "node",
          include: ["tools/**/*.test.ts", "src/**/*.test.ts", "tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "react",
          include: ["src/**/*.test.tsx"],
          environment: "jsdom",
        },
      },
    ],
  },
});
