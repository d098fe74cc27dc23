import { useAuthActions } from "@convex-dev/auth/react";
import { useId, useState, type FormEvent } from "react";
import { ErrorNotice } from "../../components/ErrorNotice";
import { describeAuthError, type DisplayError } from "../../lib/errors";

type Flow = "signIn" | "signUp";

export function SignInPage() {
  const { signIn } = useAuthActions();
  const [flow, setFlow] = useState<Flow>("signIn");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<DisplayError | null>(null);
  const emailId = useId();
  const passwordId = useId();
  const hintId = useId();
  const errorId = useId();

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn("password", { email, password, flow });
    } catch (caught) {
      setError(describeAuthError(caught, flow));
    } finally {
      setBusy(false);
    }
  }

  const title = flow === "signIn" ? "Sign in" : "Create your account";
  return (
    <main className="auth-page">
      <section className="card auth-card" aria-labelledby="auth-title">
        <p className="brand">Framewise</p>
        <h1 id="auth-title">{title}</h1>
        <p className="muted">Coaching that walks you from a knotty challenge to a clear plan.</p>
        <form onSubmit={onSubmit} noValidate>
          <label htmlFor={emailId}>Email</label>
          <input
            id={emailId}
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <label htmlFor={passwordId}>Password</label>
          <input
            id={passwordId}
            name="password"
            type="password"
            autoComplete={flow === "signIn" ? "current-password" : "new-password"}
            aria-describedby={flow === "signUp" ? hintId : undefined}
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {flow === "signUp" ? (
            <p id={hintId} className="hint">At least 8 characters, with a number or symbol.</p>
          ) : null}
          {/* Beside the button and tied to it, so a screen reader announces the refusal with the control that caused it. */}
          <div id={errorId}>
            <ErrorNotice error={error} />
          </div>
          <button
            type="submit"
            className="primary"
            disabled={busy}
            aria-describedby={error ? errorId : undefined}
          >
            {busy ? "Please wait…" : flow === "signIn" ? "Sign in" : "Sign up"}
          </button>
        </form>
        <p className="switch-flow">
          {flow === "signIn" ? "New to Framewise?" : "Already have an account?"}{" "}
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setFlow(flow === "signIn" ? "signUp" : "signIn");
              setError(null);
            }}
          >
            {flow === "signIn" ? "Create an account" : "Sign in instead"}
          </button>
        </p>
      </section>
    </main>
  );
}
