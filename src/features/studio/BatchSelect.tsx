import { useQuery } from "convex/react";
import { api } from "../../../convex/_generated/api";

const NAMES = { paginationOpts: { numItems: 100, cursor: null } };

/** Batch names, newest first (the latest 100), for anyone who reviews; one subscription however many callers. */
export function useBatchNames(): { _id: string; name: string }[] {
  return useQuery(api.studio.generation.batches.listBatchNames, NAMES)?.page ?? [];
}

/** The batch filter of Conversations, Review and Export: "All batches", then each batch by name. */
export function BatchSelect({ id, value, onChange, describedBy }: { id: string; value: string; onChange: (batchId: string) => void; describedBy?: string }) {
  const batches = useBatchNames();
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy}>
      <option value="">All batches</option>
      {batches.map((b) => (
        <option key={b._id} value={b._id}>
          {b.name}
        </option>
      ))}
    </select>
  );
}
