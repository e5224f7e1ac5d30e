// Group releases (release trains): the page's view model lists the member versions (linked once
// released) and their combined notes with every member's breaking changes first.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { bumpAwareChanges, getGroupPaths, resolveGroup, toGroupView } from '../../src/lib/groups/groups.ts';
import type { Change } from '../../src/schemas/index.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';
import { toReleaseView } from '../../src/lib/release/release-view.ts';

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
    expect(
      view.breaking.map((b) => `${b.members.map((m) => m.text).join(', ')}: ${b.change.subject}`),
    ).toEqual(expected);
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

  it('list a breaking change that two members share once, under both members', () => {
    const twice = {
      id: 'twice',
      name: 'Twice',
      date: '2026-02-21',
      members: [
        { project: 'api', version: '1.1.0', released: true },
        { project: 'api', version: '1.1.0', released: true },
      ],
    };
    const view = toGroupView(portal, twice);
    const once = toGroupView(portal, resolveGroup(portal, '2026-02'));
    const apiBreaking = once.breaking.filter((b) => b.members[0]!.text === 'Acme API 1.1.0');
    expect(view.breaking).toHaveLength(apiBreaking.length);
    expect(view.breaking.map((b) => b.members.map((m) => m.text))).toEqual(
      apiBreaking.map(() => ['Acme API 1.1.0', 'Acme API 1.1.0']),
    );
    expect(new Set(view.breaking.map((b) => b.change.hash)).size).toBe(view.breaking.length);
  });
});

describe("a member's changeset decides whether a shared commit breaks it", () => {
  const change = (hash: string, breaking: boolean): Change =>
    ({ hash, breaking, breakingNotes: breaking ? ['Await bus.emit().'] : [] }) as unknown as Change;
  const bus = change('8093d93aa8f0c1d2e3f4a5b6c7d8e9f0a1b2c3d4', true);
  const other = change('4343c3f0000000000000000000000000000000ab', false);

  it('a commit listed under "Minor Changes" is not breaking for that package', () => {
    const section =
      '### Minor Changes\n\n- 8093d93: Commands wait for the async event bus.\n- 4343c3f: Progress bar.\n';
    const [b, o] = bumpAwareChanges([bus, other], section);
    expect(b).toMatchObject({ breaking: false, breakingNotes: [] });
    expect(o).toBe(other);
  });

  it('one listed under "Major Changes", or not listed, stays breaking', () => {
    const major = '### Major Changes\n\n- 8093d93: The event bus is async.\n';
    expect(bumpAwareChanges([bus], major)[0]).toBe(bus);
    expect(bumpAwareChanges([bus], '### Patch Changes\n\n- 4343c3f: Other.\n')[0]).toBe(bus);
    expect(bumpAwareChanges([bus], null)[0]).toBe(bus);
  });
});
