import { useAuthActions } from "@convex-dev/auth/react";
import { useConvexAuth, useQuery } from "convex/react";
import { lazy, Suspense } from "react";
import { api } from "../convex/_generated/api";
import type { Id } from "../convex/_generated/dataModel";
import { ErrorBoundary } from "./components/ErrorBoundary";
import { Link } from "./components/Link";
import { OfflineNotice } from "./components/OfflineNotice";
import { SkipLink } from "./components/SkipLink";
import { NewSessionPage } from "./features/coaching/NewSessionPage";
import { SessionPage } from "./features/coaching/SessionPage";
import { AdminPage } from "./features/admin/AdminPage";
import { SignInPage } from "./features/auth/SignInPage";
import { HomePage } from "./features/home/HomePage";
import { usePath } from "./lib/router";
import { useSkipTarget } from "./stores/skipTarget";

// The Studio (template editor, diffs) loads only when someone opens it.
const StudioPage = lazy(() => import("./features/studio/StudioPage"));

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
  const skipTarget = useSkipTarget((s) => s.target);

  if (me === undefined) return <p className="center muted">Loading…</p>;
  if (me === null) return <SignInPage />;

  const isAdmin = me.role === "admin";
  const onAdmin = path.startsWith("/admin") && isAdmin;
  const sessionMatch = /^\/sessions\/([^/]+)$/.exec(path);
  const canStudio = me.permissions.includes("studio.templates.view");
  const onStudio = path === "/studio" || path.startsWith("/studio/");
  let page;
  if (onAdmin) page = <AdminPage myId={me._id} />;
  else if (onStudio) {
    page = (
      <Suspense fallback={<p className="muted">Loading the Studio…</p>}>
        <StudioPage permissions={me.permissions} />
      </Suspense>
    );
  }
  else if (path === "/new") page = <NewSessionPage />;
  else if (sessionMatch) page = <SessionPage key={sessionMatch[1]} sessionId={sessionMatch[1] as Id<"coachingSessions">} />;
  else page = <HomePage me={me} />;
  return (
    <div className={sessionMatch ? "shell shell-fill" : "shell"}>
      <SkipLink targetId={skipTarget.id} fallbackId="main">{skipTarget.label}</SkipLink>
      <header className="app-header">
        <div className="topbar">
        <span className="brand">Framewise</span>
        <nav aria-label="Main">
          <Link to="/" current={path === "/"}>
            Home
          </Link>
          <Link to="/new" current={path === "/new"}>
            New session
          </Link>
          {canStudio ? (
            <Link to="/studio" current={onStudio}>
              Studio
            </Link>
          ) : null}
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
        </div>
        <OfflineNotice />
      </header>
      <main className="content" id="main">
        <ErrorBoundary resetKey={path}>{page}</ErrorBoundary>
      </main>
    </div>
  );
}
