import type { ReactNode } from "react";
import type { Id } from "../../../../convex/_generated/dataModel";
import { Link } from "../../../components/Link";
import { BatchDetailPage } from "./BatchDetailPage";
import { BatchesPage } from "./BatchesPage";
import { ConversationPage } from "./ConversationPage";
import { GeneratePage } from "./GeneratePage";
import { NewBatchPage } from "./NewBatchPage";
import { SettingsPage } from "./SettingsPage";

const TABS = [
  { to: "/studio", label: "Templates", need: "studio.templates.view", match: (p: string) => p === "/studio" || p.startsWith("/studio/templates") },
  { to: "/studio/generate", label: "Generate", need: "studio.generate", match: (p: string) => p.startsWith("/studio/generate") },
  { to: "/studio/batches", label: "Batches", need: "studio.generate", match: (p: string) => p.startsWith("/studio/batches") },
  { to: "/studio/conversations", label: "Conversations", need: "studio.review", match: (p: string) => p.startsWith("/studio/conversations") },
  { to: "/studio/review", label: "Review", need: "studio.review", match: (p: string) => p.startsWith("/studio/review") },
  { to: "/studio/calibration", label: "Calibration", need: "studio.review", match: (p: string) => p.startsWith("/studio/calibration") },
  { to: "/studio/export", label: "Export", need: "studio.export", match: (p: string) => p.startsWith("/studio/export") },
  { to: "/studio/analytics", label: "Analytics", need: "studio.templates.view", match: (p: string) => p.startsWith("/studio/analytics") },
  { to: "/studio/settings", label: "Settings", need: "studio.generate", match: (p: string) => p.startsWith("/studio/settings") },
];

/** Studio sub-navigation: Templates · Generate · Batches · Review · Calibration · Settings, each only for those who may use it. */
export function StudioTabs({ path, permissions, badges }: { path: string; permissions?: readonly string[]; badges?: Partial<Record<string, ReactNode>> }) {
  const tabs = permissions ? TABS.filter((tab) => permissions.includes(tab.need)) : TABS;
  return (
    <nav className="studio-tabs" aria-label="Studio">
      {tabs.map((tab) => (
        <Link key={tab.to} to={tab.to} current={tab.match(path)} className="studio-tab">
          {tab.label}
          {badges?.[tab.to] ?? null}
        </Link>
      ))}
    </nav>
  );
}

/** The page for a generation route, or null when `path` is not one (the templates screens handle it). */
export function generationPage(path: string, canGenerate: boolean): ReactNode | null {
  const batch = /^\/studio\/batches\/([^/]+)$/.exec(path);
  const conversation = /^\/studio\/conversations\/([^/]+)$/.exec(path);
  const isGeneration = path === "/studio/generate" || path === "/studio/batches" || path === "/studio/settings" || batch !== null || conversation !== null;
  if (!isGeneration) return null;
  if (!canGenerate && !conversation) {
    return (
      <div className="card empty">
        <p>Generating conversations needs the studio.generate permission (admins).</p>
        <Link to="/studio">Back to templates</Link>
      </div>
    );
  }
  if (path === "/studio/generate") return <GeneratePage />;
  if (path === "/studio/batches") return <BatchesPage />;
  if (path === "/studio/settings") return <SettingsPage />;
  if (batch) return batch[1] === "new" ? <NewBatchPage /> : <BatchDetailPage key={batch[1]} batchId={batch[1] as Id<"generationBatches">} />;
  return <ConversationPage key={conversation![1]} conversationId={conversation![1] as Id<"generatedConversations">} />;
}
