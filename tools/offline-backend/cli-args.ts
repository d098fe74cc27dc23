/** Command-line options of main.ts. */
import type { BackendOptions } from "./backend";
import { parseLimitArg } from "./limits";

export const USAGE =
  "usage: main.ts [--port 3210] [--site-port 3211] [--data-dir DIR] [--functions-dir DIR] " +
  "[--env-file FILE] [--host 127.0.0.1] [--admin-key KEY] [--no-fsync] [--quiet] [--limit NAME=VALUE]...";

export function parseCliArgs(argv: string[]): BackendOptions {
  const options: BackendOptions = {};
  const takeValue = (i: number, flag: string): string => {
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new Error(`${flag} needs a value\n${USAGE}`);
    return value;
  };
  const port = (text: string, flag: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${flag}: invalid port "${text}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes("=") ? (arg.split(/=(.*)/s, 2) as [string, string]) : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = takeValue(i, flag);
      i++;
      return v;
    };
    switch (flag) {
      case "--port":
        options.port = port(value(), flag);
        break;
      case "--site-port":
        options.sitePort = port(value(), flag);
        break;
      case "--data-dir":
        options.dataDir = value();
        break;
      case "--functions-dir":
        options.functionsDir = value();
        break;
      case "--env-file":
        options.envFile = value();
        break;
      case "--host":
        options.host = value();
        break;
      case "--admin-key":
        options.adminKey = value();
        break;
      case "--no-fsync":
        options.fsync = false;
        break;
      case "--quiet":
        options.echoFunctionLogs = false;
        break;
      case "--limit":
        options.limits = { ...options.limits, ...parseLimitArg(value()) };
        break;
      case "--help":
      case "-h":
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return options;
}
