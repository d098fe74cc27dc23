/**
 * The person's calendar: which day it is where they are. Pure, no ctx.
 *
 * Built from Intl's numeric parts and our own names rather than a locale
 * string, so the prompt line reads the same on every runtime (ICU versions
 * disagree on commas in long dates).
 */

export const DEFAULT_TIME_ZONE = "UTC";
const MAX_TIME_ZONE_LENGTH = 64;

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** True for a time zone the runtime knows by its IANA name (e.g. "Europe/London"). */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value === "" || value.length > MAX_TIME_ZONE_LENGTH) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The given zone when valid, else `fallback` (itself falling back to UTC). */
export function normalizeTimeZone(value: unknown, fallback: string = DEFAULT_TIME_ZONE): string {
  if (isTimeZone(value)) return value;
  return isTimeZone(fallback) ? fallback : DEFAULT_TIME_ZONE;
}

export type LocalDay = {
  /** "2026-11-29": comparable with schema dates as plain strings. */
  iso: string;
  /** "Sunday, 29 November 2026". */
  label: string;
};

/** The calendar day at `now` in `timeZone` (UTC when the zone is unknown). */
export function localDay(now: number, timeZone: string): LocalDay {
  const [year, month, day] = ymd(now, normalizeTimeZone(timeZone));
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const iso = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return { iso, label: `${WEEKDAYS[weekday]}, ${day} ${MONTHS[month - 1]} ${year}` };
}

/** Year, month (1-12) and day at `now` in `zone`; UTC's when the runtime cannot say. */
function ymd(now: number, zone: string): [number, number, number] {
  try {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(new Date(now));
    const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    const result: [number, number, number] = [part("year"), part("month"), part("day")];
    if (result.every(Number.isInteger)) return result;
  } catch {
    // A runtime without time-zone data: fall through to UTC rather than fail the turn.
  }
  const date = new Date(now);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

/** "Today is Sunday, 29 November 2026 (time zone Europe/London)." */
export function todayLine(now: number, timeZone: string): string {
  return `Today is ${localDay(now, timeZone).label} (time zone ${normalizeTimeZone(timeZone)}).`;
}
