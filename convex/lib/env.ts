import { z } from "zod";

/**
 * Parses environment variables with a zod object schema, on first use rather
 * than at import time so a missing key only breaks the feature that needs it.
 * Errors name each variable and say how to set it in both setups.
 */
export function parseEnv<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  source: Record<string, string | undefined> = process.env,
): z.infer<z.ZodObject<Shape>> {
  const result = schema.safeParse(source);
  if (result.success) return result.data;
  const names: string[] = [];
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? "?");
    if (!names.includes(name)) names.push(name);
    const given = source[name];
    const what = given === undefined || given === "" ? "is not set" : `is invalid (${issue.message})`;
    return `${name} ${what}`;
  });
  const example = names[0] ?? "NAME";
  throw new ConfigurationError(
    `Configuration error: ${problems.join("; ")}. ` +
      `Set ${names.join(", ")} in .env.local for the offline backend, or with \`npx convex env set ${example} <value>\` on a Convex deployment.`,
  );
}

/** A missing or invalid setting: an operator must fix it, so retrying is pointless. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/** Integer env values arrive as strings; empty means "use the default". */
export function intVar(defaultValue: number, { min = 0 }: { min?: number } = {}) {
  return z.preprocess(
    (value) => (value === undefined || value === "" ? undefined : Number(value)),
    z.number().int().min(min).default(defaultValue),
  );
}

/** Boolean env values: 1/true/yes/on or 0/false/no/off (any case); empty means the default. */
export function boolVar(defaultValue: boolean) {
  return z.preprocess(
    (value) => (value === undefined || value === "" ? undefined : String(value).trim().toLowerCase()),
    z
      .enum(["1", "true", "yes", "on", "0", "false", "no", "off"], { message: "expected 1/0, true/false, yes/no or on/off" })
      .optional()
      .transform((value) => (value === undefined ? defaultValue : ["1", "true", "yes", "on"].includes(value))),
  );
}
