import Ajv from "ajv";
import { ConvexError } from "convex/values";
import { describe, expect, test } from "vitest";
import { appErrorData } from "../../lib/errors";
import { FRAMEWORK_IDS } from "../tables";
import { FRAMEWORKS, getFramework, getStep, getStepById, isFrameworkId, listFrameworks } from "./index";
import { CHALLENGE_TYPES, type FieldSchema, type FrameworkId, type StepSchema } from "./types";

const DATE_PATTERN = "^\\d{4}-\\d{2}-\\d{2}$";

function newAjv(): Ajv {
  // The same options as tools/validators/generate.ts; compiling is fine in tests, never inside Convex functions.
  const ajv = new Ajv({ allErrors: true, strict: true, validateFormats: false });
  ajv.addFormat("date", true);
  return ajv;
}

function isDateField(field: FieldSchema): boolean {
  return field.type === "string" && field.format === "date" && field.pattern === DATE_PATTERN;
}

function checkField(name: string, field: FieldSchema | { type: "string"; minLength?: number; maxLength?: number }): void {
  if ("description" in field) {
    expect(field.description.length, `${name} description`).toBeGreaterThanOrEqual(10);
  }
  if (field.type === "string") {
    const isEnum = "enum" in field && field.enum !== undefined;
    const isDate = "format" in field && field.format !== undefined;
    if (isDate) {
      expect(field.format).toBe("date");
      expect("pattern" in field && field.pattern, `${name} date pattern`).toBe(DATE_PATTERN);
    } else if (isEnum) {
      expect(field.enum!.length, `${name} enum`).toBeGreaterThanOrEqual(2);
      for (const value of field.enum!) expect(value).toMatch(/^[a-z][a-z_]*$/);
    } else {
      expect(field.minLength, `${name} minLength`).toBeGreaterThanOrEqual(2);
      expect(field.minLength!, `${name} minLength`).toBeLessThanOrEqual(20);
      expect(field.maxLength, `${name} maxLength`).toBeDefined();
      expect(field.maxLength!, `${name} maxLength`).toBeLessThanOrEqual(500);
      expect(field.maxLength!).toBeGreaterThan(field.minLength!);
    }
  } else if (field.type === "integer" || field.type === "number") {
    expect(field.minimum, `${name} minimum`).toBeDefined();
    expect(field.maximum, `${name} maximum`).toBeDefined();
    expect(field.maximum!).toBeGreaterThan(field.minimum!);
  } else if (field.type === "array") {
    expect(field.maxItems, `${name} maxItems`).toBeDefined();
    checkField(`${name}[]`, field.items);
  }
}

describe.each(listFrameworks().map((f) => [f.id, f] as const))("framework %s", (id, framework) => {
  test("is registered under its own id", () => {
    expect(FRAMEWORKS[id]).toBe(framework);
    expect(framework.name.length).toBeGreaterThan(2);
    expect(framework.description.length).toBeGreaterThan(100);
  });

  test("has recommender keywords and challenge types", () => {
    expect(framework.keywords.length).toBeGreaterThanOrEqual(15);
    expect(framework.keywords.length).toBeLessThanOrEqual(30);
    expect(new Set(framework.keywords).size).toBe(framework.keywords.length);
    for (const keyword of framework.keywords) {
      expect(keyword).toBe(keyword.toLowerCase());
      expect(keyword).toBe(keyword.trim());
      expect(keyword.split(" ").length).toBeLessThanOrEqual(5);
    }
    expect(framework.suits.length).toBeGreaterThan(0);
    for (const type of framework.suits) expect(CHALLENGE_TYPES).toContain(type);
  });

  test("has uniquely identified, fully described steps", () => {
    expect(framework.steps.length).toBeGreaterThanOrEqual(4);
    expect(framework.steps.length).toBeLessThanOrEqual(7);
    const ids = framework.steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const step of framework.steps) {
      expect(step.id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(step.name.length).toBeGreaterThan(2);
      expect(step.objective.length).toBeGreaterThan(20);
      expect(step.durationMinutes).toBeGreaterThan(0);
      const sentences = step.systemPrompt.split(/(?<=\.)\s+/);
      expect(sentences.length, `${step.id} systemPrompt sentences`).toBeGreaterThanOrEqual(3);
      expect(sentences.length, `${step.id} systemPrompt sentences`).toBeLessThanOrEqual(6);
      expect(step.systemPrompt).toMatch(/^You /);
      expect(step.questions.length).toBeGreaterThanOrEqual(3);
      expect(step.questions.length).toBeLessThanOrEqual(6);
      for (const question of step.questions) expect(question, `${step.id} question`).toMatch(/\?$/);
      expect(step.guardrails.length).toBeGreaterThanOrEqual(2);
      expect(step.guardrails.length).toBeLessThanOrEqual(4);
      expect([1, 2]).toContain(step.transition.minUserTurns);
      expect(step.transition.handoff.length).toBeGreaterThan(20);
    }
    const total = framework.steps.reduce((sum, s) => sum + s.durationMinutes, 0);
    expect(total).toBe(framework.typicalDurationMinutes);
  });

  test("every step schema is a strict object schema with 1-4 required, defined fields", () => {
    for (const step of framework.steps) {
      const schema: StepSchema = step.schema;
      expect(schema.type).toBe("object");
      expect(schema.additionalProperties).toBe(false);
      expect(schema.required.length).toBeGreaterThanOrEqual(1);
      expect(schema.required.length).toBeLessThanOrEqual(4);
      expect(new Set(schema.required).size).toBe(schema.required.length);
      for (const field of schema.required) expect(Object.keys(schema.properties), `${step.id}.${field}`).toContain(field);
      for (const [name, field] of Object.entries(schema.properties)) {
        expect(name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        checkField(`${id}.${step.id}.${name}`, field);
      }
    }
  });

  test("every step schema compiles with ajv in strict mode", () => {
    const ajv = newAjv();
    for (const step of framework.steps) {
      expect(() => ajv.compile(step.schema), step.id).not.toThrow();
    }
  });

  test("the last step captures a concrete, dated commitment", () => {
    const last = framework.steps[framework.steps.length - 1];
    const requiredDates = last.schema.required.filter((field) => isDateField(last.schema.properties[field]));
    expect(requiredDates.length).toBeGreaterThanOrEqual(1);
    const requiredText = last.schema.required.filter((field) => {
      const schema = last.schema.properties[field];
      return schema.type === "string" && schema.format === undefined && schema.enum === undefined;
    });
    expect(requiredText.length).toBeGreaterThanOrEqual(1);
  });

  test("completion names real steps for the action plan, including the last one", () => {
    expect(framework.completion.summaryGuidance.length).toBeGreaterThan(50);
    const ids = framework.steps.map((s) => s.id);
    expect(framework.completion.actionPlanSteps.length).toBeGreaterThan(0);
    for (const stepId of framework.completion.actionPlanSteps) expect(ids).toContain(stepId);
    expect(framework.completion.actionPlanSteps).toContain(ids[ids.length - 1]);
  });
});

describe("GROW", () => {
  const grow = getFramework("GROW");

  test("is Goal, Reality, Options, Will", () => {
    expect(grow.steps.map((s) => s.name)).toEqual(["Goal", "Reality", "Options", "Will"]);
    expect(grow.suits).toContain("goal_achievement");
    for (const keyword of ["goal", "achieve", "target", "promotion"]) expect(grow.keywords).toContain(keyword);
  });

  test("Will requires a concrete next action, a date and a 1-10 commitment", () => {
    const will = grow.steps[3].schema;
    expect(will.required).toEqual(expect.arrayContaining(["nextAction", "actionDate", "commitment"]));
    expect(will.properties.nextAction).toMatchObject({ type: "string" });
    expect((will.properties.nextAction as { minLength: number }).minLength).toBeGreaterThanOrEqual(3);
    expect(will.properties.actionDate).toMatchObject({ type: "string", format: "date", pattern: DATE_PATTERN });
    expect(will.properties.commitment).toMatchObject({ type: "integer", minimum: 1, maximum: 10 });

    const validate = newAjv().compile(will);
    expect(validate({ nextAction: "Book a call with my sponsor", actionDate: "2026-03-01", commitment: 8 })).toBe(true);
    expect(validate({ nextAction: "Book a call with my sponsor", actionDate: "next week", commitment: 8 })).toBe(false);
    expect(validate({ nextAction: "Book a call with my sponsor", actionDate: "2026-03-01", commitment: 7.5 })).toBe(false);
    expect(validate({ nextAction: "Book a call with my sponsor", actionDate: "2026-03-01", commitment: 11 })).toBe(false);
    expect(validate({ nextAction: "Book a call with my sponsor", actionDate: "2026-03-01" })).toBe(false);
  });
});

describe("the other frameworks follow their models", () => {
  test("CLEAR is Contracting, Listening, Exploring, Action, Review", () => {
    expect(getFramework("CLEAR").steps.map((s) => s.name)).toEqual(["Contracting", "Listening", "Exploring", "Action", "Review"]);
  });

  test("the Power-Interest Grid uses the four quadrants", () => {
    const pig = getFramework("POWER_INTEREST_GRID");
    expect(pig.suits).toContain("stakeholder_management");
    const mapping = pig.steps.find((s) => s.id === "mapPowerInterest")!.schema;
    expect(mapping.required).toEqual(["manageClosely", "keepSatisfied", "keepInformed", "monitor"]);
    const quadrant = pig.steps.find((s) => s.id === "engagementPlan")!.schema.properties.priorityQuadrant;
    expect(quadrant).toMatchObject({ enum: ["manage_closely", "keep_satisfied", "keep_informed", "monitor"] });
    for (const keyword of ["stakeholders", "influence", "buy-in", "sponsor"]) expect(pig.keywords).toContain(keyword);
  });

  test("Psychological Safety uses Edmondson's three leader moves", () => {
    const moves = getFramework("PSYCHOLOGICAL_SAFETY").steps.find((s) => s.id === "leaderMoves")!.schema;
    expect(moves.required).toEqual(expect.arrayContaining(["setTheStage", "inviteParticipation", "respondProductively"]));
  });

  test("Executive Presence rates gravitas, communication and composure", () => {
    const first = getFramework("EXECUTIVE_PRESENCE").steps[0].schema;
    expect(first.required).toEqual(expect.arrayContaining(["gravitasRating", "communicationRating", "composureRating"]));
  });

  test("a keyword points to one framework only, so the offline recommender can tell them apart", () => {
    const owners = new Map<string, string>();
    for (const framework of listFrameworks()) {
      for (const keyword of framework.keywords) {
        expect(owners.get(keyword), `"${keyword}" is used by ${owners.get(keyword)} and ${framework.id}`).toBeUndefined();
        owners.set(keyword, framework.id);
      }
    }
  });

  test("each challenge type is served by at least one framework", () => {
    const served = new Set(listFrameworks().flatMap((f) => f.suits));
    for (const type of CHALLENGE_TYPES) expect(served.has(type), type).toBe(true);
  });
});

describe("registry", () => {
  test("lists every framework id, in order", () => {
    expect(listFrameworks().map((f) => f.id)).toEqual([...FRAMEWORK_IDS]);
    expect(Object.keys(FRAMEWORKS).sort()).toEqual([...FRAMEWORK_IDS].sort());
  });

  test("getFramework returns the framework and throws NOT_FOUND for an unknown id", () => {
    expect(getFramework("COMPASS").id).toBe("COMPASS");
    let thrown: unknown;
    try {
      getFramework("NOPE");
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConvexError);
    const data = appErrorData(thrown);
    expect(data?.code).toBe("NOT_FOUND");
    expect(data?.message).toMatch(/framework/i);
    expect(() => getFramework("grow")).toThrow(ConvexError);
    expect(() => getFramework("toString")).toThrow(ConvexError);
  });

  test("isFrameworkId narrows unknown values", () => {
    const value: unknown = "POWER_INTEREST_GRID";
    if (isFrameworkId(value)) {
      const id: FrameworkId = value;
      expect(FRAMEWORKS[id].name).toBe("Power-Interest Grid");
    } else {
      throw new Error("expected a framework id");
    }
    for (const bad of ["NOPE", "grow", "", null, undefined, 42, {}, ["GROW"], "constructor"]) {
      expect(isFrameworkId(bad)).toBe(false);
    }
  });

  test("getStep returns steps by index and null outside the range", () => {
    const grow = getFramework("GROW");
    expect(getStep(grow, 0)?.id).toBe("goal");
    expect(getStep(grow, 3)?.id).toBe("will");
    expect(getStep(grow, 4)).toBeNull();
    expect(getStep(grow, -1)).toBeNull();
    expect(getStep(grow, 1.5)).toBeNull();
  });

  test("getStepById finds a step and throws NOT_FOUND for an unknown one", () => {
    const grow = getFramework("GROW");
    expect(getStepById(grow, "reality").name).toBe("Reality");
    expect(() => getStepById(grow, "nope")).toThrow(ConvexError);
  });
});
