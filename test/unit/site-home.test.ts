// The pages that lead a reader in: the home page (what is coming, the freeze, what runs where),
// `/projects/`, `/groups/`, the 404 page, the planned date on `/next/`, the month `/calendar/`
// opens on, and the sentence on a release whose tag moved. All "now" is the harvest's.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatSupersededWhy } from '../../src/lib/audit/evidence-view.ts';
import { getCalendarMonths, getComingMonth } from '../../src/lib/calendar/calendar-events.ts';
import { toCalendarIndexView } from '../../src/lib/calendar/calendar-view.ts';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { toHomeView } from '../../src/lib/home/home.ts';
import { toGroupIndexView, toNotFoundView, toProjectIndexView } from '../../src/lib/home/indexes.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';
import { toFreezeNotice, toNextPlans, toUpcomingItems } from '../../src/lib/home/upcoming.ts';
import type { AuditEvent, Freeze } from '../../src/schemas/index.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
type Audience = 'public' | 'internal';
const portalAt = (harvestedAt: string, audience: Audience = 'public', extraFreezes: Freeze[] = []) =>
  buildPortal({
    ...data,
    site: { ...data.site, harvestedAt },
    freezes: data.freezes && { ...data.freezes, freezes: [...data.freezes.freezes, ...extraFreezes] },
    audience,
    base: '/',
    dataDir: SAMPLE,
  });
// The sample folder was harvested on Sunday 1 March 2026, inside a weekend freeze.
const portal = portalAt(data.site.harvestedAt);

const yearEnd: Freeze = {
  id: 'year-end',
  name: 'Year-end freeze',
  timezone: 'Europe/Berlin',
  environments: ['production'],
  kind: 'fixed',
  start: '2026-12-19T18:00',
  end: '2027-01-04T08:00',
  cron: null,
  windows: [{ start: '2026-12-19T18:00:00+01:00', end: '2027-01-04T08:00:00+01:00' }],
} as Freeze;

describe('the home page', () => {
  it('lists what is planned, soonest first, with its date and status, as of the harvest', () => {
    const view = toHomeView(portal);
    expect(view.asOf).toEqual({ date: '2026-03-01', title: 'Sunday, 1 March 2026' });
    expect(view.upcoming.map((u) => `${u.title}: ${u.label} (${u.statusLabel})`)).toEqual([
      'Tuesday, 10 March 2026: Acme Web 1.4 (Confirmed)',
      'Friday, 20 March 2026: Acme API 1.3.0 (Tentative)',
      'Wednesday, 25 March 2026: Acme Web 2.0 (Cancelled)',
    ]);
    // The planned build 5 of 1.2.0 shipped before the harvest: it is not "coming".
    expect(view.upcoming.some((u) => u.label.includes('1.2.0'))).toBe(false);
    expect(view.upcoming[1]).toMatchObject({ url: '/projects/api/next/', calendarUrl: '/calendar/2026-03/' });
    expect(view.links).toEqual({ projects: '/projects/', groups: '/groups/', calendar: '/calendar/' });
  });

  it('says which freeze is on at the harvest, else which comes next', () => {
    expect(toHomeView(portal).freeze).toMatchObject({
      name: 'Weekends',
      scope: 'all environments',
      active: true,
      end: { text: '2 March 2026 at 08:00 CET' },
    });
    // On the Tuesday after, the next weekend is the next freeze.
    expect(toFreezeNotice(portalAt('2026-03-03T12:00:00Z'))).toMatchObject({
      name: 'Weekends',
      active: false,
      start: { text: '6 March 2026 at 18:00 CET' },
      calendarUrl: '/calendar/2026-03/',
    });
  });

  it('shows what runs where to the internal audience only', () => {
    expect(toHomeView(portal).running).toBeNull();
    const running = toHomeView(portalAt(data.site.harvestedAt, 'internal')).running!;
    expect(running.url).toBe('/environments/');
    expect(running.environments.map((e) => e.id)).toEqual(['production', 'staging']);
    expect(
      running.rows.map((r) => [r.project.text, ...r.cells.map((c) => c.running?.version.label ?? null)]),
    ).toEqual([
      ['Acme API', '1.1.0', 'unknown version (sha e9e9e9e)'],
      ['Acme Web', '1.2', null],
    ]);
  });

  it('counts what the calendar has beyond the first eight dates', () => {
    const items = toUpcomingItems(portal);
    expect(items).toHaveLength(3);
    expect(toHomeView(portal).moreUpcoming).toBe(0);
  });
});

describe('the index pages', () => {
  it('/projects/ lists every project with its latest release', () => {
    const view = toProjectIndexView(portal);
    expect(view.summary).toBe('2 projects, 6 releases in all.');
    expect(view.projects.map((p) => [p.name, p.url, p.latest?.version])).toEqual([
      ['Acme API', '/projects/api/', '1.2.0+build.5'],
      ['Acme Web', '/projects/web/', '1.3rc1'],
    ]);
  });

  it('/groups/ puts the group releases still to come first, and those gone after', () => {
    expect(toGroupIndexView(portal)).toEqual({
      upcoming: [],
      past: [
        {
          id: '2026-02',
          name: 'February platform release',
          url: '/groups/2026-02/',
          date: '2026-02-21',
          dateTitle: 'Saturday, 21 February 2026',
          members: 'Acme API 1.1.0, Acme Web 1.3rc1',
          status: '2 of 2 released',
          upcoming: false,
        },
      ],
    });
    expect(toGroupIndexView(portalAt('2026-02-01T12:00:00Z')).upcoming.map((g) => g.name)).toEqual([
      'February platform release',
    ]);
  });

  it('the 404 page leads back to the index pages and search', () => {
    expect(toNotFoundView(portal).links.map((l) => `${l.text} ${l.url}`)).toEqual([
      'Home /',
      'All projects /projects/',
      'Release calendar /calendar/',
      'Group releases /groups/',
      'Search /search/',
    ]);
  });
});

describe("a project's advance notice", () => {
  it('shows the planned date, status and notes the calendar has', () => {
    expect(toNextPlans(portal, 'api')).toMatchObject([
      {
        title: 'Friday, 20 March 2026',
        version: '1.3.0',
        statusLabel: 'Tentative',
        moved: 'Moved from 13 March 2026',
        calendarUrl: '/calendar/2026-03/',
      },
    ]);
    expect(toNextPlans(portal, 'api')[0]!.notesHtml).toContain(
      '<a href="https://example.com/auth">new auth flow</a>',
    );
  });
});

describe('the calendar', () => {
  it('opens on the month of what comes next, not on an empty current month', () => {
    expect(getComingMonth(portal)).toBe('2026-03');
    expect(toCalendarIndexView(portal).month.month).toBe('2026-03');
    // Harvested in mid-April: nothing is to come, so the calendar opens on the latest month with a date.
    expect(getComingMonth(portalAt('2026-04-15T12:00:00Z'))).toBe('2026-03');
  });

  it('reaches the end of a freeze that runs into next year, and opens on it when it is next', () => {
    const later = portalAt('2026-11-18T11:06:40Z', 'public', [yearEnd]);
    expect(getCalendarMonths(later).slice(-2)).toEqual(['2026-12', '2027-01']);
    expect(getComingMonth(later)).toBe('2026-12');
    expect(toCalendarIndexView(later).month.next?.url).toBe('/calendar/2027-01/');
  });

  it("links each environment's deployment calendar for the internal audience only", () => {
    expect(toCalendarIndexView(portal).environments).toEqual([]);
    expect(toCalendarIndexView(portalAt(data.site.harvestedAt, 'internal')).environments).toEqual([
      { id: 'production', ics: '/environments/production/calendar.ics' },
      { id: 'staging', ics: '/environments/staging/calendar.ics' },
    ]);
  });
});

describe('a record kept when its tag moved', () => {
  const before = 'a'.repeat(40);
  const current = 'b'.repeat(40);
  const moved = { seq: 7, kind: 'tag.moved', data: { from: before, to: current } } as unknown as AuditEvent;

  it('names the commit the tag pointed at before, and this commit as where it moved', () => {
    expect(formatSupersededWhy('v1.3.0', before, current, '2 April 2026 at 10:00 CEST', moved)).toBe(
      'The tag v1.3.0 pointed at aaaaaaa until 2 April 2026 at 10:00 CEST, when it moved to this commit (bbbbbbb) (audit event 7).',
    );
  });

  it('names the commit it moved to when that is not this one (a tag moved twice)', () => {
    const twice = { ...moved, data: { from: before, to: 'c'.repeat(40) } } as AuditEvent;
    expect(formatSupersededWhy('v1.3.0', before, current, 'then', twice)).toBe(
      'The tag v1.3.0 pointed at aaaaaaa until then, when it moved to ccccccc (audit event 7).',
    );
    expect(formatSupersededWhy('v1.3.0', before, current, 'an earlier harvest', undefined)).toBe(
      'The tag v1.3.0 pointed at aaaaaaa until an earlier harvest.',
    );
  });
});
