import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { nextShown, ToastProvider, unseenToasts, useToasts, type Toast } from "./Toasts";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function Pusher({ toasts }: { toasts: Toast[] }) {
  const api = useToasts();
  return (
    <button type="button" onClick={() => api.push(toasts)}>
      push
    </button>
  );
}

const A: Toast = { key: "b1:rate_limited:1", tone: "warning", message: "Rate limit reached — pausing for 5 s." };
const B: Toast = { key: "b1:completed:2", tone: "success", message: "Batch finished: 12 succeeded, 0 failed." };

describe("toasts", () => {
  test("unseenToasts drops keys already shown and repeats within one batch", () => {
    expect(unseenToasts([A, A, B], new Set([B.key]))).toEqual([A]);
  });

  test("a newer toast of a group replaces the shown one; the newest four stay", () => {
    const first = { ...B, key: "b1:completed:1", message: "Batch finished: 11 succeeded, 1 failed.", group: "b1:completed" };
    const again = { ...B, key: "b1:completed:9", group: "b1:completed" };
    expect(nextShown([A, first], [again])).toEqual([A, again]);
    expect(nextShown([first], [{ ...again, group: "b2:completed" }])).toHaveLength(2);
    const many = Array.from({ length: 6 }, (_, i) => ({ ...A, key: `k${i}` }));
    expect(nextShown(many.slice(0, 3), many.slice(3)).map((t) => t.key)).toEqual(["k2", "k3", "k4", "k5"]);
  });

  test("each key is shown once, however often it is pushed, in a polite live region", () => {
    render(
      <ToastProvider>
        <Pusher toasts={[A, B]} />
      </ToastProvider>,
    );
    const region = screen.getByRole("status", { name: "Notifications" });
    expect(region.getAttribute("aria-live")).toBe("polite");
    fireEvent.click(screen.getByText("push"));
    fireEvent.click(screen.getByText("push"));
    expect(region.querySelectorAll(".toast")).toHaveLength(2);
    // Dismissed, then re-delivered by the subscription: it stays gone.
    fireEvent.click(screen.getByRole("button", { name: `Dismiss: ${A.message}` }));
    fireEvent.click(screen.getByText("push"));
    expect(region.querySelectorAll(".toast")).toHaveLength(1);
    expect(region.textContent).toContain(B.message);
  });

  test("they dismiss themselves, and Escape inside the region dismisses the newest", () => {
    vi.useFakeTimers();
    render(
      <ToastProvider>
        <Pusher toasts={[{ ...A, ttlMs: 1_000 }, B]} />
      </ToastProvider>,
    );
    fireEvent.click(screen.getByText("push"));
    const region = screen.getByRole("status", { name: "Notifications" });
    act(() => vi.advanceTimersByTime(1_001));
    expect(region.querySelectorAll(".toast")).toHaveLength(1);
    const close = screen.getByRole("button", { name: `Dismiss: ${B.message}` });
    close.focus();
    fireEvent.keyDown(close, { key: "Escape" });
    expect(region.querySelectorAll(".toast")).toHaveLength(0);
  });
});
