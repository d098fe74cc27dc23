import { hashInt } from "./seeded";

// Dates are computed from a base date rather than the clock, so tool inputs
// stay deterministic: "tomorrow" always means the same day for a given seed.

const DAY_MS = 86_400_000;

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function parseIsoDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

function validDate(year: number, month: number, day: number): number | null {
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return ms;
}

export function addDays(date: string, days: number): string {
  const ms = parseIsoDate(date);
  if (ms === null) throw new Error(`not an ISO date: ${date}`);
  return isoDate(ms + days * DAY_MS);
}

/** A Monday in 2026 chosen by the seed: fixed per seed, spread across seeds. */
export function baseDateForSeed(seed: string): string {
  const firstMonday = Date.UTC(2026, 0, 5);
  return isoDate(firstMonday + (hashInt("base-date", seed) % 52) * 7 * DAY_MS);
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
export const MONTH = "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\b\\.?";
const WEEKDAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const NUMBER_WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fourteen: 14, thirty: 30,
};

/** A month/day without a year means its next occurrence on or after the base date. */
function nextOccurrence(month: number, day: number, base: number): number | null {
  const baseYear = new Date(base).getUTCFullYear();
  const thisYear = validDate(baseYear, month, day);
  if (thisYear !== null && thisYear >= base) return thisYear;
  return validDate(baseYear + 1, month, day) ?? thisYear;
}

interface Found {
  index: number;
  ms: number;
}

/**
 * The earliest date mentioned in `text` as an ISO date (YYYY-MM-DD): ISO dates,
 * "March 14", "14 March 2026", "3/14/2026", "today", "tomorrow", "next week",
 * "in 3 days", "in two weeks", "on Friday". Null when none is found.
 */
export function findDate(text: string, baseDate: string): string | null {
  const base = parseIsoDate(baseDate);
  if (base === null) throw new Error(`not an ISO date: ${baseDate}`);
  const found: Found[] = [];
  const add = (index: number, ms: number | null) => {
    if (ms !== null) found.push({ index, ms });
  };
  let m: RegExpExecArray | null;

  const iso = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?)?/g;
  while ((m = iso.exec(text))) add(m.index, validDate(Number(m[1]), Number(m[2]), Number(m[3])));

  const slash = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g;
  while ((m = slash.exec(text))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // Month first unless that cannot be a month.
    add(m.index, a > 12 ? validDate(Number(m[3]), b, a) : validDate(Number(m[3]), a, b));
  }

  const monthDay = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, "gi");
  while ((m = monthDay.exec(text))) {
    const month = MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1;
    const day = Number(m[2]);
    add(m.index, m[3] ? validDate(Number(m[3]), month, day) : nextOccurrence(month, day, base));
  }

  const dayMonth = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}(?:,?\\s+(\\d{4}))?`, "gi");
  while ((m = dayMonth.exec(text))) {
    const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
    const day = Number(m[1]);
    add(m.index, m[3] ? validDate(Number(m[3]), month, day) : nextOccurrence(month, day, base));
  }

  const relative = /\b(today|tonight|tomorrow|next week|next month)\b/gi;
  while ((m = relative.exec(text))) {
    const word = m[1]!.toLowerCase();
    const days = word === "tomorrow" ? 1 : word === "next week" ? 7 : word === "next month" ? 30 : 0;
    add(m.index, base + days * DAY_MS);
  }

  const inN = /\bin\s+(\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty)\s+(day|week|month)s?\b/gi;
  while ((m = inN.exec(text))) {
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : NUMBER_WORDS[m[1]!.toLowerCase()]!;
    const unit = m[2]!.toLowerCase() === "week" ? 7 : m[2]!.toLowerCase() === "month" ? 30 : 1;
    add(m.index, base + n * unit * DAY_MS);
  }

  const weekday = /\b(?:on|by|this|next|until|before)\s+(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/gi;
  while ((m = weekday.exec(text))) {
    const target = WEEKDAYS.indexOf(m[1]!.toLowerCase());
    const ahead = ((target - new Date(base).getUTCDay() + 7) % 7) || 7;
    add(m.index, base + ahead * DAY_MS);
  }

  if (found.length === 0) return null;
  found.sort((a, b) => a.index - b.index);
  return isoDate(found[0]!.ms);
}

/** An ISO date-time (UTC, whole seconds) if one is written out in `text`. */
export function findDateTime(text: string): string | null {
  const m = /\b(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?/.exec(text);
  if (!m || parseIsoDate(m[1]!) === null) return null;
  const hh = Number(m[2]);
  const mm = Number(m[3]);
  const ss = Number(m[4] ?? "0");
  if (hh > 23 || mm > 59 || ss > 59) return null;
  const local = Date.UTC(
    Number(m[1]!.slice(0, 4)), Number(m[1]!.slice(5, 7)) - 1, Number(m[1]!.slice(8, 10)), hh, mm, ss,
  );
  let offsetMin = 0;
  if (m[5] && m[5] !== "Z") {
    const sign = m[5][0] === "-" ? -1 : 1;
    const digits = m[5].slice(1).replace(":", "");
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return new Date(local - offsetMin * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** A time of day like "3pm", "15:30", "9:00 am" as HH:MM:SS, or null. */
export function findTime(text: string): string | null {
  const m = /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b|\b(\d{1,2}):(\d{2})\b/i.exec(text);
  if (!m) return null;
  let hh: number;
  let mm: number;
  if (m[3]) {
    hh = Number(m[1]) % 12 + (m[3].toLowerCase() === "pm" ? 12 : 0);
    mm = Number(m[2] ?? "0");
  } else {
    hh = Number(m[4]);
    mm = Number(m[5]);
  }
  if (hh > 23 || mm > 59) return null;
  return `${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}:00`;
}
