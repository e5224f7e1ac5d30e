// The upgrade page on a history with a maintenance branch (docs/site.md, "Upgrade page"): the
// fixture `upgrade-backport` (test/fixtures/repos/index.ts) is built with pinned dates, harvested,
// and the page's view model is asked what a reader crossing from one version to another receives.
//
//   main  1.2.0 ─ 1.3.0 ─ 1.4.0 ─ tidy ─ retry ─ drop init()! ─ 2.0.0-rc.1 ─ fix ─ 2.0.0 ─ 2.1.0
//   1.x                               └─ retry (cherry-picked) ─ 1.4.1 ─ fix ─ 1.4.2 (tagged after 2.0.0)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../src/schemas/config/config.ts';
import { generateDemo } from '../../src/demo/generate.ts';
import { harvest } from '../../src/harvest/harvest.ts';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';
import { computeUpgrade, type UpgradeData } from '../../src/lib/upgrade/upgrade.ts';
import { toUpgradeView } from '../../src/lib/upgrade/upgrade-view.ts';
import { FIXTURE_NOW, harvestFixture } from '../helpers/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-upgrade-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let data: UpgradeData;
beforeAll(async () => {
  const { data: dataDir } = await harvestFixture(root, 'upgrade-backport');
  const portal = buildPortal({ ...readDataFolder(dataDir), audience: 'public', base: '/', dataDir });
  data = toUpgradeView(portal, portal.project('sdk')!).data;
});

const upgrade = (from: string, to: string) => {
  const o = computeUpgrade(data, from, to);
  if (!o.ok) throw new Error(o.message);
  return {
    basis: o.basis,
    releases: o.releases.map((r) => r.version),
    breaking: o.breaking.map((i) => `${i.release.version} ${i.change.subject}`),
    changes: o.groups.flatMap((g) => g.items.map((i) => `${i.release.version} ${i.change.subject}`)),
    alreadyHave: o.alreadyHave.map((k) => `${k.change.subject} (already in ${k.had.version})`),
    chores: o.chores.map((i) => i.change.subject),
    migration: o.breaking.flatMap((i) => i.change.breakingNotes),
    changeCount: o.changeCount,
  };
};

describe('upgrading across a maintenance branch', () => {
  it('does not list a release on the old line tagged after the target', () => {
    const o = upgrade('1.2.0', '2.1.0');
    expect(o.basis).toBe('history');
    expect(o.releases).toEqual(['1.3.0', '1.4.0', '2.0.0-rc.1', '2.0.0', '2.1.0']);
    expect(upgrade('1.3.0', '2.0.0').releases).not.toContain('1.4.2');
  });

  it('lists the breaking change once, under the final release, with its migration note', () => {
    const o = upgrade('1.2.0', '2.1.0');
    expect(o.breaking).toEqual(['2.0.0 drop `init()`']);
    expect(o.migration).toEqual(['<p>call <code>start()</code> instead of <code>init()</code>.</p>']);
    expect(o.changes).toEqual([
      '1.3.0 proxies',
      '1.4.0 pools',
      '2.1.0 streaming',
      '2.0.0 retry on 503',
      // Listed in 1.4.1's record (1.x forked after it) and received by 2.0.0-rc.1: a reader of
      // 1.2.0 gets it with 2.0.0, though no release on the main line lists it.
      '2.0.0 tidy the pool',
      '2.0.0 close idle sockets',
    ]);
  });

  it('folds the release commits away and leaves them out of the count', () => {
    const o = upgrade('1.2.0', '2.1.0');
    expect(o.chores).toEqual(['1.3.0', '1.4.0', '2.0.0-rc.1', '2.0.0', '2.1.0']);
    expect(o.changeCount).toBe(7);
  });

  it('marks the backport a reader of 1.4.1 already has, and does not count it', () => {
    const o = upgrade('1.4.1', '2.1.0');
    expect(o.releases).toEqual(['2.0.0-rc.1', '2.0.0', '2.1.0']);
    expect(o.alreadyHave).toEqual(['retry on 503 (already in 1.4.1)']);
    expect(o.changes).not.toContain('2.0.0 retry on 503');
    // The commit before the fork is the same commit in 1.4.1: the reader has it, no note needed.
    expect(o.changes).not.toContain('2.0.0 tidy the pool');
    expect(o.breaking).toEqual(['2.0.0 drop `init()`']);
    // From 1.4.2, tagged on 1.x after 2.0.0, the same.
    expect(upgrade('1.4.2', '2.0.0').alreadyHave).toEqual(['retry on 503 (already in 1.4.1)']);
  });

  it('from the release candidate: only what came after it', () => {
    const o = upgrade('2.0.0-rc.1', '2.1.0');
    expect(o.releases).toEqual(['2.0.0', '2.1.0']);
    expect(o.breaking).toEqual([]);
    expect(o.changes).toEqual(['2.1.0 streaming', '2.0.0 close idle sockets']);
  });
});

// The bundled demo's sdk: 1.4.1 is a patch on the 1.x branch, tagged after 2.0.0-rc.1 with a fix
// cherry-picked (`-x`) from main; 2.0.0 has two release candidates and hand-written notes.
describe('the demo sdk, from the oldest version to the newest', () => {
  let demo: UpgradeData;
  beforeAll(async () => {
    const dir = join(root, 'demo');
    const { configPath } = await generateDemo(dir);
    const config = ConfigSchema.parse(JSON.parse(readFileSync(configPath, 'utf8')));
    const dataDir = join(root, 'demo-data');
    await harvest({ config, file: configPath, dir }, { now: FIXTURE_NOW, dataDir, log: () => {} });
    const portal = buildPortal({ ...readDataFolder(dataDir), audience: 'public', base: '/', dataDir });
    demo = toUpgradeView(portal, portal.project('sdk')!).data;
  }, 120_000);

  it('crosses the main line only, lists each breaking change once under 2.0.0, and shows its notes', () => {
    const versions = demo.releases.map((r) => r.version);
    const [oldest, newest] = [versions.at(-1)!, versions[0]!];
    const o = computeUpgrade(demo, oldest, newest);
    if (!o.ok) throw new Error(o.message);
    expect(o.releases.map((r) => r.version)).not.toContain('1.4.1');
    expect(o.releases.map((r) => r.version)).toContain('2.0.0-rc.1');
    const breaking = o.breaking.map((i) => `${i.release.version} ${i.change.subject}`);
    expect(breaking.length).toBeGreaterThan(0);
    expect(new Set(breaking).size).toBe(breaking.length);
    expect(o.breaking.every((i) => i.release.version === '2.0.0')).toBe(true);
    expect(o.chores.every((i) => /^(?:chore|release)/.test(i.change.type ?? ''))).toBe(true);
    expect(o.chores.length).toBeGreaterThan(0);
    const listed = o.groups.flatMap((g) => g.items.map((i) => i.change.subject));
    expect(listed.filter((s) => s === 'do not log the token when a request is retried')).toHaveLength(1);
    const final = o.releases.find((r) => r.version === '2.0.0')!;
    expect(final.highlights.length).toBeGreaterThan(0);
    expect(final.prose).toContain('migrating-to-2.md');
  });

  it('from 1.4.1 leaves the cherry-picked fix out, with a note naming 1.4.1', () => {
    const o = computeUpgrade(demo, '1.4.1', demo.releases[0]!.version);
    if (!o.ok) throw new Error(o.message);
    expect(o.alreadyHave.map((k) => `${k.change.subject} (${k.had.version})`)).toEqual([
      'do not log the token when a request is retried (1.4.1)',
    ]);
    const listed = [...o.breaking, ...o.groups.flatMap((g) => g.items)].map((i) => i.change.subject);
    expect(listed).not.toContain('do not log the token when a request is retried');
  });
});
