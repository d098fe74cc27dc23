import { useQuery } from "convex/react";
import { api } from "../../../convex/_generated/api";

type Option = { _id: string; name: string };

/** A filter's select: "All …" (the empty value) first, then each option by name. */
export function FilterSelect({
  id,
  value,
  onChange,
  allLabel,
  options,
  describedBy,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  allLabel: string;
  options: readonly Option[];
  describedBy?: string;
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy}>
      <option value="">{allLabel}</option>
      {options.map((o) => (
        <option key={o._id} value={o._id}>
          {o.name}
        </option>
      ))}
    </select>
  );
}

const NAMES = { paginationOpts: { numItems: 100, cursor: null } };

/** Batch names, newest first (the latest 100), for anyone who reviews; one subscription however many callers. */
export function useBatchNames(): Option[] {
  return useQuery(api.studio.generation.batches.listBatchNames, NAMES)?.page ?? [];
}

/** The batch filter of Conversations, Review and Export. */
export function BatchSelect(props: { id: string; value: string; onChange: (batchId: string) => void; describedBy?: string }) {
  return <FilterSelect {...props} allLabel="All batches" options={useBatchNames()} />;
}
