// Freezes (docs/calendar.md): the config's fixed and weekly windows expanded to instants over a horizon,
// and the freeze a moment falls in. Pure: the time zone and the horizon are parameters; local
// times go through Temporal with an explicit zone, never the machine's.
import { Temporal } from 'temporal-polyfill';
import type { z } from 'astro/zod';
import type { FreezeConfigSchema } from '../schemas/config/calendar.ts';
import type { Freeze } from '../schemas/calendar.ts';
import { InputError } from '../errors/index.ts';

export type FreezeConfig = z.infer<typeof FreezeConfigSchema>;

export interface Horizon {
  from: Temporal.Instant;
  to: Temporal.Instant;
}

/** Stable id of a freeze: its name, lower-cased, with `-` for anything outside [a-z0-9]. */
export function toFreezeId(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '-');
}

/** The calendar's horizon: from the first release (or now, when there is none) to a year after now. */
export function freezeHorizon(firstRelease: string | null, now: Temporal.Instant): Horizon {
  const first = firstRelease === null ? now : Temporal.Instant.from(firstRelease);
  const from = Temporal.Instant.compare(first, now) < 0 ? first : now;
  // A year in UTC calendar terms: the same day and time a year later (Feb 29 clamps to Feb 28).
  const to = now.toZonedDateTimeISO('UTC').add({ years: 1 }).toInstant();
  return { from, to };
}

interface CronTime {
  minute: number;
  hour: number;
  /** ISO day of week: 1 Monday … 7 Sunday. */
  dayOfWeek: number;
}

/**
 * GitLab's freeze-period cron (https://docs.gitlab.com/ci/environments/deployment_safety/), in
 * the one shape a weekly window needs: `minute hour * * weekday`, each a single number, weekday
 * 0–7 with 0 and 7 both Sunday. Anything else (lists, ranges, steps, days of month) is refused
 * rather than guessed at.
 */
export function parseWeeklyCron(expr: string, where: string, freezeName: string): CronTime {
  const m = /^\s*(\d{1,2})\s+(\d{1,2})\s+\*\s+\*\s+(\d)\s*$/.exec(expr);
  const minute = m ? Number(m[1]) : NaN;
  const hour = m ? Number(m[2]) : NaN;
  const dow = m ? Number(m[3]) : NaN;
  if (!m || minute > 59 || hour > 23 || dow > 7) {
    throw new InputError(
      `freeze "${freezeName}": the cron "${expr}" is not a weekly time waybill understands`,
      {
        where,
        fix: 'write "minute hour * * weekday" with single numbers (weekday 0–7, 0 and 7 are Sunday), e.g. "0 18 * * 5" for Friday 18:00',
      },
    );
  }
  return { minute, hour, dayOfWeek: dow === 0 ? 7 : dow };
}

function checkZone(tz: string, where: string, freezeName: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    throw new InputError(`freeze "${freezeName}": "${tz}" is not an IANA time zone`, {
      where,
      fix: 'use a name like "Europe/Berlin" or "UTC"',
    });
  }
}

/**
 * A local wall-clock time in `tz` as an instant. In a spring-forward gap the time moves forward
 * (02:30 → 03:30); in a fall-back overlap the earlier of the two is taken: RFC 5545 §3.3.5 and
 * Temporal's "compatible" disambiguation agree on both.
 */
function local(dt: Temporal.PlainDateTime, tz: string): Temporal.ZonedDateTime {
  return dt.toZonedDateTime(tz, { disambiguation: 'compatible' });
}

/** An instant as ISO 8601 with the zone's offset at that moment: `2026-12-19T18:00:00+01:00`. */
function format(z: Temporal.ZonedDateTime): string {
  return z.toString({ timeZoneName: 'never', smallestUnit: 'second' });
}

function overlaps(start: Temporal.ZonedDateTime, end: Temporal.ZonedDateTime, h: Horizon): boolean {
  return (
    Temporal.Instant.compare(end.toInstant(), h.from) > 0 &&
    Temporal.Instant.compare(start.toInstant(), h.to) < 0
  );
}

/**
 * Every configured freeze with its windows over `horizon`, in config order. Fixed windows are
 * local `start`/`end` in the freeze's zone (else the config's); weekly windows repeat the cron pair
 * every week, each end the first end time after its start, so a Friday 18:00 → Monday 08:00
 * window stays 18:00 → 08:00 local when the clocks change that weekend (it lasts 61 or 63 hours).
 */
export function expandFreezes(
  freezes: FreezeConfig[],
  opts: { timezone: string; horizon: Horizon },
): Freeze[] {
  const { horizon } = opts;
  return freezes.map((f, i) => {
    const tz = checkZone(
      f.timezone ?? opts.timezone,
      f.timezone ? `freezes[${i}].timezone` : 'timezone',
      f.name,
    );
    const base = { id: toFreezeId(f.name), name: f.name, timezone: tz, environments: f.environments ?? null };
    if (f.cron) {
      const start = parseWeeklyCron(f.cron.start, `freezes[${i}].cron.start`, f.name);
      const end = parseWeeklyCron(f.cron.end, `freezes[${i}].cron.end`, f.name);
      const startMin = start.hour * 60 + start.minute;
      const endMin = end.hour * 60 + end.minute;
      if (start.dayOfWeek === end.dayOfWeek && startMin === endMin) {
        throw new InputError(
          `freeze "${f.name}": the cron start and end are the same time, so the window is empty or never ends`,
          {
            where: `freezes[${i}].cron`,
            fix: 'give an end time after the start, e.g. { "start": "0 18 * * 5", "end": "0 8 * * 1" }',
          },
        );
      }
      // Days from the start's weekday to the end's; the same weekday with an earlier time is next week.
      let span = (end.dayOfWeek - start.dayOfWeek + 7) % 7;
      if (span === 0 && endMin < startMin) span = 7;
      const windows: Freeze['windows'] = [];
      // Begin a week (plus the window's span) before the horizon, so a window that began earlier
      // and is still open at its start is kept.
      let day = horizon.from
        .toZonedDateTimeISO(tz)
        .toPlainDate()
        .subtract({ days: 8 + span });
      day = day.add({ days: (start.dayOfWeek - day.dayOfWeek + 7) % 7 });
      for (;;) {
        const s = local(day.toPlainDateTime({ hour: start.hour, minute: start.minute }), tz);
        if (Temporal.Instant.compare(s.toInstant(), horizon.to) >= 0) break;
        const e = local(day.add({ days: span }).toPlainDateTime({ hour: end.hour, minute: end.minute }), tz);
        if (overlaps(s, e, horizon)) windows.push({ start: format(s), end: format(e) });
        day = day.add({ days: 7 });
      }
      return {
        ...base,
        kind: 'weekly' as const,
        start: null,
        end: null,
        cron: { start: f.cron.start, end: f.cron.end },
        windows,
      };
    }
    const s = local(Temporal.PlainDateTime.from(f.start!), tz);
    const e = local(Temporal.PlainDateTime.from(f.end!), tz);
    if (Temporal.Instant.compare(e.toInstant(), s.toInstant()) <= 0) {
      throw new InputError(`freeze "${f.name}": it ends (${f.end}) before it starts (${f.start})`, {
        where: `freezes[${i}].end`,
        fix: "give an end after the start, both local times in the freeze's time zone",
      });
    }
    return {
      ...base,
      kind: 'fixed' as const,
      start: f.start!,
      end: f.end!,
      cron: null,
      windows: overlaps(s, e, horizon) ? [{ start: format(s), end: format(e) }] : [],
    };
  });
}

/**
 * The first freeze (in config order) that applies to `environment` and has a window holding
 * `instant`; windows are half-open, [start, end): a deployment at the very end is outside.
 */
export function freezeAt(
  freezes: Freeze[],
  environment: string,
  instant: string | Temporal.Instant,
): Freeze | null {
  const t = typeof instant === 'string' ? Temporal.Instant.from(instant) : instant;
  for (const f of freezes) {
    if (f.environments !== null && !f.environments.includes(environment)) continue;
    for (const w of f.windows) {
      if (
        Temporal.Instant.compare(Temporal.Instant.from(w.start), t) <= 0 &&
        Temporal.Instant.compare(t, Temporal.Instant.from(w.end)) < 0
      )
        return f;
    }
  }
  return null;
}

/**
 * Deployments with `freeze` set to the freeze their finish (`finishedAt`, else `at`) falls in for
 * their environment, or null. Every status counts: a failed or canceled deployment in a freeze is
 * still a change attempted during it.
 */
export function flagFreezeViolations<
  T extends { environment: string; at: string; finishedAt: string | null; freeze: { name: string } | null },
>(deployments: T[], freezes: Freeze[]): T[] {
  return deployments.map((d) => {
    const f = freezeAt(freezes, d.environment, d.finishedAt ?? d.at);
    return { ...d, freeze: f === null ? null : { name: f.name } };
  });
}
