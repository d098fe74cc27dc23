import { create } from "zustand";
import { EMPTY_FILTER, type ReviewFilterDraft } from "./model";

/** The review queue's filters and the legend toggle, kept while moving between items and Calibration. UI state only. */
export const useReviewUi = create<{
  filter: ReviewFilterDraft;
  legend: boolean;
  setFilter: (patch: Partial<ReviewFilterDraft>) => void;
  resetFilter: () => void;
  toggleLegend: () => void;
}>((set) => ({
  filter: EMPTY_FILTER,
  legend: true,
  setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
  resetFilter: () => set({ filter: EMPTY_FILTER }),
  toggleLegend: () => set((s) => ({ legend: !s.legend })),
}));
