// The reverse look-up (src/lib/lookup*.ts) over the sample data folder: which releases ship a
// component, carry a license or a vulnerability, as each audience sees them; the query matching of
// `waybill query`; the page view models and their routes.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { buildPortal, type PortalInput } from '../../src/lib/model/portal.ts';
import { componentSlug, createLookupIndex, plainSlug } from '../../src/lib/sbom/lookup.ts';
import {
  findComponents,
  findLicenses,
  formatComponentAnswer,
  formatLicenseAnswer,
  similarNames,
} from '../../src/lib/sbom/lookup-query.ts';
import {
  COMPONENTS_PER_PAGE,
  getComponentPaths,
  getLookupIndex,
  letterOf,
  toComponentPageView,
  toComponentsIndexView,
  toLicensePageView,
} from '../../src/lib/sbom/lookup-view.ts';
import { getVulnerabilityPaths, toVulnerabilityPageView } from '../../src/lib/sbom/lookup-vulnerabilities.ts';
import type { Component } from '../../src/schemas/index.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const input = (over: Partial<PortalInput> = {}): PortalInput => ({
  ...data,
  audience: 'public',
  base: '/',
  dataDir: SAMPLE,
  ...over,
});
const pub = buildPortal(input());
const int = buildPortal(input({ audience: 'internal' }));

describe('the look-up index', () => {
  it('names each component once across releases, by purl without version, with its version in each release', () => {
    const index = getLookupIndex(pub);
    const log4j = index.components.find((c) => c.name === 'log4j-core')!;
    expect(log4j.purl).toBe('pkg:maven/org.apache.logging.log4j/log4j-core');
    expect(log4j.uses.map((u) => [index.releases[u.release]!.version, u.versions])).toEqual([
      ['1.2.0+build.5', ['2.17.1']],
      ['1.1.0', ['2.14.1']],
    ]);
    // Sorted by name as shown, ignoring case.
    const names = index.components.map((c) => c.name.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  it('leaves out, for the public, a component only internal components are: no entry, no license, no vulnerability', () => {
    const has = (p: typeof pub) =>
      getLookupIndex(p).components.some((c) => c.purl === 'pkg:npm/%40acme/billing');
    expect(has(int)).toBe(true);
    expect(has(pub)).toBe(false);
    expect(JSON.stringify(getLookupIndex(pub))).not.toMatch(/billing|CVE-2099|legal@/);
    expect(getLookupIndex(int).vulnerabilities.map((v) => v.id)).toContain('CVE-2099-0001');
  });

  it('gives slugs that are readable, unique and the same in every build', () => {
    expect(componentSlug('pkg:npm/%40acme/protocol')).toMatch(/^npm-acme-protocol-[0-9a-f]{8}$/);
    expect(componentSlug('pkg:npm/%40acme/protocol')).toBe(componentSlug('pkg:npm/%40acme/protocol'));
    expect(componentSlug('pkg:npm/acme-protocol')).not.toBe(componentSlug('pkg:npm/%40acme/protocol'));
    expect(plainSlug('CVE-2021-44228', true)).toBe('CVE-2021-44228');
    expect(plainSlug('MIT OR Apache-2.0', true)).toMatch(/^mit-or-apache-2.0-[0-9a-f]{8}$/);
    expect(plainSlug('<img src=x onerror=alert(9)>', false)).toMatch(
      /^img-src-x-onerror-alert-9-[0-9a-f]{8}$/,
    );
  });

  it('keeps slugs that differ only in case apart (one folder on a case-insensitive disk)', () => {
    const c = (name: string): Component => ({
      key: name,
      name,
      version: '1',
      purl: null,
      type: 'library',
      scope: null,
      licenses: [],
      hashes: [],
      parent: null,
      internal: false,
    });
    const b = createLookupIndex();
    b.add(
      { project: 'p', projectName: 'P', version: '1', slug: '1', tag: 'v1', date: '2026-01-01T00:00:00Z' },
      {
        components: [c('a')],
        vulnerabilities: ['CVE-2024-1', 'cve-2024-1'].map((id) => ({
          id,
          severity: 'low',
          state: null,
          affects: ['a'],
          description: null,
        })),
      },
    );
    const slugs = b.finish().vulnerabilities.map((v) => v.slug);
    expect(new Set(slugs.map((s) => s.toLowerCase())).size).toBe(2);
  });
});

describe('waybill query', () => {
  const index = getLookupIndex(int);

  it('a purl without a version matches every version; with one, only it', () => {
    const every = findComponents(index, 'pkg:npm/lodash');
    expect(every).toMatchObject({ matchedBy: 'purl', version: null });
    expect(every.components[0]!.releases.map((r) => [r.version, r.componentVersions])).toEqual([
      ['1.2.0+build.5', ['4.17.21']],
      ['1.1.0', ['4.17.21']],
      ['1.0.0', ['4.17.20']],
    ]);
    const one = findComponents(index, 'pkg:npm/lodash@4.17.20');
    expect(one.components[0]!.releases.map((r) => r.version)).toEqual(['1.0.0']);
    expect(findComponents(index, 'pkg:npm/lodash@9.9.9').components).toEqual([]);
  });

  it('a name matches ignoring case, and name@version names one version', () => {
    expect(findComponents(index, 'LOG4J-Core').components[0]!.releases.map((r) => r.version)).toEqual([
      '1.2.0+build.5',
      '1.1.0',
    ]);
    expect(findComponents(index, 'log4j-core@2.14.1').components[0]!.releases.map((r) => r.version)).toEqual([
      '1.1.0',
    ]);
    expect(findComponents(index, 'log4j').components).toEqual([]);
    expect(similarNames(index, 'log4j')).toEqual(['pkg:maven/org.apache.logging.log4j/log4j-core']);
  });

  it('a license matches itself and the expressions that have it as a term, saying which', () => {
    const a = findLicenses(index, 'apache-2.0');
    expect(a.licenses.map((l) => [l.license, l.matchedBy])).toEqual([
      ['Apache-2.0', 'exact'],
      ['MIT OR Apache-2.0', 'expression'],
    ]);
    expect(a.licenses[0]!.releases.map((r) => [r.version, r.components.map((c) => c.name)])).toEqual([
      ['1.2.0+build.5', ['log4j-core']],
      ['1.1.0', ['log4j-core']],
    ]);
  });

  it('prints a table a person reads, saying what matched', () => {
    expect(formatComponentAnswer(findComponents(index, 'pkg:npm/lodash'))).toBe(
      [
        'lodash (pkg:npm/lodash): matched by purl, every version; 3 releases of 1 project ship it',
        '  PROJECT  RELEASE        DATE        VERSION  LICENSES',
        '  api      1.2.0+build.5  2026-02-21  4.17.21  MIT',
        '  api      1.1.0          2026-02-12  4.17.21  MIT',
        '  api      1.0.0          2026-01-15  4.17.20  MIT',
        '',
      ].join('\n'),
    );
    expect(formatLicenseAnswer(findLicenses(index, 'WTFPL'))).toContain(
      'WTFPL (the license itself): 1 release of 1 project carries it',
    );
  });
});

describe('the look-up pages', () => {
  it('list every component on /components/ while there are few, each linked to its page', () => {
    const view = toComponentsIndexView(pub, null);
    expect(view.letters).toEqual([]);
    expect(view.rows.map((r) => r.name)).toContain('log4j-core');
    const log4j = view.rows.find((r) => r.name === 'log4j-core')!;
    expect(log4j).toMatchObject({
      ecosystem: 'maven',
      releaseCount: 2,
      versions: '2 versions, latest 2.17.1',
    });
    expect(getComponentPaths(pub).every((p) => p.props.letter === null)).toBe(true);
  });

  it('split /components/ by first letter when there are many', () => {
    const b = createLookupIndex();
    const components = Array.from({ length: COMPONENTS_PER_PAGE + 1 }, (_, i) => ({
      key: `pkg:npm/p${i}@1`,
      name: `${String.fromCharCode(97 + (i % 26))}pkg-${i}`,
      version: '1',
      purl: `pkg:npm/p${i}@1`,
      type: 'library',
      scope: null,
      licenses: [],
      hashes: [],
      parent: null,
      internal: false,
    }));
    b.add(
      {
        project: 'api',
        projectName: 'API',
        version: '1',
        slug: '1',
        tag: 'v1',
        date: '2026-01-01T00:00:00Z',
      },
      {
        components,
        vulnerabilities: [],
      },
    );
    expect(letterOf('@acme/x')).toBe('a');
    expect(letterOf('_private')).toBe('other');
    const index = b.finish();
    const all = toComponentsIndexView(pub, null, index);
    expect(all.rows).toEqual([]);
    expect(all.letters.map((l) => [l.letter, l.count, l.url]).slice(0, 2)).toEqual([
      ['a', 20, '/components/a/'],
      ['b', 20, '/components/b/'],
    ]);
    const a = toComponentsIndexView(pub, 'a', index);
    expect(a.rows.every((r) => r.name.startsWith('a'))).toBe(true);
    expect(a.letters.find((l) => l.current)?.letter).toBe('a');
    const paths = getComponentPaths(pub, index);
    expect(paths.filter((p) => p.props.letter !== null)).toHaveLength(26);
    expect(paths.filter((p) => p.props.letter === null)).toHaveLength(COMPONENTS_PER_PAGE + 1);
  });

  it('show a component per project and release, with its version and licenses linked', () => {
    const slug = getLookupIndex(pub).components.find((c) => c.name === 'lodash')!.slug;
    const view = toComponentPageView(pub, slug);
    expect(view.summary).toBe('3 releases of 1 project ship lodash');
    expect(
      view.projects[0]!.releases.map((r) => [r.version, r.componentVersions, r.licenses[0]!.url]),
    ).toEqual([
      ['1.2.0+build.5', ['4.17.21'], '/licenses/MIT/'],
      ['1.1.0', ['4.17.21'], '/licenses/MIT/'],
      ['1.0.0', ['4.17.20'], '/licenses/MIT/'],
    ]);
  });

  it('show a license with the releases and components under it', () => {
    const view = toLicensePageView(pub, 'GPL-3.0-only');
    expect(view.spdx).toBe('https://spdx.org/licenses/GPL-3.0-only.html');
    expect(view.releases.map((r) => [r.version, r.components.map((c) => c.name)])).toEqual([
      ['1.2.0+build.5', ['graphlib']],
      ['1.1.0', ['graphlib']],
    ]);
  });

  it('show, for the internal audience only, where the releases that carry a vulnerability run', () => {
    expect(getVulnerabilityPaths(pub).map((p) => p.params.vulnerability)).not.toContain('CVE-2099-0001');
    const internal = toVulnerabilityPageView(int, 'CVE-2021-23337');
    // 1.1.0 runs in production; staging last took a build no release names.
    expect(internal.releases.map((r) => [r.version, r.runningIn, r.deployedTo])).toEqual([
      ['1.1.0', ['production'], ['production', 'staging']],
      ['1.0.0', [], ['production', 'staging']],
    ]);
    const pubView = toVulnerabilityPageView(pub, 'CVE-2021-23337');
    expect(pubView.releases.every((r) => r.runningIn === null && r.deployedTo === null)).toBe(true);
    expect(pubView.releases[0]!.affects[0]).toMatchObject({ label: 'lodash 4.17.21' });
  });
});
