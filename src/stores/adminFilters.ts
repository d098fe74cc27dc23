import { create } from "zustand";

/**
 * Filters and toggles of the admin views, kept while moving between them.
 * UI state only: the rows themselves always come from live queries.
 */
export type LogLevelFilter = "" | "debug" | "info" | "warn" | "error";

type AdminFilterState = {
  logs: { level: LogLevelFilter; area: string; traceId: string; live: boolean; pausedAt: number | null };
  auditAction: string;
  usageDays: number;
  setLogs: (patch: Partial<AdminFilterState["logs"]>) => void;
  setAuditAction: (action: string) => void;
  setUsageDays: (days: number) => void;
};

export const useAdminFilters = create<AdminFilterState>((set) => ({
  logs: { level: "", area: "", traceId: "", live: true, pausedAt: null },
  auditAction: "",
  usageDays: 30,
  setLogs: (patch) => set((state) => ({ logs: { ...state.logs, ...patch } })),
  setAuditAction: (auditAction) => set({ auditAction }),
  setUsageDays: (usageDays) => set({ usageDays }),
}));
