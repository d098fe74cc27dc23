import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

/**
 * Toasts: short notices in a polite live region. Each has a stable key and is
 * shown at most once per key for the provider's lifetime (a subscription that
 * re-delivers the same event raises nothing new). They dismiss themselves
 * after `ttlMs`, or with their × button or Escape while focus is inside the
 * region.
 */
export type ToastTone = "info" | "success" | "warning" | "danger";
export type Toast = {
  key: string;
  message: string;
  tone: ToastTone;
  ttlMs?: number;
  /** A newer toast of the same group replaces a shown one (a batch finishing again after a retry outdates "11 succeeded, 1 failed"). */
  group?: string;
};

const DEFAULT_TTL_MS = 8_000;

/** What stays on screen after `fresh` arrives: a toast of the same group gives way, then the newest few. Pure. */
export function nextShown(shown: readonly Toast[], fresh: readonly Toast[], max = 4): Toast[] {
  const groups = new Set(fresh.flatMap((t) => (t.group === undefined ? [] : [t.group])));
  return [...shown.filter((t) => t.group === undefined || !groups.has(t.group)), ...fresh].slice(-max);
}

/** The dedupe at the heart of it: which toasts are new, given the keys already shown. Pure. */
export function unseenToasts(candidates: readonly Toast[], seen: ReadonlySet<string>): Toast[] {
  const fresh: Toast[] = [];
  const batch = new Set<string>();
  for (const toast of candidates) {
    if (seen.has(toast.key) || batch.has(toast.key)) continue;
    batch.add(toast.key);
    fresh.push(toast);
  }
  return fresh;
}

type Api = { push: (toasts: Toast | readonly Toast[]) => void; dismiss: (key: string) => void };
const ToastContext = createContext<Api | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<Toast[]>([]);
  const seen = useRef(new Set<string>());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const dismiss = useCallback((key: string) => {
    const timer = timers.current.get(key);
    if (timer) clearTimeout(timer);
    timers.current.delete(key);
    setShown((list) => list.filter((t) => t.key !== key));
  }, []);

  const push = useCallback(
    (input: Toast | readonly Toast[]) => {
      const fresh = unseenToasts(Array.isArray(input) ? input : [input as Toast], seen.current);
      if (fresh.length === 0) return;
      for (const toast of fresh) {
        seen.current.add(toast.key);
        timers.current.set(
          toast.key,
          setTimeout(() => dismiss(toast.key), toast.ttlMs ?? DEFAULT_TTL_MS),
        );
      }
      setShown((list) => nextShown(list, fresh));
    },
    [dismiss],
  );

  useEffect(() => {
    const all = timers.current;
    return () => all.forEach((timer) => clearTimeout(timer));
  }, []);

  const api = useMemo(() => ({ push, dismiss }), [push, dismiss]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div
        className="toasts"
        role="status"
        aria-live="polite"
        aria-label="Notifications"
        onKeyDown={(e) => {
          if (e.key === "Escape" && shown.length > 0) {
            e.stopPropagation();
            dismiss(shown[shown.length - 1].key);
          }
        }}
      >
        {shown.map((toast) => (
          <div key={toast.key} className={`toast toast-${toast.tone}`} data-toast={toast.key}>
            <span className="toast-text">{toast.message}</span>
            <button type="button" className="toast-close" aria-label={`Dismiss: ${toast.message}`} onClick={() => dismiss(toast.key)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** Raises toasts; outside a provider it does nothing, so a component works on its own in tests. */
export function useToasts(): Api {
  return useContext(ToastContext) ?? NOOP;
}

const NOOP: Api = { push: () => undefined, dismiss: () => undefined };
