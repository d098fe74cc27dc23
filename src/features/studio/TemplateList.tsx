import { useMutation, usePaginatedQuery } from "convex/react";
import { useDeferredValue } from "react";
import { api } from "../../../convex/_generated/api";
import type { Doc } from "../../../convex/_generated/dataModel";
import { DataTable, type DataColumn } from "../../components/DataTable";
import { Link } from "../../components/Link";
import { navigate } from "../../lib/router";
import { PurposeBadge, StatusBadge, TierBadge } from "./Badges";
import { DEFAULT_FILTERS, listArgs, useTemplateFilters, type TemplateSort } from "./filters";
import { formatDateTime, formatQuality } from "./format";
import { PURPOSES, TIERS, type Purpose, type Tier } from "./model";
import { StudioError, useStudioCall } from "./StudioError";

const PAGE_SIZE = 25;

type Row = Doc<"promptTemplates"> & { activeVersion: number | null; updatedByEmail: string | null };

const COLUMNS: DataColumn<Row>[] = [
  {
    key: "name",
    header: "Name",
    sortValue: (r) => r.name.toLowerCase(),
    className: "name-col",
    cell: (r) => (
      <div className="template-cell">
        <Link to={`/studio/templates/${r._id}`} className="template-link">
          {r.name}
        </Link>
        {r.description ? <span className="template-desc">{r.description}</span> : null}
      </div>
    ),
  },
  {
    key: "status",
    header: "Status",
    sortValue: (r) => (r.archived ? 2 : r.activeVersion !== null ? 0 : 1),
    cell: (r) => <StatusBadge archived={r.archived} activeVersion={r.activeVersion} />,
    className: "nowrap",
  },
  {
    key: "kind",
    header: "Tier · purpose",
    cell: (r) => (
      <span className="badge-row">
        <TierBadge tier={r.tier} />
        <PurposeBadge purpose={r.purpose} />
      </span>
    ),
  },
  { key: "usage", header: "Usage", sortValue: (r) => r.usageCount, cell: (r) => r.usageCount.toLocaleString("en-US"), className: "num" },
  {
    key: "quality",
    header: "Avg quality",
    sortValue: (r) => (r.averageQuality < 0 ? null : r.averageQuality),
    cell: (r) => <span title={r.averageQuality < 0 ? "Not scored yet" : `${r.qualityCount} scored`}>{formatQuality(r.averageQuality)}</span>,
    className: "num",
  },
  {
    key: "updated",
    header: "Last modified",
    sortValue: (r) => r.updatedAt,
    className: "nowrap",
    cell: (r) => (
      <span className="updated-cell">
        {formatDateTime(r.updatedAt)}
        {r.updatedByEmail ? <span className="muted">{r.updatedByEmail}</span> : null}
      </span>
    ),
  },
];

/** Studio → Templates: the filterable, sortable, paged list. */
export function TemplateList({ canEdit }: { canEdit: boolean }) {
  const filters = useTemplateFilters();
  const search = useDeferredValue(filters.search);
  const args = listArgs({ ...filters, search });
  const { results, status, loadMore } = usePaginatedQuery(api.studio.templates.browse.listTemplates, args, { initialNumItems: PAGE_SIZE });
  const install = useStudioCall(useMutation(api.studio.templates.starters.installStarterTemplates));
  const filtered =
    filters.tier !== DEFAULT_FILTERS.tier ||
    filters.purpose !== DEFAULT_FILTERS.purpose ||
    filters.status !== DEFAULT_FILTERS.status ||
    filters.archived !== DEFAULT_FILTERS.archived ||
    filters.search.trim() !== "";
  const empty = status === "Exhausted" && results.length === 0;

  return (
    <section aria-labelledby="templates-title" className="template-list">
      <div className="page-head">
        <div>
          <h1 id="templates-title">Templates</h1>
          <p className="muted page-sub">Prompt templates for generating and judging coaching conversations. Versions are immutable; one version per template is live.</p>
        </div>
        {canEdit ? (
          <button type="button" className="primary inline" onClick={() => navigate("/studio/templates/new")}>
            + New template
          </button>
        ) : null}
      </div>
      {!canEdit ? <p className="notice read-only-notice">Your role can view templates but not change them.</p> : null}
      <div role="search" className="filters template-filters" aria-label="Filter templates">
        <div>
          <label htmlFor="tpl-search">Search by name</label>
          <input id="tpl-search" type="search" value={filters.search} placeholder="e.g. countdown" onChange={(e) => filters.set({ search: e.target.value })} />
        </div>
        <div>
          <label htmlFor="tpl-filter-tier">Tier</label>
          <select id="tpl-filter-tier" value={filters.tier} onChange={(e) => filters.set({ tier: e.target.value as Tier | "" })}>
            <option value="">All tiers</option>
            {TIERS.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="tpl-filter-purpose">Purpose</label>
          <select id="tpl-filter-purpose" value={filters.purpose} onChange={(e) => filters.set({ purpose: e.target.value as Purpose | "" })}>
            <option value="">All purposes</option>
            {PURPOSES.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="tpl-filter-status">Status</label>
          <select id="tpl-filter-status" value={filters.status} onChange={(e) => filters.set({ status: e.target.value as "" | "live" | "inactive" })}>
            <option value="">Live and inactive</option>
            <option value="live">Live</option>
            <option value="inactive">Inactive</option>
          </select>
        </div>
        <div>
          <label htmlFor="tpl-sort">Order</label>
          <select id="tpl-sort" value={filters.sort} disabled={search.trim() !== ""} onChange={(e) => filters.set({ sort: e.target.value as TemplateSort })}>
            <option value="updated">Last modified</option>
            <option value="name">Name</option>
            <option value="usage">Most used</option>
            <option value="quality">Best quality</option>
          </select>
        </div>
        <div className="check-filter">
          <input id="tpl-archived" type="checkbox" checked={filters.archived} onChange={(e) => filters.set({ archived: e.target.checked })} />
          <label htmlFor="tpl-archived">Show archived</label>
        </div>
        {filtered ? (
          <button type="button" className="link-button clear-filters" onClick={() => filters.reset()}>
            Clear filters
          </button>
        ) : null}
      </div>
      {empty && !filtered && canEdit ? (
        <div className="card empty starter-empty">
          <h2>No templates yet</h2>
          <p className="muted">Start from the three starter templates (a full conversation, a high-stakes scenario and an edge case), or write your own.</p>
          <div className="row center-row">
            <button type="button" className="primary inline" disabled={install.busy} onClick={() => void install.run({})}>
              {install.busy ? "Installing…" : "Install starter templates"}
            </button>
            <button type="button" onClick={() => navigate("/studio/templates/new")}>
              New template
            </button>
          </div>
          <StudioError error={install.error} />
        </div>
      ) : (
        <DataTable
          label="Matching templates"
          className="templates-table"
          columns={COLUMNS}
          rows={results as Row[]}
          rowKey={(r) => r._id}
          status={status}
          loadMore={loadMore}
          pageSize={PAGE_SIZE}
          loadingText="Loading templates…"
          emptyText={filters.archived ? "No archived templates match." : "No templates match these filters."}
          loadMoreLabel="Load more templates"
        />
      )}
    </section>
  );
}
