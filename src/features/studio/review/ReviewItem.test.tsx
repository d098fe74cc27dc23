import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { getFunctionName } from "convex/server";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { Id } from "../../../../convex/_generated/dataModel";
import { ReviewItem } from "./ReviewItem";

// Convex hooks are replaced by fakes keyed by function name.
const queries = vi.fn();
const mutations: Record<string, ReturnType<typeof vi.fn>> = {};
vi.mock("convex/react", () => ({
  useQuery: (ref: unknown, args: unknown) => queries(getFunctionName(ref as never), args),
  useMutation: (ref: unknown) => {
    const name = getFunctionName(ref as never);
    mutations[name] ??= vi.fn(async () => (name.endsWith("claimForReview") ? { leaseUntil: Date.UTC(2026, 10, 29, 20, 35) } : { reviewStatus: "approved", reviewedAt: 1 }));
    return mutations[name];
  },
}));

const ID = "c1" as Id<"generatedConversations">;
const ITEM = {
  _id: ID,
  templateId: "t1",
  templateName: "Coaching conversation",
  templateVersionId: "v1",
  framework: "GROW",
  turns: [
    { role: "client", text: "I keep missing deadlines." },
    { role: "coach", text: "You should use a calendar." },
    { role: "client", text: "Maybe." },
  ],
  values: { topic: "deadlines" },
  model: "claude-sonnet",
  status: "generated",
  score: 6.5,
  quality: null,
  judge: null,
  reviewStatus: "pending",
  lease: null,
  createdAt: Date.UTC(2026, 10, 29, 20, 0),
};

beforeEach(() => {
  queries.mockImplementation((name: string) => (name.endsWith("getReviewItem") ? ITEM : undefined));
});
afterEach(() => {
  cleanup();
  queries.mockReset();
  for (const key of Object.keys(mutations)) delete mutations[key];
});

async function open() {
  render(<ReviewItem conversationId={ID} shortcuts canGenerate={false} />);
  // The lease is claimed on open and shown.
  await screen.findByText(/Reviewing — lease until 20:35 UTC/);
}

const press = (key: string, target: Element | Document = document) => act(() => void fireEvent.keyDown(target, { key }));

describe("ReviewItem shortcuts", () => {
  test("a approves; r opens the reason picker with focus in it; Esc closes it", async () => {
    await open();
    press("a");
    expect(mutations["studio/review/verdicts:approve"]).toHaveBeenCalledWith({ conversationId: ID });

    press("r");
    const first = screen.getByRole("radio", { name: /Off framework/ });
    expect(document.activeElement).toBe(first);
    press("Escape", first);
    expect(screen.queryByRole("radio", { name: /Off framework/ })).toBeNull();
  });

  test("keys typed in a textarea are text, not shortcuts", async () => {
    await open();
    press("e");
    const editor = screen.getByLabelText("Turn 1 · Client");
    expect(document.activeElement).toBe(editor);
    press("a", editor);
    press("r", editor);
    press("j", editor);
    expect(mutations["studio/review/verdicts:approve"]).not.toHaveBeenCalled();
    expect(screen.queryByRole("radio")).toBeNull();
    // Esc from inside the editor cancels the edit.
    press("Escape", editor);
    expect(screen.queryByLabelText("Turn 1 · Client")).toBeNull();
  });
});

describe("ReviewItem reason picker", () => {
  test("“Other” needs a note before anything is sent", async () => {
    await open();
    press("r");
    fireEvent.click(screen.getByRole("radio", { name: /Other/ }));
    fireEvent.click(screen.getByRole("button", { name: "Reject" }));
    expect(await screen.findByText(/Say why in a note/)).toBeTruthy();
    expect(mutations["studio/review/verdicts:reject"]).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText(/Note/), { target: { value: "  client reads like a brochure " } });
    fireEvent.click(screen.getByRole("button", { name: "Reject" }));
    await vi.waitFor(() =>
      expect(mutations["studio/review/verdicts:reject"]).toHaveBeenCalledWith({ conversationId: ID, reason: "other", note: "client reads like a brochure" }),
    );
  });

  test("no reason chosen: says so", async () => {
    await open();
    press("r");
    fireEvent.click(screen.getByRole("button", { name: "Reject" }));
    expect(await screen.findByText("Choose a reason.")).toBeTruthy();
    expect(mutations["studio/review/verdicts:reject"]).not.toHaveBeenCalled();
  });
});

describe("ReviewItem revise", () => {
  test("saving sends only the edited turns, trimmed", async () => {
    await open();
    press("e");
    fireEvent.change(screen.getByLabelText("Turn 2 · Coach"), { target: { value: " What gets in the way when a deadline slips? " } });
    fireEvent.click(screen.getByRole("button", { name: "Save edits and approve" }));
    await vi.waitFor(() =>
      expect(mutations["studio/review/verdicts:revise"]).toHaveBeenCalledWith({ conversationId: ID, edits: [{ turnIndex: 1, text: "What gets in the way when a deadline slips?" }] }),
    );
  });

  test("saving with nothing changed is refused in place", async () => {
    await open();
    press("e");
    fireEvent.click(screen.getByRole("button", { name: "Save edits and approve" }));
    expect(await screen.findByText(/Nothing changed yet/)).toBeTruthy();
    expect(mutations["studio/review/verdicts:revise"]).not.toHaveBeenCalled();
  });
});

describe("ReviewItem lease conflict", () => {
  test("someone else's lease: the server's message, and the verdicts disabled", async () => {
    const { ConvexError } = await import("convex/values");
    mutations["studio/review/queue:claimForReview"] = vi.fn(async () => {
      throw new ConvexError({ code: "CONFLICT", message: "ana@example.com is reviewing this until 20:41 UTC.", retryAfterMs: 60_000 });
    });
    render(<ReviewItem conversationId={ID} shortcuts canGenerate={false} />);
    expect(await screen.findByText(/ana@example.com is reviewing this until 20:41 UTC/)).toBeTruthy();
    expect((screen.getByRole("button", { name: /Approve/ }) as HTMLButtonElement).disabled).toBe(true);
    press("a");
    expect(mutations["studio/review/verdicts:approve"]).not.toHaveBeenCalled();
  });
});
