// The release calendar's pages: `/calendar/` and `/calendar/<yyyy-mm>/`, each a month grid (Monday
// first) of the days in calendar-days.ts, with the feeds to subscribe to. "Today" is the day of
// site.json `harvestedAt` in the portal's time zone, never the clock.
import { environmentColumns } from '../delivery/deployment-format.ts';
import type { Portal } from '../model/portal.ts';
import {
  formatCivilDate,
  formatMonth,
  monthGrid,
  monthOf,
  WEEKDAYS,
  type CivilDate,
  type MonthKey,
} from '../model/civil-date.ts';
import {
  getCalendarEvents,
  getCalendarMonths,
  getComingMonth,
  todayOf,
  type CalendarEvent,
} from './calendar-events.ts';
import {
  dayView,
  hasAgendaItems,
  toPlannedEventView,
  type CalendarDayView,
  type PlannedEventView,
} from './calendar-days.ts';

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
