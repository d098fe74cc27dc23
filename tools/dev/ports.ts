import { createServer } from "node:net";

export const LOOPBACK = "127.0.0.1";

/** True when nothing listens on host:port (we can bind it ourselves). */
export function isPortFree(port: number, host = LOOPBACK): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A port the OS considers free right now. Another process could take it
 * before our child binds it; the child then fails to start and says so,
 * which is rare enough on a developer machine or CI runner to accept.
 */
export function freePort(host = LOOPBACK): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("the OS gave no port"))));
    });
  });
}

/** `preferred` when free, else any free port; `moved` says which happened. */
export async function pickPort(preferred: number, host = LOOPBACK, avoid: readonly number[] = []): Promise<{ port: number; moved: boolean }> {
  if (!avoid.includes(preferred) && (await isPortFree(preferred, host))) return { port: preferred, moved: false };
  return { port: await freePorts(1, host, avoid).then((ports) => ports[0]!), moved: true };
}

/** `count` distinct free ports, none of them in `avoid`. */
export async function freePorts(count: number, host = LOOPBACK, avoid: readonly number[] = []): Promise<number[]> {
  const ports: number[] = [];
  // The OS can hand the same ephemeral port out twice in a row once it is closed again.
  for (let attempts = 0; ports.length < count; attempts++) {
    if (attempts > count * 20) throw new Error(`could not find ${count} free ports on ${host}`);
    const port = await freePort(host);
    if (!ports.includes(port) && !avoid.includes(port)) ports.push(port);
  }
  return ports;
}
