import { cleanup, render, screen, within } from "@testing-library/react";
import { getFunctionName } from "convex/server";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { Id } from "../../../../convex/_generated/dataModel";
import { RunView } from "./GeneratePage";

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

const RUN = {
  _id: "r1",
  templateId: "t1",
  templateVersionId: "v1",
  model: "claude-sonnet-5-5",
  values: {},
  status: "running",
  attempts: 2,
  maxAttempts: 5,
  framework: "GROW",
  turns: [
    { role: "client", text: "I've been asked to lead the migration." },
    { role: "coach", text: "What part of leading it weighs on you most?" },
  ],
  writing: { role: "client", text: "Telling people twice my" },
  costMicros: 0,
};

describe("a run being written", () => {
  test("shows the turns so far, the one in progress, the attempt, and no stored link yet", () => {
    queries.mockImplementation((name: string) => (name.endsWith("getGenerationRun") ? RUN : undefined));
    render(<RunView runId={"r1" as Id<"generationItems">} />);
    expect(screen.getByRole("status").textContent).toBe("Claude is writing… Attempt 2 of 5. 2 turns so far.");
    const transcript = screen.getByRole("list", { name: "Generated conversation" });
    expect(transcript.getAttribute("aria-busy")).toBe("true");
    expect(within(transcript).getAllByTestId("gen-turn")).toHaveLength(2);
    expect(within(transcript).getByTestId("gen-turn-writing").textContent).toContain("Telling people twice my");
    expect(screen.queryByRole("link", { name: /stored conversation/ })).toBeNull();
    // The stored conversation is not asked for until the run has one.
    expect(queries).toHaveBeenCalledWith("studio/generation/conversations:getConversation", "skip");
  });

  test("a finished run links to its stored conversation with provenance", () => {
    const done = { ...RUN, status: "succeeded", writing: undefined, conversationId: "c1", attempts: 1 };
    const conversation = {
      _id: "c1",
      framework: "GROW",
      model: "claude-sonnet-5-5",
      inputTokens: 505,
      outputTokens: 238,
      costMicros: 5_100,
      latencyMs: 4_000,
      attempts: 1,
      createdAt: Date.UTC(2026, 10, 29, 19, 52),
    };
    queries.mockImplementation((name: string) => (name.endsWith("getGenerationRun") ? done : name.endsWith("getConversation") ? conversation : undefined));
    render(<RunView runId={"r1" as Id<"generationItems">} templateName="Coaching conversation" version={3} />);
    expect(screen.getByRole("status").textContent).toBe("Done. 2 turns.");
    expect(screen.getByRole("link", { name: "Open the stored conversation →" }).getAttribute("href")).toBe("/studio/conversations/c1");
    expect(screen.getByText("Coaching conversation v3")).toBeTruthy();
    expect(screen.getByText("505 in · 238 out")).toBeTruthy();
    expect(screen.getByText("$0.0051")).toBeTruthy();
  });
});
