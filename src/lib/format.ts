// Display formatting. Every date is formatted in the portal's time zone (site.json `timezone`),
// never the machine's, so the same data gives the same bytes anywhere.

export interface DateView {
  /** As stored: ISO 8601 with offset; goes into `<time datetime>`. */
  iso: string;
  text: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'date' | 'dateTime', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind} ${timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', kind === 'date'
      ? { timeZone, day: 'numeric', month: 'long', year: 'numeric' }
      : { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
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

/** `1 commit`, `3 commits` */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
