import { appError } from "../lib/errors";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 200;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lower-cases and trims so that sign-in matches regardless of how the address was typed. */
export function normalizeEmail(raw: unknown): string {
  if (typeof raw !== "string") {
    throw appError("INVALID_INPUT", "Please enter your email address.", { field: "email" });
  }
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL_PATTERN.test(email)) {
    throw appError("INVALID_INPUT", "That doesn't look like an email address.", { field: "email" });
  }
  return email;
}

export function validatePassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw appError(
      "INVALID_INPUT",
      `Passwords need at least ${PASSWORD_MIN_LENGTH} characters.`,
      { field: "password" },
    );
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    throw appError("INVALID_INPUT", `Passwords can have at most ${PASSWORD_MAX_LENGTH} characters.`, {
      field: "password",
    });
  }
  if (!/[a-zA-Z]/.test(password) || !/[^a-zA-Z]/.test(password)) {
    throw appError("INVALID_INPUT", "Use letters and at least one number or symbol in your password.", {
      field: "password",
    });
  }
}
