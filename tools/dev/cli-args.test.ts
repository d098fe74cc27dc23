import { describe, expect, it } from "vitest";
import { parseDevArgs } from "./cli-args";

describe("parseDevArgs", () => {
  it("defaults to choosing the mode from the environment", () => {
    expect(parseDevArgs([])).toEqual({ kind: "run", mode: "auto" });
  });

  it("accepts --convex and --offline, but not both", () => {
    expect(parseDevArgs(["--convex"])).toEqual({ kind: "run", mode: "convex" });
    expect(parseDevArgs(["--offline"])).toEqual({ kind: "run", mode: "offline" });
    expect(parseDevArgs(["--convex", "--offline"])).toMatchObject({ kind: "error" });
  });

  it("rejects unknown arguments and answers --help", () => {
    expect(parseDevArgs(["--prod"])).toEqual({ kind: "error", message: "unknown argument --prod" });
    expect(parseDevArgs(["--help"])).toEqual({ kind: "help" });
  });
});
