import { usePaginatedQuery } from "convex/react";
import { api } from "../../../../convex/_generated/api";
import type { Doc } from "../../../../convex/_generated/dataModel";
import { DataTable, type DataColumn } from "../../../components/DataTable";
import { Link } from "../../../components/Link";
import { navigate } from "../../../lib/router";
import { formatDateTime } from "../format";
import { BatchStatusBadge, ProgressBar } from "./BatchBadges";
import { formatMoney } from "./model";
import { useTemplateNames } from "./templates";

const PAGE_SIZE = 25;

type Batch = Doc<"generationBatches">;

function settled(b: Batch): number {
  return b.counts.succeeded + b.counts.failed + b.counts.cancelled;
}

/** Studio → Batches: every batch, newest first, live. */
export function BatchesPage() {
  const { results, status, loadMore } = usePaginatedQuery(api.studio.generation.batches.listBatches, {}, { initialNumItems: PAGE_SIZE });
  const names = useTemplateNames();
  const columns: DataColumn<Batch>[] = [
    {
      key: "name",
      header: "Name",
      sortValue: (b) => b.name.toLowerCase(),
      cell: (b) => (
        <div className="template-cell">
          <Link to={`/studio/batches/${b._id}`} className="template-link">
            {b.name}
          </Link>
          <span className="template-desc">{names.get(b.templateId) ?? "Template"}</span>
        </div>
      ),
    },
    { key: "status", header: "Status", className: "nowrap", sortValue: (b) => b.status, cell: (b) => <BatchStatusBadge status={b.status} /> },
    {
      key: "progress",
      header: "Progress",
      className: "progress-col",
      sortValue: (b) => (b.total === 0 ? 1 : settled(b) / b.total),
      cell: (b) => {
        const percent = b.total === 0 ? 100 : Math.floor((settled(b) / b.total) * 100);
        return (
          <div className="list-progress">
            <ProgressBar percent={percent} failedPercent={b.total === 0 ? 0 : Math.floor((b.counts.failed / b.total) * 100)} label={`${b.name}: ${percent} % done`} />
            <span className="list-counts">
              {b.counts.succeeded} done · {b.counts.failed > 0 ? <span className="failed-count">{b.counts.failed} failed</span> : "0 failed"} · {b.total} total
            </span>
          </div>
        );
      },
    },
    { key: "cost", header: "Cost", className: "num", sortValue: (b) => b.costMicros, cell: (b) => formatMoney(b.costMicros) },
    { key: "created", header: "Created", className: "nowrap", sortValue: (b) => b.createdAt, cell: (b) => formatDateTime(b.createdAt) },
  ];
  return (
    <section aria-labelledby="batches-title" className="batches-page">
      <div className="page-head">
        <div>
          <h1 id="batches-title">Batches</h1>
          <p className="muted page-sub">Conversations generated over a matrix of variable values, with retries, rate-limit waits and costs in view.</p>
        </div>
        <button type="button" className="primary inline" onClick={() => navigate("/studio/batches/new")}>
          + New batch
        </button>
      </div>
      <DataTable
        label="All batches"
        className="batches-table"
        columns={columns}
        rows={results}
        rowKey={(b) => b._id}
        status={status}
        loadMore={loadMore}
        pageSize={PAGE_SIZE}
        loadingText="Loading batches…"
        emptyText="No batches yet. Start one with New batch."
        loadMoreLabel="Load more batches"
      />
    </section>
  );
}
