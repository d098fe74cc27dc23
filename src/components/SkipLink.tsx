import type { MouseEvent } from "react";

/**
 * A link that is invisible until focused and moves keyboard focus to the
 * element with `targetId` (or `fallbackId` when that is absent) (the router only watches paths, so the jump is
 * done here rather than through the URL hash).
 */
export function SkipLink({ targetId, fallbackId, children }: { targetId: string; fallbackId?: string; children: string }) {
  function onClick(event: MouseEvent<HTMLAnchorElement>) {
    const target = document.getElementById(targetId) ?? (fallbackId ? document.getElementById(fallbackId) : null);
    if (!target) return;
    event.preventDefault();
    if (!target.matches("a, button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
    target.focus();
    target.scrollIntoView?.({ block: "nearest" });
  }
  return (
    <a className="skip-link" href={`#${targetId}`} onClick={onClick}>
      {children}
    </a>
  );
}
