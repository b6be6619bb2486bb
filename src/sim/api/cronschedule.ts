/**
 * Standard cron schedules as the CronJob controller parses them (robfig/cron v3 `ParseStandard`):
 * five fields `minute hour day-of-month month day-of-week`, with `*`, `?`, lists, ranges, steps,
 * month and weekday names, and the descriptors @yearly/@annually, @monthly, @weekly, @daily/
 * @midnight, @hourly. Day-of-month and day-of-week are ORed when both are restricted (as cron
 * has always done). Times are UTC (the simulated control plane runs in UTC).
 */


interface Field {
  min: number;
  max: number;
  names?: Record<string, number>;
}
const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

export interface Schedule {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domStar: boolean;
  dowStar: boolean;
}

export class CronParseError extends Error {}

function value(s: string, f: Field): number {
  const named = f.names?.[s.toLowerCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(s)) throw new CronParseError(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
  return Number(s);
}

function parseField(expr: string, f: Field): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  let star = false;
  for (const part of expr.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (extra !== undefined) throw new CronParseError(`too many slashes: ${part}`);
    let start: number;
    let end: number;
    let isStar = false;
    if (range === '*' || range === '?') {
      start = f.min;
      end = f.max;
      isStar = true;
    } else {
      const bounds = range.split('-');
      if (bounds.length > 2) throw new CronParseError(`too many hyphens: ${part}`);
      start = value(bounds[0], f);
      end = bounds.length === 2 ? value(bounds[1], f) : start;
    }
    let step = 1;
    if (stepText !== undefined) {
      step = value(stepText, { min: 0, max: 0 });
      if (step === 0) throw new CronParseError(`step of range should be a positive number: ${part}`);
      if (!isStar && !range.includes('-')) end = f.max; // "N/step" means "N-max/step"
      if (step > 1) isStar = false;
    }
    if (start < f.min) throw new CronParseError(`beginning of range (${start}) below minimum (${f.min}): ${part}`);
    if (end > f.max) throw new CronParseError(`end of range (${end}) above maximum (${f.max}): ${part}`);
    if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${part}`);
    for (let v = start; v <= end; v += step) set.add(v);
    if (isStar) star = true;
  }
  return { set, star };
}

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export function parseSchedule(text: string): Schedule {
  const spec = DESCRIPTORS[text.trim()] ?? text.trim();
  if (spec.startsWith('@')) throw new CronParseError(`unrecognized descriptor: ${spec}`);
  const parts = spec.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`);
  const [mi, h, dom, mo, dow] = parts.map((p, i) => parseField(p, FIELDS[i]));
  // day-of-week 7 is Sunday too
  if (dow.set.has(7)) dow.set.add(0);
  return { minute: mi.set, hour: h.set, dom: dom.set, month: mo.set, dow: dow.set, domStar: dom.star, dowStar: dow.star };
}

function dayMatches(s: Schedule, d: Date): boolean {
  const domMatch = s.dom.has(d.getUTCDate());
  const dowMatch = s.dow.has(d.getUTCDay());
  if (s.domStar || s.dowStar) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

/** The first activation strictly after `afterMs` (absolute ms), or Infinity within 5 years. */
export function nextAfter(s: Schedule, afterMs: number): number {
  let t = Math.floor(afterMs / 60_000) * 60_000 + 60_000;
  const limit = afterMs + 5 * 366 * 86_400_000;
  while (t <= limit) {
    const d = new Date(t);
    if (!s.month.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      continue;
    }
    if (!dayMatches(s, d)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
      continue;
    }
    if (!s.hour.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      continue;
    }
    if (!s.minute.has(d.getUTCMinutes())) {
      t += 60_000;
      continue;
    }
    return t;
  }
  return Infinity;
}

