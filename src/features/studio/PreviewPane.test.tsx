import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, test } from "vitest";
import { parseTemplate, type VariableDefinition } from "../../../convex/studio/templating";
import { PreviewPane } from "./PreviewPane";

const VARS: VariableDefinition[] = [
  { name: "persona", type: "text", required: true, minLength: 3, maxLength: 80 },
  { name: "level", type: "number", required: false, min: 1, max: 10, integer: true, default: 5 },
  { name: "tone", type: "dropdown", required: true, options: ["warm", "direct"] },
  { name: "note", type: "text", required: false },
];
const BODY = "Coach {{persona}}.\n{{#if level >= 7}}Push.{{else}}Ease.{{/if}} Be {{tone == 'warm' ? 'gentle' : 'plain'}}.[{{note}}]";

function renderPreview(body = BODY, variables = VARS) {
  const parsed = parseTemplate(body, variables);
  return render(<PreviewPane template={parsed.template} variables={variables} />);
}

const output = () => screen.getByTestId("preview-output");

afterEach(cleanup);

describe("the live preview", () => {
  test("renders with sample values and marks each substituted value with its variable", () => {
    renderPreview();
    const marks = [...output().querySelectorAll("mark")];
    expect(marks.map((m) => m.getAttribute("data-variable"))).toEqual(["persona", "note"]);
    expect(marks[0].textContent).toBe("a newly promoted team lead in a software company");
    expect(marks[0].getAttribute("title")).toBe("Value of persona");
    expect(marks[1].textContent).toBe("Keep replies under three sentences.");
    expect(output().textContent).toBe("Coach a newly promoted team lead in a software company.\nEase. Be gentle.[Keep replies under three sentences.]");
    // An optional value left empty still shows where it would go.
    fireEvent.change(screen.getByLabelText("note"), { target: { value: "" } });
    const empty = output().querySelector('mark[data-variable="note"]');
    expect(empty?.textContent).toBe("");
    expect(empty?.className).toContain("var-empty");
    expect(empty?.getAttribute("title")).toBe("note (no value)");
  });

  test("editing a sample value re-renders at once, branches included", () => {
    renderPreview();
    fireEvent.change(screen.getByLabelText("level"), { target: { value: "8" } });
    fireEvent.change(screen.getByLabelText(/^tone/), { target: { value: "direct" } });
    expect(output().textContent).toContain("Push. Be plain.");
    fireEvent.change(screen.getByLabelText(/^persona/), { target: { value: "Sam" } });
    expect(output().querySelector('mark[data-variable="persona"]')?.textContent).toBe("Sam");
  });

  test("problems with values are listed and shown beside their field", () => {
    renderPreview();
    fireEvent.change(screen.getByLabelText("level"), { target: { value: "11" } });
    fireEvent.change(screen.getByLabelText(/^persona/), { target: { value: "" } });
    const problems = within(screen.getByTestId("preview-problems")).getAllByRole("listitem").map((li) => li.textContent);
    expect(problems).toEqual(expect.arrayContaining(["'persona' is required but has no value", expect.stringMatching(/'level' must be between 1 and 10/)]));
    const level = screen.getByLabelText("level");
    expect(level.getAttribute("aria-invalid")).toBe("true");
    expect(document.getElementById(level.getAttribute("aria-describedby") ?? "")?.textContent).toMatch(/between 1 and 10/);
    expect(screen.queryByTestId("preview-output")).toBeNull();
  });

  test("attack strings typed as values render as literal text", () => {
    renderPreview();
    const xss = "<script>alert('xss')</script>";
    const sql = "'; DROP TABLE users;--";
    fireEvent.change(screen.getByLabelText(/^persona/), { target: { value: xss } });
    fireEvent.change(screen.getByLabelText("note"), { target: { value: sql } });
    expect(output().querySelector('mark[data-variable="persona"]')?.textContent).toBe(xss);
    expect(output().querySelector('mark[data-variable="note"]')?.textContent).toBe(sql);
    expect(output().querySelector("script")).toBeNull();
    expect(output().innerHTML).toContain("&lt;script&gt;");
    // A value that looks like a tag is printed, never parsed again.
    fireEvent.change(screen.getByLabelText("note"), { target: { value: "{{persona}}" } });
    expect(output().querySelector('mark[data-variable="note"]')?.textContent).toBe("{{persona}}");
  });

  test("waits for a valid body instead of rendering a broken one", () => {
    renderPreview("{{#if level}}open");
    expect(screen.queryByTestId("preview-output")).toBeNull();
    expect(screen.getByText("Fix the problems in the template to see the preview.")).toBeTruthy();
  });
});
