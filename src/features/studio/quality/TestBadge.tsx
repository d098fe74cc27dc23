import type { TestBadge as Badge } from "./model";

/** Passed 7.8 / Failed 5.2 / Untested / Testing…: a version's latest test in the history. */
export function TestBadge({ badge }: { badge: Badge }) {
  return (
    <span className={`badge test-badge test-${badge.kind}`} data-testid="test-badge">
      {badge.text}
    </span>
  );
}
