/**
 * Loads a Convex functions directory the way `npx convex dev` would bundle
 * it (same choice of modules, see `classifyFiles`), imported eagerly so a
 * broken module fails at start-up rather than on first call.
 *
 * Produces the modules map convex-test expects (`"./convex/<path>.ts"` ->
 * loader, `_generated` included) and an index of registered functions, used
 * to apply the real backend's visibility and kind rules to client calls.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { checkValue, type ValidatorJson } from "./validators";

export type FunctionKind = "query" | "mutation" | "action";
export type Visibility = "public" | "internal";

export interface RegisteredFunction {
  udfPath: string;
  kind: FunctionKind;
  visibility: Visibility;
  args: ValidatorJson | null;
  returns: ValidatorJson | null;
}

type Module = Record<string, unknown>;

interface ConvexFunctionObject {
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  isPublic?: boolean;
  isInternal?: boolean;
  exportArgs?: () => string;
  exportReturns?: () => string;
  _handler?: (ctx: unknown, args: unknown) => unknown;
}

const SOURCE_EXTENSIONS = [".js", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".jsx"];

let loadCount = 0;

export class ReturnsValidationError extends Error {
  override name = "ReturnsValidationError";
}

/** Called inside the transaction when a handler returned; a throw fails the call (and rolls a mutation back). */
export interface HandlerHooks {
  afterReturn?(fn: RegisteredFunction, result: unknown, elapsedMs: number): void;
}

const ORIGINAL_HANDLER = Symbol.for("framewise.offline-backend.originalHandler");

export class FunctionRegistry {
  private constructor(
    /** Module path without extension (e.g. `messages`, `lib/x`) -> module. */
    readonly modules: Map<string, Module>,
    private readonly functions: Map<string, RegisteredFunction>,
    /** Keys as convex-test expects them, e.g. `./convex/messages.ts`. */
    readonly convexTestModules: Record<string, () => Promise<Module>>,
    /** Set by the engine (limits on return values and execution time). */
    readonly handlerHooks: HandlerHooks,
  ) {}

  static async load(functionsDir: string): Promise<FunctionRegistry> {
    const { entryPoints, generated, special } = await classifyFiles(functionsDir);
    if (generated.length === 0) {
      throw new Error(
        `No _generated directory in ${functionsDir}: run \`npx convex codegen\` (convex-test needs it to locate the functions).`,
      );
    }
    const importModule = async (file: string): Promise<Module> => {
      const url = pathToFileURL(path.join(functionsDir, file));
      // auth.config reads CONVEX_SITE_URL when evaluated; a backend started
      // again in the same process (tests) may have another site URL, so it
      // gets a fresh instance instead of the module cache's.
      if (/^auth\.config\.[^/]+$/.test(file)) url.search = `?load=${++loadCount}`;
      try {
        return (await import(url.href)) as Module;
      } catch (error) {
        throw new Error(`Failed to load ${path.join(functionsDir, file)}: ${(error as Error)?.stack ?? String(error)}`);
      }
    };
    const modules = new Map<string, Module>();
    const convexTestModules: Record<string, () => Promise<Module>> = {};
    // _generated is only needed by convex-test to find the root; load lazily.
    for (const file of generated) convexTestModules[`./convex/${file}`] = () => importModule(file);
    // Eagerly, like a push: a module that fails to load fails the start.
    for (const file of [...special, ...entryPoints]) {
      const mod = await importModule(file);
      modules.set(file.replace(/\.[^./]+$/, ""), mod);
      convexTestModules[`./convex/${file}`] = () => Promise.resolve(mod);
    }
    const functions = new Map<string, RegisteredFunction>();
    const hooks: HandlerHooks = {};
    for (const file of entryPoints) {
      const modulePath = file.replace(/\.[^./]+$/, "");
      for (const [exportName, value] of Object.entries(modules.get(modulePath) ?? {})) {
        const registered = describeFunction(`${modulePath}:${exportName}`, value);
        if (registered === null) continue;
        functions.set(registered.udfPath, registered);
        wrapHandler(value as ConvexFunctionObject, registered, hooks);
      }
    }
    return new FunctionRegistry(modules, functions, convexTestModules, hooks);
  }

  get(udfPath: string): RegisteredFunction | undefined {
    return this.functions.get(canonicalizeUdfPath(udfPath));
  }

  all(): RegisteredFunction[] {
    return [...this.functions.values()];
  }

  /** The default export of a top-level module, e.g. `schema`, `crons`, `auth.config`. */
  defaultExport(modulePath: string): unknown {
    return this.modules.get(modulePath)?.default;
  }

  /**
   * Resolves a function a client asked for, applying the backend's rules:
   * only public functions (unless admin), and only of the requested kind
   * (`kind` undefined = any, as `/api/function` allows).
   */
  resolveForClient(
    udfPath: string,
    kind: FunctionKind | undefined,
    isAdmin: boolean,
  ): { ok: true; fn: RegisteredFunction } | { ok: false; message: string } {
    const canonical = canonicalizeUdfPath(udfPath);
    const fn = this.functions.get(canonical);
    if (fn === undefined || (fn.visibility === "internal" && !isAdmin)) {
      return {
        ok: false,
        message: `Could not find public function for '${canonical}'. Did you forget to run \`npx convex dev\` or \`npx convex deploy\`?`,
      };
    }
    if (kind !== undefined && fn.kind !== kind) {
      return {
        ok: false,
        message: `Trying to execute ${canonical} as ${capitalize(kind)}, but it is defined as ${capitalize(fn.kind)}.`,
      };
    }
    return { ok: true, fn };
  }
}

/** `messages.js:list` -> `messages:list`; `messages` -> `messages:default`. */
export function canonicalizeUdfPath(udfPath: string): string {
  const [modulePath = "", exportName] = udfPath.split(":");
  const withoutExtension = modulePath.replace(/\.js$/, "");
  return `${withoutExtension}:${exportName ?? "default"}`;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function describeFunction(udfPath: string, value: unknown): RegisteredFunction | null {
  if (typeof value !== "function") return null;
  const fn = value as ConvexFunctionObject;
  const kind: FunctionKind | null = fn.isQuery ? "query" : fn.isMutation ? "mutation" : fn.isAction ? "action" : null;
  if (kind === null) return null;
  return {
    udfPath,
    kind,
    visibility: fn.isInternal ? "internal" : "public",
    args: parseValidator(fn.exportArgs?.()),
    returns: parseValidator(fn.exportReturns?.()),
  };
}

function parseValidator(json: string | undefined): ValidatorJson | null {
  if (json === undefined) return null;
  const parsed = JSON.parse(json) as ValidatorJson | null;
  return parsed;
}

/**
 * Real Convex validates a function's result inside the transaction, so a
 * mutation returning an invalid value is rolled back. convex-test validates
 * after committing; wrapping the handler moves the check before the commit,
 * where the engine's hooks (return value limits, execution time) also run.
 * Only the in-memory function object changes, not the app's code. Modules
 * stay in Node's cache across backends in one process, so the wrapper wraps
 * the original handler, never a previous wrapper.
 */
function wrapHandler(fn: ConvexFunctionObject & { [ORIGINAL_HANDLER]?: ConvexFunctionObject["_handler"] }, registered: RegisteredFunction, hooks: HandlerHooks): void {
  const handler = fn[ORIGINAL_HANDLER] ?? fn._handler;
  if (typeof handler !== "function") return;
  fn[ORIGINAL_HANDLER] = handler;
  const returns = registered.returns;
  fn._handler = async (ctx: unknown, args: unknown) => {
    const started = performance.now();
    const result = (await handler(ctx, args)) as never;
    if (returns !== null) {
      const problem = checkValue(returns, result === undefined ? null : result);
      if (problem !== null) throw new ReturnsValidationError(problem);
    }
    hooks.afterReturn?.(registered, result, performance.now() - started);
    return result;
  };
}

/**
 * Sorts the files of a functions directory the way Convex's bundler does
 * (convex/src/bundler/index.ts `entryPoints`): function modules are source
 * files outside `_generated`, not dotfiles, not `schema.*`, with at most one
 * dot in the name (so `*.test.ts`, `test.setup.ts`, `auth.config.ts` are
 * not deployed) and no space in the path. `schema` and `auth.config` are
 * loaded separately, as Convex reads them separately.
 */
async function classifyFiles(root: string): Promise<{ entryPoints: string[]; generated: string[]; special: string[] }> {
  const entryPoints: string[] = [];
  const generated: string[] = [];
  const special: string[] = [];
  async function walk(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    // A nested component definition is not part of this app.
    if (dir !== root && entries.some((e) => e.name === "convex.config.ts")) return;
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules") await walk(full);
        continue;
      }
      const rel = path.relative(root, full).split(path.sep).join("/");
      const base = entry.name;
      if (!SOURCE_EXTENSIONS.some((ext) => base.endsWith(ext))) continue;
      if (rel.startsWith("_generated/")) {
        if (!base.endsWith(".d.ts")) generated.push(rel);
      } else if (rel === "schema.ts" || rel === "schema.js" || rel === "auth.config.ts" || rel === "auth.config.js") {
        special.push(rel);
      } else if (
        !base.startsWith(".") &&
        !base.startsWith("#") &&
        base !== "schema.ts" &&
        base !== "schema.js" &&
        (base.match(/\./g) ?? []).length <= 1 &&
        !rel.includes(" ")
      ) {
        entryPoints.push(rel);
      }
    }
  }
  await walk(root);
  return { entryPoints, generated, special };
}
