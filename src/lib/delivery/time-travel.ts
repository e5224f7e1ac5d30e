// The time-travel view of /environments/: which version ran where at a moment the reader picks.
// The page embeds every interval as JSON (`serializeTimeTravel`); the script
// (src/lib/delivery/time-travel-render.ts) reads a date and time from the picker, which the reader means in
// the portal's time zone (site.json `timezone`, not the browser's), turns it into an instant with
// `zonedToInstant`, and looks each cell up with `intervalAt`. Pure, so both halves are tested
// without a browser. Every word a cell shows comes in the data, made at build time: the script is
// the same file for both audiences (Astro bundles it even where no page uses it), so it carries
// no text of the internal pages.

/** One version running in one project's environment from `from` until `to` (exclusive; null: still). */
export interface TimeTravelInterval {
  project: string;
  environment: string;
  /** `1.2.0`, or `unknown version (sha 1a2b3c4)`. */
  label: string;
  /** The release page, or null for an unknown version. */
  url: string | null;
  unknown: boolean;
  /** ISO 8601 instants. */
  from: string;
  to: string | null;
  /** When it started running, formatted in the portal's time zone at build time. */
  since: string;
  /** Who put it there, as the cell says it (`byLine`). */
  by: string;
  /** The fragment of the record that put it there, in the log on the same page. */
  anchor: string;
}

export interface TimeTravelData {
  timeZone: string;
  /** The harvest time: what "now" means on this page. */
  harvestedAt: string;
  /** Local date and time (`YYYY-MM-DDTHH:mm`) of the first deployment and of the harvest: the picker's bounds. */
  min: string;
  max: string;
  /** What a cell says when nothing ran there. */
  empty: string;
  intervals: TimeTravelInterval[];
}

/** JSON for a `<script type="application/json">` element: `<` escaped, so no `</script>` can end it early. */
export function serializeTimeTravel(data: TimeTravelData): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The interval of one project's environment running at `instant` (epoch ms), or null. */
export function intervalAt(
  intervals: readonly TimeTravelInterval[],
  project: string,
  environment: string,
  instant: number,
): TimeTravelInterval | null {
  for (const i of intervals) {
    if (i.project !== project || i.environment !== environment) continue;
    if (Date.parse(i.from) <= instant && (i.to === null || instant < Date.parse(i.to))) return i;
  }
  return null;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The offset of `timeZone` from UTC at an instant, in minutes (Berlin in winter: 60). */
export function zoneOffsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

/**
 * A wall-clock date and time in `timeZone` (what `<input type="datetime-local">` gives,
 * `2026-03-29T02:30`) as an instant in epoch ms, or null when it is not a date and time. A time
 * that the zone skips (a spring-forward gap) is read with the offset before the change, and one it
 * repeats (autumn) as its first occurrence, as most calendars do.
 */
export function zonedToInstant(local: string, timeZone: string): number | null {
  const m = LOCAL.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(wall);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    h > 23 ||
    mi > 59
  )
    return null;
  // Two offsets are possible near a change: the one an hour before and the one an hour after.
  // The earliest instant whose local time is the wall time wins; in a gap, none is, and the
  // offset before the change is used.
  const candidates = [
    ...new Set([
      zoneOffsetMinutes(wall - 3 * 3600_000, timeZone),
      zoneOffsetMinutes(wall + 3 * 3600_000, timeZone),
    ]),
  ]
    .map((offset) => wall - offset * 60000)
    .sort((a, b) => a - b);
  for (const instant of candidates)
    if (instant + zoneOffsetMinutes(instant, timeZone) * 60000 === wall) return instant;
  return wall - zoneOffsetMinutes(wall - 3 * 3600_000, timeZone) * 60000;
}

/** An instant as the wall-clock `YYYY-MM-DDTHH:mm` of `timeZone`: the picker's value for it. */
export function instantToZoned(instant: number, timeZone: string): string {
  const local = new Date(instant + zoneOffsetMinutes(instant, timeZone) * 60000);
  return local.toISOString().slice(0, 16);
}

/** `by Ada, approved by Grace and Linus`: how a cell of the matrix says who put a version there. */
export function byLine(actor: string | null, approvers: readonly string[]): string {
  const who = actor === null ? 'by an unrecorded actor' : `by ${actor}`;
  return approvers.length === 0
    ? `${who}, no approval recorded`
    : `${who}, approved by ${listNames(approvers)}`;
}

/** `Ada`, `Ada and Grace`, `Ada, Grace and Linus` */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
