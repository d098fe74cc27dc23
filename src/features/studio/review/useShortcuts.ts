import { useEffect, useLayoutEffect, useRef } from "react";
import { shortcutFor, type ShortcutAction } from "./model";

/**
 * The review's single-key shortcuts on the document, while `enabled` (off
 * while a dialog is open, so its buttons keep their letters). Keys typed in
 * an input or textarea are text, never shortcuts; Esc is the exception.
 */
export function useShortcuts(handlers: Partial<Record<ShortcutAction, () => void>>, enabled = true): void {
  // The latest handlers, without re-subscribing on every render.
  const latest = useRef(handlers);
  useLayoutEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented) return;
      const action = shortcutFor(event);
      if (action === null) return;
      const handler = latest.current[action];
      if (!handler) return;
      event.preventDefault();
      handler();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [enabled]);
}
