import { useAuthActions } from "@convex-dev/auth/react";
import { useConvexAuth, useQuery } from "convex/react";
import { api } from "../convex/_generated/api";
import { Link } from "./components/Link";
import { AdminPage } from "./features/admin/AdminPage";
import { SignInPage } from "./features/auth/SignInPage";
import { HomePage } from "./features/home/HomePage";
import { usePath } from "./lib/router";

export function App() {
  const { isLoading, isAuthenticated } = useConvexAuth();
  if (isLoading) return <p className="center muted">Loading…</p>;
  if (!isAuthenticated) return <SignInPage />;
  return <SignedInApp />;
}

function SignedInApp() {
  const me = useQuery(api.users.account.me);
  const { signOut } = useAuthActions();
  const path = usePath();

  if (me === undefined) return <p className="center muted">Loading…</p>;
  if (me === null) return <SignInPage />;

  const isAdmin = me.role === "admin";
  const onAdmin = path.startsWith("/admin") && isAdmin;
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Framewise</span>
        <nav aria-label="Main">
          <Link to="/" current={!onAdmin}>
            Home
          </Link>
          {isAdmin ? (
            <Link to="/admin" current={onAdmin}>
              Admin
            </Link>
          ) : null}
        </nav>
        <span className="who">
          <span className="muted">{me.email}</span>
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <main className="content">{onAdmin ? <AdminPage myId={me._id} /> : <HomePage me={me} />}</main>
    </div>
  );
}
