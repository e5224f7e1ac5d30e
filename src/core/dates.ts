// Dates as git stores them (seconds since the epoch and the author's UTC offset, `+0100`) turned
// into ISO 8601 with that offset. Pure; never the machine's time zone.

/**
 * `1767600000 +0100` → `2026-01-05T09:00:00+01:00`. An offset git accepted but that is not a real
 * one (old imported repositories have `+1960`) falls back to UTC rather than failing the harvest.
 */
export function isoFromGitDate(raw: string): string | null {
  const m = /^(-?\d+) ([+-])(\d{2})(\d{2})$/.exec(raw.trim());
  if (!m) return null;
  const epoch = Number(m[1]);
  let hours = Number(m[3]);
  let minutes = Number(m[4]);
  if (hours > 14 || minutes > 59) hours = minutes = 0;
  const sign = m[2] === '-' && hours + minutes > 0 ? -1 : 1;
  const offsetMinutes = sign * (hours * 60 + minutes);
  const local = new Date((epoch + offsetMinutes * 60) * 1000);
  if (Number.isNaN(local.getTime())) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  const off =
    offsetMinutes === 0 && sign === 1 ? '+00:00' : `${sign < 0 ? '-' : '+'}${pad(hours)}:${pad(minutes)}`;
  return `${local.toISOString().slice(0, 19)}${off}`;
}
