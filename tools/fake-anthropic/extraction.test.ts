import { describe, expect, it } from "vitest";
import { EXECUTIVE_PRESENCE } from "../../convex/coaching/frameworks/executivePresence";
import { GROW } from "../../convex/coaching/frameworks/grow";
import { POWER_INTEREST_GRID } from "../../convex/coaching/frameworks/powerInterestGrid";
import { findDates, statedToday } from "./dates";
import { expectValid } from "./test-support";
import { correctionValue, fillToolInput } from "./tool-input";

// What a careful model records from the person's latest message: only the
// fields it speaks to, each from its own sentence, with numbers, lists and
// dates read the way the person meant them.

const TODAY = "2026-11-29"; // a Sunday
const step = (id: string) => {
  const s = GROW.steps.find((x) => x.id === id)!;
  // As the app offers it: nothing required, partial answers are normal.
  return { ...s.schema, required: [] as string[] };
};
const extract = (schema: object, text: string, question?: string, earlier: string[] = []) => {
  const value = fillToolInput(schema, { texts: [text, ...earlier], baseDate: TODAY, seedKey: ["t"], question });
  expectValid(schema, value);
  return value as Record<string, unknown>;
};

describe("vague messages record nothing", () => {
  it.each(["Hmm, not sure really.", "maybe", "idk", "hmm", "I don't know.", "Not sure, maybe later?", "ok"])("%s", (text) => {
    for (const id of ["goal", "reality", "options", "will"]) expect(extract(step(id), text, undefined, ["I want to be promoted within a year."])).toEqual({});
  });

  it("does not copy an earlier message into the current step's fields", () => {
    const earlier = ["I want to be promoted to senior manager within a year, and I'll know because I get the title."];
    expect(extract(step("goal"), "Hmm, not sure really.", undefined, earlier)).toEqual({});
  });
});

describe("each field from the sentence about it", () => {
  it("goal and success measure from different sentences, date from the words", () => {
    const input = extract(step("goal"), "I want to be promoted to senior manager within a year. I'll know I've made it when I get the title and a team of my own.");
    expect(input).toEqual({
      goalStatement: "I want to be promoted to senior manager within a year.",
      successMeasure: "I'll know I've made it when I get the title and a team of my own.",
      targetDate: "2027-11-29",
    });
  });

  it("situation, obstacles and a rating from their own sentences; an unrelated number is not a rating", () => {
    const input = extract(
      step("reality"),
      "Right now I'm a team lead with 6 reports and no budget. On a scale of 1-10 I'm about a 3. What gets in the way is time and my own fear of failing. My mentor and my partner are good supports.",
    );
    expect(input["currentSituation"]).toBe("Right now I'm a team lead with 6 reports and no budget.");
    expect(input["obstacles"]).toEqual(["What gets in the way is time and my own fear of failing"]);
    expect(input["resources"]).toEqual(["My mentor and my partner are good supports"]);
    expect(input["currentRating"]).toBe(3);
    const values = Object.values(input).flat().filter((v) => typeof v === "string");
    expect(new Set(values).size).toBe(values.length);
  });

  it("keeps every listed option and reads the preference and its reason apart", () => {
    expect(extract(step("options"), "Three options: 1) ask for a secondment 2) take the course 3) talk to HR. I prefer the course because it's cheapest.")).toEqual({
      options: ["Ask for a secondment", "Take the course", "Talk to HR"],
      preferredOption: "I prefer the course",
      reasonForChoice: "Because it's cheapest.",
    });
    expect(extract(step("options"), "I could ask my manager, take a course, or find a mentor.")["options"]).toEqual(["Ask my manager", "Take a course", "Find a mentor"]);
    expect(extract(step("options"), "Options:\n- ask Sam for help\n- quit the project\n- wait it out")["options"]).toEqual(["Ask Sam for help", "Quit the project", "Wait it out"]);
    expect(extract(step("options"), "Either delegate the reporting; push back on the deadline; or hire a contractor.")["options"]).toEqual([
      "Delegate the reporting",
      "Push back on the deadline",
      "Hire a contractor",
    ]);
  });

  it("skips a list that is too short for the schema rather than padding it", () => {
    expect(extract(step("options"), "I could just ask my manager for more time.")).not.toHaveProperty("options");
  });

  it("action, date and commitment from the will step", () => {
    expect(extract(step("will"), "I'll email my manager to ask for the secondment by next Friday. My commitment is 9.")).toEqual({
      nextAction: "I'll email my manager to ask for the secondment by next Friday.",
      actionDate: "2026-12-04",
      commitment: 9,
    });
  });

  it("a bare answer goes to the field the last question asked about", () => {
    expect(extract(step("goal"), "Run the London marathon in under four hours.", "What would you like to achieve, and by when?")).toEqual({
      goalStatement: "Run the London marathon in under four hours.",
    });
  });
});

describe("other frameworks' steps", () => {
  const stepOf = (framework: typeof GROW, id: string) => ({ ...framework.steps.find((x) => x.id === id)!.schema, required: [] as string[] });

  it("tells quadrants apart by word order (high power and low interest is not low power and high interest)", () => {
    expect(
      extract(
        stepOf(POWER_INTEREST_GRID, "mapPowerInterest"),
        "The CFO has high power and high interest. The IT director has high power but low interest. The sales team has low power and high interest.",
      ),
    ).toEqual({
      manageClosely: ["The CFO has high power and high interest"],
      keepSatisfied: ["The IT director has high power but low interest"],
      keepInformed: ["The sales team has low power and high interest"],
    });
  });

  it("reads a list after 'are' without its lead-in", () => {
    expect(extract(stepOf(POWER_INTEREST_GRID, "identifyStakeholders"), "The key stakeholders are the CFO, the head of sales, the IT director and the sales team.")).toMatchObject({
      stakeholders: ["The CFO", "The head of sales", "The IT director", "The sales team"],
    });
  });

  it("puts the situation, its date, the impression and the usual pattern in their own fields", () => {
    const schema = stepOf(EXECUTIVE_PRESENCE, "situation");
    expect(extract(schema, "It's the board meeting on 4 December where I present the budget.")).toEqual({
      situation: "It's the board meeting on 4 December where I present the budget.",
      situationDate: "2026-12-04",
    });
    expect(extract(schema, "I want them to see me as calm and decisive. Usually I rush and over-explain when challenged.")).toEqual({
      desiredImpression: "I want them to see me as calm and decisive.",
      currentPattern: "Usually I rush and over-explain when challenged.",
    });
  });
});

describe("numbers only from the sentence about the field", () => {
  it.each([
    ["On a scale of 1-10 I'm about a 3.", "reality", "currentRating", 3],
    ["my commitment is 9", "will", "commitment", 9],
    ["I'd say 8 out of 10.", "will", "commitment", 8],
    ["Honestly 7/10.", "will", "commitment", 7],
    ["It matters a lot to me, maybe an 8 out of 10. I want to finish my MBA.", "goal", "importance", 8],
    ["From 1 to 10, I'm at 2 right now.", "reality", "currentRating", 2],
  ])("%s", (text, id, field, expected) => {
    expect(extract(step(id), text, "On a scale of 1 to 10, how committed are you?")[field]).toBe(expected);
  });

  it("reads several ratings in one sentence, each by its label, without taking a rating for a choice", () => {
    const schema = { ...EXECUTIVE_PRESENCE.steps[0]!.schema, required: [] as string[] };
    expect(extract(schema, "On a scale of 1-10 my gravitas is 4, communication 7 and composure 5.")).toEqual({
      gravitasRating: 4,
      communicationRating: 7,
      composureRating: 5,
    });
    expect(extract(schema, "I want to work on gravitas first, because that is what the board notices.")).toMatchObject({ focusDimension: "gravitas" });
  });

  it("does not credit a number labelled for something else", () => {
    expect(extract(step("goal"), "On a scale of 1-10 my gravitas is 4.")).toEqual({});
  });

  it("ignores numbers that are not about the field", () => {
    expect(extract(step("reality"), "I manage 6 people across 2 sites and the budget was cut by 10 percent.")).not.toHaveProperty("currentRating");
    expect(extract(step("will"), "I'll call 3 clients before the meeting.")).not.toHaveProperty("commitment");
    const climate = { type: "object", properties: { climateRating: { type: "integer", minimum: 1, maximum: 10, description: "How safe the team feels, from 1 to 10" } } };
    expect(extract(climate, "My team of eight engineers goes quiet in retros.")).toEqual({});
    expect(extract(climate, "Our team feels about a 4 out of 10 safe.")).toEqual({ climateRating: 4 });
  });
});

describe("dates relative to the prompt's today, never in the past for a plan", () => {
  const dateSchema = { type: "object", properties: { dueDate: { type: "string", format: "date", description: "When the client will have done it" } } };
  it.each([
    ["within a year", "2027-11-29"],
    ["next Friday", "2026-12-04"],
    ["in 3 weeks", "2026-12-20"],
    ["by the end of March", "2027-03-31"],
    ["on 4 December 2026", "2026-12-04"],
    ["by Dec 4", "2026-12-04"],
    ["by Nov 2", "2027-11-02"],
    ["tomorrow", "2026-11-30"],
    ["by the end of the month", "2026-11-30"],
    ["in six months", "2027-05-29"],
    ["in a fortnight", "2026-12-13"],
    ["mid-January", "2027-01-15"],
  ])("%s", (phrase, expected) => {
    expect(extract(dateSchema, `I'll have it done ${phrase}.`)["dueDate"]).toBe(expected);
    expect(expected >= TODAY).toBe(true);
  });

  it("drops a past date for a forward-looking field instead of recording it", () => {
    expect(extract(dateSchema, "I did it on 3 March 2025.")).toEqual({});
  });

  it("reads today from the prompt in its common forms", () => {
    expect(statedToday("You are a coach.\nToday is Sunday, 29 November 2026 (time zone Europe/London).")).toBe("2026-11-29");
    expect(statedToday("Today is 2026-11-29.")).toBe("2026-11-29");
    expect(statedToday("Today's date is November 29, 2026.")).toBe("2026-11-29");
    expect(statedToday("Current date: 29/11/2026")).toBe("2026-11-29");
    expect(statedToday("Today is a good day to start.")).toBeNull();
  });

  it("finds every date in a sentence in order", () => {
    expect(findDates("start next Friday and finish by the end of March", TODAY)).toEqual(["2026-12-04", "2027-03-31"]);
  });
});

describe("generic schemas", () => {
  const ticket = {
    type: "object",
    properties: {
      summary: { type: "string", minLength: 10, description: "What the problem is" },
      stepsToReproduce: { type: "array", items: { type: "string" }, description: "The steps that make the problem happen" },
      severity: { type: "integer", minimum: 1, maximum: 5, description: "How severe the problem is" },
      wantsCallback: { type: "boolean", description: "Whether the customer wants a phone call back" },
    },
  };

  it("fills what the message says about each property and leaves out the rest", () => {
    const input = extract(ticket, "The export button crashes the app every time. Steps: open a report, click export, choose CSV. Severity 4.");
    expect(input).toEqual({
      summary: "The export button crashes the app every time.",
      stepsToReproduce: ["Open a report", "Click export", "Choose CSV"],
      severity: 4,
    });
  });

  it("respects length limits by skipping a value that cannot fit", () => {
    const tight = { type: "object", properties: { summary: { type: "string", minLength: 60, description: "What the problem is" } } };
    expect(extract(tight, "The problem is the app crashes.")).toEqual({});
  });
});

describe("a short correction changes the value the conversation was just about", () => {
  const previous = "My first step is to ask Sam to facilitate one of our planning meetings. My commitment is 9 out of 10.";
  const will = step("will");

  it.each([
    ["Actually, make it 8.", 8],
    ["Sorry, I meant 8.", 8],
    ["No, 7 actually.", 7],
    ["Change it to six.", 6],
    ["Actually, make it 8 out of 10.", 8],
  ])("%s", (text, value) => {
    // Whatever the last question was about, the number corrects the one just given.
    for (const question of [undefined, "What date will you have that done by?", "What support do you need?"]) {
      expect(extract(will, text, question, [previous])).toEqual({ commitment: value });
    }
  });

  it("respects the property's bounds: an out-of-range number is recorded nowhere", () => {
    expect(extract(will, "Actually, make it 12.", "What date will you have that done by?", [previous])).toEqual({});
  });

  it("a correction that names its field is read as usual", () => {
    expect(extract(will, "Actually, my commitment is 7.", undefined, [previous])).toEqual({ commitment: 7 });
  });

  it("a date corrects the date property under discussion", () => {
    const earlier = "I'll ask Sam to facilitate our planning meeting by 4 December 2026.";
    expect(extract(will, "Sorry, I meant next Friday.", undefined, [earlier])).toEqual({ actionDate: "2026-12-04" });
    expect(extract(will, "Actually, make it 11 December.", "How committed are you?", [earlier])).toEqual({ actionDate: "2026-12-11" });
  });

  // A schema of another app: the rule is generic.
  const order = {
    type: "object",
    properties: {
      quantity: { type: "integer", description: "How many units to order", minimum: 1, maximum: 500 },
      budget: { type: "number", description: "Spending limit in euros", minimum: 0 },
      supplier: { type: "string", description: "Company that supplies the parts", minLength: 2, maxLength: 60 },
      notes: { type: "string", description: "Anything else about the order" },
      deliveryDate: { type: "string", format: "date", description: "When the delivery should arrive" },
    },
    required: [] as string[],
    additionalProperties: false,
  };

  it("picks the property whose words were in the previous message", () => {
    expect(extract(order, "Actually, make it 120.", undefined, ["Our budget is 300 euros and the supplier is Acme."])).toEqual({ budget: 120 });
    expect(extract(order, "Actually, make it 120.", undefined, ["We need 40 units this time."])).toEqual({ quantity: 120 });
  });

  it("or in the assistant's last question", () => {
    expect(extract(order, "Sorry, make it 80.", "How many units should I order?", ["Hello there."])).toEqual({ quantity: 80 });
  });

  it("a short phrase corrects the text property under discussion", () => {
    expect(extract(order, "No, Globex, not Acme.", undefined, ["The supplier is Acme."])).toEqual({ supplier: "Globex" });
    expect(extract(order, "Sorry, I meant Globex.", "Which supplier should we use?", ["Acme please."])).toEqual({ supplier: "Globex" });
  });

  it("needs a conversation about a property of the value's kind", () => {
    expect(extract(order, "Actually, make it 8.", "Which supplier should we use?", ["The supplier is Acme."])).toEqual({});
    expect(extract(order, "Sorry, I meant Friday.", undefined, ["We need 40 units this time."])).toEqual({});
  });

  it("a plain no, a hedge or a whole new sentence is no correction", () => {
    expect(extract(order, "No, nothing.", "Anything else about the order?", ["The supplier is Acme."])).toEqual({});
    expect(extract(order, "Sorry, not sure.", undefined, ["The supplier is Acme."])).toEqual({});
  });
});

describe("correctionValue", () => {
  it.each([
    ["Actually, make it 8.", "8"],
    ["Sorry, I meant next Friday", "next Friday"],
    ["No, Globex, not Acme.", "Globex"],
    ["Change it to 6 instead.", "6"],
    ["Oops — make that Tuesday.", "Tuesday"],
  ])("%s → %s", (text, value) => expect(correctionValue(text)).toBe(value));

  it.each(["I want to be promoted within a year.", "Actually", "Actually, I think what gets in the way most is that I say yes to every meeting request that lands in my inbox."])(
    "%s → null",
    (text) => expect(correctionValue(text)).toBeNull(),
  );
});
