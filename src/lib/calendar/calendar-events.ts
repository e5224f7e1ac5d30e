// The portal's releases as calendar events, and the months the calendar has pages for. A release
// is on the civil day it falls on in the portal's time zone (src/lib/model/civil-date.ts). Pure:
// the portal and its "now" (site.json `harvestedAt`) come in as arguments.
import { compareVersions } from '../../core/version.ts';
import type { Portal } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { monthOf, monthRange, toZonedDate, type CivilDate, type MonthKey } from '../model/civil-date.ts';
import { compareCodeUnits } from '../../core/compare.ts';

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
        compareCodeUnits(a.release.tag, b.release.tag),
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
