// The days of the release calendar as its pages show them: each day's releases, planned and group
// releases, deployments (internal audience only) and the freeze windows covering it. Times of day
// are in the portal's time zone.
import type { Deployment, Freeze, Planned } from '../../schemas/index.ts';
import { formatStatus } from '../delivery/deployment-format.ts';
import { renderMarkdown, type SafeHtml } from '../render/markdown.ts';
import type { Portal } from '../model/portal.ts';
import { makeRedactor } from '../../core/privacy.ts';
import { deploymentAnchor } from '../model/urls.ts';
import { addDays, formatCivilDate, toZonedDate, type CivilDate } from '../model/civil-date.ts';
import type { CalendarEvent } from './calendar-events.ts';

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

const timeFormatters = new Map<string, Intl.DateTimeFormat>();

/** `10:15 CET`: the time of day of an instant in `timeZone`. */
function formatTimeOfDay(iso: string, timeZone: string): string {
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

export function dayView(
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

/** What a freeze covers, as the calendar pages and feeds say it: `production, staging` or `all environments`. */
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

function toDeploymentEventView(portal: Portal, d: Deployment): DeploymentEventView {
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
