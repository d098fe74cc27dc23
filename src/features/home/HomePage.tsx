import type { PublicUser } from "../../../convex/users/validators";
import { Link } from "../../components/Link";
import { SessionList } from "../coaching/SessionList";

export function HomePage({ me }: { me: PublicUser }) {
  return (
    <section aria-labelledby="home-title">
      <div className="home-head">
        <div>
          <h1 id="home-title">Welcome{me.email ? `, ${me.email}` : ""}</h1>
          <p>
            Your role: <strong data-testid="role">{me.role}</strong>
          </p>
        </div>
        <Link to="/new">+ New session</Link>
      </div>
      <h2>Your sessions</h2>
      <SessionList />
    </section>
  );
}
