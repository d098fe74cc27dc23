// Dates are resolved against a given "today" (the date the system prompt
// states, else --base-date, else the clock) rather than read from the clock
// here, so a request that states its date always gets the same tool input.

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

function addMonthsMs(base: number, months: number): number {
  const d = new Date(base);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay));
}

function endOfMonth(year: number, month: number): number {
  return Date.UTC(year, month, 0);
}

const COUNT = "(\\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|thirty|couple of|few)";

function countOf(word: string): number {
  const w = word.toLowerCase();
  if (/^\d+$/.test(w)) return Number(w);
  if (w === "couple of") return 2;
  if (w === "few") return 3;
  return NUMBER_WORDS[w] ?? 1;
}

function later(base: number, n: number, unit: string): number {
  const u = unit.toLowerCase();
  if (u.startsWith("day")) return base + n * DAY_MS;
  if (u.startsWith("week")) return base + n * 7 * DAY_MS;
  if (u.startsWith("fortnight")) return base + n * 14 * DAY_MS;
  if (u.startsWith("month")) return addMonthsMs(base, n);
  if (u.startsWith("quarter")) return addMonthsMs(base, 3 * n);
  return addMonthsMs(base, 12 * n);
}

function weekdayAhead(base: number, target: number, allowToday = false): number {
  const ahead = (target - new Date(base).getUTCDay() + 7) % 7;
  return base + (ahead === 0 && !allowToday ? 7 : ahead) * DAY_MS;
}

/**
 * Every date mentioned in `text`, in order of appearance, as ISO dates
 * (YYYY-MM-DD). Relative phrases are resolved against `baseDate` ("today"),
 * and a phrase that means the future never resolves to a past day: a month
 * and day without a year is its next occurrence, "next Friday" the coming one.
 *
 * Forms: ISO dates, "March 14", "14 March 2026", "3/14/2026", "today",
 * "tomorrow", "next week/month/year", "in 3 days", "within a year",
 * "in two weeks", "in a fortnight", "(by the) end of March/the month/the
 * year/next month/the week", "mid-May", "on Friday", "next Friday", "the 15th".
 */
export function findDates(text: string, baseDate: string): string[] {
  const base = parseIsoDate(baseDate);
  if (base === null) throw new Error(`not an ISO date: ${baseDate}`);
  const baseYear = new Date(base).getUTCFullYear();
  const found: Found[] = [];
  const taken: Array<[number, number]> = [];
  const add = (index: number, length: number, ms: number | null) => {
    if (ms === null) return;
    if (taken.some(([a, b]) => index < b && index + length > a)) return;
    taken.push([index, index + length]);
    found.push({ index, ms });
  };
  let m: RegExpExecArray | null;

  const iso = /\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?)?/g;
  while ((m = iso.exec(text))) add(m.index, m[0].length, validDate(Number(m[1]), Number(m[2]), Number(m[3])));

  const slash = /\b(\d{1,2})\/(\d{1,2})\/(\d{4})\b/g;
  while ((m = slash.exec(text))) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    // Month first unless that cannot be a month.
    add(m.index, m[0].length, a > 12 ? validDate(Number(m[3]), b, a) : validDate(Number(m[3]), a, b));
  }

  const endOf = new RegExp(`\\b(?:the\\s+)?end\\s+of\\s+(?:(?:the|this)\\s+)?(next\\s+)?(week|month|year|quarter|${MONTH.replace("\\b\\.?", "")})(?:\\s+(\\d{4}))?\\b`, "gi");
  while ((m = endOf.exec(text))) {
    const next = Boolean(m[1]);
    const what = m[2]!.toLowerCase();
    const d = new Date(base);
    let ms: number;
    if (what === "week") ms = weekdayAhead(base, 5, true) + (next ? 7 * DAY_MS : 0);
    else if (what === "month") ms = endOfMonth(d.getUTCFullYear(), d.getUTCMonth() + 1 + (next ? 1 : 0));
    else if (what === "year") ms = Date.UTC(baseYear + (next ? 1 : 0), 11, 31);
    else if (what === "quarter") ms = endOfMonth(d.getUTCFullYear(), (Math.floor(d.getUTCMonth() / 3) + 1 + (next ? 1 : 0)) * 3);
    else {
      const month = MONTHS.indexOf(what.slice(0, 3)) + 1;
      // m[3] is MONTH's own group; the year follows it.
      const year = m[4] ? Number(m[4]) : endOfMonth(baseYear, month) >= base ? baseYear : baseYear + 1;
      ms = endOfMonth(year, month);
    }
    add(m.index, m[0].length, ms);
  }

  const monthDay = new RegExp(`\\b${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, "gi");
  while ((m = monthDay.exec(text))) {
    const month = MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) + 1;
    const day = Number(m[2]);
    add(m.index, m[0].length, m[3] ? validDate(Number(m[3]), month, day) : nextOccurrence(month, day, base));
  }

  const dayMonth = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}(?:,?\\s+(\\d{4}))?`, "gi");
  while ((m = dayMonth.exec(text))) {
    const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
    const day = Number(m[1]);
    add(m.index, m[0].length, m[3] ? validDate(Number(m[3]), month, day) : nextOccurrence(month, day, base));
  }

  const mid = new RegExp(`\\b(early|mid|late)[-\\s]+${MONTH}(?:\\s+(\\d{4}))?`, "gi");
  while ((m = mid.exec(text))) {
    const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
    const day = m[1]!.toLowerCase() === "early" ? 5 : m[1]!.toLowerCase() === "mid" ? 15 : 25;
    add(m.index, m[0].length, m[3] ? validDate(Number(m[3]), month, day) : nextOccurrence(month, day, base));
  }

  const relative = /\b(today|tonight|tomorrow|day after tomorrow|next week|next month|next year|this weekend|next weekend|the weekend)\b/gi;
  while ((m = relative.exec(text))) {
    const word = m[1]!.toLowerCase();
    let ms = base;
    if (word === "tomorrow") ms = base + DAY_MS;
    else if (word === "day after tomorrow") ms = base + 2 * DAY_MS;
    else if (word === "next week") ms = base + 7 * DAY_MS;
    else if (word === "next month") ms = addMonthsMs(base, 1);
    else if (word === "next year") ms = addMonthsMs(base, 12);
    else if (word.endsWith("weekend")) ms = weekdayAhead(base, 6, true) + (word.startsWith("next") ? 7 * DAY_MS : 0);
    add(m.index, m[0].length, ms);
  }

  const inN = new RegExp(`\\b(?:in|within|inside|after)\\s+(?:the\\s+next\\s+)?${COUNT}\\s+(days?|weeks?|fortnights?|months?|quarters?|years?)\\b`, "gi");
  while ((m = inN.exec(text))) add(m.index, m[0].length, later(base, countOf(m[1]!), m[2]!));

  const inUnit = /\b(?:in|within)\s+(?:a|one|the\s+next)\s+(fortnight|year|month|week)\b|\b(?:in|within)\s+(?:the\s+)?next\s+(year|month|week)\b/gi;
  while ((m = inUnit.exec(text))) add(m.index, m[0].length, later(base, 1, m[1] ?? m[2]!));

  const weekday = /\b(?:(on|by|this|next|until|before|coming)\s+)?(sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/gi;
  while ((m = weekday.exec(text))) {
    const target = WEEKDAYS.indexOf(m[2]!.toLowerCase());
    add(m.index, m[0].length, weekdayAhead(base, target));
  }

  const nth = /\b(?:on|by|before|until)\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b/gi;
  while ((m = nth.exec(text))) {
    const day = Number(m[1]);
    const d = new Date(base);
    let ms = validDate(d.getUTCFullYear(), d.getUTCMonth() + 1, day);
    if (ms === null || ms < base) {
      const next = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
      ms = validDate(next.getUTCFullYear(), next.getUTCMonth() + 1, day);
    }
    add(m.index, m[0].length, ms);
  }

  found.sort((a, b) => a.index - b.index);
  return found.map((f) => isoDate(f.ms));
}

/** The earliest-mentioned date in `text` (see findDates), or null. */
export function findDate(text: string, baseDate: string): string | null {
  return findDates(text, baseDate)[0] ?? null;
}

/**
 * The date a prompt states as today ("Today is Sunday, 29 November 2026",
 * "Today's date is 2026-11-29", "Current date: November 29, 2026"), or null.
 * Only absolute dates count; "today is a good day" is not a date.
 */
export function statedToday(text: string): string | null {
  const re = /\b(?:today(?:'s|’s)?\s+(?:date\s+)?is|the\s+(?:current\s+)?date\s+(?:today\s+)?is|current\s+date\s*(?:is|:)|today\s*:|date\s*:)\s*([^\n]{0,80})/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const rest = m[1]!;
    const absolute =
      /^\W*(?:(?:sun|mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?)(?:day)?\.?,?\s+)?(?:the\s+)?(\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]+\.?,?\s+\d{4}|[A-Za-z]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\/\d{1,2}\/\d{4})/i.exec(rest);
    if (!absolute) continue;
    // Any base works: the phrase carries its own year.
    const date = findDate(absolute[1]!, "2000-01-01");
    if (date) return date;
  }
  return null;
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
