// The upgrade page's range: everything after `from` up to and including `to`, by the project's
// version order, each commit once; for prereleases and versions that are not SemVer alike.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/data-loader.ts';
import { buildPortal } from '../../src/lib/portal.ts';
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
} from '../../src/lib/upgrade.ts';
import { toUpgradeView } from '../../src/lib/views.ts';

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
});
const release = (version: string, changes: UpgradeChange[], prerelease = false): UpgradeRelease => ({
  version,
  slug: version.replace(/[^A-Za-z0-9._-]/g, '_'),
  url: `/projects/sdk/${version}/`,
  date: '2026-01-01T00:00:00Z',
  dateText: '1 January 2026',
  prerelease,
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

  it('puts breaking changes first with their migration notes, lists each commit once under the first release that shipped it', () => {
    const o = computeUpgrade(data, '1.0.0', '2.0.0');
    expect(listed(o)).toEqual({
      breaking: ['2.0.0-rc.1 drop `init()`'],
      groups: [
        ['Bug fixes', ['1.1.0 a fix', '2.0.0-rc.2 fix the rc']],
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
      '1.1.0-rc.1 token endpoint',
    ]);
    // web's commit template is a javascript: URL: no link at all.
    expect(toUpgradeView(portal, portal.project('web')!).data.commitUrl).toBeNull();
    expect(JSON.stringify(view.data)).not.toMatch(/@[a-z]+\.example/);
  });
});
