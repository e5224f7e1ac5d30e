// The release calendar and the iCalendar feeds: releases land on the day they fall on in the
// portal's time zone (not UTC, not the tag's offset, not the machine's zone), across DST changes
// and midnight; month pages cover every month so previous/next always lead somewhere; the .ics
// files parse back with ical.js with one all-day event per release and stable, unique UIDs.
import { resolve } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  bucketByDay,
  formatCivilDate,
  formatMonth,
  isoWeekday,
  monthGrid,
  monthRange,
  toZonedDate,
  WEEKDAYS,
} from '../../src/lib/model/civil-date.ts';
import {
  getCalendarEvents,
  getCalendarMonthPaths,
  getCalendarMonths,
} from '../../src/lib/calendar/calendar-events.ts';
import { toCalendarIndexView, toCalendarMonthView } from '../../src/lib/calendar/calendar-view.ts';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { makePaths } from '../../src/lib/model/urls.ts';
import { buildIcs, describeRelease } from '../../src/lib/calendar/ics.ts';
import { escapeIcsText, releaseUid, uidHost } from '../../src/lib/calendar/ics-text.ts';
import { uuidV5 } from '../../src/lib/model/uuid.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';
import type { Site } from '../../src/schemas/index.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const portalWith = (site: Partial<Site> = {}, audience: 'public' | 'internal' = 'public', base = '/') =>
  buildPortal({ ...data, site: { ...data.site, ...site }, audience, base, dataDir: SAMPLE });
const portal = portalWith();
// Releases only: planned releases and freezes in the .ics are tested in site-calendar-ics.test.ts.
const releasesOnly = buildPortal({
  ...data,
  planned: [],
  groups: [],
  freezes: null,
  audience: 'public',
  base: '/',
  dataDir: SAMPLE,
});
const releaseCount = data.releases.length;

/** Runs `fn` as if the machine were in `tz` (Node re-reads TZ when it changes). */
function inMachineZone<T>(tz: string, fn: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    process.env.TZ = before;
  }
}
afterEach(() => expect(process.env.TZ).toBe('UTC'));

describe('the day a release falls on', () => {
  it('is the civil day in the configured zone: 23:30 UTC on 1 March is 2 March in Berlin', () => {
    expect(toZonedDate('2026-03-01T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-02');
    expect(toZonedDate('2026-03-01T23:30:00Z', 'UTC')).toBe('2026-03-01');
    expect(toZonedDate('2026-03-01T23:30:00Z', 'America/New_York')).toBe('2026-03-01');
    // The tag's own offset does not matter, only the instant.
    expect(toZonedDate('2026-03-02T08:30:00+09:00', 'Europe/Berlin')).toBe('2026-03-02');
    expect(toZonedDate('2026-03-02T08:30:00+09:00', 'America/Los_Angeles')).toBe('2026-03-01');
  });

  it('crosses a month and a year boundary near midnight UTC', () => {
    expect(toZonedDate('2026-02-28T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-01');
    expect(toZonedDate('2025-12-31T23:00:00Z', 'Europe/Berlin')).toBe('2026-01-01');
    expect(toZonedDate('2025-12-31T22:59:59Z', 'Europe/Berlin')).toBe('2025-12-31');
  });

  it('follows the DST change in spring: the offset is +01:00 before and +02:00 after 29 March 2026 02:00', () => {
    expect(toZonedDate('2026-03-28T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-29'); // 00:30 CET
    expect(toZonedDate('2026-03-29T21:59:00Z', 'Europe/Berlin')).toBe('2026-03-29'); // 23:59 CEST
    // 00:00 CEST on the 30th; a fixed +01:00 offset would put it at 23:00 on the 29th.
    expect(toZonedDate('2026-03-29T22:00:00Z', 'Europe/Berlin')).toBe('2026-03-30');
  });

  it('follows the DST change in autumn: 25 October 2026 is a 25-hour day', () => {
    expect(toZonedDate('2026-10-24T22:30:00Z', 'Europe/Berlin')).toBe('2026-10-25'); // 00:30 CEST
    expect(toZonedDate('2026-10-25T22:30:00Z', 'Europe/Berlin')).toBe('2026-10-25'); // 23:30 CET
    expect(toZonedDate('2026-10-25T23:00:00Z', 'Europe/Berlin')).toBe('2026-10-26');
  });

  it('does not depend on the machine time zone', () => {
    const days = () =>
      ['2026-03-01T23:30:00Z', '2026-03-29T22:00:00Z', '2026-10-25T22:30:00Z'].map((iso) =>
        toZonedDate(iso, 'Europe/Berlin'),
      );
    const expected = ['2026-03-02', '2026-03-30', '2026-10-25'];
    expect(inMachineZone('Pacific/Kiritimati', days)).toEqual(expected);
    expect(inMachineZone('America/Los_Angeles', days)).toEqual(expected);
    expect(inMachineZone('Pacific/Kiritimati', () => monthGrid('2026-03'))).toEqual(monthGrid('2026-03'));
  });

  it('buckets items by that day, keeping their order within a day', () => {
    const items = [
      { id: 'a', at: '2026-03-29T21:00:00Z' },
      { id: 'b', at: '2026-03-29T22:30:00Z' },
      { id: 'c', at: '2026-03-29T00:00:00+01:00' },
    ];
    const days = bucketByDay(items, (i) => i.at, 'Europe/Berlin');
    expect([...days].map(([day, list]) => [day, list.map((i) => i.id)])).toEqual([
      ['2026-03-29', ['a', 'c']],
      ['2026-03-30', ['b']],
    ]);
  });

  it('rejects a date that is not ISO 8601', () => {
    expect(() => toZonedDate('yesterday', 'UTC')).toThrow(/"yesterday" is not an ISO 8601 date/);
  });
});

describe('civil dates and month grids', () => {
  it('adds days and months as calendar arithmetic, with no 23- or 25-hour days', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-02', '2026-01')).toEqual([]);
  });

  it('lays a month out in whole weeks, Monday first, the DST week included', () => {
    const march = monthGrid('2026-03');
    expect(march.map((w) => w.length)).toEqual([7, 7, 7, 7, 7, 7]);
    expect(march[0]![0]).toBe('2026-02-23'); // 1 March 2026 is a Sunday
    expect(march.at(-1)!.at(-1)).toBe('2026-04-05');
    const dstWeek = march.find((w) => w.includes('2026-03-29'))!;
    expect(dstWeek).toEqual([
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-03-26',
      '2026-03-27',
      '2026-03-28',
      '2026-03-29',
    ]);
    expect(march.flat().every((d, i, all) => i === 0 || d === addDays(all[i - 1]!, 1))).toBe(true);
    expect(monthGrid('2026-06')[0]![0]).toBe('2026-06-01'); // starts on a Monday: no leading days
    expect(monthGrid('2026-02')).toHaveLength(4 + 1);
    expect(isoWeekday('2026-03-29')).toBe(7);
    expect(WEEKDAYS.map((w) => w.short)).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
  });

  it('formats months and days for people', () => {
    expect(formatMonth('2026-03')).toBe('March 2026');
    expect(formatCivilDate('2026-03-02')).toMatch(/^Monday,? 2 March 2026$/);
    expect(() => monthGrid('2026-13')).toThrow(/not a month like "2026-03"/);
  });
});

describe('the calendar of the sample portal', () => {
  it('puts every release on its day in Europe/Berlin, in time order', () => {
    const events = getCalendarEvents(portal);
    expect(events).toHaveLength(releaseCount);
    // Tagged 2026-02-21T23:30:00Z: the 22nd in Berlin.
    const late = events.find((e) => e.release.version === '1.2.0+build.5')!;
    expect(late.date).toBe('2026-02-22');
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((a, b) => a - b));
    const la = getCalendarEvents(portalWith({ timezone: 'America/Los_Angeles' }));
    expect(la.find((e) => e.release.version === '1.2.0+build.5')!.date).toBe('2026-02-21');
  });

  it('has a page for every month from the first release to today, gaps included', () => {
    // web 1.2 on 1 December 2025; harvested 1 March 2026.
    expect(getCalendarMonths(portal)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
    expect(getCalendarMonthPaths(portal).map((p) => p.params.month)).toEqual(getCalendarMonths(portal));
    // Releases and planned releases after "now" extend the range past the current month (the
    // last planned release is on 25 March 2026).
    expect(getCalendarMonths(portalWith({ harvestedAt: '2025-10-15T12:00:00Z' }))).toEqual([
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
    ]);
  });

  it('shows each release once, in its own month, with links that work under a base path', () => {
    const based = portalWith({}, 'public', '/docs/');
    const seen = getCalendarMonths(based).flatMap((m) =>
      toCalendarMonthView(based, m)
        .weeks.flat()
        .flatMap((d) => d.events.map((e) => `${d.date} ${e.label}`)),
    );
    expect(seen).toHaveLength(releaseCount);
    expect(new Set(seen).size).toBe(releaseCount);
    expect(seen).toContain('2026-02-22 Acme API 1.2.0+build.5');
    const feb = toCalendarMonthView(based, '2026-02');
    const day = feb.weeks.flat().find((d) => d.date === '2026-02-22')!;
    expect(day.events[0]).toMatchObject({
      url: '/docs/projects/api/1.2.0_build.5/',
      time: '00:30 CET',
      projectId: 'api',
    });
    expect(feb.previous).toEqual({ month: '2026-01', title: 'January 2026', url: '/docs/calendar/2026-01/' });
    expect(feb.next?.url).toBe('/docs/calendar/2026-03/');
    expect(feb.agenda.filter((d) => d.events.length > 0).map((d) => d.date)).toEqual([
      '2026-02-02',
      '2026-02-12',
      '2026-02-22',
    ]);
    // The agenda also lists planned and group releases, and each freeze window on the day it begins.
    expect(feb.agenda.map((d) => d.date)).toEqual([
      '2026-02-02',
      '2026-02-06',
      '2026-02-12',
      '2026-02-13',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-27',
    ]);
    expect(makePaths('/docs/').projectCalendarIcs('api')).toBe('/docs/projects/api/calendar.ics');
  });

  it('has no link before the first month or after the last', () => {
    expect(toCalendarMonthView(portal, '2025-12').previous).toBeNull();
    expect(toCalendarMonthView(portal, '2026-03').next).toBeNull();
    expect(() => toCalendarMonthView(portal, '2024-01')).toThrow(/no calendar page for "2024-01"/);
  });

  it('marks today by harvestedAt in the portal zone, never the clock', () => {
    const march = toCalendarMonthView(portal, '2026-03');
    expect(march.current).toBe(true);
    expect(
      march.weeks
        .flat()
        .filter((d) => d.today)
        .map((d) => d.date),
    ).toEqual(['2026-03-01']);
    // 23:30 UTC on 1 March is already the 2nd in Berlin.
    const late = portalWith({ harvestedAt: '2026-03-01T23:30:00Z' });
    expect(
      toCalendarMonthView(late, '2026-03')
        .weeks.flat()
        .find((d) => d.today)?.date,
    ).toBe('2026-03-02');
  });

  it('/calendar/ shows the current month, recent releases newest first, and upcoming ones after now', () => {
    const view = toCalendarIndexView(portal);
    expect(view.month.month).toBe('2026-03');
    expect(view.upcoming).toEqual([]);
    expect(view.recent.flatMap((d) => d.events.map((e) => e.label))).toEqual([
      'Acme API 1.2.0+build.5',
      'Acme API 1.1.0',
      'Acme API 1.1.0-rc.1',
      'Acme Web 1.3rc1',
      'Acme API 1.0.0',
      'Acme Web 1.2',
    ]);
    const early = toCalendarIndexView(portalWith({ harvestedAt: '2026-02-05T00:00:00Z' }));
    expect(early.upcoming.map((d) => d.date)).toEqual(['2026-02-12', '2026-02-22']);
    expect(early.recent[0]!.date).toBe('2026-02-02');
    expect(early.projects.map((p) => [p.id, p.ics, p.feed])).toEqual([
      ['api', '/projects/api/calendar.ics', '/projects/api/feed.xml'],
      ['web', '/projects/web/calendar.ics', '/projects/web/feed.xml'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// iCalendar

function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((v) => {
    const start = v.getFirstPropertyValue('dtstart') as ICAL.Time;
    const end = v.getFirstPropertyValue('dtend') as ICAL.Time;
    return {
      uid: String(v.getFirstPropertyValue('uid')),
      summary: String(v.getFirstPropertyValue('summary')),
      description: String(v.getFirstPropertyValue('description')),
      url: v.getFirstPropertyValue('url') as string | null,
      start: start.toString(),
      allDay: start.isDate,
      end: end.toString(),
      stamp: (v.getFirstPropertyValue('dtstamp') as ICAL.Time).toString(),
    };
  });
  return { calendar, events };
}

describe('/calendar.ics', () => {
  const text = buildIcs(releasesOnly);
  const { calendar, events } = parseIcs(text);

  it('parses with ical.js: one all-day VEVENT per release with a stable, unique UID', () => {
    expect(events).toHaveLength(releaseCount);
    expect(new Set(events.map((e) => e.uid)).size).toBe(releaseCount);
    expect(events.every((e) => e.allDay)).toBe(true);
    expect(events.map((e) => e.uid)).toContain(releaseUid('api', '1.2.0_build.5', 'releases.acme.example'));
    expect(
      events.every((e) =>
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(e.uid),
      ),
    ).toBe(true);
    expect(text).toMatch(/\r\nDTSTART;VALUE=DATE:20260222\r\n/);
  });

  it('dates each event on the release day in the configured zone, one day long', () => {
    const late = events.find((e) => e.summary === 'Acme API 1.2.0+build.5')!;
    expect(late).toMatchObject({
      start: '2026-02-22',
      end: '2026-02-23',
      url: 'https://releases.acme.example/projects/api/1.2.0_build.5/',
    });
    expect(late.description).toContain('released 22 February 2026 at 00:30 CET');
    const la = parseIcs(buildIcs(portalWith({ timezone: 'America/Los_Angeles' }))).events;
    expect(la.find((e) => e.summary === 'Acme API 1.2.0+build.5')!.start).toBe('2026-02-21');
  });

  it('names the calendar and its zone; DTSTAMP is harvestedAt in UTC', () => {
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Acme releases');
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/Berlin');
    expect(events.every((e) => e.stamp === '2026-03-01T12:00:00Z')).toBe(true);
    // Calendar properties come before the first component (RFC 5545 §3.4), lines end in CRLF.
    expect(text.indexOf('X-WR-TIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('is the same bytes on any machine and any run', () => {
    expect(buildIcs(releasesOnly)).toBe(text);
    // With planned releases and freezes (VTIMEZONE, TZID times) too.
    const full = buildIcs(portal);
    expect(inMachineZone('Pacific/Kiritimati', () => buildIcs(portalWith()))).toBe(full);
    expect(inMachineZone('America/Los_Angeles', () => buildIcs(portalWith()))).toBe(full);
  });

  it('public: nothing that looks like an e-mail address, UIDs included', () => {
    expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/);
    expect(text).not.toContain('@');
  });

  it('has no URL without site.json `site`, and UIDs under "waybill"', () => {
    const { events: bare } = parseIcs(buildIcs(portalWith({ site: null })));
    expect(bare.every((e) => e.url === null)).toBe(true);
    expect(bare.map((e) => e.uid)).toContain(releaseUid('api', '1.0.0', 'waybill'));
    expect(bare.every((e) => !e.description.includes('Release notes:'))).toBe(true);
  });
});

describe('/projects/<id>/calendar.ics', () => {
  it('has only that project, with the same UIDs as the whole calendar', () => {
    const { calendar, events } = parseIcs(buildIcs(releasesOnly, releasesOnly.project('web')!));
    expect(events.map((e) => e.summary)).toEqual(['Acme Web 1.2', 'Acme Web 1.3rc1']);
    expect(events.map((e) => e.uid)).toEqual([
      releaseUid('web', '1.2', 'releases.acme.example'),
      releaseUid('web', '1.3rc1', 'releases.acme.example'),
    ]);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Acme Web releases · Acme releases');
  });
});

describe('iCalendar helpers', () => {
  it('UIDs are RFC 9562 version 5 UUIDs that differ wherever the project, slug or host does', () => {
    // The RFC 9562 Appendix A.4 example: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(releaseUid('a-1', '0', 'x')).not.toBe(releaseUid('a', '1-0', 'x'));
    expect(releaseUid('api', '1.0.0', 'x')).not.toBe(releaseUid('api', '1.0.0', 'y'));
    expect(releaseUid('api', '1.0.0', 'x')).toBe(releaseUid('api', '1.0.0', 'x'));
    expect(uidHost('https://releases.acme.example/sub/')).toBe('releases.acme.example');
    expect(uidHost(null)).toBe('waybill');
  });

  it('escapes TEXT values and keeps descriptions short and plain', () => {
    expect(escapeIcsText('a, b; c\\d\ne')).toBe('a\\, b\\; c\\\\d\\ne');
    const release = portal.project('api')!.release('1.1.0-rc.1')!;
    expect(describeRelease(portal, 'Acme API', release, 'https://x.example/r/')).toBe(
      [
        'Acme API 1.1.0-rc.1 (pre-release), released 2 February 2026 at 09:15 CET.',
        'Tag v1.1.0-rc.1, 1 commit since 1.0.0, 1 breaking change.',
        '',
        'Release notes: https://x.example/r/',
      ].join('\n'),
    );
  });
});
