import type { PublicUser } from "../../../convex/users/validators";

export function HomePage({ me }: { me: PublicUser }) {
  return (
    <section aria-labelledby="home-title">
      <h1 id="home-title">Welcome{me.email ? `, ${me.email}` : ""}</h1>
      <p>
        Your role: <strong data-testid="role">{me.role}</strong>
      </p>
      <p className="muted">
        Describe a challenge and Framewise will pick a coaching framework and walk you through it step by step.
      </p>
    </section>
  );
}
