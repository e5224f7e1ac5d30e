// iCalendar feeds (RFC 5545): `/calendar.ics` and `/projects/<id>/calendar.ics`, one all-day
// event per release on the day it falls on in the portal's time zone, for calendar subscriptions.
//
// Written with ical-generator, around two of its habits that would make the bytes depend on the
// machine (src/lib/calendar.ts has the day arithmetic):
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
import { createHash } from 'node:crypto';
import ical, { ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';
import type { Release } from '../schemas/index.ts';
import { addDays, getCalendarEvents, toZonedDate, type CivilDate } from './calendar.ts';
import { formatDateTime, plural } from './format.ts';
import type { Portal, ProjectEntry } from './portal.ts';
import { absoluteUrl } from './urls.ts';

/** What makes UIDs unique across portals: the site's host, or `waybill` without one. */
export function uidHost(site: string | null): string {
  if (!site) return 'waybill';
  try {
    return new URL(site).hostname || 'waybill';
  } catch {
    return 'waybill';
  }
}

// The RFC 9562 namespace for names that are URLs; ours are `waybill:<host>:<project>:<slug>`.
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** A name-based (SHA-1) UUID, version 5, RFC 9562 §5.5. */
export function uuidV5(name: string, namespace = URL_NAMESPACE): string {
  const hash = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A release's UID: the same for the release in every build and in both the portal's and the
 * project's calendar, different for every release (project ids contain no ":").
 *
 * A UUID derived from the site's host, the project id and the version's slug, as RFC 7986 §5.3
 * recommends, rather than RFC 5545's older `<id>@<host>` form: `api-1.3.0@releases.acme.example`
 * cannot be told from an e-mail address, and the public audience must contain none (PRODUCT.md
 * "Audiences"; the site-build test scans every file of dist/ for one).
 */
export function releaseUid(project: string, slug: string, host: string): string {
  return uuidV5(`waybill:${host}:${project}:${slug}`);
}

/** TEXT escaping (RFC 5545 §3.3.11), for the properties ical-generator writes as given. */
export function escapeIcsText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

// Control characters other than tab are not allowed in iCalendar TEXT (RFC 5545 §3.1, "CONTROL").
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** A civil date as the Date whose UTC fields are that date (what ical-generator formats without a time zone). */
function utcDate(date: CivilDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

/**
 * DESCRIPTION: short plain text, facts only: what it is, when, how big, where the notes are. No
 * notes or highlights: repository text would reach clients that render descriptions as HTML, and
 * the release page is one click away.
 */
export function describeRelease(portal: Portal, name: string, release: Release, url: string | null): string {
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
    description: escapeIcsText(entry ? `Every release of ${entry.project.name}.` : `Every release of every project of ${site.title}.`),
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
  // X-WR-TIMEZONE (what clients show the calendar in) among the calendar properties, before the
  // first event. IANA names need no TEXT escaping.
  const text = calendar.toString();
  const at = text.search(/\r\n(?:BEGIN:VEVENT|END:VCALENDAR)/);
  return `${text.slice(0, at)}\r\nX-WR-TIMEZONE:${site.timezone}${text.slice(at)}\r\n`;
}

export function icsResponse(body: string): Response {
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
}
