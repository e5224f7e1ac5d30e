// The upgrade page on a history with a maintenance branch (docs/site.md, "Upgrade page"): the
// fixture `upgrade-backport` (test/fixtures/repos/index.ts) is built with pinned dates, harvested,
// and the page's view model is asked what a reader crossing from one version to another receives.
//
//   main  1.2.0 ─ 1.3.0 ─ 1.4.0 ─ retry ─ drop init()! ─ 2.0.0-rc.1 ─ fix ─ 2.0.0 ─ 2.1.0
//   1.x                        └─ retry (cherry-picked) ─ 1.4.1 ─ fix ─ 1.4.2 (tagged after 2.0.0)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/data-loader.ts';
import { buildPortal } from '../../src/lib/portal.ts';
import { computeUpgrade, type UpgradeData } from '../../src/lib/upgrade.ts';
import { toUpgradeView } from '../../src/lib/views.ts';
import { harvestFixture } from '../helpers/fixtures.ts';

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
      '2.0.0 close idle sockets',
    ]);
  });

  it('folds the release commits away and leaves them out of the count', () => {
    const o = upgrade('1.2.0', '2.1.0');
    expect(o.chores).toEqual(['1.3.0', '1.4.0', '2.0.0-rc.1', '2.0.0', '2.1.0']);
    expect(o.changeCount).toBe(6);
  });

  it('marks the backport a reader of 1.4.1 already has, and does not count it', () => {
    const o = upgrade('1.4.1', '2.1.0');
    expect(o.releases).toEqual(['2.0.0-rc.1', '2.0.0', '2.1.0']);
    expect(o.alreadyHave).toEqual(['retry on 503 (already in 1.4.1)']);
    expect(o.changes).not.toContain('2.0.0 retry on 503');
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
