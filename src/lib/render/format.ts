// Display formatting. Every date is formatted in the portal's time zone (site.json `timezone`),
// never the machine's, so the same data gives the same bytes anywhere.

export interface DateView {
  /** As stored: ISO 8601 with offset; goes into `<time datetime>`. */
  iso: string;
  text: string;
  /** The date in full, when `text` is a compact form (a table cell): shown as the tooltip. */
  title?: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'date' | 'dateTime', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(
      'en-GB',
      kind === 'date'
        ? { timeZone, day: 'numeric', month: 'long', year: 'numeric' }
        : {
            timeZone,
            day: 'numeric',
            month: 'long',
            year: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
            timeZoneName: 'short',
          },
    );
    formatters.set(key, f);
  }
  return f;
}

/** `12 February 2026` */
export function formatDate(iso: string, timeZone: string): DateView {
  return { iso, text: formatter('date', timeZone).format(new Date(iso)) };
}

/** `12 February 2026 at 14:30 CET` */
export function formatDateTime(iso: string, timeZone: string): DateView {
  return { iso, text: formatter('dateTime', timeZone).format(new Date(iso)) };
}

const compactFormatters = new Map<string, Intl.DateTimeFormat>();

function compactFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = compactFormatters.get(timeZone);
  if (!f)
    compactFormatters.set(
      timeZone,
      (f = new Intl.DateTimeFormat('en-GB', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      })),
    );
  return f;
}

/**
 * `2026-02-12 14:30 CET`: an instant as a table cell shows it, in the calendar-date and time
 * order of ISO 8601 (RFC 3339 section 5.6, with a space), short enough to stay on one line; the
 * zone's abbreviation stays, as a day in summer and one in winter differ by an hour. `title`
 * holds the full form of formatDateTime.
 */
export function formatCompactDateTime(iso: string, timeZone: string): DateView {
  const parts = compactFormatter(timeZone).formatToParts(new Date(iso));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    iso,
    text: `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} ${get('timeZoneName')}`,
    title: formatDateTime(iso, timeZone).text,
  };
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A calendar day as configured (`2026-06-30`, as in `support.eol`): it has no time and no zone, so
 * it is formatted as that day wherever the portal's time zone is; null when it is not a valid
 * `YYYY-MM-DD` day (the caller then shows the text as written).
 */
export function formatDay(day: string): DateView | null {
  const m = DAY.exec(day);
  if (!m) return null;
  const date = new Date(`${day}T00:00:00Z`);
  // `2026-02-30` parses (as 2 March); a day that does not round-trip is not a day.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return null;
  return { iso: day, text: formatter('date', 'UTC').format(date) };
}

/** `1 commit`, `3 commits` */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
