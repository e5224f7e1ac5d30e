// iCalendar feeds (RFC 5545): `/calendar.ics` and `/projects/<id>/calendar.ics`, one all-day
// event per release on the day it falls on in the portal's time zone, for calendar subscriptions.
//
// Written with ical-generator, around two of its habits that would make the bytes depend on the
// machine (src/lib/model/civil-date.ts has the day arithmetic):
// - With a calendar time zone set through `timezone()`, it formats all-day dates and DTSTAMP from
//   the Date's LOCAL fields (getFullYear/getHours: the machine's zone), and writes DTSTAMP without
//   "Z", which RFC 5545 §3.8.7.2 forbids. So no time zone is set on the calendar or the events:
//   X-WR-TIMEZONE is written as a plain X- property, each DTSTART;VALUE=DATE is given as the UTC
//   midnight of the civil day computed in the portal's zone, and DTSTAMP is UTC.
// - It writes NAME and X-WR-CALNAME unescaped, custom X- properties after the events (RFC 5545
//   §3.4 puts calendar properties before components) and no CRLF after END:VCALENDAR; all three
//   are fixed here.
//
// Same data, same bytes: DTSTAMP is site.json `harvestedAt` (never the clock), events are in
// time order (getCalendarEvents), and nothing else varies.
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import type { Deployment, Freeze, Planned } from '../../schemas/index.ts';
import { addDays, formatCivilDate, toZonedDate, type CivilDate } from '../model/civil-date.ts';
import { getCalendarEvents } from './calendar-events.ts';
import { freezeScope } from './calendar-days.ts';
import { formatStatus } from '../delivery/deployment-format.ts';
import { formatDateTime, plural } from '../render/format.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { absoluteUrl, deploymentAnchor } from '../model/urls.ts';
import {
  buildVtimezone,
  CONTROL,
  cronToByDay,
  deploymentUid,
  escapeIcsText,
  foldLine,
  freezeUid,
  icsLocal,
  icsUtc,
  plannedUid,
  releaseUid,
  uidHost,
} from './ics-text.ts';

/** A civil date as the Date whose UTC fields are that date (what ical-generator formats without a time zone). */
function utcDate(date: CivilDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

/**
 * DESCRIPTION: short plain text, facts only: what it is, when, how big, where the notes are. No
 * notes or highlights: repository text would reach clients that render descriptions as HTML, and
 * the release page is one click away.
 */
export function describeRelease(
  portal: Portal,
  name: string,
  release: ReleaseSummary,
  url: string | null,
): string {
  const facts = [
    `Tag ${release.tag}`,
    plural(release.commitCount, 'commit') + (release.previous ? ` since ${release.previous}` : ''),
    ...(release.breakingCount > 0 ? [plural(release.breakingCount, 'breaking change')] : []),
  ];
  const lines = [
    `${name} ${release.version}${release.prerelease ? ' (pre-release)' : ''}, released ${formatDateTime(release.date, portal.site.timezone).text}.`,
    `${facts.join(', ')}.`,
  ];
  if (url) lines.push('', `Release notes: ${url}`);
  return lines.join('\n').replace(CONTROL, '');
}

/** The whole portal's calendar, or one project's (`entry`). */
export function buildIcs(portal: Portal, entry?: ProjectEntry): string {
  const { site } = portal;
  const host = uidHost(site.site);
  const name = entry ? `${entry.project.name} releases · ${site.title}` : site.title;
  const calendar = ical({
    prodId: { company: 'waybill', product: 'waybill', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    name: escapeIcsText(name),
    description: escapeIcsText(
      entry ? `Every release of ${entry.project.name}.` : `Every release of every project of ${site.title}.`,
    ),
  });
  const stamp = new Date(site.harvestedAt);
  const events = getCalendarEvents(portal).filter((e) => !entry || e.project.id === entry.project.id);
  for (const e of events) {
    const { release } = e;
    // A calendar client has no base URL to resolve a root-relative path against, so without
    // site.json `site` the event carries no URL (the Atom feeds do use root-relative links).
    const url = site.site ? absoluteUrl(portal.paths.release(e.project.id, release.slug), site.site) : null;
    const day = toZonedDate(release.date, site.timezone);
    calendar.createEvent({
      id: releaseUid(e.project.id, release.slug, host),
      stamp,
      allDay: true,
      start: utcDate(day),
      // DTEND is exclusive (RFC 5545 §3.6.1): a one-day event ends the next day.
      end: utcDate(addDays(day, 1)),
      summary: `${e.project.name} ${release.version}`.replace(CONTROL, ''),
      description: describeRelease(portal, e.project.name, release, url),
      url,
      // A release does not make anyone busy.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  for (const p of portal.planned.filter((p) => !entry || p.project === entry.project.id))
    addPlanned(calendar, portal, p, host, stamp);
  // X-WR-TIMEZONE (what clients show the calendar in) among the calendar properties, before the
  // first event, then the freezes' VTIMEZONEs and events. IANA names need no TEXT escaping.
  const text = calendar.toString();
  const at = text.search(/\r\n(?:BEGIN:VEVENT|END:VCALENDAR)/);
  const freezes = freezesIcsText(portal);
  return `${text.slice(0, at)}\r\nX-WR-TIMEZONE:${site.timezone}${freezes ? `\r\n${freezes.slice(0, -2)}` : ''}${text.slice(at)}\r\n`;
}

const PLANNED_STATUS = {
  tentative: ICalEventStatus.TENTATIVE,
  confirmed: ICalEventStatus.CONFIRMED,
  cancelled: ICalEventStatus.CANCELLED,
} as const;

/** A planned release: an all-day event with the record's STATUS and SEQUENCE (bumped when its date moves). */
function addPlanned(
  calendar: ReturnType<typeof ical>,
  portal: Portal,
  p: Planned,
  host: string,
  stamp: Date,
): void {
  const { site } = portal;
  const name = portal.project(p.project)!.project.name;
  const release = p.shipped
    ? portal.project(p.project)!.releases.find((r) => r.version === p.version)
    : undefined;
  const path = release ? portal.paths.release(p.project, release.slug) : portal.paths.next(p.project);
  const url = site.site ? absoluteUrl(path, site.site) : null;
  const lines = [
    `${p.shipped ? 'Shipped' : p.status === 'cancelled' ? 'Cancelled' : `Planned (${p.status})`}: ${name} ${p.version} on ${formatCivilDate(p.date)}.`,
    ...(p.previousDates.length
      ? [`Moved from ${p.previousDates.map(formatCivilDate).join(', then ')}.`]
      : []),
    ...(url ? ['', `${release ? 'Release notes' : 'What is coming'}: ${url}`] : []),
  ];
  calendar.createEvent({
    id: plannedUid(p.project, p.version, host),
    stamp,
    allDay: true,
    start: utcDate(p.date),
    end: utcDate(addDays(p.date, 1)),
    summary:
      `${name} ${p.version} (${p.shipped ? 'shipped' : p.status === 'cancelled' ? 'cancelled' : 'planned'})`.replace(
        CONTROL,
        '',
      ),
    description: lines.join('\n').replace(CONTROL, ''),
    url,
    status: PLANNED_STATUS[p.status],
    sequence: p.sequence,
    transparency: ICalEventTransparency.TRANSPARENT,
  });
}

/** The environments that have deployments (internal audience only; none for the public). */
export function getEnvironmentIcsPaths(portal: Portal): { params: { environment: string } }[] {
  if (portal.audience !== 'internal') return [];
  return [...new Set(portal.deployments.map((d) => d.environment))]
    .sort()
    .map((environment) => ({ params: { environment } }));
}

/** One environment's deployments as timed events in UTC (internal audience only). */
export function buildEnvironmentIcs(portal: Portal, environment: string): string {
  if (portal.audience !== 'internal')
    throw new Error('waybill: deployment calendars are for the internal audience only');
  const { site } = portal;
  const host = uidHost(site.site);
  const calendar = ical({
    prodId: { company: 'waybill', product: 'waybill', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    name: escapeIcsText(`${environment} deployments · ${site.title}`),
    description: escapeIcsText(`Every deployment to ${environment}.`),
  });
  const stamp = new Date(site.harvestedAt);
  for (const d of portal.deployments.filter((x) => x.environment === environment))
    addDeployment(calendar, portal, d, host, stamp);
  const text = calendar.toString();
  const at = text.search(/\r\n(?:BEGIN:VEVENT|END:VCALENDAR)/);
  return `${text.slice(0, at)}\r\nX-WR-TIMEZONE:${site.timezone}${text.slice(at)}\r\n`;
}

function addDeployment(
  calendar: ReturnType<typeof ical>,
  portal: Portal,
  d: Deployment,
  host: string,
  stamp: Date,
): void {
  const name = portal.project(d.project)?.project.name ?? d.project;
  const start = Date.parse(d.startedAt ?? d.at);
  const end = Math.max(Date.parse(d.finishedAt ?? d.at), start + 60_000);
  const version = d.version ?? d.ref.version ?? 'unknown version';
  const url = portal.site.site
    ? absoluteUrl(`${portal.paths.environments}#${deploymentAnchor(d.project, d.id)}`, portal.site.site)
    : null;
  calendar.createEvent({
    id: deploymentUid(d.project, d.id, host),
    stamp,
    start: new Date(start),
    end: new Date(end),
    summary:
      `${d.freeze ? '⚠ ' : ''}${name} ${version} to ${d.environment}: ${formatStatus(d.status)}`.replace(
        CONTROL,
        '',
      ),
    description: [
      `${formatStatus(d.status)}${d.actor ? `, by ${d.actor}` : ''}.`,
      ...(d.freeze ? [`Finished inside the freeze "${d.freeze.name}".`] : []),
      ...(url ? ['', url] : []),
    ]
      .join('\n')
      .replace(CONTROL, ''),
    url,
    transparency: ICalEventTransparency.TRANSPARENT,
  });
}

export function icsResponse(body: string): Response {
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
}

// ---------------------------------------------------------------------------------------------
// Freezes are written by hand, not through ical-generator: a freeze needs DTSTART/DTEND with TZID
// and a VTIMEZONE (ics-text.ts), and ical-generator formats zoned times from the Date's local
// fields (the machine's zone, see the top of this file).

/** One freeze as a VEVENT: a fixed window, or a weekly one as a single event with RRULE. */
export function freezeEventLines(freeze: Freeze, host: string, stamp: string, until: string): string[] {
  const tz = freeze.timezone;
  const scope = freezeScope(freeze);
  const local = (iso: string) => Temporal.Instant.from(iso).toZonedDateTimeISO(tz).toPlainDateTime();
  let start: Temporal.PlainDateTime;
  let end: Temporal.PlainDateTime;
  const rule: string[] = [];
  if (freeze.kind === 'fixed' && freeze.start && freeze.end) {
    start = Temporal.PlainDateTime.from(freeze.start);
    end = Temporal.PlainDateTime.from(freeze.end);
  } else {
    const first = freeze.windows[0];
    if (!first || !freeze.cron) return [];
    start = local(first.start);
    end = local(first.end);
    // UNTIL is UTC when DTSTART has a TZID (RFC 5545 §3.3.10); the horizon is what freezes.json
    // expanded, and a later harvest moves it on.
    rule.push(`RRULE:FREQ=WEEKLY;BYDAY=${cronToByDay(freeze.cron.start)};UNTIL=${icsUtc(until)}`);
  }
  const summary = `Freeze: ${freeze.name}`;
  return [
    'BEGIN:VEVENT',
    `UID:${freezeUid(freeze.id, host)}`,
    `DTSTAMP:${icsUtc(stamp)}`,
    `DTSTART;TZID=${tz}:${icsLocal(start)}`,
    `DTEND;TZID=${tz}:${icsLocal(end)}`,
    ...rule,
    `SUMMARY:${escapeIcsText(summary.replace(CONTROL, ''))}`,
    `DESCRIPTION:${escapeIcsText(`Change freeze for ${scope}, in ${tz}.`.replace(CONTROL, ''))}`,
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
  ];
}

/** VTIMEZONEs and VEVENTs of the portal's freezes, as CRLF-terminated folded text ('' when none). */
export function freezesIcsText(portal: Portal): string {
  if (portal.freezes.length === 0 || !portal.freezeHorizon) return '';
  const host = uidHost(portal.site.site);
  const { from, to } = portal.freezeHorizon;
  const zones = [...new Set(portal.freezes.map((f) => f.timezone))].sort();
  const firstStart = portal.freezes
    .flatMap((f) => f.windows.map((w) => w.start))
    .concat(from)
    .reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  // A year of margin on both sides: the first weekly window may start before the horizon.
  const spanFrom = new Date(Date.parse(firstStart) - 366 * 86_400_000).toISOString();
  const spanTo = new Date(Date.parse(to) + 366 * 86_400_000).toISOString();
  const lines = [
    ...zones.flatMap((tz) => buildVtimezone(tz, spanFrom, spanTo)),
    ...portal.freezes.flatMap((f) => freezeEventLines(f, host, portal.site.harvestedAt, to)),
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
