import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { ConvexError } from "convex/values";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { SignInPage } from "./SignInPage";

const signIn = vi.fn();
vi.mock("@convex-dev/auth/react", () => ({
  useAuthActions: () => ({ signIn, signOut: vi.fn() }),
}));

function fill(email: string, password: string) {
  fireEvent.change(screen.getByLabelText("Email"), { target: { value: email } });
  fireEvent.change(screen.getByLabelText("Password"), { target: { value: password } });
}

describe("SignInPage", () => {
  beforeEach(() => {
    signIn.mockReset();
  });
  afterEach(cleanup);

  test("signs in with the password provider", async () => {
    signIn.mockResolvedValue({ signingIn: true });
    render(<SignInPage />);
    fill("ada@example.com", "s3cret-pass");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() =>
      expect(signIn).toHaveBeenCalledWith("password", {
        email: "ada@example.com",
        password: "s3cret-pass",
        flow: "signIn",
      }),
    );
    // Settled: the button is back, with nothing to report.
    await screen.findByRole("button", { name: "Sign in" });
    expect(screen.queryByRole("alert")).toBeNull();
  });

  test("switches to sign-up and sends that flow", async () => {
    signIn.mockResolvedValue({ signingIn: true });
    render(<SignInPage />);
    fireEvent.click(screen.getByRole("button", { name: "Create an account" }));
    expect(screen.getByRole("heading", { name: "Create your account" })).toBeTruthy();
    fill("ada@example.com", "s3cret-pass");
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    await waitFor(() => expect(signIn).toHaveBeenCalledWith("password", expect.objectContaining({ flow: "signUp" })));
  });

  test("shows the server's coded refusal beside the submit button and ties it to the button", async () => {
    signIn.mockRejectedValue(new ConvexError({ code: "UNAUTHENTICATED", message: "That email and password don't match." }));
    render(<SignInPage />);
    fill("ada@example.com", "wrong-pass1");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("That email and password don't match.");
    const button = await screen.findByRole("button", { name: "Sign in" });
    expect(button.getAttribute("aria-describedby")).toBeTruthy();
    const described = document.getElementById(button.getAttribute("aria-describedby") ?? "");
    expect(described?.contains(alert)).toBe(true);
    expect(described?.nextElementSibling).toBe(button);
  });

  test("a locked sign-in says how long to wait, in the server's words", async () => {
    signIn.mockRejectedValue(
      new ConvexError({ code: "RATE_LIMITED", message: "Too many attempts. Try again in 6 minutes.", retryAfterMs: 360_000 }),
    );
    render(<SignInPage />);
    fill("ada@example.com", "wrong-pass1");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Too many attempts. Try again in 6 minutes.");
  });

  test("a taken email on sign-up shows the conflict", async () => {
    signIn.mockRejectedValue(
      new ConvexError({ code: "CONFLICT", message: "An account with that email already exists. Sign in instead." }),
    );
    render(<SignInPage />);
    fireEvent.click(screen.getByRole("button", { name: "Create an account" }));
    fill("ada@example.com", "s3cret-pass");
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    expect((await screen.findByRole("alert")).textContent).toBe("An account with that email already exists. Sign in instead.");
  });

  test("an uncoded failure still reads as a mismatch", async () => {
    signIn.mockRejectedValue(new Error("[Request ID: 1] Server Error"));
    render(<SignInPage />);
    fill("ada@example.com", "wrong-pass1");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect((await screen.findByRole("alert")).textContent).toContain("don't match an account");
  });

  test("shows the server's message for invalid input", async () => {
    signIn.mockRejectedValue(
      new ConvexError({ code: "INVALID_INPUT", message: "Passwords need at least 8 characters.", field: "password" }),
    );
    render(<SignInPage />);
    fireEvent.click(screen.getByRole("button", { name: "Create an account" }));
    fill("ada@example.com", "short");
    fireEvent.click(screen.getByRole("button", { name: "Sign up" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Passwords need at least 8 characters.");
  });

  test("disables the button while the call is in flight", async () => {
    let finish: (value: unknown) => void = () => {};
    signIn.mockReturnValue(new Promise((resolve) => (finish = resolve)));
    render(<SignInPage />);
    fill("ada@example.com", "s3cret-pass");
    fireEvent.click(screen.getByRole("button", { name: "Sign in" }));
    const button = (await screen.findByRole("button", { name: "Please wait…" })) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await act(async () => finish({ signingIn: true }));
    expect(((await screen.findByRole("button", { name: "Sign in" })) as HTMLButtonElement).disabled).toBe(false);
  });
});
