import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, test } from "vitest";
import { parseTemplate, type VariableDefinition } from "../../../convex/studio/templating";
import { BodyEditor } from "./BodyEditor";

const VARS: VariableDefinition[] = [
  { name: "persona", type: "text", required: true },
  { name: "level", type: "number", required: false, min: 1, max: 10 },
  { name: "formal", type: "boolean", required: false },
];

/** The editor wired as the template editor wires it: errors re-parsed from every keystroke. */
function Harness({ initial }: { initial: string }) {
  const [body, setBody] = useState(initial);
  const { errors } = parseTemplate(body, VARS);
  return <BodyEditor id="body" value={body} onChange={setBody} errors={errors} />;
}

const backdrop = () => screen.getByTestId("body-backdrop");

afterEach(cleanup);

describe("the body editor", () => {
  test("the backdrop repeats the text exactly, with each placeholder in a span of its kind", () => {
    const body = "Hi {{persona}}\n{{#if formal}}Dear{{else}}Hey{{/if}} {{level > 5 ? 'keen' : 'calm'}}\n";
    render(<Harness initial={body} />);
    // Same text, character for character (plus the one trailing newline the pre needs), or the caret would drift.
    expect(backdrop().textContent).toBe(`${body}\n`);
    const kinds = (kind: string) => [...backdrop().querySelectorAll(`.tok-${kind}`)].map((el) => el.textContent);
    expect(kinds("variable")).toEqual(["{{persona}}"]);
    expect(kinds("if")).toEqual(["{{#if formal}}"]);
    expect(kinds("else")).toEqual(["{{else}}"]);
    expect(kinds("end_if")).toEqual(["{{/if}}"]);
    expect(kinds("ternary")).toEqual(["{{level > 5 ? 'keen' : 'calm'}}"]);
    expect(backdrop().querySelectorAll(".tok-error")).toHaveLength(0);
    expect(screen.getByText("No syntax problems.")).toBeTruthy();
    expect(screen.getByRole("textbox").getAttribute("aria-invalid")).toBe("false");
  });

  test("an unclosed #if is marked where it is and listed with its line and column", () => {
    render(<Harness initial={"Hello {{persona}}\n  {{#if formal}}Dear"} />);
    const marks = backdrop().querySelectorAll(".tok-error");
    expect(marks.length).toBeGreaterThan(0);
    expect(marks[0].textContent).toBe("{{#if formal}}");
    expect(marks[0].getAttribute("data-error")).toMatch(/never closed/);
    const list = screen.getByTestId("body-errors");
    expect(within(list).getAllByRole("listitem").map((li) => li.textContent)).toEqual([expect.stringMatching(/^line 2, column 3: .*never closed with \{\{\/if\}\}/)]);
    expect(screen.getByRole("textbox").getAttribute("aria-invalid")).toBe("true");
    expect(screen.getByRole("textbox").getAttribute("aria-describedby")).toContain("body-problems");
  });

  test("marks follow the typing: an undeclared name appears, then goes when fixed", () => {
    render(<Harness initial="Hi " />);
    const box = screen.getByRole("textbox");
    fireEvent.change(box, { target: { value: "Hi {{persna}}" } });
    const mark = backdrop().querySelector(".tok-error");
    expect(mark?.textContent).toBe("persna");
    expect(screen.getByTestId("body-errors").textContent).toMatch(/line 1, column 6: 'persna' is not a declared variable \(did you mean 'persona'\?\)/);
    fireEvent.change(box, { target: { value: "Hi {{persona}}" } });
    expect(backdrop().querySelector(".tok-error")).toBeNull();
    expect(screen.queryByTestId("body-errors")).toBeNull();
  });

  test("choosing a problem selects its text in the textarea", () => {
    render(<Harness initial={"ok\n{{#if}}x{{/if}}"} />);
    fireEvent.click(screen.getByRole("button", { name: /line 2, column 1/ }));
    const box = screen.getByRole("textbox") as HTMLTextAreaElement;
    expect(document.activeElement).toBe(box);
    expect(box.selectionStart).toBe(3);
    expect(box.selectionEnd).toBeGreaterThan(3);
  });

  test("markup and SQL in the body are text, never elements", () => {
    const attack = "<script>alert('xss')</script><img src=x onerror=alert(1)> '; DROP TABLE users;-- {{persona}}";
    render(<Harness initial={attack} />);
    expect(backdrop().textContent).toBe(`${attack}\n`);
    expect(document.querySelector("script")).toBeNull();
    expect(document.querySelector("img")).toBeNull();
    expect((screen.getByRole("textbox") as HTMLTextAreaElement).value).toBe(attack);
  });
});
