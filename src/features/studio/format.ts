/** "2026-11-29 19:40 UTC": one unambiguous form for every time in the Studio. */
export function formatDateTime(at: number): string {
  return `${new Date(at).toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

export function formatQuality(average: number): string {
  return average < 0 ? "—" : average.toFixed(1);
}
