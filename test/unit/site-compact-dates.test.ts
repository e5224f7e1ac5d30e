// Dates in the data pages' tables (src/lib/render/format.ts formatCompactDateTime): one line in calendar
// order, in the portal's time zone whatever the machine's, with the zone kept and the full date as
// the cell's title; and where a deployment id in those tables links to.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentLogUrl } from '../../src/lib/audit/paths.ts';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { toEnvironmentsView } from '../../src/lib/delivery/environments-view.ts';
import { formatCompactDateTime, formatDateTime } from '../../src/lib/render/format.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';
import { deploymentAnchor } from '../../src/lib/model/urls.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');

describe('formatCompactDateTime', () => {
  it('writes year, month, day, hours and minutes in the portal time zone, with its abbreviation', () => {
    expect(formatCompactDateTime('2026-02-10T09:00:00Z', 'Europe/Berlin')).toEqual({
      iso: '2026-02-10T09:00:00Z',
      text: '2026-02-10 10:00 CET',
      title: '10 February 2026 at 10:00 CET',
    });
  });

  it('follows daylight saving time: the same wall clock is CEST in summer', () => {
    expect(formatCompactDateTime('2026-08-25T08:12:00Z', 'Europe/Berlin').text).toBe('2026-08-25 10:12 CEST');
  });

  it('puts an instant on the day it falls on in that zone, and writes midnight as 00', () => {
    expect(formatCompactDateTime('2026-08-10T23:30:00Z', 'Europe/Berlin').text).toBe('2026-08-11 01:30 CEST');
    expect(formatCompactDateTime('2026-08-10T22:00:00Z', 'Europe/Berlin').text).toBe('2026-08-11 00:00 CEST');
    expect(formatCompactDateTime('2026-08-10T23:30:00Z', 'UTC').text).toBe('2026-08-10 23:30 UTC');
    expect(formatCompactDateTime('2026-08-10T23:30:00Z', 'Asia/Kolkata').text).toBe(
      '2026-08-11 05:00 GMT+5:30',
    );
  });

  it('keeps an offset as stored in `iso`, and reads it right', () => {
    expect(formatCompactDateTime('2026-03-18T10:30:00+01:00', 'Europe/Berlin')).toMatchObject({
      iso: '2026-03-18T10:30:00+01:00',
      text: '2026-03-18 10:30 CET',
    });
  });

  it('has the full form of formatDateTime as its title, so no information is lost', () => {
    for (const iso of ['2026-01-13T11:30:00Z', '2026-06-04T10:00:00Z', '2026-12-31T23:59:00Z']) {
      expect(formatCompactDateTime(iso, 'Europe/Berlin').title).toBe(
        formatDateTime(iso, 'Europe/Berlin').text,
      );
    }
  });

  it('does not depend on the machine time zone', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'America/Los_Angeles';
      expect(formatCompactDateTime('2026-02-10T09:00:00Z', 'Europe/Berlin').text).toBe(
        '2026-02-10 10:00 CET',
      );
    } finally {
      process.env.TZ = before;
    }
  });
});

describe('deploymentLogUrl', () => {
  it("is the deployment's row in the log of /environments/, by the log's own anchor", () => {
    const paths = { environments: '/base/environments/' } as Parameters<typeof deploymentLogUrl>[0]['paths'];
    expect(deploymentLogUrl({ paths }, 'api', 'gitlab:301')).toBe(
      `/base/environments/#${deploymentAnchor('api', 'gitlab:301')}`,
    );
  });
});

describe('the log of every deployment', () => {
  it('shows each date compact in the portal time zone, the full date kept beside it', () => {
    const portal = buildPortal({
      ...readDataFolder(SAMPLE),
      audience: 'internal',
      base: '/',
      dataDir: SAMPLE,
    });
    const log = toEnvironmentsView(portal)!.log;
    expect(log.length).toBeGreaterThan(0);
    for (const d of log) {
      expect(d.atCompact.iso).toBe(d.at.iso);
      expect(d.atCompact.title).toBe(d.at.text);
      expect(d.atCompact.text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} CES?T$/);
    }
  });
});
