import { purposeLabel, tierLabel } from "./model";

export function StatusBadge({ archived, activeVersion }: { archived: boolean; activeVersion: number | null }) {
  if (archived) return <span className="badge badge-archived">Archived</span>;
  if (activeVersion !== null) return <span className="badge badge-live">Live v{activeVersion}</span>;
  return <span className="badge badge-inactive">Inactive</span>;
}

export function TierBadge({ tier }: { tier: string }) {
  return <span className={`badge badge-tier badge-tier-${tier}`}>{tierLabel(tier)}</span>;
}

export function PurposeBadge({ purpose }: { purpose: string }) {
  return <span className={`badge badge-purpose badge-purpose-${purpose}`}>{purposeLabel(purpose)}</span>;
}
