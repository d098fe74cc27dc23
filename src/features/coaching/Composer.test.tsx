import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { getFunctionName } from "convex/server";
import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { Id } from "../../../convex/_generated/dataModel";
import { useDrafts } from "../../stores/drafts";
import { Composer } from "./Composer";

type Call = (...args: unknown[]) => Promise<unknown>;
const mutations: Record<string, ReturnType<typeof vi.fn<Call>>> = {};
vi.mock("convex/react", () => ({
  useMutation: (ref: unknown) => {
    const fn = (mutations[getFunctionName(ref as never)] ??= vi.fn<Call>().mockResolvedValue({ truncated: false }));
    return Object.assign((...args: unknown[]) => fn(...args), { withOptimisticUpdate: () => (...args: unknown[]) => fn(...args) });
  },
}));

const SESSION = "s1" as Id<"coachingSessions">;
beforeEach(() => useDrafts.setState({ drafts: {} }));
afterEach(() => {
  cleanup();
  for (const key of Object.keys(mutations)) delete mutations[key];
});

describe("Composer", () => {
  test("sends with the time zone; a refusal shows under the composer and the draft comes back", async () => {
    mutations["coaching/sessions:sendMessage"] = vi.fn<Call>().mockRejectedValue(new ConvexError({ code: "LIMIT_REACHED", message: "You've used today's messages." }));
    render(<Composer sessionId={SESSION} replyInProgress={false} disabledReason={null} />);
    const box = screen.getByLabelText("Your message");
    fireEvent.change(box, { target: { value: "My goal is to delegate" } });
    fireEvent.keyDown(box, { key: "Enter" });
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("You've used today's messages.");
    // The error sits inside the composer form, right under the box and button.
    expect(alert.closest("form")).toBe(box.closest("form"));
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe("My goal is to delegate"));
    expect(mutations["coaching/sessions:sendMessage"]).toHaveBeenCalledWith(
      expect.objectContaining({ sessionId: SESSION, text: "My goal is to delegate", timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone }),
    );
  });

  test("the send button says why it is disabled", () => {
    const { rerender } = render(<Composer sessionId={SESSION} replyInProgress={false} disabledReason={null} />);
    const send = screen.getByRole("button", { name: "Send" }) as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    expect(document.getElementById(send.getAttribute("aria-describedby")!)?.textContent).toBe("Write an answer to send it.");
    rerender(<Composer sessionId={SESSION} replyInProgress={false} disabledReason="This session is paused. Resume it to continue." />);
    const hint = document.getElementById(screen.getByRole("button", { name: "Send" }).getAttribute("aria-describedby")!);
    expect(hint?.textContent).toBe("This session is paused. Resume it to continue.");
    rerender(<Composer sessionId={SESSION} replyInProgress={true} disabledReason={null} />);
    expect(screen.getByRole("button", { name: "Stop reply" })).toBeTruthy();
    expect(screen.getByText(/The coach is replying/)).toBeTruthy();
  });
});
