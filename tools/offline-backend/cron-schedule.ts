/**
 * When cron jobs run: the schedules `cronJobs()` stores (interval, hourly,
 * daily, weekly, monthly, cron expression; see convex/src/server/cron.ts),
 * evaluated in UTC like Convex does.
 */
const DAYS = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

export type CronSchedule =
  | { type: "interval"; seconds?: number; minutes?: number; hours?: number }
  | { type: "hourly"; minuteUTC?: number }
  | { type: "daily"; hourUTC: number; minuteUTC?: number }
  | { type: "weekly"; dayOfWeek: string; hourUTC: number; minuteUTC?: number }
  | { type: "monthly"; day: number; hourUTC: number; minuteUTC?: number }
  | { type: "cron"; cron: string };

/** The first run time strictly after `afterMs` (ms since epoch, UTC). */
export function nextRunAfter(schedule: CronSchedule, afterMs: number, jobName: string): number {
  if (schedule.type === "interval") {
    const ms = (schedule.seconds ?? 0) * 1000 + (schedule.minutes ?? 0) * 60_000 + (schedule.hours ?? 0) * 3_600_000;
    if (!(ms > 0)) throw new Error(`cron ${jobName}: invalid interval`);
    return afterMs + ms;
  }
  return nextCronTime(parseCron(toCronExpression(schedule, jobName)), afterMs);
}

function toCronExpression(schedule: Exclude<CronSchedule, { type: "interval" }>, jobName: string): string {
  // Convex picks a minute when it is omitted, to spread jobs over the hour;
  // a hash of the job's name keeps that stable across restarts.
  const minute = "minuteUTC" in schedule && schedule.minuteUTC !== undefined ? schedule.minuteUTC : hashMinute(jobName);
  switch (schedule.type) {
    case "hourly":
      return `${minute} * * * *`;
    case "daily":
      return `${minute} ${schedule.hourUTC} * * *`;
    case "weekly": {
      const day = DAYS.indexOf(schedule.dayOfWeek);
      if (day === -1) throw new Error(`cron ${jobName}: invalid dayOfWeek ${schedule.dayOfWeek}`);
      return `${minute} ${schedule.hourUTC} * * ${day}`;
    }
    case "monthly":
      return `${minute} ${schedule.hourUTC} ${schedule.day} * *`;
    case "cron":
      return schedule.cron;
  }
}

function hashMinute(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  return hash % 60;
}

interface ParsedCron {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  domRestricted: boolean;
  dowRestricted: boolean;
}

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** Standard 5-field cron: minute hour day-of-month month day-of-week (UTC). */
export function parseCron(expression: string): ParsedCron {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`Invalid cron expression "${expression}": expected 5 fields`);
  const [min, hour, dom, month, dow] = fields as [string, string, string, string, string];
  const daysOfWeek = parseField(dow, 0, 7, DAY_NAMES, expression);
  if (daysOfWeek.delete(7)) daysOfWeek.add(0);
  return {
    minutes: parseField(min, 0, 59, [], expression),
    hours: parseField(hour, 0, 23, [], expression),
    daysOfMonth: parseField(dom, 1, 31, [], expression),
    months: parseField(month, 1, 12, MONTH_NAMES, expression, 1),
    daysOfWeek,
    domRestricted: dom !== "*",
    dowRestricted: dow !== "*",
  };
}

function parseField(field: string, min: number, max: number, names: string[], expression: string, nameBase = 0): Set<number> {
  const values = new Set<number>();
  const toNumber = (token: string): number => {
    const named = names.indexOf(token.toLowerCase());
    const n = named !== -1 ? named + nameBase : Number(token);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`Invalid cron expression "${expression}": bad value "${token}"`);
    return n;
  };
  for (const part of field.split(",")) {
    const [range = "", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`Invalid cron expression "${expression}": bad step "${part}"`);
    let start: number;
    let end: number;
    if (range === "*") {
      start = min;
      end = max;
    } else if (range.includes("-")) {
      const [a = "", b = ""] = range.split("-");
      start = toNumber(a);
      end = toNumber(b);
    } else {
      start = toNumber(range);
      end = stepText === undefined ? start : max;
    }
    for (let v = start; v <= end; v += step) values.add(v);
  }
  return values;
}

export function nextCronTime(cron: ParsedCron, afterMs: number): number {
  const d = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
  // Bounded: a valid expression matches within a few years (Feb 29 needs 4).
  for (let i = 0; i < 5 * 366 * 24 * 60; i++) {
    if (!cron.months.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    const domOk = cron.daysOfMonth.has(d.getUTCDate());
    const dowOk = cron.daysOfWeek.has(d.getUTCDay());
    const dayOk = cron.domRestricted && cron.dowRestricted ? domOk || dowOk : domOk && dowOk;
    if (!dayOk) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!cron.hours.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!cron.minutes.has(d.getUTCMinutes())) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return d.getTime();
  }
  throw new Error("cron expression never matches");
}
