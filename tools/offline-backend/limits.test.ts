/**
 * Convex's limits, enforced with Convex's messages: per-transaction reads and
 * writes (lowered through the override, so each test stays small),
 * scheduling, document shape and size, arguments and return values (nesting
 * included: a value nested 20 000 levels deep is refused and the server stays
 * up), execution time. Plus: the defaults are Convex's documented numbers.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import WebSocket from "ws";
import type { RunningBackend } from "./backend";
import { parseCliArgs } from "./cli-args";
import { CONVEX_LIMITS, DEFAULT_LIMIT_SETTINGS, formatBinarySize, formatBytes, resolveLimits, type LimitOverrides } from "./limits";
import { removeTempDirs, startTestBackend } from "./test-helpers";

const LOWERED: LimitOverrides = {
  documentsRead: 30,
  bytesRead: 8_000,
  databaseQueries: 20,
  documentsWritten: 30,
  bytesWritten: 20_000,
  functionsScheduled: 5,
  scheduledFunctionArgsBytes: 400,
  argumentsSize: 50_000,
  returnValueSize: 100_000,
  // Deterministic: only `spin` runs anywhere near a second.
  executionTime: "enforce",
};

let backend: RunningBackend;
let logLines: string[] = [];
const safety = setTimeout(() => void backend?.close(), 90_000).unref();

beforeAll(async () => {
  backend = await startTestBackend({ limits: LOWERED, log: (line) => logLines.push(line) });
});

afterAll(async () => {
  clearTimeout(safety);
  await backend.close();
  removeTempDirs();
});

type Reply = { status: number; value?: unknown; errorMessage?: string };

/** A raw HTTP API call; `rawArgs` is sent as is (for values no JSON.stringify could build). */
async function call(kind: "query" | "mutation", path: string, args: unknown, rawArgs?: string): Promise<Reply> {
  const body = rawArgs === undefined ? JSON.stringify({ path, args: [args], format: "convex_encoded_json" }) : `{"path":${JSON.stringify(path)},"args":[${rawArgs}],"format":"convex_encoded_json"}`;
  const response = await fetch(`${backend.url}/api/${kind}`, { method: "POST", headers: { "content-type": "application/json" }, body });
  const json = (await response.json()) as { value?: unknown; errorMessage?: string };
  return { ...json, status: response.status };
}

async function ok(kind: "query" | "mutation", path: string, args: unknown): Promise<unknown> {
  const reply = await call(kind, path, args);
  if (reply.status !== 200) throw new Error(`${path} failed: ${reply.errorMessage}`);
  return reply.value;
}

/** The message a client sees, without the request id line. */
async function failure(kind: "query" | "mutation", path: string, args: unknown, rawArgs?: string): Promise<string> {
  const reply = await call(kind, path, args, rawArgs);
  expect(reply.status).toBe(560);
  expect(reply.errorMessage).toMatch(/^\[Request ID: [0-9a-f]+\] Server Error\n/);
  return (reply.errorMessage ?? "").replace(/^\[Request ID: [0-9a-f]+\] Server Error\n/, "");
}

const count = (group: string) => ok("query", "limits:count", { group });

/** `{"a":{"a":...1...}}` nested `depth` levels, built as text (no recursion anywhere). */
function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

const HELP = "Consider using smaller limits in your queries, paginating your queries, or using indexed queries with a selective index range expressions.";

describe("defaults", () => {
  test("are Convex's documented limits (docs.convex.dev/production/state/limits)", () => {
    const MiB = 1024 * 1024;
    expect(CONVEX_LIMITS).toEqual({
      // Transactions
      documentsRead: 32_000,
      bytesRead: 16 * MiB,
      databaseQueries: 4_096,
      documentsWritten: 16_000,
      bytesWritten: 16 * MiB,
      returnValueSize: 16 * MiB,
      // Execution time and scheduling
      executionTimeMs: 1_000,
      functionsScheduled: 1_000,
      scheduledFunctionArgsBytes: 16 * MiB,
      // Documents
      documentSize: MiB,
      documentNesting: 16,
      objectFields: 1_024,
      arrayLength: 8_192,
      // Functions; value nesting from Convex's backend (MAX_NESTING)
      argumentsSize: 16 * MiB,
      valueNesting: 64,
    });
    expect(resolveLimits()).toEqual({ ...CONVEX_LIMITS, executionTime: "warn", executionTimeMultiplier: 1 });
    expect(DEFAULT_LIMIT_SETTINGS.executionTime).toBe("warn");
    expect(backend.limits).toEqual({ ...DEFAULT_LIMIT_SETTINGS, ...LOWERED });
  });

  test("are overridden per limit (--limit NAME=VALUE); unknown names and bad values are refused", () => {
    expect(parseCliArgs(["--limit", "documentsRead=10", "--limit=executionTime=enforce"]).limits).toEqual({
      documentsRead: 10,
      executionTime: "enforce",
    });
    expect(() => parseCliArgs(["--limit", "documentsScanned=10"])).toThrow(/unknown limit "documentsScanned"/);
    expect(() => parseCliArgs(["--limit", "documentsRead=-1"])).toThrow(/positive number/);
    expect(() => resolveLimits({ executionTime: "sometimes" as never })).toThrow(/warn, enforce or off/);
  });

  test("sizes print as Convex prints them", () => {
    expect(formatBinarySize(1024 * 1024)).toBe("1 MiB");
    expect(formatBinarySize(1024 * 1024 + 80)).toBe("1.00 MiB");
    expect(formatBinarySize(1536)).toBe("1.50 KiB");
    expect(formatBinarySize(512)).toBe("512 B");
    expect(formatBytes(16 * 1024 * 1024)).toBe("16 MiB");
    expect(formatBytes(20_000)).toBe("20 KB");
    expect(formatBytes(1534)).toBe("1534 bytes");
  });
});

describe("transaction limits (lowered)", () => {
  test("documents read: 30 are fine, 40 fail the query, and reads through ctx.runQuery count", async () => {
    await ok("mutation", "limits:insertMany", { group: "read-docs", n: 20 });
    await ok("mutation", "limits:insertMany", { group: "read-docs", n: 20 });
    expect(await ok("query", "limits:countFirst", { group: "read-docs", n: 30 })).toBe(30);
    expect(await failure("query", "limits:count", { group: "read-docs" })).toBe(
      `Uncaught Error: Too many documents read in a single function execution (limit: 30). ${HELP}`,
    );
    expect(await failure("mutation", "limits:countThenInsert", { group: "read-docs", into: "read-docs-out" })).toMatch(
      /^Uncaught Error: Too many documents read in a single function execution \(limit: 30\)/,
    );
    expect(await count("read-docs-out")).toBe(0);
  });

  test("bytes read", async () => {
    await ok("mutation", "limits:insertMany", { group: "read-bytes", n: 4, size: 2_500 });
    expect(await ok("query", "limits:countFirst", { group: "read-bytes", n: 2 })).toBe(2);
    expect(await failure("query", "limits:count", { group: "read-bytes" })).toBe(
      `Uncaught Error: Too many bytes read in a single function execution (limit: 8000 bytes). ${HELP}`,
    );
  });

  test("index ranges read (each db.get and db.query)", async () => {
    const ids = (await ok("mutation", "limits:insertMany", { group: "ranges", n: 21 })) as string[];
    expect(await ok("query", "limits:getMany", { ids: ids.slice(0, 20) })).toBe(20);
    expect(await failure("query", "limits:getMany", { ids })).toBe(`Uncaught Error: Too many reads in a single function execution (limit: 20). ${HELP}`);
  });

  test("documents written: the mutation fails and nothing is committed", async () => {
    expect(await failure("mutation", "limits:insertMany", { group: "write-docs", n: 31 })).toBe(
      "Uncaught Error: Too many writes in a single function execution (limit: 30)",
    );
    expect(await count("write-docs")).toBe(0);
  });

  test("bytes written", async () => {
    expect(await failure("mutation", "limits:insertMany", { group: "write-bytes", n: 5, size: 5_000 })).toBe(
      "Uncaught Error: Too many bytes written in a single function execution (limit: 20 KB)",
    );
    expect(await count("write-bytes")).toBe(0);
  });

  test("functions scheduled, and the total size of their arguments", async () => {
    expect(await ok("mutation", "limits:scheduleMany", { n: 5 })).toBe(5);
    expect(await failure("mutation", "limits:scheduleMany", { n: 6 })).toBe("Uncaught Error: Too many functions scheduled by this mutation (limit: 5)");
    expect(await failure("mutation", "limits:scheduleMany", { n: 3, note: "n".repeat(150) })).toBe(
      "Uncaught Error: Too large total size of the arguments of scheduled functions from this mutation (limit: 400 bytes)",
    );
  });
});

describe("arguments and return values", () => {
  test("arguments nested 20 000 levels deep are refused with Convex's message, and the server stays up", async () => {
    const message = await failure("query", "limits:echo", null, `{"value":${nestedJson(20_000)}}`);
    expect(message).toBe("Invalid arguments for limits.js:echo: Value is too nested (nested 65 levels deep > maximum nesting 64)");
    expect(await failure("mutation", "limits:insertValue", null, `{"group":"deep","value":${nestedJson(20_000)}}`)).toBe(
      "Invalid arguments for limits.js:insertValue: Value is too nested (nested 65 levels deep > maximum nesting 64)",
    );
    expect(await ok("query", "limits:echo", { value: "still up" })).toBe("still up");
  });

  test("the argument array may nest 64 levels (args object 63), not 65", async () => {
    // [ {value: <62 levels>} ] is 64 levels deep.
    expect(await call("query", "limits:echo", null, `{"value":${nestedJson(62)}}`)).toMatchObject({ status: 200 });
    expect(await failure("query", "limits:echo", null, `{"value":${nestedJson(63)}}`)).toMatch(/Value is too nested \(nested 65 levels deep > maximum nesting 64\)/);
  });

  test("over the WebSocket: deep arguments fail the query or mutation, not the session", async () => {
    const ws = new WebSocket(`${backend.url.replace("http", "ws")}/api/1.48.0/sync`);
    const inbox: Array<Record<string, unknown>> = [];
    ws.on("message", (data) => inbox.push(JSON.parse(data.toString()) as Record<string, unknown>));
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    const next = async (type: string) => {
      const deadline = Date.now() + 5000;
      for (;;) {
        const index = inbox.findIndex((m) => m.type === type);
        if (index !== -1) return inbox.splice(index, 1)[0] as Record<string, unknown>;
        if (Date.now() > deadline) throw new Error(`no ${type}; inbox: ${JSON.stringify(inbox).slice(0, 500)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    try {
      ws.send(JSON.stringify({ type: "Connect", sessionId: crypto.randomUUID(), connectionCount: 0, lastCloseReason: null, clientTs: Date.now() }));
      const deep = `{"value":${nestedJson(20_000)}}`;
      ws.send(
        `{"type":"ModifyQuerySet","baseVersion":0,"newVersion":1,"modifications":[` +
          `{"type":"Add","queryId":0,"udfPath":"limits:echo","args":[${deep}]},` +
          `{"type":"Add","queryId":1,"udfPath":"limits:echo","args":[{"value":"fine"}]}]}`,
      );
      const transition = await next("Transition");
      expect(transition.modifications).toEqual([
        expect.objectContaining({
          type: "QueryFailed",
          queryId: 0,
          errorMessage: expect.stringMatching(/Invalid arguments for limits\.js:echo: Value is too nested \(nested 65 levels deep > maximum nesting 64\)$/),
        }),
        expect.objectContaining({ type: "QueryUpdated", queryId: 1, value: "fine" }),
      ]);
      ws.send(`{"type":"Mutation","requestId":0,"udfPath":"limits:insertValue","args":[{"group":"deep-ws","value":${nestedJson(20_000)}}]}`);
      const response = await next("MutationResponse");
      expect(response).toMatchObject({ requestId: 0, success: false, result: expect.stringMatching(/Value is too nested/) });
      ws.send(JSON.stringify({ type: "Mutation", requestId: 1, udfPath: "limits:insertValue", args: [{ group: "deep-ws", value: 1 }] }));
      expect(await next("MutationResponse")).toMatchObject({ requestId: 1, success: true });
      expect(ws.readyState).toBe(WebSocket.OPEN);
    } finally {
      ws.close();
    }
  });

  test("functions calling or scheduling functions: the same argument limits", async () => {
    // {value: <62 levels>} inside the argument array is 64 levels.
    expect(await ok("mutation", "limits:callWithDepth", { depth: 62, via: "runQuery" })).toBeDefined();
    expect(await failure("mutation", "limits:callWithDepth", { depth: 63, via: "runQuery" })).toBe(
      "Uncaught Error: Invalid arguments for limits.js:echoInternal: Value is too nested (nested 65 levels deep > maximum nesting 64)",
    );
    expect(await failure("mutation", "limits:callWithDepth", { depth: 63, via: "schedule" })).toBe(
      "Uncaught Error: Invalid arguments for limits.js:echoInternal: Value is too nested (nested 65 levels deep > maximum nesting 64)",
    );
  });

  test("objects and arrays in arguments have the document limits on fields and elements", async () => {
    const fields = Object.fromEntries(Array.from({ length: 1025 }, (_, i) => [`f${i}`, i]));
    expect(await failure("query", "limits:echo", { value: fields })).toBe(
      "Invalid arguments for limits.js:echo: Object has too many fields (1025 > maximum number 1024)",
    );
    expect(await failure("query", "limits:echo", { value: Array.from({ length: 8193 }, () => 0) })).toBe(
      "Invalid arguments for limits.js:echo: Array length is too long (8193 > maximum length 8192)",
    );
  });

  test("argument size", async () => {
    expect(await ok("query", "limits:echo", { value: "x".repeat(49_000) })).toHaveLength(49_000);
    expect(await failure("query", "limits:echo", { value: "x".repeat(50_000) })).toMatch(
      /^Arguments for limits\.js:echo are too large \(actual: 48\.8\d KiB, limit: 48\.83 KiB\)$/,
    );
  });

  test("return value size, and arrays in return values", async () => {
    expect(await ok("query", "limits:returnString", { size: 99_000 })).toHaveLength(99_000);
    expect(await failure("query", "limits:returnString", { size: 100_000 })).toMatch(
      /^Function limits\.js:returnString return value is too large \(actual: 97\.66 KiB, limit: 97\.66 KiB\)$/,
    );
    expect(await ok("query", "limits:returnArray", { n: 8192 })).toHaveLength(8192);
    expect(await failure("query", "limits:returnArray", { n: 8193 })).toBe(
      "Function limits.js:returnArray return value invalid: Array length is too long (8193 > maximum length 8192)",
    );
  });
});

describe("execution time", () => {
  test("enforced: a mutation running past 1 s fails with Convex's message and is rolled back", async () => {
    expect(await failure("mutation", "limits:spin", { group: "slow", ms: 1_300 })).toBe("Function execution timed out (maximum duration: 1s)");
    expect(await count("slow")).toBe(0);
  });
});

describe("Convex's own limits (only the execution time lowered, in the default warn mode)", () => {
  beforeAll(async () => {
    await backend.close();
    logLines = [];
    backend = await startTestBackend({ limits: { executionTimeMs: 100 }, log: (line) => logLines.push(line) });
  });

  test("size: 1 MiB including system fields, on insert and on the document a patch produces", async () => {
    const id = (await ok("mutation", "limits:insertValue", { group: "doc-size", value: "x".repeat(512 * 1024) })) as string;
    expect(await failure("mutation", "limits:insertValue", { group: "doc-size", value: "x".repeat(1024 * 1024) })).toBe(
      "Uncaught Error: Value is too large (1.00 MiB > maximum size 1 MiB)",
    );
    // Neither value alone is too large; the patched document would be 1.09 MiB.
    expect(await failure("mutation", "limits:patchExtra", { id, extra: "y".repeat(600 * 1024) })).toBe(
      "Uncaught Error: Value is too large (1.09 MiB > maximum size 1 MiB)",
    );
    expect(await count("doc-size")).toBe(1);
  });

  test("a refused write is not stored even when the function catches the error", async () => {
    expect(await ok("mutation", "limits:insertValueCaught", { group: "caught", value: "x".repeat(1024 * 1024) })).toBe(
      "Value is too large (1.00 MiB > maximum size 1 MiB)",
    );
    expect(await count("caught")).toBe(0);
  });

  test("nesting: 16 levels (the document itself is one)", async () => {
    await ok("mutation", "limits:insertShape", { group: "doc-nesting", depth: 15 });
    expect(await failure("mutation", "limits:insertShape", { group: "doc-nesting", depth: 16 })).toMatch(
      /^Uncaught Error: \{.*\} isn't a valid document: Document is too nested \(nested 17 levels deep > maximum nesting 16\)$/,
    );
    expect(await count("doc-nesting")).toBe(1);
  });

  test("fields per object and array elements", async () => {
    await ok("mutation", "limits:insertShape", { group: "doc-shape", fields: 1024, elements: undefined });
    await ok("mutation", "limits:insertShape", { group: "doc-shape", elements: 8192 });
    expect(await failure("mutation", "limits:insertShape", { group: "doc-shape", fields: 1025 })).toBe(
      "Uncaught Error: Object has too many fields (1025 > maximum number 1024)",
    );
    expect(await failure("mutation", "limits:insertShape", { group: "doc-shape", elements: 8193 })).toBe(
      "Uncaught Error: Array length is too long (8193 > maximum length 8192)",
    );
    expect(await count("doc-shape")).toBe(2);
  });

  test("by default only a warning in the backend log, and the result stands", async () => {
    expect(await ok("mutation", "limits:spin", { group: "slow-warn", ms: 250 })).toBe(250);
    expect(await count("slow-warn")).toBe(1);
    expect(logLines.join("\n")).toMatch(/warning: M\(limits:spin\) ran \d+ ms; Convex stops queries and mutations after 100 ms/);
  });
});
