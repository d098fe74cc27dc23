/**
 * The structured logger every function uses instead of console.*. Each entry
 * is one JSON line with a level, area and event, so the backend's log stays
 * searchable. (Persisted, redacted entries and trace ids build on this.)
 */
export type LogLevel = "debug" | "info" | "warn" | "error";
export type LogFields = Record<string, unknown>;

export type Logger = Record<LogLevel, (event: string, fields?: LogFields) => void>;

export function logger(area: string): Logger {
  const write = (level: LogLevel) => (event: string, fields: LogFields = {}) => {
    const line = JSON.stringify({ level, area, event, ...fields, at: Date.now() });
    if (level === "error") console.error(line);
    else if (level === "warn") console.warn(line);
    else console.log(line);
  };
  return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}
