import { useEffect, useRef, type KeyboardEvent, type RefObject } from "react";

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal's keyboard contract: focus moves in on open (to `initial`, else the
 * box), Tab and Shift+Tab wrap inside it, Esc closes it, and focus returns to
 * whatever opened it (or `returnFocus`'s answer) once it is gone. Returns the box's onKeyDown.
 */
export function useModal(
  box: RefObject<HTMLElement | null>,
  onClose: () => void,
  options: { initial?: RefObject<HTMLElement | null>; returnFocus?: RefObject<(() => HTMLElement | null) | null> } = {},
) {
  const { initial, returnFocus } = options;
  const close = useRef(onClose);
  useEffect(() => {
    close.current = onClose;
  });
  // Esc closes even when focus was lost to the page (a control that disabled itself), as long as no other layer took it.
  useEffect(() => {
    const onDocumentKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented && (document.activeElement === document.body || document.activeElement === null)) close.current();
    };
    document.addEventListener("keydown", onDocumentKey);
    return () => document.removeEventListener("keydown", onDocumentKey);
  }, []);
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    (initial?.current ?? box.current)?.focus();
    return () => {
      // eslint-disable-next-line react-hooks/exhaustive-deps -- read at close on purpose: it names what is on screen then
      const target = returnFocus?.current?.() ?? opener;
      if (target?.isConnected) target.focus();
    };
    // Only on open and close: the opener is whatever had focus then.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === "Escape") {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== "Tab" || !box.current) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest("[hidden]"));
    if (items.length === 0) {
      event.preventDefault();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === box.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };
}

/** True when a key press belongs to a text field (arrows move the caret there, not the dialog). */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}
