// Group releases (release trains): the page's view model lists the member versions (linked once
// released) and their combined notes with every member's breaking changes first.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/data-loader.ts';
import { getGroupPaths, resolveGroup, toGroupView } from '../../src/lib/groups.ts';
import { buildPortal } from '../../src/lib/portal.ts';
import { toReleaseView } from '../../src/lib/views.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const portal = buildPortal({ ...data, audience: 'public', base: '/', dataDir: SAMPLE });

describe('group releases', () => {
  it('have one page each', () => {
    expect(getGroupPaths(portal)).toEqual([{ params: { group: '2026-02' } }]);
    expect(() => resolveGroup(portal, 'nope')).toThrow(/no group release "nope"/);
  });

  it('list the members linked to their releases, and the calendar month they are on', () => {
    const view = toGroupView(portal, resolveGroup(portal, '2026-02'));
    expect(view).toMatchObject({
      name: 'February platform release',
      dateTitle: 'Saturday, 21 February 2026',
      calendarUrl: '/calendar/2026-02/',
      releasedCount: 2,
    });
    expect(view.members.map((m) => [m.label, m.url, m.anchor])).toEqual([
      ['Acme API 1.1.0', '/projects/api/1.1.0/', 'member-api'],
      ['Acme Web 1.3rc1', '/projects/web/1.3rc1/', 'member-web'],
    ]);
  });

  it("put every member's breaking changes first, then each member's own notes or changes", () => {
    const view = toGroupView(portal, resolveGroup(portal, '2026-02'));
    const expected = view.members.flatMap((m) => {
      const entry = portal.project(m.projectId)!;
      const r = toReleaseView(
        portal,
        entry,
        entry.releases.find((x) => x.version === m.version)!,
      );
      return r.changes.breaking.map((c) => `${m.label}: ${c.subject}`);
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(view.breaking.map((b) => `${b.member}: ${b.change.subject}`)).toEqual(expected);
    expect(view.members[0]!.breakingCount).toBe(expected.length);
    expect(view.members.every((m) => m.groups.every((g) => g.changes.every((c) => !c.breaking)))).toBe(true);
  });

  it('an unreleased member has no link and says so', () => {
    const group = {
      id: 'x',
      name: 'X',
      date: '2026-04-01',
      members: [{ project: 'api', version: '9.9.9', released: false }],
    };
    const view = toGroupView(portal, group);
    expect(view.members[0]).toMatchObject({ url: null, released: false, notes: null, groups: [] });
    expect(view.releasedCount).toBe(0);
  });
});
