import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { freePorts, isPortFree, pickPort } from "./ports";
import { StartError, startChild, Supervisor } from "./processes";

const node = process.execPath;

/** Running, not merely an unreaped zombie (containers often have no init reaping orphans). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

describe("startChild", () => {
  it("resolves with the ready line's match, colours stripped", async () => {
    const child = await startChild({
      name: "echo",
      command: node,
      args: ["-e", "console.log('noise'); console.log('\\u001b[32mready http://x:1\\u001b[0m'); setInterval(() => {}, 1000)"],
      ready: /^ready (\S+)$/,
    });
    expect(child.readyMatch?.[1]).toBe("http://x:1");
    expect(child.tail()).toContain("noise");
    const exit = await child.stop();
    expect(exit.signal).toBe("SIGTERM");
  });

  it("fails with the child's output when it exits before it is ready", async () => {
    const start = startChild({
      name: "crasher",
      command: node,
      args: ["-e", "console.error('boom: port taken'); process.exit(3)"],
      ready: /^ready$/,
    });
    await expect(start).rejects.toThrow(StartError);
    await expect(start).rejects.toThrow(/crasher exited before it was ready \(exit code 3\)[\s\S]*boom: port taken/);
  });

  it("fails after the timeout and kills the silent child", async () => {
    const start = startChild({ name: "silent", command: node, args: ["-e", "setInterval(() => {}, 1000)"], ready: /ready/, readyTimeoutMs: 300 });
    await expect(start).rejects.toThrow(/silent printed no ready line within 0s/);
  });

  it("fails at once on a failure line from a process that lives on (a watcher)", async () => {
    const started = Date.now();
    const start = startChild({
      name: "watched",
      command: node,
      args: ["-e", "console.error('[offline-backend] failed to start: syntax error'); setInterval(() => {}, 1000)"],
      ready: /^backend ready/,
      failure: /failed to start/,
      readyTimeoutMs: 20_000,
    });
    await expect(start).rejects.toThrow(/watched failed to start[\s\S]*syntax error/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("says so when the command does not exist", async () => {
    await expect(startChild({ name: "ghost", command: "/nonexistent/bin", args: [] })).rejects.toThrow(/ghost could not be started/);
  });

  it("stops grandchildren with the child (process group), even ones that ignore SIGTERM", async () => {
    const script = `
      const { spawn } = require("node:child_process");
      const grandchild = spawn(process.execPath, ["-e", "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: "ignore" });
      console.log("ready " + grandchild.pid);
      setInterval(() => {}, 1000);`;
    const child = await startChild({ name: "parent", command: node, args: ["-e", script], ready: /^ready (\d+)$/ });
    const grandchildPid = Number(child.readyMatch![1]);
    expect(alive(grandchildPid)).toBe(true);
    await child.stop(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(grandchildPid)).toBe(false);
  });
});

describe("Supervisor", () => {
  it("stops every child, including one that failed to become ready", async () => {
    const supervisor = new Supervisor(() => {});
    const a = await supervisor.start({ name: "a", command: node, args: ["-e", "console.log('up'); setInterval(() => {}, 1000)"], ready: /up/ });
    await expect(
      supervisor.start({ name: "b", command: node, args: ["-e", "setInterval(() => {}, 1000)"], ready: /never/, readyTimeoutMs: 200 }),
    ).rejects.toThrow(StartError);
    await supervisor.stopAll();
    expect(a.isRunning()).toBe(false);
    expect(supervisor.isStopping()).toBe(true);
    await expect(supervisor.start({ name: "c", command: node, args: [] })).rejects.toThrow(/shutting down/);
  });
});

describe("ports", () => {
  it("finds distinct free ports and moves off a taken one", async () => {
    const [a, b] = await freePorts(2);
    expect(a).not.toBe(b);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(a, "127.0.0.1", resolve));
    try {
      expect(await isPortFree(a!)).toBe(false);
      const picked = await pickPort(a!);
      expect(picked.moved).toBe(true);
      expect(picked.port).not.toBe(a);
      expect(await pickPort(b!)).toEqual({ port: b, moved: false });
    } finally {
      server.close();
    }
  });
});
