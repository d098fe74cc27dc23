import { lazy, Suspense } from "react";
import type { Id } from "../../../convex/_generated/dataModel";
import { Link } from "../../components/Link";
import { usePath } from "../../lib/router";
import { AuditPanel } from "./AuditPanel";
import { HealthPanel } from "./HealthPanel";
import { LogsPanel } from "./LogsPanel";
import { UsersPanel } from "./UsersPanel";

// Charts are heavy (recharts): they load only when an admin opens Usage.
const UsageDashboard = lazy(() => import("./UsageDashboard"));

export const ADMIN_SECTIONS = [
  { path: "/admin", label: "Users" },
  { path: "/admin/usage", label: "Usage & cost" },
  { path: "/admin/logs", label: "Logs" },
  { path: "/admin/audit", label: "Audit log" },
  { path: "/admin/health", label: "Health" },
] as const;

export function AdminPage({ myId }: { myId: Id<"users"> }) {
  const path = usePath().replace(/\/+$/, "") || "/admin";
  const section = ADMIN_SECTIONS.find((s) => s.path === path) ?? ADMIN_SECTIONS[0];

  let panel;
  switch (section.path) {
    case "/admin/usage":
      panel = (
        <Suspense fallback={<p className="muted">Loading charts…</p>}>
          <UsageDashboard />
        </Suspense>
      );
      break;
    case "/admin/logs":
      panel = <LogsPanel />;
      break;
    case "/admin/audit":
      panel = <AuditPanel />;
      break;
    case "/admin/health":
      panel = <HealthPanel />;
      break;
    default:
      panel = <UsersPanel myId={myId} />;
  }

  return (
    <section aria-labelledby="admin-title" className="admin">
      <h1 id="admin-title">Admin</h1>
      <nav aria-label="Admin sections" className="subnav">
        {ADMIN_SECTIONS.map((s) => (
          <Link key={s.path} to={s.path} current={s.path === section.path}>
            {s.label}
          </Link>
        ))}
      </nav>
      {panel}
    </section>
  );
}
