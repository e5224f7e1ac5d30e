// The upgrade page's range: the releases `to` contains and `from` does not (through `contains`),
// each commit once under the release a reader receives it with; version order only for data
// folders written before `contains` was recorded.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';
import {
  commitLink,
  computeUpgrade,
  defaultRange,
  findRelease,
  formatUpgradeSummary,
  readUpgradeQuery,
  serializeUpgradeData,
  type UpgradeChange,
  type UpgradeData,
  type UpgradeRelease,
} from '../../src/lib/upgrade/upgrade.ts';
import { isReleaseBump } from '../../src/lib/release/changes-view.ts';
import { sameChangeKeys, toUpgradeView } from '../../src/lib/upgrade/upgrade-view.ts';

const hash = (c: string) => c.repeat(40);
const change = (
  h: string,
  type: string | null,
  subject: string,
  breaking = false,
  notes: string[] = [],
): UpgradeChange => ({
  hash: hash(h),
  type,
  scope: null,
  subject,
  breaking,
  releaseBump: false,
  breakingNotes: notes,
  same: [],
});
const release = (
  version: string,
  changes: UpgradeChange[],
  prerelease = false,
  contains: string[] | null = null,
  date = '2026-01-01T00:00:00Z',
): UpgradeRelease => ({
  version,
  slug: version.replace(/[^A-Za-z0-9._-]/g, '_'),
  url: `/projects/sdk/${version}/`,
  date,
  dateText: date.slice(0, 10),
  prerelease,
  contains,
  highlights: [],
  prose: null,
  changes,
});

// Newest first, as the portal orders them. 2.0.0 repeats its release candidates' commits (its
// notes run from 1.1.0, the previous final release), as the harvest records them.
const a = change('a', 'feat', 'first feature');
const b = change('b', 'fix', 'a fix');
const c = change('c', 'feat', 'drop `init()`', true, ['<p>Call <code>start()</code>.</p>']);
const d = change('d', 'fix', 'fix the rc');
const e = change('e', 'perf', 'faster');
const data: UpgradeData = {
  project: { id: 'sdk', name: 'Acme SDK' },
  commitUrl: 'https://forge.example/sdk/commit/{hash}',
  latest: '2.0.0',
  releases: [
    release('2.0.0', [e, d, c]),
    release('2.0.0-rc.2', [d], true),
    release('2.0.0-rc.1', [c], true),
    release('1.1.0', [b]),
    release('1.0.0', [a]),
  ],
};
const versions = (o: ReturnType<typeof computeUpgrade>) =>
  o.ok ? o.releases.map((r) => r.version) : o.message;
const listed = (o: ReturnType<typeof computeUpgrade>) => {
  if (!o.ok) throw new Error(o.message);
  return {
    breaking: o.breaking.map((i) => `${i.release.version} ${i.change.subject}`),
    groups: o.groups.map((g) => [g.title, g.items.map((i) => `${i.release.version} ${i.change.subject}`)]),
  };
};

describe('computeUpgrade', () => {
  it('lists the releases after from, up to and including to, oldest first', () => {
    expect(versions(computeUpgrade(data, '1.0.0', '2.0.0'))).toEqual([
      '1.1.0',
      '2.0.0-rc.1',
      '2.0.0-rc.2',
      '2.0.0',
    ]);
    expect(versions(computeUpgrade(data, '1.1.0', '2.0.0-rc.1'))).toEqual(['2.0.0-rc.1']);
  });

  it('without recorded history: puts breaking changes first with their migration notes, lists each commit once under the final release that shipped it', () => {
    const o = computeUpgrade(data, '1.0.0', '2.0.0');
    // The release candidates' changes are the final's for a reader who crosses 2.0.0.
    expect(listed(o)).toEqual({
      breaking: ['2.0.0 drop `init()`'],
      groups: [
        ['Bug fixes', ['1.1.0 a fix', '2.0.0 fix the rc']],
        ['Performance', ['2.0.0 faster']],
      ],
    });
    expect(o.ok && o.breaking[0]!.change.breakingNotes).toEqual(['<p>Call <code>start()</code>.</p>']);
    expect(o.ok && formatUpgradeSummary(o)).toBe('4 releases, 4 changes, 1 breaking');
  });

  it('leaves out what from (or an older release) already shipped: rc.2 to 2.0.0 is only what came after', () => {
    expect(listed(computeUpgrade(data, '2.0.0-rc.2', '2.0.0'))).toEqual({
      breaking: [],
      groups: [['Performance', ['2.0.0 faster']]],
    });
  });

  it('orders versions that are not SemVer by the list it is given (1.3rc1 after 1.2)', () => {
    const web: UpgradeData = {
      ...data,
      latest: '1.3rc1',
      releases: [release('1.3rc1', [d]), release('1.2', [b]), release('1.0', [a])],
    };
    expect(versions(computeUpgrade(web, '1.0', '1.3rc1'))).toEqual(['1.2', '1.3rc1']);
    expect(defaultRange(web)).toEqual({ from: '1.2', to: '1.3rc1' });
  });

  it('explains a range it cannot show instead of guessing', () => {
    expect(computeUpgrade(data, null, '2.0.0')).toMatchObject({ ok: false, problem: 'missing' });
    expect(computeUpgrade(data, '0.9.0', '2.0.0')).toMatchObject({
      ok: false,
      problem: 'unknown-from',
      message: '0.9.0 is not a release of Acme SDK.',
    });
    expect(computeUpgrade(data, '1.0.0', '3.0.0')).toMatchObject({ ok: false, problem: 'unknown-to' });
    expect(computeUpgrade(data, '1.1.0', '1.1.0')).toMatchObject({ ok: false, problem: 'same' });
    expect(computeUpgrade(data, '2.0.0', '1.0.0')).toMatchObject({ ok: false, problem: 'reversed' });
  });

  it('finds a version by slug too, and one whose "+" a query parser read as a space', () => {
    const build: UpgradeData = { ...data, releases: [release('1.2.0+build.5', []), ...data.releases] };
    expect(findRelease(build, '1.2.0+build.5')?.version).toBe('1.2.0+build.5');
    expect(findRelease(build, '1.2.0 build.5')?.version).toBe('1.2.0+build.5');
    expect(findRelease(build, '1.2.0_build.5')?.version).toBe('1.2.0+build.5');
    expect(readUpgradeQuery('?from=1.2.0+build.5&to=')).toEqual({ from: '1.2.0 build.5', to: null });
  });

  it('defaults to the latest release from the final release before it, skipping prereleases', () => {
    expect(defaultRange(data)).toEqual({ from: '1.1.0', to: '2.0.0' });
    expect(defaultRange({ ...data, releases: [] })).toEqual({ from: null, to: null });
  });

  it('fills the checked commit template', () => {
    expect(commitLink(data, hash('a'))).toBe(`https://forge.example/sdk/commit/${hash('a')}`);
    expect(commitLink({ ...data, commitUrl: null }, hash('a'))).toBeNull();
  });
});

// A history with a maintenance branch, as the harvest records it (each release's changes are
// `git log previous..tag`, `contains` the nearest releases its history holds):
//
//   main  1.2.0 ─ 1.3.0 ─ 1.4.0 ─ f ─ c! ─ 2.0.0-rc.1 ─ 2.0.0 ─ g ─ 2.1.0 ─────────── i ─ 2.2.0
//   1.x                        └─ f' ─ 1.4.1 ─ h ─ 1.4.2 (tagged after 2.1.0) ────────┘ (merged)
//
// f' is f cherry-picked (they share a key); 1.4.1 came out before 2.0.0-rc.1, so it is the
// previous release of 2.0.0-rc.1 and of 2.0.0, whose changes repeat the candidate's.
describe('computeUpgrade on a history with a maintenance branch', () => {
  const keyed = (c: UpgradeChange, key: string): UpgradeChange => ({ ...c, same: [key] });
  const bump = (h: string, v: string) => ({ ...change(h, 'release', v), releaseBump: true });
  const f = keyed(change('1', 'fix', 'retry on 503'), 'K');
  const fBackport = keyed(change('2', 'fix', 'retry on 503'), 'K');
  const cBreak = change('3', 'feat', 'drop `init()`', true, ['<p>Call <code>start()</code>.</p>']);
  const g = change('4', 'feat', 'streaming');
  const h = change('5', 'fix', 'old line fix');
  const i = change('6', 'feat', 'after the merge');
  const rc1Bump = bump('7', '2.0.0-rc.1');
  const finalBump = bump('8', '2.0.0');
  const d = (day: string) => `2026-${day}T10:00:00Z`;
  const history: UpgradeData = {
    project: { id: 'sdk', name: 'Acme SDK' },
    commitUrl: null,
    latest: '2.2.0',
    releases: [
      release('2.2.0', [i], false, ['1.4.2', '2.1.0'], d('05-01')),
      release('2.1.0', [g], false, ['2.0.0'], d('04-10')),
      release('2.0.0', [finalBump, rc1Bump, cBreak, f], false, ['2.0.0-rc.1'], d('03-20')),
      release('2.0.0-rc.1', [rc1Bump, cBreak, f], true, ['1.4.0'], d('03-05')),
      release('1.4.2', [h], false, ['1.4.1'], d('04-15')),
      release('1.4.1', [fBackport], false, ['1.4.0'], d('03-01')),
      release('1.4.0', [change('9', 'feat', 'pools')], false, ['1.3.0'], d('02-01')),
      release('1.3.0', [change('a', 'feat', 'proxies')], false, ['1.2.0'], d('01-15')),
      release('1.2.0', [change('b', 'feat', 'first')], false, [], d('01-01')),
    ],
  };
  const upgrade = (from: string, to: string) => {
    const o = computeUpgrade(history, from, to);
    if (!o.ok) throw new Error(o.message);
    return o;
  };

  it('crosses only the releases the target contains: 1.4.1 and 1.4.2 on the old line are not listed', () => {
    const o = upgrade('1.2.0', '2.1.0');
    expect(o.basis).toBe('history');
    expect(o.releases.map((r) => r.version)).toEqual(['1.3.0', '1.4.0', '2.0.0-rc.1', '2.0.0', '2.1.0']);
  });

  it('lists a breaking change once, under the final release, with its migration notes, and folds the release chores away', () => {
    const o = upgrade('1.2.0', '2.1.0');
    expect(listed(o)).toEqual({
      breaking: ['2.0.0 drop `init()`'],
      groups: [
        ['Features', ['1.3.0 proxies', '1.4.0 pools', '2.1.0 streaming']],
        ['Bug fixes', ['2.0.0 retry on 503']],
      ],
    });
    expect(o.breaking[0]!.change.breakingNotes).toEqual(['<p>Call <code>start()</code>.</p>']);
    expect(o.chores.map((c) => `${c.release.version} ${c.change.subject}`)).toEqual([
      '2.0.0 2.0.0-rc.1',
      '2.0.0 2.0.0',
    ]);
    expect(o.alreadyHave).toEqual([]);
    expect(formatUpgradeSummary(o)).toBe('5 releases, 5 changes, 1 breaking');
  });

  it('leaves out a backport the reader already has, and says where they got it', () => {
    const o = upgrade('1.4.1', '2.1.0');
    expect(o.releases.map((r) => r.version)).toEqual(['2.0.0-rc.1', '2.0.0', '2.1.0']);
    expect(o.alreadyHave.map((k) => `${k.change.subject} (in ${k.had.version})`)).toEqual([
      'retry on 503 (in 1.4.1)',
    ]);
    expect(listed(o).groups).toEqual([['Features', ['2.1.0 streaming']]]);
    expect(o.changeCount).toBe(2);
    // From a patch tagged after the target, on the old line: the same.
    expect(upgrade('1.4.2', '2.1.0').alreadyHave.map((k) => k.had.version)).toEqual(['1.4.1']);
  });

  it('lists a backport once when both copies are crossed (the old line merged back)', () => {
    const o = upgrade('1.4.0', '2.2.0');
    expect(o.releases.map((r) => r.version)).toEqual([
      '1.4.1',
      '2.0.0-rc.1',
      '2.0.0',
      '2.1.0',
      '1.4.2',
      '2.2.0',
    ]);
    const all = [...o.breaking, ...o.groups.flatMap((gr) => gr.items)].map(
      (x) => `${x.release.version} ${x.change.subject}`,
    );
    expect(all.filter((x) => x.endsWith('retry on 503'))).toEqual(['1.4.1 retry on 503']);
  });

  it('from a prerelease: what the candidate had is left out, the rest goes under the final', () => {
    const o = upgrade('2.0.0-rc.1', '2.1.0');
    expect(o.releases.map((r) => r.version)).toEqual(['2.0.0', '2.1.0']);
    expect(listed(o)).toEqual({ breaking: [], groups: [['Features', ['2.1.0 streaming']]] });
    expect(o.chores.map((c) => c.change.subject)).toEqual(['2.0.0']);
  });

  it('to a prerelease: the candidate keeps its changes', () => {
    expect(listed(upgrade('1.4.0', '2.0.0-rc.1')).breaking).toEqual(['2.0.0-rc.1 drop `init()`']);
  });

  it('refuses a range whose from already contains to', () => {
    expect(computeUpgrade(history, '2.1.0', '1.4.0')).toMatchObject({ ok: false, problem: 'reversed' });
    expect(computeUpgrade(history, '1.4.2', '1.4.1')).toMatchObject({ ok: false, problem: 'reversed' });
  });

  it("carries each crossed release's highlights and prose", () => {
    const withNotes: UpgradeData = {
      ...history,
      releases: history.releases.map((r) =>
        r.version === '2.0.0'
          ? {
              ...r,
              highlights: ['Typed errors'],
              prose: '<p><a href="https://x.example/m">migration guide</a></p>',
            }
          : r,
      ),
    };
    const o = computeUpgrade(withNotes, '1.4.1', '2.1.0');
    expect(o.ok && o.releases.find((r) => r.version === '2.0.0')).toMatchObject({
      highlights: ['Typed errors'],
      prose: expect.stringContaining('migration guide'),
    });
  });
});

describe('the embedded data', () => {
  it('cannot close its <script> element or open a comment, and reads back unchanged', () => {
    const evil: UpgradeData = {
      ...data,
      releases: [release('1.0.0', [change('f', null, '</script><script>alert(1)</script> <!-- \u2028')])],
    };
    const text = serializeUpgradeData(evil);
    expect(text).not.toMatch(/<|\u2028/);
    expect(JSON.parse(text)).toEqual(evil);
  });

  it('is built from the portal: versions newest first, sanitized migration notes, no merges, a safe commit link', () => {
    const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
    const portal = buildPortal({ ...readDataFolder(SAMPLE), audience: 'public', base: '/', dataDir: SAMPLE });
    const view = toUpgradeView(portal, portal.project('api')!);
    expect(view.versions).toEqual([
      { value: '1.2.0+build.5', label: '1.2.0+build.5' },
      { value: '1.1.0', label: '1.1.0' },
      { value: '1.1.0-rc.1', label: '1.1.0-rc.1 (pre-release)' },
      { value: '1.0.0', label: '1.0.0' },
    ]);
    expect(view.defaults).toEqual({ from: '1.1.0', to: '1.2.0+build.5' });
    expect(view.data.commitUrl).toBe('https://forge.acme.example/acme/api/commit/{hash}');
    const token = view.data.releases.find((r) => r.version === '1.1.0')!.changes.find((c) => c.breaking)!;
    expect(token.breakingNotes).toEqual([
      '<p><code>/login</code> is gone; call <code>POST /token</code> instead.</p>',
    ]);
    expect(listed(computeUpgrade(view.data, '1.0.0', '1.2.0+build.5')).breaking).toEqual([
      '1.1.0 token endpoint',
    ]);
    expect(listed(computeUpgrade(view.data, '1.0.0', '1.1.0-rc.1')).breaking).toEqual([
      '1.1.0-rc.1 token endpoint',
    ]);
    // web's commit template is a javascript: URL: no link at all.
    expect(toUpgradeView(portal, portal.project('web')!).data.commitUrl).toBeNull();
    expect(JSON.stringify(view.data)).not.toMatch(/@[a-z]+\.example/);
  });
});

describe('a backport and its original', () => {
  const original = {
    author: { name: 'Ann Example', email: 'ann@example.com' },
    date: '2026-02-10T10:00:00+01:00',
    subject: 'retry on 503',
    body: '',
    trailers: {},
  };

  it('share a key when git cherry-pick kept the author, the author date and the subject', () => {
    // The same instant written in another offset is the same author date.
    const copy = { ...original, date: '2026-02-10T09:00:00Z' };
    expect(sameChangeKeys(copy)).toEqual(sameChangeKeys(original));
    expect(sameChangeKeys({ ...original, subject: 'retry on 502' })).not.toEqual(sameChangeKeys(original));
    expect(sameChangeKeys({ ...original, date: '2026-02-10T10:00:01+01:00' })).not.toEqual(
      sameChangeKeys(original),
    );
  });

  it('share the original commit when the copy says "(cherry picked from commit …)" (git cherry-pick -x)', () => {
    const copy = {
      ...original,
      author: { name: 'Bo Example', email: 'bo@example.com' },
      body: `Backport.\n\n(cherry picked from commit ${'a'.repeat(40)})`,
    };
    expect(sameChangeKeys(copy)).toContain('a'.repeat(40));
    // The key is a digest: no name or address is shown in the page's data.
    expect(sameChangeKeys(copy).join(' ')).not.toMatch(/Bo|example/);
  });

  it('release chores include the changesets "Version Packages" pull request', () => {
    const chore = (type: string | null, subject: string) => ({ type, scope: null, subject, breaking: false });
    expect(isReleaseBump(chore(null, 'Version Packages'))).toBe(true);
    expect(isReleaseBump(chore('chore', 'version packages (#120)'))).toBe(true);
    expect(isReleaseBump(chore('release', '1.4.1'))).toBe(true);
    expect(isReleaseBump(chore('feat', 'Version Packages'))).toBe(false);
  });
});
