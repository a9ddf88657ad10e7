// CronJob schedules as kube reads them (github.com/robfig/cron/v3 ParseStandard): five fields (minute, hour,
// day of month, month, day of week) with lists, ranges, steps, `*`/`?`, month and weekday names, the
// descriptors (@yearly ... @hourly, @every <duration>) and a `CRON_TZ=`/`TZ=` prefix. Errors are worded as the
// library words them, since kube-apiserver puts them in its validation message. Written here rather than
// taken from npm: the libraries there accept seconds and years fields and word errors their own way.

export class CronParseError extends Error {}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** One field: the values it allows, and whether it was a bare `*`/`?` (which changes how days combine). */
export interface CronField {
  values: Set<number>;
  star: boolean;
}

export type CronSchedule =
  | { kind: 'spec'; minute: CronField; hour: CronField; dom: CronField; month: CronField; dow: CronField; timeZone?: string }
  | { kind: 'every'; everyMs: number; timeZone?: string };

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export function parseSchedule(input: string): CronSchedule {
  let spec = input;
  if (spec.length === 0) throw new CronParseError('empty spec string');
  let timeZone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, space === -1 ? undefined : space);
    if (!isTimeZone(zone)) throw new CronParseError(`provided bad location ${zone}: unknown time zone ${zone}`);
    timeZone = zone;
    spec = space === -1 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    if (spec.startsWith('@every ')) {
      const everyMs = parseGoDuration(spec.slice('@every '.length));
      if (everyMs === undefined) throw new CronParseError(`failed to parse duration ${spec}: time: invalid duration ${JSON.stringify(spec.slice(7))}`);
      // robfig rounds the delay to whole seconds, and never below one.
      return { kind: 'every', everyMs: Math.max(1000, Math.round(everyMs / 1000) * 1000), ...(timeZone ? { timeZone } : {}) };
    }
    const expanded = DESCRIPTORS[spec];
    if (!expanded) throw new CronParseError(`unrecognized descriptor: ${spec}`);
    spec = expanded;
  }
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  return {
    kind: 'spec',
    minute: parseField(minute, MINUTES),
    hour: parseField(hour, HOURS),
    dom: parseField(dom, DOM),
    month: parseField(month, MONTHS),
    dow: parseField(dow, DOW),
    ...(timeZone ? { timeZone } : {}),
  };
}

function parseField(field: string, bounds: Bounds): CronField {
  const out: CronField = { values: new Set(), star: false };
  for (const expr of field.split(',')) {
    const range = parseRange(expr, bounds);
    for (const v of range.values) out.values.add(v);
    if (range.star) out.star = true;
  }
  return out;
}

function parseRange(expr: string, bounds: Bounds): CronField {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0] ?? '', bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] ?? '', bounds.names);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = parseNonNegative(rangeAndStep[1] ?? '');
    // "N/step" means N to the maximum, every step.
    if (lowAndHigh.length === 1) end = bounds.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronParseError(`too many slashes: ${expr}`);
  }
  if (start < bounds.min) throw new CronParseError(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new CronParseError(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  const values = new Set<number>();
  for (let v = start; v <= end; v += step) values.add(v);
  return { values, star };
}

function parseIntOrName(expr: string, names: Record<string, number> | undefined): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? parseNonNegative(expr);
}

/** strconv.Atoi, then robfig's own check for negatives. */
function parseNonNegative(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronParseError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new CronParseError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

/** Go's time.ParseDuration for the units a schedule would use (h, m, s, ms). */
function parseGoDuration(text: string): number | undefined {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
  if (!/^(\d+(\.\d+)?(h|ms|m|s))+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, , unit] of text.matchAll(/(\d+(\.\d+)?)(h|ms|m|s)/g)) total += Number(n) * (units[unit as string] as number);
  return total;
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone !== '' && zone.toLowerCase() !== 'local';
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of `ms` in the zone, as milliseconds of a UTC date with the same fields. */
function wallClock(ms: number, zone: string): number {
  if (zone === 'UTC') return ms;
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) + (ms % 1000);
}

/** The instant a wall-clock time in the zone stands for (a time skipped by DST moves forward, as Go's time.Date). */
function fromWallClock(wall: number, zone: string): number {
  const guess = wall - (wallClock(wall, zone) - wall);
  return wall - (wallClock(guess, zone) - guess);
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The first scheduled time strictly after `afterMs`, or undefined if none within five years (robfig's limit). */
export function nextAfter(schedule: CronSchedule, afterMs: number, defaultZone = 'UTC'): number | undefined {
  const zone = schedule.timeZone ?? defaultZone;
  if (schedule.kind === 'every') return Math.floor(afterMs / 1000) * 1000 + schedule.everyMs;
  // Work on the wall clock (a UTC date with the zone's fields), from the next whole minute.
  let t = Math.floor(wallClock(afterMs, zone) / MINUTE) * MINUTE + MINUTE;
  const limit = new Date(t).getUTCFullYear() + 5;
  while (new Date(t).getUTCFullYear() <= limit) {
    const d = new Date(t);
    if (!schedule.month.values.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
      continue;
    }
    if (!dayMatches(schedule, d)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + DAY;
      continue;
    }
    if (!schedule.hour.values.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
      continue;
    }
    if (!schedule.minute.values.has(d.getUTCMinutes())) {
      t += MINUTE;
      continue;
    }
    return fromWallClock(t, zone);
  }
  return undefined;
}

/** Day of month and day of week: both must match if either is a bare `*`, otherwise either may (cron's rule). */
function dayMatches(s: Extract<CronSchedule, { kind: 'spec' }>, d: Date): boolean {
  const dom = s.dom.values.has(d.getUTCDate());
  const dow = s.dow.values.has(d.getUTCDay());
  return s.dom.star || s.dow.star ? dom && dow : dom || dow;
}

/** Go's time.RFC3339 of the instant in the zone: `Z` for UTC, else the zone's offset (`+01:00`). */
export function rfc3339InZone(ms: number, zone = 'UTC'): string {
  const wall = wallClock(Math.floor(ms / 1000) * 1000, zone);
  const offsetMin = Math.round((wall - Math.floor(ms / 1000) * 1000) / MINUTE);
  const text = new Date(wall).toISOString().replace(/\.\d{3}Z$/, '');
  if (offsetMin === 0) return `${text}Z`;
  const abs = Math.abs(offsetMin);
  return `${text}${offsetMin < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The latest scheduled time in (earliest, now], and how many there were (kube warns past 100). */
export function mostRecentSchedule(schedule: CronSchedule, earliestMs: number, nowMs: number, zone = 'UTC'): { time?: number; missed: number } {
  let t = nextAfter(schedule, earliestMs, zone);
  if (t === undefined || t > nowMs) return { missed: 0 };
  let missed = 1;
  // Bounded: a schedule missed for years is not walked minute by minute.
  for (let i = 0; i < 100_000; i++) {
    const next = nextAfter(schedule, t, zone);
    if (next === undefined || next > nowMs) break;
    t = next;
    missed++;
  }
  return { time: t, missed };
}
