import { create } from "zustand";

/**
 * Unsent text per session (and for the new-session form), kept in memory so
 * a draft survives navigating away and back. UI state only: never server data.
 */
type DraftState = {
  drafts: Record<string, string>;
  setDraft: (key: string, text: string) => void;
  clearDraft: (key: string) => void;
};

export const useDrafts = create<DraftState>((set) => ({
  drafts: {},
  setDraft: (key, text) => set((state) => ({ drafts: { ...state.drafts, [key]: text } })),
  clearDraft: (key) =>
    set((state) => {
      const { [key]: _removed, ...rest } = state.drafts;
      return { drafts: rest };
    }),
}));
