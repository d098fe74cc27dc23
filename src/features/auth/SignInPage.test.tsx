import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
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
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Sign in" })));
    expect(signIn).toHaveBeenCalledWith("password", {
      email: "ada@example.com",
      password: "s3cret-pass",
      flow: "signIn",
    });
    expect(screen.queryByRole("alert")).toBeNull();
  });

  test("switches to sign-up and sends that flow", async () => {
    signIn.mockResolvedValue({ signingIn: true });
    render(<SignInPage />);
    fireEvent.click(screen.getByRole("button", { name: "Create an account" }));
    expect(screen.getByRole("heading", { name: "Create your account" })).toBeTruthy();
    fill("ada@example.com", "s3cret-pass");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Sign up" })));
    expect(signIn).toHaveBeenCalledWith("password", expect.objectContaining({ flow: "signUp" }));
  });

  test("shows a friendly message when the credentials are wrong", async () => {
    signIn.mockRejectedValue(new Error("[Request ID: 1] Server Error"));
    render(<SignInPage />);
    fill("ada@example.com", "wrong-pass1");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Sign in" })));
    expect(screen.getByRole("alert").textContent).toContain("don't match an account");
  });

  test("shows the server's message for invalid input", async () => {
    signIn.mockRejectedValue(
      new ConvexError({ code: "INVALID_INPUT", message: "Passwords need at least 8 characters.", field: "password" }),
    );
    render(<SignInPage />);
    fireEvent.click(screen.getByRole("button", { name: "Create an account" }));
    fill("ada@example.com", "short");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Sign up" })));
    expect(screen.getByRole("alert").textContent).toBe("Passwords need at least 8 characters.");
  });

  test("disables the button while the call is in flight", async () => {
    let finish: (value: unknown) => void = () => {};
    signIn.mockReturnValue(new Promise((resolve) => (finish = resolve)));
    render(<SignInPage />);
    fill("ada@example.com", "s3cret-pass");
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Sign in" })));
    const button = screen.getByRole("button", { name: "Please wait…" }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    await act(async () => finish({ signingIn: true }));
    expect((screen.getByRole("button", { name: "Sign in" }) as HTMLButtonElement).disabled).toBe(false);
  });
});
