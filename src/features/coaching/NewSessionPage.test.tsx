import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { getFunctionName } from "convex/server";
import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { useDrafts } from "../../stores/drafts";
import { NewSessionPage } from "./NewSessionPage";

const mutations: Record<string, ReturnType<typeof vi.fn>> = {};
vi.mock("convex/react", () => ({
  useQuery: (ref: unknown) =>
    getFunctionName(ref as never) === "coaching/catalog:listFrameworkCards"
      ? [
          { id: "GROW", name: "GROW", description: "Goal to action", steps: ["Goal", "Reality", "Options", "Will"], typicalDurationMinutes: 45 },
          { id: "CLEAR", name: "CLEAR", description: "Reflective", steps: ["Contracting"], typicalDurationMinutes: 50 },
        ]
      : undefined,
  useMutation: (ref: unknown) => (mutations[getFunctionName(ref as never)] ??= vi.fn().mockResolvedValue(null)),
}));

beforeEach(() => useDrafts.setState({ drafts: {} }));
afterEach(() => {
  cleanup();
  for (const key of Object.keys(mutations)) delete mutations[key];
});

function card(name: string) {
  return within(screen.getByRole("heading", { name, level: 3 }).closest("li")!);
}

describe("NewSessionPage", () => {
  test("start buttons are disabled without a challenge and say why", () => {
    render(<NewSessionPage />);
    const start = card("GROW").getByRole("button", { name: "Start with GROW" }) as HTMLButtonElement;
    expect(start.disabled).toBe(true);
    const reason = document.getElementById(start.getAttribute("aria-describedby")!);
    expect(reason?.textContent).toMatch(/Describe your challenge/);
    fireEvent.change(screen.getByLabelText("What challenge would you like to work on?"), { target: { value: "Lead my former peers" } });
    expect(start.disabled).toBe(false);
    expect(start.getAttribute("aria-describedby")).toBeNull();
  });

  test("a refused start is shown under the button that was pressed, with the time zone sent", async () => {
    mutations["coaching/sessions:startSession"] = vi
      .fn()
      .mockRejectedValue(new ConvexError({ code: "LIMIT_REACHED", message: "You already have 3 active sessions. Finish or end one first." }));
    render(<NewSessionPage />);
    fireEvent.change(screen.getByLabelText("What challenge would you like to work on?"), { target: { value: "Lead my former peers" } });
    fireEvent.click(card("CLEAR").getByRole("button", { name: "Start with CLEAR" }));
    await waitFor(() => expect(card("CLEAR").getByRole("alert").textContent).toBe("You already have 3 active sessions. Finish or end one first."));
    expect(card("GROW").queryByRole("alert")).toBeNull();
    expect(mutations["coaching/sessions:startSession"]).toHaveBeenCalledWith(
      expect.objectContaining({ challenge: "Lead my former peers", frameworkId: "CLEAR", timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }),
    );
  });
});
