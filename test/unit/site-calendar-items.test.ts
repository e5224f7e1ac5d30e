// The calendar beyond releases: planned releases with their status, group releases, freezes as
// spans over the days they cover in the portal's zone (DST included), and deployments with a
// marker inside a freeze for the internal audience only.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freezeDays, hasAgendaItems, toPlannedEventView } from '../../src/lib/calendar/calendar-days.ts';
import { toCalendarIndexView, toCalendarMonthView } from '../../src/lib/calendar/calendar-view.ts';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const portalFor = (audience: 'public' | 'internal') =>
  buildPortal({ ...data, audience, base: '/', dataDir: SAMPLE });
const day = (audience: 'public' | 'internal', date: string) =>
  toCalendarMonthView(portalFor(audience), date.slice(0, 7))
    .weeks.flat()
    .find((d) => d.date === date && d.inMonth)!;

describe('the data folder', () => {
  it('reads freezes.json, planned.json and groups.json with their schemas', () => {
    expect(data.freezes?.freezes.map((f) => f.id)).toEqual(['carnival-freeze', 'weekends']);
    expect(data.planned.map((p) => `${p.project} ${p.version}`)).toEqual([
      'api 1.2.0+build.5',
      'web 1.4',
      'api 1.3.0',
      'web 2.0',
    ]);
    expect(data.groups.map((g) => g.id)).toEqual(['2026-02']);
  });

  it('leaves out planned and group releases of projects the portal does not show', () => {
    const site = { ...data.site, projects: ['api'] };
    const portal = buildPortal({
      ...data,
      site,
      projects: data.projects.filter((p) => p.id === 'api'),
      releases: data.releases.filter((r) => r.project === 'api'),
      next: [],
      sboms: [],
      deployments: null,
      audience: 'public',
      base: '/',
      dataDir: SAMPLE,
    });
    expect(portal.planned.map((p) => p.project)).toEqual(['api', 'api']);
    expect(portal.groups[0]!.members.map((m) => m.project)).toEqual(['api']);
  });
});

describe('freeze windows on the days they cover', () => {
  it('a weekend window covers Friday from 18:00, Saturday and Sunday, Monday until 08:00', () => {
    expect(
      freezeDays({ start: '2026-03-06T18:00:00+01:00', end: '2026-03-09T08:00:00+01:00' }, 'Europe/Berlin'),
    ).toEqual([
      { date: '2026-03-06', span: 'from 18:00', begins: true },
      { date: '2026-03-07', span: 'all day', begins: false },
      { date: '2026-03-08', span: 'all day', begins: false },
      { date: '2026-03-09', span: 'until 08:00', begins: false },
    ]);
  });

  it('stays 18:00 to 08:00 local on the weekend the clocks change (Berlin, 29 March 2026)', () => {
    const days = freezeDays(
      { start: '2026-03-27T18:00:00+01:00', end: '2026-03-30T08:00:00+02:00' },
      'Europe/Berlin',
    );
    expect(days.map((d) => d.span)).toEqual(['from 18:00', 'all day', 'all day', 'until 08:00']);
  });

  it('shows the same window in the portal zone when that differs (New York: 13:00 Friday to 02:00 Monday)', () => {
    const days = freezeDays(
      { start: '2026-03-27T18:00:00+01:00', end: '2026-03-30T08:00:00+02:00' },
      'America/New_York',
    );
    expect(days.map((d) => `${d.date} ${d.span}`)).toEqual([
      '2026-03-27 from 13:00',
      '2026-03-28 all day',
      '2026-03-29 all day',
      '2026-03-30 until 02:00',
    ]);
  });

  it('does not cover the day a window ends at midnight', () => {
    expect(
      freezeDays({ start: '2026-03-06T00:00:00+01:00', end: '2026-03-08T00:00:00+01:00' }, 'Europe/Berlin'),
    ).toEqual([
      { date: '2026-03-06', span: 'all day', begins: true },
      { date: '2026-03-07', span: 'all day', begins: false },
    ]);
  });

  it('the month view shades both freezes for both audiences (freezes are not deployment data)', () => {
    for (const audience of ['public', 'internal'] as const) {
      expect(day(audience, '2026-02-14').freezes.map((f) => `${f.name} ${f.span}`)).toEqual([
        'Carnival freeze all day',
        'Weekends all day',
      ]);
      expect(day(audience, '2026-02-13').freezes.map((f) => `${f.name} ${f.span} ${f.scope}`)).toEqual([
        'Carnival freeze from 08:00 production',
        'Weekends from 18:00 all environments',
      ]);
    }
  });
});

describe('planned releases', () => {
  const portal = portalFor('public');
  it('shows the status, "shipped" once the tag exists (linking the release), and where a moved date came from', () => {
    const [shipped, confirmed, tentative, cancelled] = portal.planned.map((p) =>
      toPlannedEventView(portal, p),
    );
    expect(shipped).toMatchObject({
      label: 'Acme API 1.2.0+build.5',
      status: 'shipped',
      statusLabel: 'Shipped',
      url: '/projects/api/1.2.0_build.5/',
    });
    expect(confirmed).toMatchObject({ status: 'confirmed', url: '/projects/web/next/', moved: null });
    expect(tentative).toMatchObject({ status: 'tentative', moved: 'Moved from 13 March 2026' });
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      statusLabel: 'Cancelled',
      moved: 'Moved from 18 March 2026',
    });
  });

  it('renders the untrusted notes through the Markdown sanitizer', () => {
    const web = toPlannedEventView(portal, portal.planned[1]!);
    expect(web.notesHtml).not.toContain('<script');
    expect(web.notesHtml).toContain('Dark mode.');
  });

  it('sits on its day in the month view and in the agenda; /calendar/ lists those from today on', () => {
    expect(day('public', '2026-03-20').planned.map((p) => p.label)).toEqual(['Acme API 1.3.0']);
    const month = toCalendarMonthView(portal, '2026-03');
    expect(month.agenda.map((d) => d.date)).toContain('2026-03-25');
    expect(toCalendarIndexView(portal).planned.map((p) => `${p.date} ${p.event.label}`)).toEqual([
      '2026-03-10 Acme Web 1.4',
      '2026-03-20 Acme API 1.3.0',
      '2026-03-25 Acme Web 2.0',
    ]);
  });
});

describe('group releases and deployments on the calendar', () => {
  it('a group release is on its date with a link to its page', () => {
    expect(day('public', '2026-02-21').groups).toEqual([
      { id: '2026-02', name: 'February platform release', url: '/groups/2026-02/' },
    ]);
  });

  it('deployments by environment for the internal audience, with the freeze they finished in', () => {
    const feb13 = day('internal', '2026-02-13').deployments;
    expect(feb13.map((d) => [d.label, d.statusLabel, d.freeze])).toEqual([
      ['Acme API 1.1.0 to production', 'Failed', null],
      ['Acme API 1.1.0 to production', 'Succeeded', 'Release-week freeze'],
    ]);
    expect(feb13[1]!.url).toBe('/environments/#dep-api-api-0004');
  });

  it('the public audience sees no deployment on any day', () => {
    const portal = portalFor('public');
    for (const month of ['2025-12', '2026-01', '2026-02', '2026-03']) {
      expect(
        toCalendarMonthView(portal, month)
          .weeks.flat()
          .flatMap((d) => d.deployments),
      ).toEqual([]);
    }
  });

  it('the agenda lists a freeze only on the day it begins', () => {
    const sat = day('public', '2026-03-07');
    expect(sat.freezes.length).toBe(1);
    expect(hasAgendaItems(sat)).toBe(false);
    expect(hasAgendaItems(day('public', '2026-03-06'))).toBe(true);
  });
});
