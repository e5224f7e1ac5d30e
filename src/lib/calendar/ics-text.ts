// iCalendar text (RFC 5545) that does not depend on the portal: UIDs, TEXT escaping, line folding,
// VTIMEZONE and a weekly freeze's BYDAY. ics.ts builds the feeds from them.
//
// VTIMEZONE is written by hand: ical-generator formats zoned times from the Date's local fields
// (the machine's zone) and wants a VTIMEZONE generator. The text here depends only on the data:
// the VTIMEZONE is built from the zone's transitions as Temporal (the polyfill's bundled tz rules,
// not the machine's) reports them.
import { Temporal } from 'temporal-polyfill';
import { toSlug } from '../../schemas/layout.ts';
import { uuidV5 } from '../model/uuid.ts';

/** What makes UIDs unique across portals: the site's host, or `waybill` without one. */
export function uidHost(site: string | null): string {
  if (!site) return 'waybill';
  try {
    return new URL(site).hostname || 'waybill';
  } catch {
    return 'waybill';
  }
}

/**
 * A release's UID: the same for the release in every build and in both the portal's and the
 * project's calendar, different for every release (project ids contain no ":").
 *
 * A UUID derived from the site's host, the project id and the version's slug, as RFC 7986 §5.3
 * recommends, rather than RFC 5545's older `<id>@<host>` form: `api-1.3.0@releases.acme.example`
 * cannot be told from an e-mail address, and the public audience must contain none (docs/audiences.md;
 * the site-build test scans every file of dist/ for one).
 */
export function releaseUid(project: string, slug: string, host: string): string {
  return uuidV5(`waybill:${host}:${project}:${slug}`);
}

/** TEXT escaping (RFC 5545 §3.3.11), for the properties ical-generator writes as given. */
export function escapeIcsText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

// Control characters other than tab are not allowed in iCalendar TEXT (RFC 5545 §3.1, "CONTROL").
export const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** A planned release's UID: the release scheme keyed on project + version + "planned". */
export function plannedUid(project: string, version: string, host: string): string {
  return uuidV5(`waybill:${host}:${project}:${toSlug(version)}:planned`);
}

export function freezeUid(id: string, host: string): string {
  return uuidV5(`waybill:${host}:freeze:${id}`);
}

export function deploymentUid(project: string, id: string, host: string): string {
  return uuidV5(`waybill:${host}:deployment:${project}:${id}`);
}

/** Content lines folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (octets + n > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

/** `20260327T180000`: a local date-time as iCalendar writes it after `;TZID=`. */
export function icsLocal(pdt: Temporal.PlainDateTime): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(pdt.year, 4)}${p(pdt.month)}${p(pdt.day)}T${p(pdt.hour)}${p(pdt.minute)}${p(pdt.second)}`;
}

export function icsUtc(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** `+0100` from Temporal's `+01:00` (TZOFFSETFROM/TO, RFC 5545 §3.3.14). */
function icsOffset(offset: string): string {
  return offset.replace(':', '').slice(0, 5);
}

/**
 * VTIMEZONE for `timeZone`, one observance per transition between `from` and `to` (instants),
 * plus the observance in force at `from`. DAYLIGHT when the offset grows, STANDARD when it
 * shrinks. Explicit observances, no RRULE: exact for the span, whatever the zone's history.
 */
export function buildVtimezone(timeZone: string, from: string, to: string): string[] {
  const end = Temporal.Instant.from(to);
  let zdt = Temporal.Instant.from(from).toZonedDateTimeISO(timeZone);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${timeZone}`];
  const observance = (
    kind: 'STANDARD' | 'DAYLIGHT',
    start: Temporal.PlainDateTime,
    offsetFrom: string,
    offsetTo: string,
  ) => {
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${icsLocal(start)}`,
      `TZOFFSETFROM:${icsOffset(offsetFrom)}`,
      `TZOFFSETTO:${icsOffset(offsetTo)}`,
      `END:${kind}`,
    );
  };
  observance(
    'STANDARD',
    zdt.toPlainDateTime().with({ nanosecond: 0, microsecond: 0, millisecond: 0 }),
    zdt.offset,
    zdt.offset,
  );
  for (;;) {
    const next = zdt.getTimeZoneTransition('next');
    if (!next || Temporal.Instant.compare(next.toInstant(), end) > 0) break;
    const before = next.subtract({ nanoseconds: 1 }).offset;
    // DTSTART of an observance is the local time in the offset before it (RFC 5545 §3.6.5).
    const local = next.toInstant().toZonedDateTimeISO(before).toPlainDateTime();
    const grows = next.offsetNanoseconds > next.subtract({ nanoseconds: 1 }).offsetNanoseconds;
    observance(grows ? 'DAYLIGHT' : 'STANDARD', local, before, next.offset);
    zdt = next;
  }
  lines.push('END:VTIMEZONE');
  return lines;
}

const CRON_DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/**
 * BYDAY of a cron day-of-week field (`5`, `1-5`, `0,6`, `*`): the days a weekly freeze starts.
 * Throws on what it does not understand, naming the field, rather than writing a wrong rule.
 */
export function cronToByDay(cron: string): string {
  const field = cron.trim().split(/\s+/)[4];
  if (field === undefined) throw new Error(`waybill: "${cron}" is not a five-field cron expression`);
  const days = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^(\*|\d)(?:-(\d))?$/.exec(part);
    if (!m)
      throw new Error(
        `waybill: cannot write the day-of-week field "${field}" of "${cron}" as an iCalendar BYDAY`,
      );
    const [lo, hi] = m[1] === '*' ? [0, 6] : [Number(m[1]), Number(m[2] ?? m[1])];
    for (let d = lo; d <= hi; d++) days.add(d % 7);
  }
  return [...days]
    .sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7))
    .map((d) => CRON_DAYS[d])
    .join(',');
}
