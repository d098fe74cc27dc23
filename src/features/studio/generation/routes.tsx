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
  { to: "/studio", label: "Templates", match: (p: string) => p === "/studio" || p.startsWith("/studio/templates") },
  { to: "/studio/generate", label: "Generate", match: (p: string) => p.startsWith("/studio/generate") },
  { to: "/studio/batches", label: "Batches", match: (p: string) => p.startsWith("/studio/batches") || p.startsWith("/studio/conversations") },
  { to: "/studio/settings", label: "Settings", match: (p: string) => p.startsWith("/studio/settings") },
];

/** Studio sub-navigation: Templates · Generate · Batches · Settings. */
export function StudioTabs({ path }: { path: string }) {
  return (
    <nav className="studio-tabs" aria-label="Studio">
      {TABS.map((tab) => (
        <Link key={tab.to} to={tab.to} current={tab.match(path)} className="studio-tab">
          {tab.label}
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
