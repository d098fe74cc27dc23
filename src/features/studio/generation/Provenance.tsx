import type { Doc } from "../../../../convex/_generated/dataModel";
import { formatDateTime } from "../format";
import { formatDuration, formatMoney } from "./model";

/** Where a stored conversation came from: template version, model, tokens, cost, latency, attempts. */
export function Provenance({
  conversation,
  templateName,
  version,
}: {
  conversation: Doc<"generatedConversations">;
  templateName?: string;
  version?: number;
}) {
  return (
    <dl className="provenance">
      <div>
        <dt>Template</dt>
        <dd>
          {templateName ?? "Template"}
          {version !== undefined ? ` v${version}` : ""}
        </dd>
      </div>
      <div>
        <dt>Framework</dt>
        <dd>{conversation.framework}</dd>
      </div>
      <div>
        <dt>Model</dt>
        <dd className="mono">{conversation.model}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd>
          {conversation.inputTokens.toLocaleString("en-US")} in · {conversation.outputTokens.toLocaleString("en-US")} out
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>{formatMoney(conversation.costMicros)}</dd>
      </div>
      <div>
        <dt>Latency</dt>
        <dd>{formatDuration(conversation.latencyMs)}</dd>
      </div>
      <div>
        <dt>Attempts</dt>
        <dd>{conversation.attempts}</dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{formatDateTime(conversation.createdAt)}</dd>
      </div>
    </dl>
  );
}
