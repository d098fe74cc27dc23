import { useQuery } from "convex/react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { Link } from "../../../components/Link";
import { summariseValues } from "./model";
import { QualityPanel } from "../quality/QualityPanel";
import { Provenance } from "./Provenance";
import { Transcript } from "./Transcript";

/** /studio/conversations/:id — a stored conversation and where it came from. */
export function ConversationPage({ conversationId }: { conversationId: Id<"generatedConversations"> }) {
  const conversation = useQuery(api.studio.generation.conversations.getConversation, { conversationId });
  const template = useQuery(api.studio.templates.browse.getTemplate, conversation ? { templateId: conversation.templateId } : "skip");
  if (conversation === undefined) return <p className="muted">Loading the conversation…</p>;
  const version = template?.versions.find((v) => v._id === conversation.templateVersionId)?.version;
  return (
    <section aria-labelledby="conversation-title" className="conversation-page">
      {conversation.batchId ? (
        <Link to={`/studio/batches/${conversation.batchId}`} className="back-link">
          ← Batch
        </Link>
      ) : (
        <Link to="/studio/generate" className="back-link">
          ← Generate
        </Link>
      )}
      <h1 id="conversation-title">
        {conversation.framework} conversation <span className="badge batch-badge">{conversation.reviewStatus === "pending" ? "Review pending" : conversation.reviewStatus}</span>
      </h1>
      <p className="muted page-sub">{summariseValues(conversation.values, 8)}</p>
      <div className="conversation-layout">
        <div className="card">
          <h2 className="card-title">Transcript · {conversation.turns.length} turns</h2>
          <Transcript turns={conversation.turns} label="Stored conversation" />
        </div>
        <aside className="card" aria-labelledby="provenance-title">
          <h2 id="provenance-title" className="card-title">
            Provenance
          </h2>
          <Provenance conversation={conversation} templateName={template?.template.name} version={version} />
          <h2 className="card-title quality-panel-title">Quality</h2>
          <QualityPanel conversationId={conversationId} />
        </aside>
      </div>
    </section>
  );
}
