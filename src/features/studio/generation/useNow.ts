import { useEffect, useState } from "react";

/**
 * The current time, re-read once a second while `active`: only for countdown
 * text (the next retry, the end of a rate-limit pause). Data never comes from
 * this ticker; it always comes from subscriptions.
 */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, 1000);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [active]);
  return now;
}
