// Timestamps as deployment logs write them, turned into ISO 8601 with an offset (DateTimeSchema).
// Pure; the machine's time zone never enters: a time without an offset is refused, not guessed.

// `2026-11-20T14:03:00Z`, `2016-08-11T07:36:40.222Z`, `2016-08-11T13:28:26.000+02:00` (GitLab API),
// `2021-04-28 21:50:00 +0200` (GitLab webhooks, Ruby's Time#to_s), `2016-08-12 15:23:28 UTC`
// (older GitLab webhooks).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)? ?(Z|UTC|[+-]\d{2}(?::?\d{2})?)$/i;

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * The ISO 8601 form (with `T`, seconds, and `Z` or `±hh:mm`) of a timestamp that carries its UTC
 * offset, keeping the offset as written; null when `s` is not one (or names a day that does not
 * exist: `Date.parse` would roll 30 February over into March).
 */
export function toIsoDateTime(s: string): string | null {
  const m = DATE_TIME.exec(s.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, sec = '00', frac = '', off] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return null;
  if (day > (month === 2 && leap(year) ? 29 : DAYS[month - 1])) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  let offset: string;
  if (/^(Z|UTC)$/i.test(off)) offset = 'Z';
  else {
    const oh = off.slice(1, 3);
    const om = off.slice(3).replace(':', '') || '00';
    if (Number(oh) > 14 || Number(om) > 59) return null;
    offset = `${off[0]}${oh}:${om}`;
  }
  return `${y}-${mo}-${d}T${h}:${mi}:${sec}${frac}${offset}`;
}

/** Milliseconds since the epoch of an ISO string that `toIsoDateTime` produced. */
export const epochOf = (iso: string): number => Date.parse(iso);

export const DATE_TIME_EXAMPLE =
  'an ISO 8601 date and time with its UTC offset, like "2026-11-20T14:03:00Z" or "2026-11-20T15:03:00+01:00"';
