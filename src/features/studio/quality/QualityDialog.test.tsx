import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { getFunctionName } from "convex/server";
import { useState } from "react";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { Id } from "../../../../convex/_generated/dataModel";
import { QualityDialog } from "./QualityDialog";

// Convex hooks are replaced by fakes keyed by function name.
const queries = vi.fn();
vi.mock("convex/react", () => ({
  useQuery: (ref: unknown, args: unknown) => queries(getFunctionName(ref as never), args),
  useMutation: () => vi.fn(),
}));

afterEach(() => {
  cleanup();
  queries.mockReset();
});

const criterion = (score: number, measured: string, target: string) => ({ score, weight: 0.25, measured, target, details: [] });
function details(id: string, score: number) {
  return {
    conversation: {
      _id: id,
      pool: "production",
      status: score < 6 ? "needs_revision" : "generated",
      score,
      framework: `GROW-${id}`,
      turns: [
        { role: "client", text: "I keep putting off the talk." },
        { role: "coach", text: "What would a good outcome look like?" },
      ],
      values: {},
      model: "m",
      costMicros: 0,
      latencyMs: 0,
      attempts: 1,
      reviewStatus: "pending",
      createdBy: "u1",
      createdAt: 0,
    },
    provenance: { templateId: "t1", templateName: "Coaching conversation", templateVersionId: "v1", version: 1 },
    quality: {
      overall: score,
      flagged: score < 6,
      threshold: 6,
      confidence: "medium",
      criteria: {
        turnCount: criterion(3, "2 turns", "8–16 turns"),
        length: criterion(6, "9 words a turn", "8–70"),
        structure: criterion(10, "all steps", "all steps in order"),
        confidence: criterion(6, "2 strikes", "0–1 strikes"),
      },
      recommendations: ["Write at least 8 turns."],
      flags: ["too_short"],
      reasons: [],
      scoredAt: 0,
    },
    judge: { status: "failed", model: "j", error: "unreadable answer", raw: "{not json", costMicros: 0, requestedAt: 0 },
    neighbours: {},
  };
}

const IDS = ["c1", "c2", "c3"] as Id<"generatedConversations">[];

/** The dialog as the list opens it: neighbours from the list, a button per row that opened it. */
function Harness() {
  const [open, setOpen] = useState<Id<"generatedConversations"> | null>(null);
  const at = open ? IDS.indexOf(open) : -1;
  return (
    <>
      {IDS.map((id) => (
        <button key={id} type="button" data-score-button={id} onClick={() => setOpen(id)}>
          open {id}
        </button>
      ))}
      {open ? <QualityDialog conversationId={open} previousId={IDS[at - 1]} nextId={IDS[at + 1]} canOverride={false} onNavigate={setOpen} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

function openFrom(id: string) {
  queries.mockImplementation((name: string, args: { conversationId?: string }) =>
    name.endsWith("getQualityDetails") ? details(args.conversationId!, args.conversationId === "c1" ? 4.2 : 7.1) : null,
  );
  render(<Harness />);
  const opener = screen.getByRole("button", { name: `open ${id}` });
  opener.focus();
  fireEvent.click(opener);
  return opener;
}

describe("QualityDialog", () => {
  test("announces itself as a modal dialog labelled by its title, with focus inside", () => {
    openFrom("c1");
    const dialog = screen.getByRole("dialog");
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(document.getElementById(dialog.getAttribute("aria-labelledby")!)?.textContent).toBe("Quality details · GROW-c1");
    expect(dialog.contains(document.activeElement)).toBe(true);
  });

  test("shows the bars with measured and target, the judge's failure with its raw answer, the recommendations and the transcript", () => {
    openFrom("c1");
    const dialog = screen.getByRole("dialog");
    expect(dialog.querySelectorAll(".criterion")).toHaveLength(4);
    expect(dialog.textContent).toContain("Measured 2 turns · target 8–16 turns");
    expect(dialog.textContent).toContain("4.2 Needs work");
    expect(screen.getByTestId("judge-failed").textContent).toContain("unreadable answer");
    expect(screen.getByLabelText("The judge's raw answer").textContent).toBe("{not json");
    expect(dialog.textContent).toContain("Write at least 8 turns.");
    expect(screen.getByRole("list", { name: "Transcript" }).querySelectorAll("li")).toHaveLength(2);
  });

  test("→ and j go to the next conversation, ← and k to the previous; not at the ends, not while typing", () => {
    openFrom("c1");
    const dialog = () => screen.getByRole("dialog");
    fireEvent.keyDown(dialog(), { key: "ArrowLeft" });
    expect(dialog().dataset.conversation).toBe("c1");
    fireEvent.keyDown(dialog(), { key: "ArrowRight" });
    expect(dialog().dataset.conversation).toBe("c2");
    fireEvent.keyDown(dialog(), { key: "j" });
    expect(dialog().dataset.conversation).toBe("c3");
    fireEvent.keyDown(dialog(), { key: "ArrowRight" });
    expect(dialog().dataset.conversation).toBe("c3");
    fireEvent.keyDown(dialog(), { key: "k" });
    expect(dialog().dataset.conversation).toBe("c2");
    fireEvent.keyDown(dialog(), { key: "ArrowLeft" });
    expect(dialog().dataset.conversation).toBe("c1");
    expect(screen.getByText(/Quality details · GROW-c1/)).toBeTruthy();
  });

  test("Tab and Shift+Tab wrap inside the dialog", () => {
    openFrom("c2");
    const dialog = screen.getByRole("dialog");
    const focusables = [...dialog.querySelectorAll<HTMLElement>("button:not([disabled]), [href], [tabindex='0']")];
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    last.focus();
    fireEvent.keyDown(last, { key: "Tab" });
    expect(document.activeElement).toBe(first);
    fireEvent.keyDown(first, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  test("Esc closes it and focus returns to the score of the conversation shown last", () => {
    openFrom("c1");
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "ArrowRight" });
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "open c2" }));
  });

  test("Esc without moving returns focus to the opener", () => {
    const opener = openFrom("c3");
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

describe("QualityDialog when focus is lost", () => {
  test("Esc still closes it when a control that had focus went away", () => {
    openFrom("c2");
    (document.activeElement as HTMLElement).blur();
    expect(document.activeElement).toBe(document.body);
    fireEvent.keyDown(document.body, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
