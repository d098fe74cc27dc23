import { useEffect } from "react";
import { create } from "zustand";

/**
 * Where the app's skip link leads. Main content by default; a page with a
 * better first stop (the session's message box) sets it while mounted.
 * UI state only.
 */
type SkipTarget = { id: string; label: string };
const DEFAULT: SkipTarget = { id: "main", label: "Skip to main content" };

export const useSkipTarget = create<{ target: SkipTarget; set: (target: SkipTarget | null) => void }>((set) => ({
  target: DEFAULT,
  set: (target) => set({ target: target ?? DEFAULT }),
}));

/** While `target` is given, the skip link leads there. */
export function useSkipTo(target: SkipTarget | null): void {
  const set = useSkipTarget((s) => s.set);
  const id = target?.id;
  const label = target?.label;
  useEffect(() => {
    if (!id || !label) return;
    set({ id, label });
    return () => set(null);
  }, [id, label, set]);
}
