import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { chromium, type Browser } from "playwright-core";

// The browser tests drive the system Chromium (Debian's `chromium` package)
// rather than a Playwright-downloaded build: there is no internet to
// download one, and CI installs the package.

export function findChromium(): string {
  const override = process.env.CHROMIUM_PATH;
  if (override) return override;
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    for (const name of ["chromium", "chromium-browser"]) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  throw new Error("Chromium is not installed: run `apt-get update && apt-get install -y chromium` (or set CHROMIUM_PATH)");
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: findChromium(),
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    // The harness closes the browser itself on signals, after saving what it can.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 30_000,
  });
}
