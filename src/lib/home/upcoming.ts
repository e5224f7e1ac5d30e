// What the portal says is coming, for the home page and a project's advance notice: planned
// releases (content/planned, docs/calendar.md "Planned releases"), releases tagged with a later
// date, group releases, and the freeze that is on or comes next. "Now" is site.json `harvestedAt`
// (docs/calendar.md: a static site is as of its harvest), never the clock. Pure: the portal comes
// in as an argument.
import { formatCivilDate, monthOf, toZonedDate, type CivilDate } from '../model/civil-date.ts';
import { getCalendarEvents, todayOf } from '../calendar/calendar-events.ts';
import { freezeScope, toPlannedEventView, type PlannedEventView } from '../calendar/calendar-days.ts';
import { formatDateTime, type DateView } from '../render/format.ts';
import type { Portal } from '../model/portal.ts';
import { compareCodeUnits } from '../../core/compare.ts';

export interface UpcomingItemView {
  date: CivilDate;
  /** `Tuesday, 8 December 2026` */
  title: string;
  kind: 'planned' | 'release' | 'group';
  /** `Acme SDK 2.2.0`, or the group release's name. */
  label: string;
  url: string;
  /** `Tentative`, `Confirmed`, `Tagged`, `Group release`. */
  statusLabel: string;
  /** The calendar month page the item is on. */
  calendarUrl: string;
  projectId: string | null;
}

export interface FreezeNoticeView {
  name: string;
  /** `production` or `all environments` */
  scope: string;
  /** True when the harvest fell inside the window. */
  active: boolean;
  start: DateView;
  end: DateView;
  /** The calendar month page where the window begins (or today's, when it is on). */
  calendarUrl: string;
}

/** How many items the home page lists under "Coming up". */
export const UPCOMING_ON_HOME = 8;

/**
 * Everything dated from the harvest's day on, soonest first: planned releases not yet shipped (a
 * cancelled one stays listed, marked), releases tagged with a later date, group releases. Ties by
 * kind (planned, release, group), then label.
 */
export function toUpcomingItems(portal: Portal): UpcomingItemView[] {
  const today = todayOf(portal);
  const now = Date.parse(portal.site.harvestedAt);
  const month = (date: CivilDate) => portal.paths.month(monthOf(date));
  const planned = portal.planned
    .filter((p) => !p.shipped && p.date >= today)
    .map((p): UpcomingItemView => {
      const view = toPlannedEventView(portal, p);
      return {
        date: p.date,
        title: formatCivilDate(p.date),
        kind: 'planned',
        label: view.label,
        url: view.url,
        statusLabel: view.statusLabel,
        calendarUrl: month(p.date),
        projectId: p.project,
      };
    });
  const tagged = getCalendarEvents(portal)
    .filter((e) => e.at > now)
    .map((e): UpcomingItemView => ({
      date: e.date,
      title: formatCivilDate(e.date),
      kind: 'release',
      label: `${e.project.name} ${e.release.version}`,
      url: portal.paths.release(e.project.id, e.release.slug),
      statusLabel: 'Tagged',
      calendarUrl: month(e.date),
      projectId: e.project.id,
    }));
  const groups = portal.groups
    .filter((g) => g.date >= today)
    .map((g): UpcomingItemView => ({
      date: g.date,
      title: formatCivilDate(g.date),
      kind: 'group',
      label: g.name,
      url: portal.paths.group(g.id),
      statusLabel: 'Group release',
      calendarUrl: month(g.date),
      projectId: null,
    }));
  const rank = { planned: 0, release: 1, group: 2 } as const;
  return [...planned, ...tagged, ...groups].sort(
    (a, b) =>
      compareCodeUnits(a.date, b.date) || rank[a.kind] - rank[b.kind] || compareCodeUnits(a.label, b.label),
  );
}

/**
 * The freeze window the harvest fell inside, else the next one to begin (weekly windows count
 * too: the next weekend is the next freeze); null when none is on or to come. Two windows on at
 * once: the one that ends last, since that is how long nothing ships.
 */
export function toFreezeNotice(portal: Portal): FreezeNoticeView | null {
  const now = Date.parse(portal.site.harvestedAt);
  const tz = portal.site.timezone;
  const windows = portal.freezes.flatMap((f) => f.windows.map((w) => ({ f, w })));
  const active = windows
    .filter(({ w }) => Date.parse(w.start) <= now && now < Date.parse(w.end))
    .sort((a, b) => Date.parse(b.w.end) - Date.parse(a.w.end))[0];
  const next = windows
    .filter(({ w }) => Date.parse(w.start) > now)
    .sort((a, b) => Date.parse(a.w.start) - Date.parse(b.w.start) || (a.f.id < b.f.id ? -1 : 1))[0];
  const pick = active ?? next;
  if (!pick) return null;
  const { f, w } = pick;
  const shown = active ? todayOf(portal) : toZonedDate(w.start, tz);
  return {
    name: f.name,
    scope: freezeScope(f),
    active: active !== undefined,
    start: formatDateTime(w.start, tz),
    end: formatDateTime(w.end, tz),
    calendarUrl: portal.paths.month(monthOf(shown)),
  };
}

export interface NextPlanView {
  /** `Tuesday, 8 December 2026` */
  title: string;
  date: CivilDate;
  version: string;
  status: PlannedEventView['status'];
  statusLabel: string;
  moved: string | null;
  notesHtml: PlannedEventView['notesHtml'];
  calendarUrl: string;
}

/**
 * A project's planned releases not shipped yet, soonest first, as the calendar shows them: what
 * `/projects/<id>/next/` says about when the next release is planned.
 */
export function toNextPlans(portal: Portal, projectId: string): NextPlanView[] {
  return portal.planned
    .filter((p) => p.project === projectId && !p.shipped)
    .map((p) => {
      const view = toPlannedEventView(portal, p);
      return {
        title: formatCivilDate(p.date),
        date: p.date,
        version: p.version,
        status: view.status,
        statusLabel: view.statusLabel,
        moved: view.moved,
        notesHtml: view.notesHtml,
        calendarUrl: portal.paths.month(monthOf(p.date)),
      };
    });
}
