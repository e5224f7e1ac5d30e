// Civil dates: the days and months of the calendar (`2026-03-02`, `2026-03`), and the one rule that
// turns an instant into one.
//
// An instant (ISO 8601 with offset) falls on a civil day IN A TIME ZONE (the portal's, site.json
// `timezone`), never the machine's and never the offset it was written with: 2026-03-01T23:30:00Z
// is on 2 March in Europe/Berlin. Only the instant → civil day step needs a time zone (Intl, which
// knows the DST rules); everything after it is arithmetic on civil dates done in UTC, where no day
// is 23 or 25 hours long, so a DST week is still seven days.

/** A day in the calendar: `2026-03-02`. */
export type CivilDate = string;
/** A month: `2026-03`, as it appears in `/calendar/2026-03/`. */
export type MonthKey = string;

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const CIVIL_DATE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function parseCivil(date: CivilDate): [number, number, number] {
  const m = CIVIL_DATE.exec(date);
  if (!m) throw new Error(`waybill: "${date}" is not a calendar date like "2026-03-02"`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function parseMonth(month: MonthKey): [number, number] {
  const m = MONTH_KEY.exec(month);
  if (!m) throw new Error(`waybill: "${month}" is not a month like "2026-03"`);
  return [Number(m[1]), Number(m[2])];
}

/** Milliseconds of the civil date's midnight in UTC: the arithmetic base for civil dates. */
function utcMidnight(year: number, month: number, day: number): number {
  const d = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  d.setUTCFullYear(year, month - 1, day);
  return d.getTime();
}

function fromUtc(ms: number): CivilDate {
  return new Date(ms).toISOString().slice(0, 10);
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The civil day an instant falls on in `timeZone`: `toZonedDate('2026-03-01T23:30:00Z',
 * 'Europe/Berlin')` is `2026-03-02`. The one place this is decided: the calendar, "today" of a
 * harvest, support status and audit quarters all ask here.
 */
export function toZonedDate(iso: string, timeZone: string): CivilDate {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) throw new Error(`waybill: "${iso}" is not an ISO 8601 date and time`);
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dayFormatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year!.padStart(4, '0')}-${parts.month}-${parts.day}`;
}

export function monthOf(date: CivilDate): MonthKey {
  parseCivil(date);
  return date.slice(0, 7);
}

export function addDays(date: CivilDate, days: number): CivilDate {
  const [y, m, d] = parseCivil(date);
  return fromUtc(utcMidnight(y, m, d + days));
}

export function addMonths(month: MonthKey, months: number): MonthKey {
  const [y, m] = parseMonth(month);
  return fromUtc(utcMidnight(y, m + months, 1)).slice(0, 7);
}

/** Every month from `first` to `last`, both included; empty when `last` is before `first`. */
export function monthRange(first: MonthKey, last: MonthKey): MonthKey[] {
  const months: MonthKey[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** ISO 8601 weekday: 1 Monday … 7 Sunday. */
export function isoWeekday(date: CivilDate): number {
  const [y, m, d] = parseCivil(date);
  return new Date(utcMidnight(y, m, d)).getUTCDay() || 7;
}

/**
 * The weeks a month grid shows, Monday first (ISO 8601; the config has no week-start setting):
 * whole weeks from the Monday on or before the 1st to the Sunday on or after the last day.
 */
export function monthGrid(month: MonthKey): CivilDate[][] {
  const [y, m] = parseMonth(month);
  const first = `${month}-01`;
  const last = fromUtc(utcMidnight(y, m + 1, 0));
  let day = addDays(first, 1 - isoWeekday(first));
  const end = addDays(last, 7 - isoWeekday(last));
  const weeks: CivilDate[][] = [];
  while (day <= end) {
    const week: CivilDate[] = [];
    for (let i = 0; i < 7; i++, day = addDays(day, 1)) week.push(day);
    weeks.push(week);
  }
  return weeks;
}

/** Items grouped by the civil day of `instantOf(item)` in `timeZone`; order within a day is kept. */
export function bucketByDay<T>(
  items: readonly T[],
  instantOf: (item: T) => string,
  timeZone: string,
): Map<CivilDate, T[]> {
  const days = new Map<CivilDate, T[]>();
  for (const item of items) {
    const day = toZonedDate(instantOf(item), timeZone);
    const list = days.get(day);
    if (list) list.push(item);
    else days.set(day, [item]);
  }
  return days;
}

// ---------------------------------------------------------------------------------------------
// Display. Civil dates are formatted in UTC, where their midnight lives (see utcMidnight).

const utcFormat = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', ...options });
const monthTitleFormat = utcFormat({ month: 'long', year: 'numeric' });
const dayTitleFormat = utcFormat({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const weekdayLong = utcFormat({ weekday: 'long' });
const weekdayShort = utcFormat({ weekday: 'short' });

/** `March 2026` */
export function formatMonth(month: MonthKey): string {
  const [y, m] = parseMonth(month);
  return monthTitleFormat.format(utcMidnight(y, m, 1));
}

/** `Monday, 2 March 2026` */
export function formatCivilDate(date: CivilDate): string {
  const [y, m, d] = parseCivil(date);
  return dayTitleFormat.format(utcMidnight(y, m, d));
}

/** Monday first: `{ short: 'Mon', long: 'Monday' }` … */
export const WEEKDAYS: readonly { short: string; long: string }[] = monthGrid('2026-06')[0]!.map((date) => {
  const [y, m, d] = parseCivil(date);
  return { short: weekdayShort.format(utcMidnight(y, m, d)), long: weekdayLong.format(utcMidnight(y, m, d)) };
});
