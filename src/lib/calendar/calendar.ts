// The release calendar: `/calendar/`, `/calendar/<yyyy-mm>/` and the day every release falls on.
//
// A release is an instant (ISO 8601 with offset); the calendar shows it on the civil day it falls
// on IN THE PORTAL'S TIME ZONE (site.json `timezone`), never the machine's and never the offset it
// was tagged with: 2026-03-01T23:30:00Z is on 2 March in Europe/Berlin. Only the instant → civil
// day step needs a time zone (Intl, which knows the DST rules); everything after it is arithmetic
// on civil dates done in UTC, where no day is 23 or 25 hours long, so a DST week is still seven
// days. Pure: the portal and its "now" (site.json `harvestedAt`) come in as arguments.
import { compareVersions } from '../../core/version.ts';
import type { Deployment, Freeze, Group, Planned, Release } from '../../schemas/index.ts';
import { environmentColumns, formatStatus } from '../delivery/deployment-format.ts';
import { renderMarkdown, type SafeHtml } from '../render/markdown.ts';
import type { Portal, ReleaseSummary } from '../model/portal.ts';
import { makeRedactor } from '../model/privacy.ts';
import { deploymentAnchor } from '../model/urls.ts';

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

/** The civil day an instant falls on in `timeZone`: `toZonedDate('2026-03-01T23:30:00Z', 'Europe/Berlin')` is `2026-03-02`. */
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
// Display. Civil dates are formatted in UTC, where their midnight lives (see utcMidnight); only an
// instant's time of day needs the portal's zone.

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

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

/** `10:15 CET`: the time of day of an instant in `timeZone`. */
export function formatTimeOfDay(iso: string, timeZone: string): string {
  let f = timeFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    timeFormatters.set(timeZone, f);
  }
  return f.format(new Date(iso));
}

// ---------------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------------
// The portal's releases as calendar events

export interface CalendarEvent {
  release: ReleaseSummary;
  project: { id: string; name: string };
  /** The civil day in the portal's time zone. */
  date: CivilDate;
  /** Milliseconds since the epoch, for ordering. */
  at: number;
}

const eventCache = new WeakMap<Portal, CalendarEvent[]>();

/**
 * Every release of every visible project as an event, in time order; ties (two tags at the same
 * second) by the project's place in site.json, then newest version first, then tag.
 */
export function getCalendarEvents(portal: Portal): CalendarEvent[] {
  let events = eventCache.get(portal);
  if (events) return events;
  const tz = portal.site.timezone;
  const order = new Map(portal.projects.map((p, i) => [p.project.id, i]));
  events = portal.projects
    .flatMap(({ project, releases }) =>
      releases.map((release): CalendarEvent => ({
        release,
        project: { id: project.id, name: project.name },
        date: toZonedDate(release.date, tz),
        at: Date.parse(release.date),
      })),
    )
    .sort(
      (a, b) =>
        a.at - b.at ||
        order.get(a.project.id)! - order.get(b.project.id)! ||
        compareVersions(b.release.version, a.release.version) ||
        (a.release.tag < b.release.tag ? -1 : a.release.tag > b.release.tag ? 1 : 0),
    );
  eventCache.set(portal, events);
  return events;
}

/** "Today" of the build: the day of site.json `harvestedAt` in the portal's time zone (never the clock). */
export function todayOf(portal: Portal): CivilDate {
  return toZonedDate(portal.site.harvestedAt, portal.site.timezone);
}

/**
 * The civil days a fixed freeze window covers, first and last (weekly windows repeat up to the
 * horizon and do not stretch the calendar).
 */
function fixedFreezeSpans(portal: Portal): { first: CivilDate; last: CivilDate; end: number }[] {
  const tz = portal.site.timezone;
  return portal.freezes
    .filter((f) => f.kind === 'fixed')
    .flatMap((f) => f.windows)
    .map((w) => ({
      first: toZonedDate(w.start, tz),
      last: toZonedDate(new Date(Date.parse(w.end) - 1).toISOString(), tz),
      end: Date.parse(w.end),
    }));
}

/**
 * The months that get a page: from the first release's month to the last month with a release,
 * a planned or group release, or a day of a fixed freeze (a year-end freeze reaches January), or
 * the current month, whichever is later, with every month in between, so previous/next links never
 * lead to a missing page and `/calendar/`'s month has a page of its own.
 */
export function getCalendarMonths(portal: Portal): MonthKey[] {
  const current = monthOf(todayOf(portal));
  const months = [
    ...getCalendarEvents(portal).map((e) => monthOf(e.date)),
    ...portal.planned.map((p) => monthOf(p.date)),
    ...portal.groups.map((g) => monthOf(g.date)),
    ...fixedFreezeSpans(portal).flatMap((f) => [monthOf(f.first), monthOf(f.last)]),
  ];
  if (months.length === 0) return [current];
  const first = months.reduce((a, b) => (b < a ? b : a));
  const last = months.reduce((a, b) => (b > a ? b : a), current);
  return monthRange(first < current ? first : current, last);
}

/**
 * The month `/calendar/` opens on: the month of the first thing still to come at the harvest (a
 * release tagged with a later date, a planned or group release from today on, a fixed freeze not
 * over yet), so a rebuilt site opens where there is something to see; with nothing to come, the
 * month of the latest release (or planned or group release); with nothing at all, the current month.
 */
export function getComingMonth(portal: Portal): MonthKey {
  const today = todayOf(portal);
  const now = Date.parse(portal.site.harvestedAt);
  const coming = [
    ...getCalendarEvents(portal)
      .filter((e) => e.at > now)
      .map((e) => e.date),
    ...portal.planned.filter((p) => !p.shipped && p.date >= today).map((p) => p.date),
    ...portal.groups.filter((g) => g.date >= today).map((g) => g.date),
    ...fixedFreezeSpans(portal)
      .filter((f) => f.end > now)
      .map((f) => (f.first > today ? f.first : today)),
  ];
  if (coming.length > 0) return monthOf(coming.reduce((a, b) => (b < a ? b : a)));
  const past = [
    ...getCalendarEvents(portal).map((e) => e.date),
    ...portal.planned.map((p) => p.date),
    ...portal.groups.map((g) => g.date),
  ];
  if (past.length > 0) return monthOf(past.reduce((a, b) => (b > a ? b : a)));
  return monthOf(today);
}

export function getCalendarMonthPaths(portal: Portal): { params: { month: MonthKey } }[] {
  return getCalendarMonths(portal).map((month) => ({ params: { month } }));
}

// ---------------------------------------------------------------------------------------------
// View models

export interface CalendarEventView {
  projectId: string;
  projectName: string;
  version: string;
  /** `Acme API 1.3.0` */
  label: string;
  url: string;
  /** As stored (ISO 8601 with offset), for `<time datetime>`. */
  iso: string;
  /** `10:15 CET`, in the portal's time zone. */
  time: string;
  prerelease: boolean;
  breakingCount: number;
}

export interface CalendarDayView {
  date: CivilDate;
  /** Day of the month, 1–31. */
  day: number;
  /** `Monday, 2 March 2026` */
  title: string;
  /** False for the leading and trailing days of neighbouring months in a grid. */
  inMonth: boolean;
  today: boolean;
  events: CalendarEventView[];
  /** Planned releases on this day (status shown; shipped once the tag exists). */
  planned: PlannedEventView[];
  /** Group releases (release trains) dated this day. */
  groups: GroupEventView[];
  /** Deployments that finished this day, internal audience only (always empty for the public). */
  deployments: DeploymentEventView[];
  /** Freeze windows covering part or all of this day, in the portal's zone. */
  freezes: FreezeDayView[];
}

export interface PlannedEventView {
  projectId: string;
  version: string;
  /** `Acme API 1.3.0` */
  label: string;
  status: Planned['status'] | 'shipped';
  /** `Tentative`, `Confirmed`, `Cancelled`, `Shipped` */
  statusLabel: string;
  /** The release page once shipped, else the project's advance notice. */
  url: string;
  /** `Moved from 13 March 2026`, or null when the date never moved. */
  moved: string | null;
  /** The planned notes, rendered by src/lib/render/markdown.ts (untrusted input). */
  notesHtml: SafeHtml;
}

export interface GroupEventView {
  id: string;
  name: string;
  url: string;
}

export interface DeploymentEventView {
  projectId: string;
  /** `Acme API 1.1.0 to production` */
  label: string;
  environment: string;
  statusLabel: string;
  time: string;
  iso: string;
  url: string;
  /** The freeze the deployment finished inside, or null. */
  freeze: string | null;
}

export interface FreezeDayView {
  id: string;
  name: string;
  /** `all day`, `from 18:00`, `until 08:00`, `08:00–18:00` (portal's zone). */
  span: string;
  /** True on the day the window begins: the agenda lists a freeze there only. */
  begins: boolean;
  /** `production` or `all environments` */
  scope: string;
}

export interface MonthLinkView {
  month: MonthKey;
  title: string;
  url: string;
}

export interface CalendarProjectView {
  id: string;
  name: string;
  ics: string;
  feed: string;
}

export interface CalendarMonthView {
  month: MonthKey;
  /** `March 2026` */
  title: string;
  url: string;
  previous: MonthLinkView | null;
  next: MonthLinkView | null;
  weekdays: readonly { short: string; long: string }[];
  /** Monday-first weeks; days outside the month carry no events (their own page lists them). */
  weeks: CalendarDayView[][];
  /** The month's days that have releases, in order: the list small screens show instead of the grid. */
  agenda: CalendarDayView[];
  releaseCount: number;
  /** True when the build's "today" is in this month. */
  current: boolean;
}

export interface CalendarChromeView {
  timeZone: string;
  today: { date: CivilDate; title: string };
  calendarUrl: string;
  ics: string;
  feed: string;
  projects: CalendarProjectView[];
  /** Internal audience: one iCalendar feed of deployments per environment (empty for the public). */
  environments: { id: string; ics: string }[];
}

export interface CalendarPageView extends CalendarChromeView {
  month: CalendarMonthView;
}

export interface CalendarIndexView extends CalendarPageView {
  /** Releases dated after the build's "now" (a tag can carry a future date), soonest first. */
  upcoming: CalendarDayView[];
  /** The most recent releases up to "now", newest day first. */
  recent: CalendarDayView[];
  /** Planned releases from today on (shipped ones included: a tag can come before its date), soonest first. */
  planned: { date: CivilDate; title: string; event: PlannedEventView }[];
}

/** How many releases `/calendar/` lists under "Recent releases". */
export const RECENT_RELEASES = 12;

function eventView(portal: Portal, e: CalendarEvent): CalendarEventView {
  return {
    projectId: e.project.id,
    projectName: e.project.name,
    version: e.release.version,
    label: `${e.project.name} ${e.release.version}`,
    url: portal.paths.release(e.project.id, e.release.slug),
    iso: e.release.date,
    time: formatTimeOfDay(e.release.date, portal.site.timezone),
    prerelease: e.release.prerelease,
    breakingCount: e.release.breakingCount,
  };
}

function dayView(
  portal: Portal,
  date: CivilDate,
  events: readonly CalendarEvent[],
  today: CivilDate,
  inMonth = true,
): CalendarDayView {
  const extras = inMonth ? dayExtras(portal).get(date) : undefined;
  return {
    date,
    day: Number(date.slice(8, 10)),
    title: formatCivilDate(date),
    inMonth,
    today: date === today,
    events: inMonth ? events.map((e) => eventView(portal, e)) : [],
    planned: extras?.planned ?? [],
    groups: extras?.groups ?? [],
    deployments: extras?.deployments ?? [],
    freezes: extras?.freezes ?? [],
  };
}

/** True when a day has anything to list in the agenda (a freeze only on the day it begins). */
export function hasAgendaItems(day: CalendarDayView): boolean {
  return (
    day.events.length + day.planned.length + day.groups.length + day.deployments.length > 0 ||
    day.freezes.some((f) => f.begins)
  );
}

interface DayExtras {
  planned: PlannedEventView[];
  groups: GroupEventView[];
  deployments: DeploymentEventView[];
  freezes: FreezeDayView[];
}

const extrasCache = new WeakMap<Portal, Map<CivilDate, DayExtras>>();

/** Planned and group releases, deployments and freeze days of the whole portal, by civil day. */
function dayExtras(portal: Portal): Map<CivilDate, DayExtras> {
  let days = extrasCache.get(portal);
  if (days) return days;
  days = new Map();
  const at = (date: CivilDate) => {
    let d = days!.get(date);
    if (!d) days!.set(date, (d = { planned: [], groups: [], deployments: [], freezes: [] }));
    return d;
  };
  for (const p of portal.planned) at(p.date).planned.push(toPlannedEventView(portal, p));
  for (const g of portal.groups)
    at(g.date).groups.push({ id: g.id, name: g.name, url: portal.paths.group(g.id) });
  for (const d of portal.deployments)
    at(toZonedDate(d.at, portal.site.timezone)).deployments.push(toDeploymentEventView(portal, d));
  for (const f of portal.freezes) {
    for (const w of f.windows) {
      for (const part of freezeDays(w, portal.site.timezone)) {
        at(part.date).freezes.push({
          id: f.id,
          name: f.name,
          span: part.span,
          begins: part.begins,
          scope: freezeScope(f),
        });
      }
    }
  }
  extrasCache.set(portal, days);
  return days;
}

export function freezeScope(f: Pick<Freeze, 'environments'>): string {
  return f.environments === null ? 'all environments' : f.environments.join(', ');
}

export function toPlannedEventView(portal: Portal, p: Planned): PlannedEventView {
  const entry = portal.project(p.project)!;
  const release = p.shipped ? entry.releases.find((r) => r.version === p.version) : undefined;
  const status = p.shipped ? 'shipped' : p.status;
  const previous = p.previousDates.at(-1);
  return {
    projectId: p.project,
    version: p.version,
    label: `${entry.project.name} ${p.version}`,
    status,
    statusLabel: status[0]!.toUpperCase() + status.slice(1),
    url: release
      ? portal.paths.release(p.project, release.slug)
      : p.shipped
        ? portal.paths.project(p.project)
        : portal.paths.next(p.project),
    moved: previous ? `Moved from ${formatCivilDate(previous).replace(/^\w+, /, '')}` : null,
    notesHtml: renderMarkdown(p.notes, {
      headingLevel: 5,
      redact: makeRedactor(portal.audience),
      idPrefix: `planned-${p.project}-`,
    }),
  };
}

export function toDeploymentEventView(portal: Portal, d: Deployment): DeploymentEventView {
  const name = portal.project(d.project)?.project.name ?? d.project;
  return {
    projectId: d.project,
    label: `${name} ${d.version ?? d.ref.version ?? 'unknown version'} to ${d.environment}`,
    environment: d.environment,
    statusLabel: formatStatus(d.status),
    time: formatTimeOfDay(d.at, portal.site.timezone),
    iso: d.at,
    url: `${portal.paths.environments}#${deploymentAnchor(d.project, d.id)}`,
    freeze: d.freeze?.name ?? null,
  };
}

const clockFormatters = new Map<string, Intl.DateTimeFormat>();

/** `18:00`: the wall-clock time of an instant in `timeZone`. */
function formatClock(iso: string, timeZone: string): string {
  let f = clockFormatters.get(timeZone);
  if (!f)
    clockFormatters.set(
      timeZone,
      (f = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      })),
    );
  return f.format(new Date(iso));
}

/**
 * The civil days (in `timeZone`) a freeze window covers, each with the part covered. The end is
 * exclusive: a window ending at 00:00 does not cover that day.
 */
export function freezeDays(
  w: { start: string; end: string },
  timeZone: string,
): { date: CivilDate; span: string; begins: boolean }[] {
  const first = toZonedDate(w.start, timeZone);
  const last = toZonedDate(new Date(Date.parse(w.end) - 1).toISOString(), timeZone);
  const from = formatClock(w.start, timeZone);
  const until = formatClock(w.end, timeZone);
  const days: { date: CivilDate; span: string; begins: boolean }[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    const starts = date === first && from !== '00:00';
    const ends = date === last && until !== '00:00';
    const span =
      starts && ends ? `${from}–${until}` : starts ? `from ${from}` : ends ? `until ${until}` : 'all day';
    days.push({ date, span, begins: date === first });
  }
  return days;
}

/** Events grouped into day views, days in the order their first event appears. */
function groupIntoDays(
  portal: Portal,
  events: readonly CalendarEvent[],
  today: CivilDate,
): CalendarDayView[] {
  const days = new Map<CivilDate, CalendarEvent[]>();
  for (const e of events) days.set(e.date, [...(days.get(e.date) ?? []), e]);
  // Only the releases: these lists are "upcoming" and "recent" releases, not the day's whole agenda.
  return [...days].map(([date, list]) => ({
    ...dayView(portal, date, list, today),
    planned: [],
    groups: [],
    deployments: [],
    freezes: [],
  }));
}

function chromeView(portal: Portal): CalendarChromeView {
  const paths = portal.paths;
  const today = todayOf(portal);
  return {
    timeZone: portal.site.timezone,
    today: { date: today, title: formatCivilDate(today) },
    calendarUrl: paths.calendar,
    ics: paths.calendarIcs,
    feed: paths.feed,
    projects: portal.projects.map(({ project }) => ({
      id: project.id,
      name: project.name,
      ics: paths.projectCalendarIcs(project.id),
      feed: paths.projectFeed(project.id),
    })),
    environments:
      portal.audience === 'internal'
        ? environmentColumns(portal.deployments).map((e) => ({
            id: e.id,
            ics: paths.environmentCalendarIcs(e.id),
          }))
        : [],
  };
}

export function toCalendarMonthView(portal: Portal, month: MonthKey): CalendarMonthView {
  const months = getCalendarMonths(portal);
  const index = months.indexOf(month);
  if (index === -1)
    throw new Error(
      `waybill: no calendar page for "${month}" (pages run from ${months[0]} to ${months.at(-1)})`,
    );
  const paths = portal.paths;
  const today = todayOf(portal);
  const link = (m: MonthKey | undefined): MonthLinkView | null =>
    m === undefined ? null : { month: m, title: formatMonth(m), url: paths.month(m) };
  const events = getCalendarEvents(portal).filter((e) => monthOf(e.date) === month);
  const byDay = new Map<CivilDate, CalendarEvent[]>();
  for (const e of events) byDay.set(e.date, [...(byDay.get(e.date) ?? []), e]);
  const weeks = monthGrid(month).map((week) =>
    week.map((date) => dayView(portal, date, byDay.get(date) ?? [], today, monthOf(date) === month)),
  );
  return {
    month,
    title: formatMonth(month),
    url: paths.month(month),
    previous: link(months[index - 1]),
    next: link(months[index + 1]),
    weekdays: WEEKDAYS,
    weeks,
    agenda: weeks.flat().filter(hasAgendaItems),
    releaseCount: events.length,
    current: monthOf(today) === month,
  };
}

/** `/calendar/<yyyy-mm>/` */
export function toCalendarPageView(portal: Portal, month: MonthKey): CalendarPageView {
  return { ...chromeView(portal), month: toCalendarMonthView(portal, month) };
}

/**
 * `/calendar/`: the month of what comes next (`getComingMonth`, by `harvestedAt` in the portal's
 * zone, never the clock), upcoming and recent releases.
 */
export function toCalendarIndexView(portal: Portal): CalendarIndexView {
  const today = todayOf(portal);
  const now = Date.parse(portal.site.harvestedAt);
  const events = getCalendarEvents(portal);
  const upcoming = events.filter((e) => e.at > now);
  const recent = events
    .filter((e) => e.at <= now)
    .slice(-RECENT_RELEASES)
    .reverse();
  return {
    ...toCalendarPageView(portal, getComingMonth(portal)),
    upcoming: groupIntoDays(portal, upcoming, today),
    recent: groupIntoDays(portal, recent, today),
    planned: portal.planned
      .filter((p) => p.date >= today)
      .map((p) => ({ date: p.date, title: formatCivilDate(p.date), event: toPlannedEventView(portal, p) })),
  };
}
