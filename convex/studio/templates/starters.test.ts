import { describe, expect, test } from "vitest";
import { parseTemplate } from "../templating/syntax";
import { sampleValues } from "../templating/variables";
import { checkDetails } from "./details";
import { STARTERS } from "./starters";

describe("starter templates", () => {
  test("one per tier", () => {
    expect(STARTERS.map((starter) => starter.details.tier).sort()).toEqual(["edge_case", "scenario", "template"]);
  });

  test.each(STARTERS.map((starter) => [starter.key, starter] as const))("%s parses with no errors or unused variables and valid details", (_key, starter) => {
    const parsed = parseTemplate(starter.body, starter.variables);
    expect(parsed.errors).toEqual([]);
    expect(parsed.warnings.filter((w) => w.kind === "unused")).toEqual([]);
    expect(checkDetails(starter.details)).toMatchObject({ ok: true });
    expect(Object.keys(sampleValues(starter.variables)).sort()).toEqual(starter.variables.map((v) => v.name).sort());
  });
});
