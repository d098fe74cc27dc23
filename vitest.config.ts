import { defineConfig } from "vitest/config";

// Three kinds of test, each in the runtime it targets:
// - convex: functions through convex-test, in the edge runtime Convex uses;
// - node: pure logic, the offline backend and the fake Anthropic server;
// - react: components in jsdom.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "convex",
          // Functions log every call; show that output only for tests that fail.
          silent: "passed-only",
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
          silent: "passed-only",
          include: ["tools/**/*.test.ts", "src/**/*.test.ts", "tests/unit/**/*.test.ts"],
          environment: "node",
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "react",
          silent: "passed-only",
          include: ["src/**/*.test.tsx"],
          environment: "jsdom",
        },
      },
    ],
  },
});
