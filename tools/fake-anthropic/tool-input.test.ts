import { describe, expect, it } from "vitest";
import { z } from "zod";
import { addDays, findDate } from "./dates";
import { expectValid } from "./test-support";
import { fillToolInput, type FillContext } from "./tool-input";

const BASE = "2026-03-02"; // a Monday
const ctx = (...texts: string[]): FillContext => ({ texts, baseDate: BASE, seedKey: ["test"] });
const fill = (schema: object, ...texts: string[]) => {
  const value = fillToolInput(schema, ctx(...texts));
  expectValid(schema, value);
  return value as Record<string, unknown>;
};

describe("fillToolInput", () => {
  it("uses the user's own words for free text and trims titles", () => {
    const schema = {
      type: "object",
      properties: { title: { type: "string" }, goal: { type: "string", description: "the goal in the user's words" } },
      required: ["title", "goal"],
    };
    const input = fill(schema, "I want to run a half marathon in the autumn without getting injured again.");
    expect(input["goal"]).toBe("I want to run a half marathon in the autumn without getting injured again.");
    expect(input["title"]).toBe("I want to run a half marathon in");
  });

  it("picks the sentence that matches the field", () => {
    const schema = { type: "object", properties: { obstacle: { type: "string", description: "what gets in the way" } } };
    const input = fill(schema, "I want to write every morning. The obstacle is my phone, it gets in the way.");
    expect(input["obstacle"]).toBe("The obstacle is my phone, it gets in the way.");
  });

  it("respects minLength and maxLength", () => {
    const schema = { type: "object", properties: { short: { type: "string", maxLength: 12 }, long: { type: "string", minLength: 40 } }, required: ["short", "long"] };
    const input = fill(schema, "Read more.");
    expect((input["short"] as string).length).toBeLessThanOrEqual(12);
    expect((input["long"] as string).length).toBeGreaterThanOrEqual(40);
    expect(input["long"]).toMatch(/^Read more\./);
  });

  it("chooses the enum value the user mentioned; an optional one nobody mentioned stays out, a required one takes the first", () => {
    const props = { mood: { type: "string", enum: ["low", "okay", "great"] }, status: { enum: ["not_started", "in_progress", "done"] } };
    const optional = { type: "object", properties: props };
    const required = { ...optional, required: ["mood", "status"] };
    expect(fill(optional, "Honestly I feel great today, it is in progress")).toEqual({ mood: "great", status: "in_progress" });
    expect(fill(optional, "Nothing to report")).toEqual({});
    expect(fill(required, "Nothing to report")).toEqual({ mood: "low", status: "not_started" });
  });

  it("uses a number from the text when it is in range, matched to the field", () => {
    const schema = {
      type: "object",
      properties: {
        energy: { type: "integer", minimum: 1, maximum: 10 },
        sleepHours: { type: "number", minimum: 0, maximum: 24 },
      },
      required: ["energy", "sleepHours"],
    };
    expect(fill(schema, "I slept 6.5 hours and my energy is 7")).toEqual({ energy: 7, sleepHours: 6.5 });
  });

  it("falls back to a sensible number within bounds", () => {
    const schema = {
      type: "object",
      properties: {
        rating: { type: "integer", minimum: 1, maximum: 10 },
        minutes: { type: "integer", exclusiveMinimum: 0, multipleOf: 15 },
        anything: { type: "number" },
      },
      required: ["rating", "minutes", "anything"],
    };
    expect(fill(schema, "My rating would be 42, way off the chart")).toEqual({ rating: 5, minutes: 15, anything: 42 });
  });

  it("finds dates in the text in several spellings", () => {
    const schema = { type: "object", properties: { due: { type: "string", format: "date" } }, required: ["due"] };
    expect(fill(schema, "The deadline is 2026-04-09.")).toEqual({ due: "2026-04-09" });
    expect(fill(schema, "It is due March 14")).toEqual({ due: "2026-03-14" });
    expect(fill(schema, "Let's say 5th of May 2027")).toEqual({ due: "2027-05-05" });
    expect(fill(schema, "I'll do it tomorrow")).toEqual({ due: "2026-03-03" });
    expect(fill(schema, "by Friday at the latest")).toEqual({ due: "2026-03-06" });
  });

  it("uses a date 7 days after the base date when the text has none", () => {
    const schema = { type: "object", properties: { due: { type: "string", format: "date" }, at: { type: "string", format: "date-time" } }, required: ["due", "at"] };
    expect(fill(schema, "Soon, I hope.")).toEqual({ due: addDays(BASE, 7), at: `${addDays(BASE, 7)}T09:00:00Z` });
    expect(fill(schema, "Call the coach on 2026-05-01 at 3pm")).toEqual({ due: "2026-05-01", at: "2026-05-01T15:00:00Z" });
  });

  it("fills arrays to minItems within maxItems, one sentence per free-text item", () => {
    const schema = {
      type: "object",
      properties: {
        steps: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
        tags: { type: "array", items: { type: "string", enum: ["health", "work", "family"] }, minItems: 2, uniqueItems: true },
        scores: { type: "array", items: { type: "integer", minimum: 0, maximum: 5 }, minItems: 3 },
      },
      required: ["steps", "tags", "scores"],
    };
    const input = fill(schema, "Pack my bag tonight. Go to the gym at seven. Stretch afterwards. Sleep early. Eat well.");
    expect(input["steps"]).toEqual(["Pack my bag tonight", "Go to the gym at seven", "Stretch afterwards"]);
    expect(input["tags"]).toEqual(["health", "work"]);
    expect(input["scores"]).toHaveLength(3);
  });

  it("fills nested objects, $ref definitions and nullable unions", () => {
    const schema = {
      type: "object",
      $defs: { step: { type: "object", properties: { text: { type: "string" }, done: { type: "boolean" } }, required: ["text", "done"] } },
      properties: {
        plan: { type: "object", properties: { first: { $ref: "#/$defs/step" }, note: { anyOf: [{ type: "string" }, { type: "null" }] } }, required: ["first", "note"] },
        kind: { const: "weekly" },
      },
      required: ["plan", "kind"],
    };
    const input = fill(schema, "Start the week with a walk.");
    expect(input).toEqual({ kind: "weekly", plan: { first: { text: "Start the week with a walk.", done: true }, note: "Start the week with a walk." } });
  });

  it("produces input a zod-generated schema accepts", () => {
    const schema = z.toJSONSchema(
      z.object({
        goal: z.string().min(3).max(80),
        due: z.iso.date(),
        reminder: z.iso.datetime(),
        time: z.iso.time(),
        email: z.email(),
        id: z.uuid(),
        priority: z.enum(["low", "medium", "high"]),
        effort: z.number().int().min(1).max(5),
        subtasks: z.array(z.object({ title: z.string(), minutes: z.number().int().positive() })).min(2),
      }),
    );
    const input = fill(schema, "High priority: finish the grant draft by June 3, effort 4, mail me at sam@example.org");
    expect(input).toMatchObject({ priority: "high", due: "2026-06-03", effort: 4, email: "sam@example.org" });
    expect(input["subtasks"]).toHaveLength(2);
  });

  it("is deterministic", () => {
    const schema = { type: "object", properties: { id: { type: "string", format: "uuid" }, note: { type: "string" } } };
    expect(fill(schema, "Same words")).toEqual(fill(schema, "Same words"));
  });
});

describe("findDate", () => {
  it("returns the earliest date mentioned, or null", () => {
    expect(findDate("between 2026-05-10 and in 3 days", BASE)).toBe("2026-05-10");
    expect(findDate("in 3 days or 2026-05-10", BASE)).toBe("2026-03-05");
    expect(findDate("on 2026-02-30 maybe", BASE)).toBeNull();
    expect(findDate("no dates here", BASE)).toBeNull();
  });
});
