// The .ics beyond releases, parsed back with ical.js (an independent parser): planned releases
// with STATUS and SEQUENCE, freezes with TZID and their VTIMEZONE (a weekly one as one RRULE event
// whose occurrences stay 18:00 local across the DST change), and per-environment deployments.
import { resolve } from 'node:path';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { buildEnvironmentIcs, buildIcs, getEnvironmentIcsPaths } from '../../src/lib/calendar/ics.ts';
import {
  buildVtimezone,
  cronToByDay,
  foldLine,
  freezeUid,
  plannedUid,
  releaseUid,
} from '../../src/lib/calendar/ics-text.ts';
import { uuidV5 } from '../../src/lib/model/uuid.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const portalFor = (audience: 'public' | 'internal') =>
  buildPortal({ ...data, audience, base: '/', dataDir: SAMPLE });
const HOST = 'releases.acme.example';

function parse(text: string) {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const tz of root.getAllSubcomponents('vtimezone'))
    ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return { root, events: root.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)) };
}

describe('planned releases in the .ics', () => {
  const { events } = parse(buildIcs(portalFor('public')));
  const planned = events.filter(
    (e) =>
      e.summary.includes('(planned)') || e.summary.includes('(cancelled)') || e.summary.includes('(shipped)'),
  );

  it('are all-day events with STATUS and SEQUENCE from the record', () => {
    expect(
      planned.map((e) => [
        e.summary,
        e.startDate.toString(),
        e.component.getFirstPropertyValue('status'),
        e.sequence,
      ]),
    ).toEqual([
      ['Acme API 1.2.0+build.5 (shipped)', '2026-02-20', 'CONFIRMED', 0],
      ['Acme Web 1.4 (planned)', '2026-03-10', 'CONFIRMED', 0],
      ['Acme API 1.3.0 (planned)', '2026-03-20', 'TENTATIVE', 1],
      ['Acme Web 2.0 (cancelled)', '2026-03-25', 'CANCELLED', 2],
    ]);
    expect(planned.every((e) => e.startDate.isDate)).toBe(true);
  });

  it('have stable UIDs: UUID v5 of project + version + "planned", never a release UID', () => {
    expect(plannedUid('api', '1.3.0', HOST)).toBe(uuidV5(`waybill:${HOST}:api:1.3.0:planned`));
    expect(planned[0]!.uid).toBe(plannedUid('api', '1.2.0+build.5', HOST));
    expect(planned[0]!.uid).not.toBe(releaseUid('api', '1.2.0_build.5', HOST));
    expect(buildIcs(portalFor('public'))).toBe(buildIcs(portalFor('public')));
  });

  it('the project calendar has only its own', () => {
    const portal = portalFor('public');
    const { events: web } = parse(buildIcs(portal, portal.project('web')));
    expect(
      web.filter((e) => /\((planned|cancelled|shipped)\)/.test(e.summary)).map((e) => e.summary),
    ).toEqual(['Acme Web 1.4 (planned)', 'Acme Web 2.0 (cancelled)']);
  });
});

describe('freezes in the .ics', () => {
  const text = buildIcs(portalFor('public'));
  const { root, events } = parse(text);
  const weekly = events.find((e) => e.summary === 'Freeze: Weekends')!;
  const fixed = events.find((e) => e.summary === 'Freeze: Carnival freeze')!;

  it('a fixed freeze is one event with TZID', () => {
    expect(text).toContain(
      'DTSTART;TZID=Europe/Berlin:20260213T080000\r\nDTEND;TZID=Europe/Berlin:20260217T080000',
    );
    expect(fixed.startDate.toJSDate().toISOString()).toBe('2026-02-13T07:00:00.000Z');
    expect(fixed.uid).toBe(freezeUid('carnival-freeze', HOST));
    expect(fixed.isRecurring()).toBe(false);
  });

  it('a weekly freeze is ONE recurring event with RRULE FREQ=WEEKLY;BYDAY=FR and the VTIMEZONE it needs', () => {
    expect(events.filter((e) => e.summary === 'Freeze: Weekends')).toHaveLength(1);
    expect(text).toMatch(/RRULE:FREQ=WEEKLY;BYDAY=FR;UNTIL=\d{8}T\d{6}Z\r\n/);
    expect(root.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual([
      'Europe/Berlin',
    ]);
    expect(text).toContain(
      'BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nEND:DAYLIGHT',
    );
    expect(text).toContain(
      'BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD',
    );
  });

  it('its occurrences still start 18:00 local on the weekend the clocks change in Europe/Berlin', () => {
    const it = weekly.iterator();
    const starts: string[] = [];
    for (let next = it.next(); next && starts.length < 30; next = it.next()) {
      const o = weekly.getOccurrenceDetails(next);
      const utc = o.startDate.toJSDate().toISOString();
      if (utc >= '2026-03-13' && utc < '2026-04-08') starts.push(`${o.startDate.toString()} ${utc}`);
    }
    expect(starts).toEqual([
      '2026-03-13T18:00:00 2026-03-13T17:00:00.000Z',
      '2026-03-20T18:00:00 2026-03-20T17:00:00.000Z',
      '2026-03-27T18:00:00 2026-03-27T17:00:00.000Z',
      // After the change on 29 March: 18:00 CEST is 16:00 UTC.
      '2026-04-03T18:00:00 2026-04-03T16:00:00.000Z',
    ]);
  });

  it('says nothing of deployments (the public calendar has freezes, not deployment data)', () => {
    expect(text).not.toMatch(/deploy/i);
  });
});

describe('ics helpers', () => {
  it('cron day-of-week fields become BYDAY, Monday first', () => {
    expect(cronToByDay('0 18 * * 5')).toBe('FR');
    expect(cronToByDay('0 18 * * 1-5')).toBe('MO,TU,WE,TH,FR');
    expect(cronToByDay('0 0 * * 0,6')).toBe('SA,SU');
    expect(() => cronToByDay('0 18 * * FRI')).toThrow(/BYDAY/);
  });

  it('folds at 75 octets without splitting a character', () => {
    const folded = foldLine(`SUMMARY:${'ü'.repeat(60)}`);
    expect(folded.split('\r\n ').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'ü'.repeat(60)}`);
  });

  it('a VTIMEZONE for New York has its 2026 transitions at 02:00 local', () => {
    const lines = buildVtimezone('America/New_York', '2026-01-01T00:00:00Z', '2026-12-31T00:00:00Z').join(
      '\n',
    );
    expect(lines).toContain('BEGIN:DAYLIGHT\nDTSTART:20260308T020000\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400');
    expect(lines).toContain('BEGIN:STANDARD\nDTSTART:20261101T020000\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500');
  });
});

describe('per-environment deployment calendars', () => {
  it('exist for the internal audience only', () => {
    expect(getEnvironmentIcsPaths(portalFor('public'))).toEqual([]);
    expect(getEnvironmentIcsPaths(portalFor('internal')).map((p) => p.params.environment)).toEqual([
      'production',
      'staging',
    ]);
    expect(() => buildEnvironmentIcs(portalFor('public'), 'production')).toThrow(/internal/);
  });

  it("list that environment's deployments in UTC, the one inside a freeze marked", () => {
    const { events } = parse(buildEnvironmentIcs(portalFor('internal'), 'production'));
    expect(events.map((e) => e.summary)).toContain('⚠ Acme API 1.1.0 to production: Succeeded');
    const flagged = events.find((e) => e.summary.startsWith('⚠'))!;
    expect(flagged.description).toContain('Release-week freeze');
    expect(events.every((e) => !e.summary.includes('staging'))).toBe(true);
  });
});
