import { describe, expect, test } from "vitest";
import { FRAMEWORKS, listFrameworks } from "../../coaching/frameworks";
import { STARTERS } from "../templates/starters";
import { findFramework, frameworkStepsSection, STEPS_HEADING, templateRenderer, type VersionContent } from "./prompt";

const starter = STARTERS.find((s) => s.key === "coaching-conversation")!;
const version: VersionContent = { body: starter.body, variables: starter.variables };
const values = (framework: string) => ({ framework, persona: "first-time manager", emotion: "anxious", topic: "leading the migration", turns: 12 });

function render(v: VersionContent, vals: Record<string, unknown>): string {
  const out = templateRenderer(v)(vals);
  if (!out.ok) throw new Error(out.message);
  return out.text;
}

describe("framework steps in the generation prompt", () => {
  test("every framework in the starter's dropdown gets its steps, in order, after the rendered template", () => {
    const options = starter.variables.find((d) => d.name === "framework")!;
    expect(options.type).toBe("dropdown");
    const names = (options as { options: string[] }).options;
    expect(names).toHaveLength(listFrameworks().length);
    for (const name of names) {
      const framework = findFramework(name)!;
      expect(framework).not.toBeNull();
      const text = render(version, values(name));
      const [body, section] = text.split(`\n\n${STEPS_HEADING}\n`);
      expect(body).toContain(`a coach who follows the ${name} framework`);
      expect(body).not.toContain(STEPS_HEADING);
      const lines = section!.split("\n");
      expect(lines).toHaveLength(framework.steps.length);
      framework.steps.forEach((step, i) => {
        expect(lines[i]).toBe(`- ${step.name}: ${step.objective} Typical questions: "${step.questions[0]}" "${step.questions[1]}"`);
        // Compact: never more than the first two questions.
        expect(lines[i]).not.toContain(step.questions[2] ?? "\u0000");
      });
    }
  });

  test("matches by id or name, whatever the case or punctuation", () => {
    expect(findFramework("grow")).toBe(FRAMEWORKS.GROW);
    expect(findFramework("power_interest_grid")).toBe(FRAMEWORKS.POWER_INTEREST_GRID);
    expect(findFramework("power-interest grid")).toBe(FRAMEWORKS.POWER_INTEREST_GRID);
    expect(findFramework("PSYCHOLOGICAL SAFETY")).toBe(FRAMEWORKS.PSYCHOLOGICAL_SAFETY);
    expect(findFramework("executive_presence")).toBe(FRAMEWORKS.EXECUTIVE_PRESENCE);
    expect(findFramework("Kanban")).toBeNull();
    expect(findFramework("")).toBeNull();
    expect(findFramework(3)).toBeNull();
  });

  test("an unknown framework, or none, adds nothing", () => {
    const free: VersionContent = {
      body: "Write a coaching conversation using the {{framework}} framework about {{topic}}.",
      variables: [
        { name: "framework", type: "text", required: true },
        { name: "topic", type: "text", required: true },
      ],
    };
    expect(render(free, { framework: "Kanban", topic: "deadlines" })).toBe("Write a coaching conversation using the Kanban framework about deadlines.");
    expect(render(free, { framework: "clear", topic: "deadlines" })).toBe(
      `Write a coaching conversation using the clear framework about deadlines.\n\n${frameworkStepsSection(FRAMEWORKS.CLEAR)}`,
    );
    const none: VersionContent = { body: "A conversation about {{topic}}.", variables: [{ name: "topic", type: "text", required: true }] };
    expect(render(none, { topic: "deadlines" })).toBe("A conversation about deadlines.");
  });

  test("the section stays compact", () => {
    for (const f of listFrameworks()) expect(frameworkStepsSection(f).length).toBeLessThan(2000);
  });
});
