import type { Page } from "playwright-core";
import { AssertionError, expectText, expectVisible } from "../expect";

// Sign-up / sign-in through the real form, shared by every flow that needs a user.

/** A password that passes the app's rules (8+ characters with a digit or symbol). */
export const PASSWORD = "correct-horse-42";

/** A unique, lower-case address (the backend normalises case), so runs never collide. */
export function uniqueEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export async function openSignIn(page: Page, appUrl: string): Promise<void> {
  await page.goto(appUrl);
  await expectVisible(page.getByRole("heading", { name: "Sign in" }), "the sign-in page");
}

export async function signUp(page: Page, email: string, password = PASSWORD): Promise<void> {
  await page.getByRole("button", { name: "Create an account" }).click();
  await expectVisible(page.getByRole("heading", { name: "Create your account" }), "the sign-up form");
  await submitCredentials(page, email, password, "Sign up");
}

export async function signIn(page: Page, email: string, password = PASSWORD): Promise<void> {
  await submitCredentials(page, email, password, "Sign in");
}

async function submitCredentials(page: Page, email: string, password: string, button: "Sign in" | "Sign up"): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: button, exact: true }).click();
  // Fail with the app's own message when it shows one, rather than a bare timeout.
  const welcome = page.getByRole("heading", { name: /^Welcome/ });
  const alert = page.getByRole("alert");
  await expectVisible(welcome.or(alert), `the home page or an error after "${button}"`);
  if (await alert.isVisible()) throw new AssertionError(`"${button}" as ${email} failed: the page says ${JSON.stringify(await alert.textContent())}`);
  await expectHome(page, email);
}

/** The signed-in home page greets this user. */
export async function expectHome(page: Page, email: string): Promise<void> {
  await expectText(page.getByRole("heading", { level: 1 }), `Welcome, ${email}`, "home page heading");
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expectVisible(page.getByRole("heading", { name: "Sign in" }), "the sign-in page after signing out");
}
