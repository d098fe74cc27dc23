import { createWriteStream, mkdirSync, mkdtempSync, rmSync, type WriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ensureEnvLocal } from "../../tools/dev/env-local";
import { freePorts } from "../../tools/dev/ports";
import { Supervisor, type LineListener } from "../../tools/dev/processes";
import { localBin, REPO_ROOT } from "../../tools/dev/repo";
import { hasFakeAnthropic, startBackend, startFakeAnthropic, startVite } from "../../tools/dev/services";
import { launchChromium } from "./browser";

// One stack per run: fake Anthropic, the offline backend on a fresh data
// directory, the built SPA under `vite preview`, and Chromium. Everything
// binds 127.0.0.1 on free ports and lives in a temp directory, so runs
// neither collide with `npm run dev` nor touch the developer's data or
// .env.local. Screenshots and logs go to artifacts/e2e/.

export const ARTIFACTS_DIR = join(REPO_ROOT, "artifacts", "e2e");
const LOGS_DIR = join(ARTIFACTS_DIR, "logs");

export interface Stack {
  /** The SPA, as the browser opens it. */
  appUrl: string;
  backendUrl: string;
  backendSiteUrl: string;
  /** Null when tools/fake-anthropic does not exist. */
  fakeAnthropicUrl: string | null;
}

export interface Flow {
  name: string;
  run(harness: Harness): Promise<void>;
}

export class Harness {
  private readonly supervisor = new Supervisor((message) => this.note(message));
  private readonly logs = new Map<string, WriteStream>();
  private readonly contexts = new Set<BrowserContext>();
  private readonly browserErrors: string[] = [];
  private readonly cspViolations: string[] = [];
  private browser: Browser | null = null;
  private tempDir: string | null = null;
  private stackInfo: Stack | null = null;
  private tornDown: Promise<void> | null = null;
  private backendOptions: Parameters<typeof startBackend>[1] | null = null;
  private backendChild: Awaited<ReturnType<typeof startBackend>>["child"] | null = null;
  private deployments = 0;

  constructor(private readonly note: (message: string) => void = (message) => process.stderr.write(`[e2e] ${message}\n`)) {}

  get stack(): Stack {
    if (!this.stackInfo) throw new Error("the stack is not started");
    return this.stackInfo;
  }

  async start(): Promise<Stack> {
    rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
    mkdirSync(LOGS_DIR, { recursive: true });
    this.tempDir = mkdtempSync(join(tmpdir(), "framewise-e2e-"));
    const [backendPort, sitePort, fakePort, appPort] = (await freePorts(4)) as [number, number, number, number];
    const appUrl = `http://127.0.0.1:${appPort}`;
    const predictedBackendUrl = `http://127.0.0.1:${backendPort}`;

    // The backend's environment: fresh auth keys, SITE_URL = where the browser opens the app.
    const envFile = join(this.tempDir, ".env.local");
    await ensureEnvLocal(REPO_ROOT, { path: envFile, siteUrl: appUrl, offline: { fakeAnthropicPort: fakePort } });

    // The three are independent, and the build is the slow part, so they overlap.
    const fake = hasFakeAnthropic()
      ? startFakeAnthropic(this.supervisor, { port: fakePort, onLine: this.logTo("anthropic") })
      : (this.note("tools/fake-anthropic/main.ts does not exist: running without the fake Anthropic server"), Promise.resolve(null));
    this.backendOptions = {
      port: backendPort,
      sitePort,
      dataDir: join(this.tempDir, "data-0"),
      extraArgs: ["--env-file", envFile, "--no-fsync"],
      onLine: this.logTo("backend"),
    };
    const backend = startBackend(this.supervisor, this.backendOptions).then((started) => ((this.backendChild = started.child), started));
    const distDir = join(this.tempDir, "dist");
    const built = this.buildSpa(predictedBackendUrl, distDir);
    // Kept as soon as it exists, so teardown closes it even if something else failed.
    const browser = launchChromium().then((launched) => (this.browser = launched));
    await allSettledOrThrow([fake, backend, built, browser]);
    const [fakeStarted, backendStarted] = [await fake, await backend];

    if (backendStarted.url !== predictedBackendUrl) {
      // Only if the backend ever reports another URL than the port implies.
      await this.buildSpa(backendStarted.url, distDir);
    }
    await startVite(this.supervisor, {
      mode: "preview",
      port: appPort,
      strictPort: true,
      // Serves the build in the temp dir, not the developer's dist/.
      extraArgs: ["--outDir", distDir],
      // vite.config.ts builds the Content-Security-Policy's connect-src from it.
      env: { ...process.env, VITE_CONVEX_URL: backendStarted.url },
      onLine: this.logTo("vite-preview"),
    });
    this.stackInfo = {
      appUrl,
      backendUrl: backendStarted.url,
      backendSiteUrl: backendStarted.siteUrl,
      fakeAnthropicUrl: fakeStarted?.url ?? null,
    };
    return this.stackInfo;
  }

  /**
   * Gives the next flow an empty deployment: the backend restarts on the same
   * ports (the built SPA points at them) with a new data directory, so every
   * flow starts as a fresh install (its first user becomes the admin).
   */
  async freshDeployment(): Promise<void> {
    if (!this.backendOptions || !this.backendChild || !this.tempDir) throw new Error("the stack is not started");
    await this.closeContexts();
    await this.backendChild.stop();
    this.backendOptions = { ...this.backendOptions, dataDir: join(this.tempDir, `data-${++this.deployments}`) };
    this.backendChild = (await startBackend(this.supervisor, this.backendOptions)).child;
  }

  /** A page in a fresh browser context: its own cookies and storage, i.e. another user. */
  async newPage(): Promise<Page> {
    if (!this.browser) throw new Error("the browser is not running");
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 800 } });
    this.contexts.add(context);
    context.on("close", () => this.contexts.delete(context));
    // Runs in the page before its own scripts; Playwright injects it outside the page's CSP.
    await context.exposeBinding(CSP_BINDING, (_source, violation: unknown) => void this.cspViolations.push(`CSP violation: ${String(violation)}`));
    await context.addInitScript(CSP_LISTENER);
    const page = await context.newPage();
    const log = this.logTo("browser");
    page.on("console", (message) => {
      const line = `console.${message.type()}: ${message.text()}`;
      log(line, "stdout");
      if (message.type() === "error") this.browserErrors.push(line);
      if (/Content Security Policy/i.test(message.text())) this.cspViolations.push(line);
    });
    // Without the header, "no violations" would prove nothing.
    page.on("response", (response) => {
      const appUrl = this.stackInfo?.appUrl;
      if (!appUrl || response.request().resourceType() !== "document" || !response.url().startsWith(appUrl)) return;
      if (!response.headers()["content-security-policy"]) this.cspViolations.push(`no Content-Security-Policy on ${response.url()}`);
    });
    page.on("pageerror", (error) => {
      const line = `page error: ${error.message}`;
      log(line, "stderr");
      this.browserErrors.push(line);
    });
    return page;
  }

  /** Saves a full-page PNG as artifacts/e2e/<name>.png and returns its path. */
  async screenshot(page: Page, name: string): Promise<string> {
    const path = join(ARTIFACTS_DIR, `${name}.png`);
    await page.screenshot({ path, fullPage: true, timeout: 10_000 });
    return path;
  }

  /** Screenshots of every open page, for a failed flow; never throws. */
  async screenshotAll(prefix: string): Promise<string[]> {
    const paths: string[] = [];
    let index = 0;
    for (const context of this.contexts) {
      for (const page of context.pages()) {
        index++;
        try {
          paths.push(await this.screenshot(page, `${prefix}-${index}`));
        } catch {
          // A crashed page cannot be captured; the logs still say what happened.
        }
      }
    }
    return paths;
  }

  /** Closes the flow's browser contexts so the next flow starts clean. */
  async closeContexts(): Promise<void> {
    await Promise.all([...this.contexts].map((context) => context.close().catch(() => undefined)));
    this.contexts.clear();
  }

  /** Fails the flow if any page reported a Content-Security-Policy violation (or was served without a policy) since the last call. */
  assertNoCspViolations(): void {
    const violations = this.takeCspViolations();
    if (violations.length) throw new Error(`the app broke its Content-Security-Policy:\n${[...new Set(violations)].slice(0, 10).join("\n")}`);
  }

  /** Content-Security-Policy violations since the last call (or assertNoCspViolations). */
  takeCspViolations(): string[] {
    return this.cspViolations.splice(0);
  }

  /** Browser console errors and page errors since the last call. */
  takeBrowserErrors(): string[] {
    return this.browserErrors.splice(0);
  }

  /** Stops the browser and every server and removes the temp directory; safe to call more than once. */
  teardown(): Promise<void> {
    this.tornDown ??= (async () => {
      if (this.browser) {
        await withTimeout(this.browser.close(), 5_000).catch(() => undefined);
      }
      await this.supervisor.stopAll();
      for (const stream of this.logs.values()) stream.end();
      if (this.tempDir) rmSync(this.tempDir, { recursive: true, force: true });
    })();
    return this.tornDown;
  }

  /** Last resort from `process.on("exit")`, where nothing asynchronous runs. */
  killNow(): void {
    this.supervisor.killAllNow();
  }

  private async buildSpa(convexUrl: string, outDir: string): Promise<void> {
    const build = await this.supervisor.start({
      name: "vite-build",
      command: localBin("vite"),
      args: ["build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
      cwd: REPO_ROOT,
      // Environment variables beat .env files in Vite, so a developer's .env.local cannot leak in.
      env: { ...process.env, VITE_CONVEX_URL: convexUrl },
      onLine: this.logTo("vite-build"),
    });
    const { code, signal } = await build.exited;
    if (code !== 0) throw new Error(`vite build failed (${signal ?? `exit code ${code}`}):\n${build.tail()}`);
  }

  private logTo(name: string): LineListener {
    let stream = this.logs.get(name);
    if (!stream) {
      stream = createWriteStream(join(LOGS_DIR, `${name}.log`), { flags: "a" });
      this.logs.set(name, stream);
    }
    const target = stream;
    return (line, source) => void target.write(`${source === "stderr" ? "! " : "  "}${line}\n`);
  }
}

const CSP_BINDING = "__framewiseCspViolation";
// A string, not a function: the test runner's transpiler may add helpers a page does not have.
const CSP_LISTENER = `document.addEventListener("securitypolicyviolation", (event) => {
  window.${CSP_BINDING}(event.effectiveDirective + " blocked " + (event.blockedURI || "inline code") + " at " + event.sourceFile + ":" + event.lineNumber);
});`;

/** Waits for all, so nothing is left starting unobserved, then throws the first failure (naming any others). */
async function allSettledOrThrow(promises: ReadonlyArray<Promise<unknown>>): Promise<void> {
  const failures = (await Promise.allSettled(promises)).flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
  if (failures.length === 0) return;
  const first = failures[0] instanceof Error ? failures[0] : new Error(String(failures[0]));
  if (failures.length > 1) first.message += `\n(and ${failures.length - 1} more: ${failures.slice(1).map((f) => (f instanceof Error ? f.message.split("\n")[0] : String(f))).join("; ")})`;
  throw first;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms}ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
