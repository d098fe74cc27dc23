import { usePaginatedQuery, useQuery } from "convex/react";
import { useMemo, useState } from "react";
import { api } from "../../../../convex/_generated/api";
import type { Id } from "../../../../convex/_generated/dataModel";
import { listFrameworks } from "../../../../convex/coaching/frameworks";
import { DataTable, type DataColumn } from "../../../components/DataTable";
import { Link } from "../../../components/Link";
import { formatDateTime } from "../format";
import { useTemplateNames } from "../generation/templates";
import { EMPTY_FILTERS, formatScore, hasFilters, listQueryArgs, neighboursIn, scoreText, STATUS_LABEL, type FilterDraft, type ListQueryArgs } from "./model";
import { QualityDialog } from "./QualityDialog";
import { ScoreBadge } from "./ScoreBadge";
import { BatchSelect, FilterSelect, useBatchNames } from "../FilterSelect";

const PAGE_SIZE = 25;
const FRAMEWORK_NAMES = listFrameworks().map((f) => f.name);

type ConversationId = Id<"generatedConversations">;
type Row = {
  _id: ConversationId;
  templateId: Id<"promptTemplates">;
  batchId?: Id<"generationBatches">;
  framework: string;
  status: "generated" | "needs_revision";
  score?: number;
  originalScore?: number;
  overridden: boolean;
  flags: string[];
  judgeStatus?: "pending" | "done" | "failed";
  judgeOverall?: number;
  turnCount: number;
  preview: string;
  createdAt: number;
};

/** The flagged badge on the Studio's Conversations tab; nothing while loading or at zero. */
export function FlaggedCount() {
  const count = useQuery(api.studio.quality.conversations.flaggedCount, {});
  if (!count) return null;
  return (
    <span className="tab-count" data-testid="flagged-count">
      {count.toLocaleString("en-US")}
      <span className="visually-hidden"> flagged</span>
    </span>
  );
}

/** Studio → Conversations: every production conversation by score, filtered, with its quality one keypress away. */
export function ConversationsPage() {
  const [draft, setDraft] = useState<FilterDraft>(EMPTY_FILTERS);
  const checked = listQueryArgs(draft);
  // While the range is half-typed or wrong, the list keeps the last filters that made sense.
  const [args, setArgs] = useState<ListQueryArgs>({ sort: "score_asc" });
  const update = (next: FilterDraft) => {
    setDraft(next);
    const nextArgs = listQueryArgs(next);
    if (nextArgs.ok) setArgs(nextArgs.args);
  };
  const queryArgs = args as Omit<ListQueryArgs, "batchId" | "templateId"> & { batchId?: Id<"generationBatches">; templateId?: Id<"promptTemplates"> };
  const { results, status, loadMore } = usePaginatedQuery(api.studio.quality.conversations.listConversations, queryArgs, { initialNumItems: PAGE_SIZE });
  const rows = results as Row[];
  const names = useTemplateNames();
  const batches = useBatchNames();
  const flagged = useQuery(api.studio.quality.conversations.flaggedCount, {});
  const [open, setOpen] = useState<ConversationId | null>(null);

  const set = <K extends keyof FilterDraft>(key: K, value: FilterDraft[K]) => update({ ...draft, [key]: value });
  const batchNames = useMemo(() => new Map(batches.map((b) => [b._id, b.name])), [batches]);

  const columns: DataColumn<Row>[] = [
    {
      key: "score",
      header: "Score",
      className: "nowrap",
      cell: (r) =>
        r.score === undefined ? (
          <ScoreBadge score={undefined} />
        ) : (
          <button
            type="button"
            className="score-button"
            data-score-button={r._id}
            aria-haspopup="dialog"
            aria-label={`Quality details: ${scoreText(r.score)}${r.overridden ? " (overridden)" : ""}, ${r.framework}`}
            onClick={() => setOpen(r._id)}
          >
            <ScoreBadge score={r.score} suffix={r.overridden ? "(overridden)" : undefined} />
          </button>
        ),
    },
    {
      key: "judge",
      header: "Judge",
      className: "nowrap",
      cell: (r) =>
        r.judgeStatus === "done" && r.judgeOverall !== undefined ? (
          formatScore(r.judgeOverall)
        ) : r.judgeStatus === "failed" ? (
          <span className="muted">failed</span>
        ) : r.judgeStatus === "pending" ? (
          <span className="muted">judging…</span>
        ) : (
          <span className="muted">—</span>
        ),
    },
    {
      key: "status",
      header: "Status",
      className: "nowrap",
      cell: (r) => <span className={`badge status-badge status-${r.status}`}>{STATUS_LABEL[r.status]}</span>,
    },
    {
      key: "conversation",
      header: "Conversation",
      cell: (r) => (
        <div className="template-cell">
          <Link to={`/studio/conversations/${r._id}`} className="template-link">
            {r.framework} · {r.turnCount} turns
          </Link>
          <span className="template-desc">{r.preview}</span>
          {r.flags.length > 0 ? <span className="flag-line">{r.flags.map((f) => f.replace(/_/g, " ")).join(" · ")}</span> : null}
        </div>
      ),
    },
    {
      key: "source",
      header: "Template · batch",
      cell: (r) => (
        <div className="updated-cell">
          <span>{names.get(r.templateId) ?? "Template"}</span>
          {r.batchId ? <span className="muted">{batchNames.get(r.batchId) ?? "Batch"}</span> : <span className="muted">single run</span>}
        </div>
      ),
    },
    { key: "created", header: "Created", className: "nowrap", cell: (r) => formatDateTime(r.createdAt) },
  ];

  const at = open ? rows.findIndex((r) => r._id === open) : -1;
  const around = open ? neighboursIn(rows, open) : {};
  const problem = checked.ok ? null : checked.problem;

  return (
    <section aria-labelledby="conversations-title" className="conversations-page">
      <div className="page-head">
        <div>
          <h1 id="conversations-title">Conversations</h1>
          <p className="muted page-sub">
            Every generated conversation with its quality score.{" "}
            {flagged ? (
              <strong>
                {flagged.toLocaleString("en-US")} need{flagged === 1 ? "s" : ""} revision.
              </strong>
            ) : null}
          </p>
        </div>
      </div>
      <form className="template-filters conversation-filters" role="search" aria-label="Filter conversations" onSubmit={(e) => e.preventDefault()}>
        <div className="filter-field">
          <label htmlFor="cf-template">Template</label>
          <FilterSelect
            id="cf-template"
            value={draft.templateId}
            onChange={(templateId) => set("templateId", templateId)}
            allLabel="All templates"
            options={[...names.entries()].map(([_id, name]) => ({ _id, name }))}
          />
        </div>
        <div className="filter-field">
          <label htmlFor="cf-batch">Batch</label>
          <BatchSelect id="cf-batch" value={draft.batchId} onChange={(batchId) => set("batchId", batchId)} />
        </div>
        <div className="filter-field">
          <label htmlFor="cf-framework">Framework</label>
          <select id="cf-framework" value={draft.framework} onChange={(e) => set("framework", e.target.value)}>
            <option value="">All frameworks</option>
            {FRAMEWORK_NAMES.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-field">
          <label htmlFor="cf-status">Status</label>
          <select id="cf-status" value={draft.status} onChange={(e) => set("status", e.target.value as FilterDraft["status"])}>
            <option value="">Any status</option>
            <option value="generated">Generated</option>
            <option value="needs_revision">Needs revision</option>
          </select>
        </div>
        <fieldset className="range-filter">
          <legend>Quality range</legend>
          <div className="range-inputs">
            <label htmlFor="cf-min" className="visually-hidden">
              Lowest score
            </label>
            <input
              id="cf-min"
              type="number"
              inputMode="decimal"
              min={0}
              max={10}
              step={0.1}
              placeholder="0"
              value={draft.minScore}
              aria-invalid={problem?.field === "minScore" || undefined}
              aria-describedby={problem ? "cf-range-problem" : undefined}
              onChange={(e) => set("minScore", e.target.value)}
            />
            <span aria-hidden="true">to</span>
            <label htmlFor="cf-max" className="visually-hidden">
              Highest score
            </label>
            <input
              id="cf-max"
              type="number"
              inputMode="decimal"
              min={0}
              max={10}
              step={0.1}
              placeholder="10"
              value={draft.maxScore}
              aria-invalid={problem?.field === "maxScore" || undefined}
              aria-describedby={problem ? "cf-range-problem" : undefined}
              onChange={(e) => set("maxScore", e.target.value)}
            />
          </div>
        </fieldset>
        <div className="filter-field">
          <label htmlFor="cf-sort">Sort</label>
          <select id="cf-sort" value={draft.sort} onChange={(e) => set("sort", e.target.value as FilterDraft["sort"])}>
            <option value="score_asc">Lowest score first</option>
            <option value="score_desc">Highest score first</option>
          </select>
        </div>
        {hasFilters(draft) ? (
          <button type="button" className="clear-conversation-filters" onClick={() => update({ ...EMPTY_FILTERS, sort: draft.sort })}>
            Clear filters
          </button>
        ) : null}
      </form>
      {problem ? (
        <p id="cf-range-problem" className="error-notice studio-error" role="alert">
          {problem.message}
        </p>
      ) : null}
      <p className="score-legend muted small-text">
        Scores: <span className="score-badge score-low">under 6 Needs work</span> <span className="score-badge score-mid">6–8 Fair</span>{" "}
        <span className="score-badge score-high">8 and up Good</span>
      </p>
      <DataTable
        label="Generated conversations by quality score"
        className="conversations-table"
        columns={columns}
        rows={rows}
        rowKey={(r) => r._id}
        rowClassName={(r) => (r.status === "needs_revision" ? "row-flagged" : undefined)}
        status={status}
        loadMore={loadMore}
        pageSize={PAGE_SIZE}
        loadingText="Loading conversations…"
        emptyText={hasFilters(draft) ? "No conversation matches these filters." : "No conversations yet. Generate some in Generate or Batches."}
        loadMoreLabel="Load more conversations"
      />
      {open ? (
        <QualityDialog
          key="quality"
          conversationId={open}
          previousId={around.previousId as ConversationId | undefined}
          nextId={around.nextId as ConversationId | undefined}
          position={at >= 0 ? `${at + 1} of ${rows.length}${status === "Exhausted" ? "" : "+"}` : undefined}
          canOverride
          onNavigate={setOpen}
          onClose={() => setOpen(null)}
        />
      ) : null}
    </section>
  );
}
