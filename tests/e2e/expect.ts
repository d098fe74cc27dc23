import type { Locator, Page } from "playwright-core";

// playwright-core has no `expect`; these few waiting assertions are all the
// flows need. Each polls until it holds or the timeout passes, then fails
// with what it saw, since the UI updates asynchronously over the websocket.

export const DEFAULT_TIMEOUT_MS = 15_000;

export class AssertionError extends Error {
  override name = "AssertionError";
}

async function poll<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<{ ok: boolean; last: T | undefined; error?: unknown }> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  for (;;) {
    try {
      last = await read();
      error = undefined;
      if (ok(last)) return { ok: true, last };
    } catch (err) {
      error = err;
    }
    if (Date.now() >= deadline) return { ok: false, last, error };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function matches(actual: string, expected: string | RegExp): boolean {
  return typeof expected === "string" ? actual.trim() === expected : expected.test(actual);
}

/** The first element of `locator` has exactly this text (trimmed), or matches the pattern. */
export async function expectText(locator: Locator, expected: string | RegExp, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const result = await poll(() => locator.first().textContent({ timeout: 1_000 }), (text) => text !== null && matches(text, expected), timeoutMs);
  if (!result.ok) {
    throw new AssertionError(`${what}: expected text ${String(expected)}, saw ${result.last === undefined ? "no element" : JSON.stringify(result.last)}`);
  }
}

export async function expectVisible(locator: Locator, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  try {
    await locator.first().waitFor({ state: "visible", timeout: timeoutMs });
  } catch {
    throw new AssertionError(`${what}: not visible within ${timeoutMs / 1000}s`);
  }
}

export async function expectCount(locator: Locator, count: number, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const result = await poll(() => locator.count(), (n) => n === count, timeoutMs);
  if (!result.ok) throw new AssertionError(`${what}: expected ${count}, found ${result.last ?? "?"}`);
}

/** The element's value (inputs, selects). */
export async function expectValue(locator: Locator, expected: string, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const result = await poll(() => locator.inputValue({ timeout: 1_000 }), (value) => value === expected, timeoutMs);
  if (!result.ok) throw new AssertionError(`${what}: expected value ${JSON.stringify(expected)}, saw ${JSON.stringify(result.last ?? null)}`);
}

/** The page's path (no origin) equals `path`. */
export async function expectPath(page: Page, path: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const result = await poll(async () => new URL(page.url()).pathname, (actual) => actual === path, timeoutMs);
  if (!result.ok) throw new AssertionError(`expected to be at ${path}, but the page is at ${page.url()}`);
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}
