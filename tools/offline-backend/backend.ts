/**
 * Assembles the offline backend: two HTTP servers (the deployment API with
 * the sync WebSocket, and the site serving `convex/http.ts`), the engine,
 * persistence, subscriptions, scheduler and crons.
 *
 * Functions read `process.env`, so the deployment's environment is installed
 * there; as a consequence one process runs at most one backend at a time.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { TokenVerifier, type AuthProviderConfig } from "./auth-tokens";
import { CronRunner, cronSpecsFromModule } from "./crons";
import { Engine } from "./engine";
import { loadEnvFile } from "./env-file";
import { FunctionRegistry } from "./function-registry";
import { createApiHandler } from "./http-api";
import { resolveLimits, type LimitOverrides, type LimitSettings } from "./limits";
import { Persistence } from "./persistence";
import { Scheduler } from "./scheduler";
import { createSiteHandler } from "./site-server";
import { QueryRegistry } from "./subscriptions";
import { SyncServer } from "./sync-server";
import { UploadTokens } from "./upload-tokens";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface BackendOptions {
  /** API / WebSocket port; 0 = any free port. Default 3210. */
  port?: number;
  /** Site (HTTP actions) port; 0 = any free port. Default 3211. */
  sitePort?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Default `<repo>/.framewise/offline-data`. */
  dataDir?: string;
  /** Convex functions directory. Default `<repo>/convex`. */
  functionsDir?: string;
  /** dotenv file with the deployment's environment; `null` for none. Default `<repo>/.env.local`. */
  envFile?: string | null;
  /** Extra environment variables (override the env file). */
  env?: Record<string, string>;
  /** Admin key accepted for admin auth. Default: `<dataDir>/admin_key`, created on first start. */
  adminKey?: string;
  /** fdatasync commits before acknowledging them. Default true. */
  fsync?: boolean;
  /** Backend log lines (errors, function console output). Default: stderr. */
  log?: (line: string) => void;
  /** Echo functions' console output to `log`. Default true. */
  echoFunctionLogs?: boolean;
  /** Idle time before a session is sent a Ping. Default 15 s (tests shorten it). */
  pingIntervalMs?: number;
  /** Lower (or raise) Convex's limits, e.g. `{documentsRead: 50}` in tests (limits.ts). Default: Convex's numbers. */
  limits?: LimitOverrides;
}

export interface RunningBackend {
  /** Deployment URL for clients, e.g. http://127.0.0.1:3210. */
  url: string;
  /** Site URL (HTTP actions), e.g. http://127.0.0.1:3211. */
  siteUrl: string;
  adminKey: string;
  dataDir: string;
  /** The limits in force (Convex's unless overridden). */
  limits: LimitSettings;
  /** Live counters, for tests and diagnostics. */
  stats(): BackendStats;
  /** Stops serving, waits for running jobs briefly, snapshots and releases the data directory. */
  close(): Promise<void>;
}

export interface BackendStats {
  /** Open WebSocket sessions. */
  sessions: number;
  /** Distinct subscribed queries (function, args, identity). */
  subscribedQueries: number;
  /** Query executions for subscriptions since start. */
  subscriptionRuns: number;
  /** The same, by function path (e.g. "messages:list"). */
  subscriptionRunsByFunction: Record<string, number>;
  lastCommitTs: bigint;
}

let active = false;

export async function startBackend(options: BackendOptions = {}): Promise<RunningBackend> {
  if (active) throw new Error("An offline backend is already running in this process (functions share process.env)");
  active = true;
  const cleanups: Array<() => Promise<void> | void> = [];
  try {
    return await start(options, cleanups);
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup();
    active = false;
    throw error;
  }
}

async function start(options: BackendOptions, cleanups: Array<() => Promise<void> | void>): Promise<RunningBackend> {
  const host = options.host ?? "127.0.0.1";
  const limits = resolveLimits(options.limits);
  const dataDir = path.resolve(options.dataDir ?? path.join(REPO_ROOT, ".framewise", "offline-data"));
  const functionsDir = path.resolve(options.functionsDir ?? path.join(REPO_ROOT, "convex"));
  const writeLog = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (message: string) => writeLog(`[offline-backend] ${message}`);

  // Listen first: the URLs are part of the functions' environment. Requests
  // arriving before start-up completes wait for it.
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let apiHandler: http.RequestListener = () => undefined;
  let siteHandler: http.RequestListener = () => undefined;
  let upgrade: (req: http.IncomingMessage, socket: import("node:stream").Duplex, head: Buffer) => void = (_req, socket) =>
    socket.destroy();
  const apiServer = http.createServer((req, res) => void ready.then(() => apiHandler(req, res)));
  apiServer.on("upgrade", (req, socket, head: Buffer) => void ready.then(() => upgrade(req, socket, head)));
  const siteServer = http.createServer((req, res) => void ready.then(() => siteHandler(req, res)));
  const apiPort = await listen(apiServer, options.port ?? 3210, host);
  cleanups.push(() => closeServer(apiServer));
  const sitePort = await listen(siteServer, options.sitePort ?? 3211, host);
  cleanups.push(() => closeServer(siteServer));
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  const url = `http://${urlHost}:${apiPort}`;
  const siteUrl = `http://${urlHost}:${sitePort}`;

  const envBefore = { ...process.env };
  const restoreEnv = () => {
    for (const key of Object.keys(process.env)) if (!(key in envBefore)) delete process.env[key];
    Object.assign(process.env, envBefore);
  };
  cleanups.push(restoreEnv);
  const envFile = options.envFile === undefined ? path.join(REPO_ROOT, ".env.local") : options.envFile;
  Object.assign(process.env, envFile === null ? {} : loadEnvFile(envFile), options.env ?? {}, {
    CONVEX_SITE_URL: siteUrl,
    CONVEX_CLOUD_URL: url,
  });

  const { persistence, state } = Persistence.open({ dataDir, fsync: options.fsync });
  cleanups.push(() => persistence.close());
  const adminKey = options.adminKey ?? readOrCreateAdminKey(dataDir);
  const uploadTokens = new UploadTokens(adminKey);

  const registry = await FunctionRegistry.load(functionsDir);
  const echo = options.echoFunctionLogs === false ? () => undefined : (label: string, line: string) => writeLog(`${label} ${line}`);
  const engine = await Engine.start({
    registry,
    cloudUrl: url,
    echo,
    log,
    onFileStored: (storageId, blob) => persistence.storeFile(storageId, blob),
    issueUploadToken: () => uploadTokens.issue(),
    limits,
  });
  cleanups.push(() => engine.close());
  engine.restore(state);

  const queries = new QueryRegistry(engine);
  const authConfig = registry.defaultExport("auth.config") as { providers?: AuthProviderConfig[] } | undefined;
  const verifier = new TokenVerifier({
    providers: authConfig?.providers ?? [{ domain: siteUrl, applicationID: "convex" }],
    siteUrl,
    jwks: process.env.JWKS,
    adminKey,
  });
  const sync = new SyncServer({ engine, queries, verifier, persistence, log, pingIntervalMs: options.pingIntervalMs });
  const scheduler = new Scheduler(engine, log);
  const crons = new CronRunner(engine, log);

  // Order matters: the commit is logged before anything can expose it.
  engine.onCommit((event) => {
    const tag = event.tag as { requestKey?: string } | undefined;
    persistence.appendCommit(event, tag?.requestKey);
    queries.onCommit(event);
    scheduler.onCommit(event);
    sync.onCommit(event);
    if (persistence.wantsCompaction && !compactionScheduled) {
      compactionScheduled = true;
      setImmediate(() => {
        compactionScheduled = false;
        persistence.compact(currentState());
      });
    }
  });
  let compactionScheduled = false;
  const currentState = () => ({
    documents: engine.adapter.documents as Record<string, never>,
    nextDocId: engine.adapter.nextDocId,
    lastCreationTime: engine.adapter.lastCreationTime,
    lastCommitTs: engine.lastCommitTs,
  });
  if (persistence.wantsCompaction) persistence.compact(currentState());

  await scheduler.recover();
  await crons.start(cronSpecsFromModule(registry.defaultExport("crons")));

  apiHandler = createApiHandler({ engine, verifier, persistence, uploadTokens, log });
  siteHandler = createSiteHandler({ engine, verifier, persistence, log });
  upgrade = (req, socket, head) => {
    if (!sync.handleUpgrade(req, socket, head)) socket.destroy();
  };
  markReady();
  log(
    `serving ${registry.all().length} functions from ${functionsDir}; data in ${dataDir} ` +
      `(admin key in ${options.adminKey === undefined ? path.join(dataDir, "admin_key") : "--admin-key"})`,
  );

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      sync.close();
      await Promise.all([closeServer(apiServer), closeServer(siteServer)]);
      queries.stop();
      // Running jobs get a moment to finish; the rest are recovered on restart.
      await Promise.race([Promise.all([scheduler.stop(), crons.stop()]), delay(2000)]);
      await persistence.close(currentState());
      engine.close();
      restoreEnv();
      active = false;
    })());
  const stats = (): BackendStats => ({
    sessions: sync.sessionCount,
    subscribedQueries: queries.size,
    subscriptionRuns: queries.runs,
    subscriptionRunsByFunction: Object.fromEntries(queries.runsByFunction),
    lastCommitTs: engine.lastCommitTs,
  });
  return { url, siteUrl, adminKey, dataDir, limits, stats, close };
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function readOrCreateAdminKey(dataDir: string): string {
  const file = path.join(dataDir, "admin_key");
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8").trim();
  const key = `offline|${randomBytes(24).toString("hex")}`;
  fs.writeFileSync(file, key, { mode: 0o600 });
  return key;
}
