import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  expandFreezes,
  freezeAt,
  freezeHorizon,
  toFreezeId,
  type FreezeConfig,
} from '../../src/core/freezes.ts';
import { FreezeSchema } from '../../src/schemas/calendar.ts';

const I = (s: string) => Temporal.Instant.from(s);
const horizon = { from: I('2026-01-01T00:00:00Z'), to: I('2027-01-01T00:00:00Z') };
const weekends = (timezone: string): FreezeConfig => ({
  name: 'Weekends',
  cron: { start: '0 18 * * 5', end: '0 8 * * 1' },
  timezone,
});
const hours = (w: { start: string; end: string }) => I(w.end).since(I(w.start)).total('hours');

describe('weekly freezes across daylight-saving changes', () => {
  it('Europe/Berlin, last Sunday of March 2026: Friday 18:00 CET to Monday 08:00 CEST, 61 hours', () => {
    const [f] = expandFreezes([weekends('Europe/Berlin')], { timezone: 'UTC', horizon });
    const w = f!.windows.find((x) => x.start.startsWith('2026-03-27'))!;
    expect(w).toEqual({ start: '2026-03-27T18:00:00+01:00', end: '2026-03-30T08:00:00+02:00' });
    expect(hours(w)).toBe(61);
    expect(f!.windows.find((x) => x.start.startsWith('2026-03-20'))).toEqual({
      start: '2026-03-20T18:00:00+01:00',
      end: '2026-03-23T08:00:00+01:00',
    });
  });

  it('Europe/Berlin, last Sunday of October 2026: Friday 18:00 CEST to Monday 08:00 CET, 63 hours', () => {
    const [f] = expandFreezes([weekends('Europe/Berlin')], { timezone: 'UTC', horizon });
    const w = f!.windows.find((x) => x.start.startsWith('2026-10-23'))!;
    expect(w).toEqual({ start: '2026-10-23T18:00:00+02:00', end: '2026-10-26T08:00:00+01:00' });
    expect(hours(w)).toBe(63);
  });

  it('America/New_York, second Sunday of March and first Sunday of November 2026', () => {
    const [f] = expandFreezes([weekends('America/New_York')], { timezone: 'UTC', horizon });
    const march = f!.windows.find((x) => x.start.startsWith('2026-03-06'))!;
    expect(march).toEqual({ start: '2026-03-06T18:00:00-05:00', end: '2026-03-09T08:00:00-04:00' });
    expect(hours(march)).toBe(61);
    const november = f!.windows.find((x) => x.start.startsWith('2026-10-30'))!;
    expect(november).toEqual({ start: '2026-10-30T18:00:00-04:00', end: '2026-11-02T08:00:00-05:00' });
    expect(hours(november)).toBe(63);
  });

  it('a window inside the skipped hour moves forward; one in the repeated hour takes the first', () => {
    // Sunday 02:30 does not exist in Berlin on 29 March 2026 and happens twice on 25 October.
    const [f] = expandFreezes(
      [{ name: 'Night', cron: { start: '30 2 * * 0', end: '0 4 * * 0' }, timezone: 'Europe/Berlin' }],
      { timezone: 'UTC', horizon },
    );
    expect(f!.windows.find((x) => x.start.startsWith('2026-03-29'))).toEqual({
      start: '2026-03-29T03:30:00+02:00',
      end: '2026-03-29T04:00:00+02:00',
    });
    expect(f!.windows.find((x) => x.start.startsWith('2026-10-25'))).toEqual({
      start: '2026-10-25T02:30:00+02:00',
      end: '2026-10-25T04:00:00+01:00',
    });
  });

  it('covers the horizon week after week, including a window already open at its start, and no more', () => {
    const [f] = expandFreezes([weekends('Europe/Berlin')], {
      timezone: 'UTC',
      horizon: { from: I('2026-01-03T12:00:00Z'), to: I('2026-01-17T12:00:00Z') },
    });
    expect(f!.windows).toEqual([
      { start: '2026-01-02T18:00:00+01:00', end: '2026-01-05T08:00:00+01:00' },
      { start: '2026-01-09T18:00:00+01:00', end: '2026-01-12T08:00:00+01:00' },
      { start: '2026-01-16T18:00:00+01:00', end: '2026-01-19T08:00:00+01:00' },
    ]);
    expect(FreezeSchema.parse(f)).toEqual(f);
    expect(f).toMatchObject({
      id: 'weekends',
      kind: 'weekly',
      start: null,
      end: null,
      cron: { start: '0 18 * * 5', end: '0 8 * * 1' },
      environments: null,
    });
  });

  it('takes 0 and 7 as Sunday, and an end earlier the same weekday as next week', () => {
    const h = { from: I('2026-06-01T00:00:00Z'), to: I('2026-06-08T00:00:00Z') };
    const [a, b] = expandFreezes(
      [
        { name: 'Sun', cron: { start: '0 0 * * 0', end: '0 0 * * 1' } },
        { name: 'Week', cron: { start: '0 12 * * 7', end: '0 8 * * 0' } },
      ],
      { timezone: 'UTC', horizon: h },
    );
    expect(a!.windows).toEqual([{ start: '2026-06-07T00:00:00+00:00', end: '2026-06-08T00:00:00+00:00' }]);
    expect(b!.windows[0]).toEqual({ start: '2026-05-31T12:00:00+00:00', end: '2026-06-07T08:00:00+00:00' });
  });

  it('refuses any cron outside "minute hour * * weekday", naming the freeze and the key', () => {
    for (const bad of [
      '0 18 * * 1-5',
      '*/5 18 * * 5',
      '0 18 1 * 5',
      '0 24 * * 5',
      '0 18 * * 8',
      '0 18 * * FRI',
    ]) {
      expect(() =>
        expandFreezes([{ name: 'Weekends', cron: { start: bad, end: '0 8 * * 1' } }], {
          timezone: 'UTC',
          horizon,
        }),
      ).toThrow(
        expect.objectContaining({
          message: expect.stringContaining(`freeze "Weekends": the cron "${bad}"`),
          where: 'freezes[0].cron.start',
        }),
      );
    }
    expect(() =>
      expandFreezes([{ name: 'X', cron: { start: '0 8 * * 1', end: '0 8 * * 1' } }], {
        timezone: 'UTC',
        horizon,
      }),
    ).toThrow(/same time/);
    expect(() =>
      expandFreezes(
        [{ name: 'X', cron: { start: '0 8 * * 1', end: '0 9 * * 1' }, timezone: 'Mars/Olympus' }],
        { timezone: 'UTC', horizon },
      ),
    ).toThrow(expect.objectContaining({ where: 'freezes[0].timezone' }));
  });
});

describe('fixed freezes', () => {
  it('are local times in the config zone, with the offset of each end, across a change', () => {
    const [f] = expandFreezes(
      [{ name: 'Easter', start: '2026-03-27T18:00', end: '2026-04-07T08:00', environments: ['production'] }],
      { timezone: 'Europe/Berlin', horizon },
    );
    expect(f).toMatchObject({
      id: 'easter',
      kind: 'fixed',
      timezone: 'Europe/Berlin',
      start: '2026-03-27T18:00',
      end: '2026-04-07T08:00',
      cron: null,
      environments: ['production'],
    });
    expect(f!.windows).toEqual([{ start: '2026-03-27T18:00:00+01:00', end: '2026-04-07T08:00:00+02:00' }]);
    expect(hours(f!.windows[0]!)).toBe(24 * 11 - 11);
  });

  it("use their own zone over the config's, and drop a window outside the horizon", () => {
    const [ny, old] = expandFreezes(
      [
        {
          name: 'Year-end',
          start: '2026-12-19T18:00',
          end: '2027-01-04T08:00',
          timezone: 'America/New_York',
        },
        { name: 'Old', start: '2025-12-19T18:00', end: '2025-12-20T08:00' },
      ],
      { timezone: 'Europe/Berlin', horizon },
    );
    expect(ny!.windows).toEqual([{ start: '2026-12-19T18:00:00-05:00', end: '2027-01-04T08:00:00-05:00' }]);
    expect(old!.windows).toEqual([]);
  });

  it('refuse an end before the start', () => {
    expect(() =>
      expandFreezes([{ name: 'Back', start: '2026-05-02T10:00', end: '2026-05-01T10:00' }], {
        timezone: 'UTC',
        horizon,
      }),
    ).toThrow(expect.objectContaining({ where: 'freezes[0].end' }));
  });
});

describe('freezeAt', () => {
  const freezes = expandFreezes(
    [
      {
        name: 'Weekends',
        cron: { start: '0 18 * * 5', end: '0 8 * * 1' },
        timezone: 'Europe/Berlin',
        environments: ['production'],
      },
      { name: 'Year-end freeze', start: '2026-12-19T18:00', end: '2027-01-04T08:00' },
    ],
    { timezone: 'Europe/Berlin', horizon },
  );

  it('is half-open: the start is inside, the end is not', () => {
    // Monday 30 March 2026, 08:00 CEST = 06:00Z, the first Monday after the clocks went forward.
    expect(freezeAt(freezes, 'production', '2026-03-30T05:59:00Z')?.name).toBe('Weekends');
    expect(freezeAt(freezes, 'production', '2026-03-30T06:00:00Z')).toBeNull();
    expect(freezeAt(freezes, 'production', '2026-03-27T17:00:00Z')?.name).toBe('Weekends');
    expect(freezeAt(freezes, 'production', '2026-03-27T16:59:59Z')).toBeNull();
  });

  it('applies a freeze only to its environments (all when it names none)', () => {
    expect(freezeAt(freezes, 'staging', '2026-03-28T12:00:00Z')).toBeNull();
    expect(freezeAt(freezes, 'staging', '2026-12-24T12:00:00Z')?.name).toBe('Year-end freeze');
    expect(freezeAt(freezes, 'production', I('2026-12-26T12:00:00Z'))?.name).toBe('Weekends');
  });
});

describe('ids and horizon', () => {
  it('ids keep [a-z0-9] and write - for the rest', () => {
    expect(toFreezeId('Year-end freeze')).toBe('year-end-freeze');
    expect(toFreezeId('Q4: Ü')).toBe('q4---');
  });

  it('run from the first release to a year after now', () => {
    expect(freezeHorizon('2026-01-12T10:00:00+01:00', I('2026-11-18T11:06:40Z'))).toEqual({
      from: I('2026-01-12T09:00:00Z'),
      to: I('2027-11-18T11:06:40Z'),
    });
    expect(freezeHorizon(null, I('2026-11-18T11:06:40Z')).from).toEqual(I('2026-11-18T11:06:40Z'));
  });
});
