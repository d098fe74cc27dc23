import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterEach, describe, expect, test } from "vitest";
import type { Id } from "../../../../convex/_generated/dataModel";
import type { VariableDefinition } from "../../../../convex/studio/templating";
import { MatrixEditor } from "./MatrixEditor";
import { initialAxes, toPreviewArgs, type PreviewArgs } from "./model";

afterEach(cleanup);

const VERSION = "v1" as Id<"promptTemplateVersions">;
const VARS: VariableDefinition[] = [
  { name: "framework", type: "dropdown", required: true, options: ["GROW", "CLEAR"] },
  { name: "persona", type: "text", required: true },
  { name: "turns", type: "number", required: false, default: 12 },
];

function Harness({ onArgs }: { onArgs: (args: PreviewArgs) => void }) {
  const [axes, setAxes] = useState(() => initialAxes(VARS, { personas: ["founder"], emotions: [] }));
  onArgs(toPreviewArgs(VERSION, axes, "all", null));
  return <MatrixEditor axes={axes} onChange={setAxes} />;
}

describe("the matrix editor", () => {
  test("ticking options and typing values changes the preview args", () => {
    let last: PreviewArgs | null = null;
    render(<Harness onArgs={(a) => (last = a)} />);
    expect(last!.matrix).toEqual([
      { variable: "framework", values: ["GROW"] },
      { variable: "persona", values: ["founder"] },
      { variable: "turns", values: [12] },
    ]);
    fireEvent.click(screen.getByLabelText("CLEAR"));
    fireEvent.change(screen.getByLabelText(/persona/), { target: { value: "founder, nurse\nteacher" } });
    fireEvent.change(screen.getByLabelText(/turns/), { target: { value: "" } });
    expect(last!.matrix).toEqual([
      { variable: "framework", values: ["GROW", "CLEAR"] },
      { variable: "persona", values: ["founder", "nurse", "teacher"] },
    ]);
    // Each axis says how many values it holds.
    expect(screen.getByLabelText(/persona/).closest(".matrix-axis")?.textContent).toContain("3 values");
    fireEvent.click(screen.getByLabelText("GROW"));
    expect(last!.matrix[0]).toEqual({ variable: "framework", values: ["CLEAR"] });
  });
});
