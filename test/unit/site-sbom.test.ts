// Bills of materials on the site: the sboms collection, the portal's join, what each audience
// sees, and the view models of the release section, the component page, the notice and the JSON.
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AcceptedSbom, Component, Sbom } from '../../src/schemas/index.ts';
import { toApiRelease } from '../../src/lib/api/api.ts';
import { DataError } from '../../src/errors/index.ts';
import { listRecordFiles } from '../../src/lib/model/record-files.ts';
import { readDataFolder, readSbomOriginal } from '../../src/lib/model/data-folder.ts';
import { buildPortal, type PortalInput } from '../../src/lib/model/portal.ts';
import { hiddenComponentKeys, toAudienceSbom } from '../../src/core/sbom/audience.ts';
import { toApiSbom } from '../../src/lib/api/release-sbom.ts';
import { formatComponentName } from '../../src/lib/sbom/component-names.ts';
import { spdxLicenseUrl, toNoticeView } from '../../src/lib/sbom/notice-page.ts';
import { getSbomPaths } from '../../src/lib/sbom/routes.ts';
import { formatDiffSummary, toSbomDiffView } from '../../src/lib/sbom/sbom-diff.ts';
import { NO_LICENSE, NO_SCOPE, toSbomPageView } from '../../src/lib/sbom/sbom-page.ts';
import { formatSbomSummary, RELEASE_DIFF_LIMIT, toSbomSectionView } from '../../src/lib/sbom/sbom-section.ts';
import { advisoryUrl } from '../../src/lib/sbom/vulnerabilities.ts';
import { makePaths } from '../../src/lib/model/urls.ts';
import { getSbomDownloadPaths } from '../../src/lib/sbom/sbom-download.ts';

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
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
const accepted = <S extends Sbom>(s: S | null | undefined): Extract<S, AcceptedSbom> => {
  if (s?.status !== 'accepted') throw new Error('expected an accepted SBOM');
  return s as Extract<S, AcceptedSbom>;
};
const raw = (project: string, slug: string) =>
  data.sboms.find((s) => s.project === project && s.version.replace(/\+/g, '_') === slug)!;

describe('the sboms collection', () => {
  it('reads sboms/<project>/<slug>.json and leaves the originals beside them out', () => {
    expect(listRecordFiles('sboms', SAMPLE).map((r) => r.id)).toEqual([
      'api/1.0.0',
      'api/1.1.0',
      'api/1.2.0_build.5',
      'web/1.3rc1',
    ]);
    expect(data.sboms.map((s) => `${s.project} ${s.version} ${s.status}`)).toEqual([
      'api 1.0.0 accepted',
      'api 1.1.0 accepted',
      'api 1.2.0+build.5 accepted',
      'web 1.3rc1 rejected',
    ]);
  });

  describe('fails loudly, naming the file', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'waybill-sbom-'));
      cpSync(SAMPLE, dir, { recursive: true });
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));
    const failure = (): string => {
      try {
        readDataFolder(dir);
      } catch (error) {
        expect(error).toBeInstanceOf(DataError);
        return (error as Error).message;
      }
      throw new Error('expected a DataError');
    };
    const edit = (relative: string, change: (json: Record<string, any>) => void) => {
      const file = join(dir, relative);
      const json = JSON.parse(readFileSync(file, 'utf8'));
      change(json);
      writeFileSync(file, JSON.stringify(json, null, 2) + '\n');
    };

    it('on a record that does not match the schema', () => {
      edit('sboms/api/1.0.0.json', (j) => {
        j.componentCount = -1;
      });
      expect(failure()).toMatch(/sboms\/api\/1\.0\.0\.json \(1 problem\):\n {2}at \/componentCount:/);
    });

    it('on a record in the wrong place', () => {
      edit('sboms/api/1.0.0.json', (j) => {
        j.version = '1.0.1';
      });
      expect(failure()).toMatch(
        /sboms\/api\/1\.0\.0\.json:\n {2}at \/version: expected "a version whose slug is 1\.0\.0"/,
      );
      edit('sboms/api/1.0.0.json', (j) => {
        j.version = '1.0.0';
        j.project = 'web';
      });
      expect(failure()).toMatch(/at \/project: expected "api" \(the file is in sboms\/api\/\), found "web"/);
    });

    it('on an accepted record without its original, or an original changed after the harvest', () => {
      unlinkSync(join(dir, 'sboms/api/1.0.0.original.json'));
      expect(failure()).toMatch(
        /the SBOM of api 1\.0\.0 has no original document: .*sboms\/api\/1\.0\.0\.original\.json is missing/,
      );
      writeFileSync(join(dir, 'sboms/api/1.0.0.original.json'), '{}\n');
      expect(failure()).toMatch(
        /sboms\/api\/1\.0\.0\.original\.json has SHA-256 [0-9a-f]{64}, but its record says 0bb8cfd6.*the file changed after the harvest/s,
      );
    });

    it('serves the original as bytes once its digest matches', () => {
      const sbom = accepted(raw('api', '1.0.0'));
      expect(
        readSbomOriginal(SAMPLE, sbom).equals(readFileSync(join(SAMPLE, 'sboms/api/1.0.0.original.json'))),
      ).toBe(true);
    });
  });

  it('fails the portal on an SBOM of a release or project that does not exist', () => {
    const stray = { ...raw('api', '1.0.0'), version: '9.9.9' } as Sbom;
    expect(() => buildPortal(input({ sboms: [...data.sboms, stray] }))).toThrow(
      /sboms\/api\/9\.9\.9\.json:\n {2}at \/version: "9\.9\.9" is not the version of any file in releases\/api\//,
    );
    const lost = { ...raw('api', '1.0.0'), project: 'gone' } as Sbom;
    expect(() => buildPortal(input({ sboms: [lost] }))).toThrow(
      /sboms\/gone\/1\.0\.0\.json:\n {2}at \/project: "gone" is not a project listed in site\.json/,
    );
  });
});

describe('the portal joins each release with its SBOM', () => {
  it('by slug; null for a release without one', () => {
    const api = int.project('api')!;
    expect(api.sbom('1.2.0_build.5')?.status).toBe('accepted');
    expect(api.sbom('1.1.0-rc.1')).toBeNull();
    expect(int.project('web')!.sbom('1.3rc1')?.status).toBe('rejected');
  });

  it('internal: the record as harvested, its original published', () => {
    const s = accepted(int.project('api')!.sbom('1.1.0'));
    expect(s).toEqual({ ...raw('api', '1.1.0'), originalPublished: true });
  });

  it('public: no internal component, nothing that names one, counts of what is left, no e-mail address', () => {
    const s = accepted(pub.project('api')!.sbom('1.1.0'));
    expect(s.components.map((c) => c.name)).not.toContain('acme-billing');
    expect(s.componentCount).toBe(9);
    expect(s.licenseSummary.map((l) => l.license)).not.toContain('Proprietary (ask legal@acme.example)');
    expect(s.licenseSummary[0]).toEqual({ license: 'MIT', count: 6 });
    expect(s.diff.added.map((a) => a.name)).toEqual(['evil<script>alert(8)</script>', 'log4j-core']);
    // CVE-2099-0001 affects only the internal billing module: not a word about it.
    expect(s.vulnerabilities.map((v) => v.id)).toEqual(['CVE-2021-23337', 'CVE-2021-44228']);
    expect(s.diff.vulnerabilitiesIntroduced).toEqual(['CVE-2021-44228']);
    // The original lists authors, properties and the internal component: never the public's.
    expect(s.originalPublished).toBe(false);
    expect(JSON.stringify(s)).not.toMatch(/billing|CVE-2099/);
    expect(JSON.stringify(s)).not.toMatch(EMAIL);
    // The next release removed the internal component and fixed its vulnerability: hidden there too.
    const next = accepted(pub.project('api')!.sbom('1.2.0_build.5'));
    expect(next.diff.removed.map((r) => r.name)).toEqual([
      'avvio',
      'evil<script>alert(8)</script>',
      'find-my-way',
    ]);
    expect(next.diff.vulnerabilitiesFixed).toEqual(['CVE-2021-44228']);
    expect(accepted(pub.project('api')!.sbom('1.0.0')).originalPublished).toBe(false);
  });

  it('public: hides what is nested in an internal component, and redacts rejection messages', () => {
    const base = accepted(raw('api', '1.0.0'));
    const c = (key: string, parent: string | null, internal = false): Component => ({
      key,
      name: key,
      version: '1',
      purl: null,
      type: 'library',
      scope: null,
      licenses: [],
      hashes: [],
      parent,
      internal,
    });
    const components = [c('a', null, true), c('b', 'a'), c('c', 'b'), c('d', null), c('e', 'd')];
    expect([...hiddenComponentKeys(components)].sort()).toEqual(['a', 'b', 'c']);
    // A parent chain that loops hides nothing by itself.
    expect(hiddenComponentKeys([c('x', 'y'), c('y', 'x')]).size).toBe(0);
    const s = toAudienceSbom({ ...base, components, componentCount: 5 }, 'public', null);
    expect(accepted(s).components.map((x) => x.key)).toEqual(['d', 'e']);
    expect(accepted(s).componentCount).toBe(2);
    // Diff entries are keyed by identity (purl without version): matched by name and version.
    const diff = {
      ...base.diff,
      against: '0.9.0',
      added: [
        { key: 'a', name: 'a', version: '1' },
        { key: 'd', name: 'd', version: '1' },
      ],
      licenseChanged: [{ key: 'b', name: 'b', from: [], to: ['MIT'] }],
    };
    const filtered = accepted(
      toAudienceSbom({ ...base, components, componentCount: 5, diff }, 'public', null),
    );
    expect(filtered.diff.added.map((e) => e.name)).toEqual(['d']);
    expect(filtered.diff.licenseChanged).toEqual([]);
    // An internal fork named like a public package hides only its own version.
    const twins = [c('lodash', null), { ...c('lodash-fork', null, true), name: 'lodash', version: '9' }];
    const both = accepted(
      toAudienceSbom(
        {
          ...base,
          components: twins,
          componentCount: 2,
          diff: {
            ...diff,
            added: [
              { key: 'x', name: 'lodash', version: '1' },
              { key: 'x', name: 'lodash', version: '9' },
            ],
            licenseChanged: [{ key: 'x', name: 'lodash', from: [], to: [] }],
          },
        },
        'public',
        null,
      ),
    );
    expect(both.diff.added.map((e) => e.version)).toEqual(['1']);
    expect(both.diff.licenseChanged).toHaveLength(1);
    const rejected = toAudienceSbom(raw('web', '1.3rc1'), 'public', null);
    expect(JSON.stringify(rejected)).not.toMatch(EMAIL);
    expect(JSON.stringify(rejected)).toContain('[email hidden]');
  });
});

describe('the release page section', () => {
  const api = pub.project('api')!;
  const view = (slug: string) => toSbomSectionView(pub, api, api.release(slug)!);

  it('leads with counts, then the diff against the previous release, new vulnerabilities first', () => {
    const v = view('1.1.0');
    if (v?.status !== 'accepted') throw new Error('expected accepted');
    expect(v.summary).toBe('9 components under 5 licenses; 2 known vulnerabilities, 1 open');
    expect(v.format).toBe('CycloneDX 1.5');
    expect(v.diff?.against).toEqual({ version: '1.0.0', url: '/projects/api/1.0.0/' });
    expect(v.diff?.summary).toBe(
      '2 added, 1 removed, 3 upgraded, 1 downgraded, 1 license changed; 1 vulnerability introduced, 1 fixed',
    );
    expect(v.diff?.groups.map((g) => [g.key, g.items.map((i) => `${i.name} ${i.detail}`)])).toEqual([
      ['introduced', ['CVE-2021-44228 critical in log4j-core 2.14.1']],
      ['added', ['evil<script>alert(8)</script> 1.0.0', 'log4j-core 2.14.1']],
      ['removed', ['left-pad 1.3.0']],
      ['upgraded', ['avvio 8.3.0 → 8.3.2', 'fastify 4.26.0 → 4.28.1', 'lodash 4.17.20 → 4.17.21']],
      ['downgraded', ['undici 6.6.0 → 6.5.0']],
      ['licenseChanged', ['graphlib MIT → GPL-3.0-only']],
      // A fixed vulnerability is described from the previous release's SBOM, where it was.
      ['fixed', ['CVE-2021-23337 high in lodash 4.17.20']],
    ]);
    expect(v.vulnerabilities.map((x) => [x.id, x.severity, x.state, x.open, x.url])).toEqual([
      ['CVE-2021-44228', 'critical', 'Exploitable', true, 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228'],
      ['CVE-2021-23337', 'high', 'Resolved', false, 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337'],
    ]);
    expect(v.links).toEqual({
      components: '/projects/api/1.1.0/sbom/',
      notice: '/projects/api/1.1.0/notice/',
      download: {
        url: '/projects/api/1.1.0/sbom/api-1.1.0.cdx.json',
        filename: 'api-1.1.0.cdx.json',
        format: 'CycloneDX 1.6',
        normalized: true,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(view('1.0.0')).toMatchObject({ diff: null });
    // Internal: the original, with the digest the evidence records.
    const api = int.project('api')!;
    expect(toSbomSectionView(int, api, api.release('1.1.0')!)).toMatchObject({
      links: {
        download: {
          url: '/projects/api/1.1.0/sbom/api-1.1.0.cdx.json',
          format: 'CycloneDX 1.5',
          normalized: false,
          sha256: (raw('api', '1.1.0') as AcceptedSbom).sha256,
        },
      },
    });
  });

  it('says "rejected" with every problem, and nothing without an SBOM', () => {
    const web = pub.project('web')!;
    expect(toSbomSectionView(pub, web, web.release('1.3rc1')!)).toMatchObject({
      status: 'rejected',
      source: 'sboms/web-1.3rc1.cdx.json',
      problems: [{ pointer: '/components/3/licenses/0' }, { pointer: '/metadata/authors/0/email' }],
    });
    expect(view('1.1.0-rc.1')).toBeNull();
  });

  it('caps each diff group and says how many more there are', () => {
    const base = accepted(raw('api', '1.1.0'));
    const added = Array.from({ length: 60 }, (_, i) => ({
      key: `k${i}`,
      name: `dep-${i}`,
      version: '1.0.0',
    }));
    const diff = toSbomDiffView({ ...base, diff: { ...base.diff, added } }, null, null, RELEASE_DIFF_LIMIT)!;
    const group = diff.groups.find((g) => g.key === 'added')!;
    expect([group.total, group.items.length, group.more]).toEqual([60, 25, 35]);
    expect(diff.groups.find((g) => g.key === 'fixed')!.items[0]).toEqual({
      name: 'CVE-2021-23337',
      detail: '',
      url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337',
    });
  });

  it('summarizes counts and diffs in words', () => {
    expect(
      formatSbomSummary({
        componentCount: 1,
        licenseSummary: [{ license: 'MIT', count: 1 }],
        vulnerabilities: [],
      }),
    ).toBe('1 component under 1 license; no known vulnerabilities');
    const resolved = { id: 'CVE-1', severity: 'low', state: 'resolved', affects: [], description: null };
    expect(formatSbomSummary({ componentCount: 2, licenseSummary: [], vulnerabilities: [resolved] })).toBe(
      '2 components under 0 licenses; 1 known vulnerability, none open',
    );
    const none = {
      against: '1',
      added: [],
      removed: [],
      upgraded: [],
      downgraded: [],
      licenseChanged: [],
      vulnerabilitiesIntroduced: [],
      vulnerabilitiesFixed: [],
    };
    expect(formatDiffSummary(none)).toBe('No changes');
    expect(formatDiffSummary({ ...none, vulnerabilitiesFixed: ['a', 'b'] })).toBe('2 vulnerabilities fixed');
  });
});

describe('the SBOM page', () => {
  const api = pub.project('api')!;
  const page = toSbomPageView(pub, api, api.release('1.1.0')!);

  it('has one row per visible component, sorted as the record, with nesting and open vulnerabilities', () => {
    expect(page.rows.map((r) => r.name)).toEqual([
      'avvio',
      'evil<script>alert(8)</script>',
      'fastify',
      'find-my-way',
      'graphlib',
      'lodash',
      'log4j-core',
      'pino',
      'undici',
    ]);
    expect(page.rows[0]).toEqual({
      name: 'avvio',
      version: '8.3.2',
      type: 'library',
      scope: 'required',
      licenses: ['MIT'],
      purl: 'pkg:npm/avvio@8.3.2',
      parent: 'fastify 4.28.1',
      vulnerabilities: [],
    });
    expect(page.rows[1]).toMatchObject({
      scope: NO_SCOPE,
      licenses: ['<img src=x onerror=alert(9)>', 'MIT OR Apache-2.0'],
    });
    expect(page.rows.find((r) => r.name === 'log4j-core')!.vulnerabilities).toEqual(['CVE-2021-44228']);
    // Resolved is not open: lodash carries no marker.
    expect(page.rows.find((r) => r.name === 'lodash')!.vulnerabilities).toEqual([]);
  });

  it('offers the distinct types, scopes and licenses as filters', () => {
    expect(page.filters).toEqual({
      types: ['library'],
      scopes: ['required', NO_SCOPE],
      licenses: ['<img src=x onerror=alert(9)>', 'Apache-2.0', 'GPL-3.0-only', 'MIT', 'MIT OR Apache-2.0'],
    });
  });

  it('is found by search as a bill of materials (not a change type), filtered by project and major line', () => {
    expect(page.search).toEqual({
      project: 'Acme API',
      major: '1.x',
      types: [],
      kinds: ['Bills of materials'],
      version: '1.1.0',
      date: '2026-02-12T14:30:00+01:00',
      title: 'Acme API 1.1.0: bill of materials',
    });
  });

  it('shows the whole diff (no cap) and the vulnerabilities', () => {
    expect(page.diff?.groups.every((g) => g.more === 0)).toBe(true);
    expect(page.vulnerabilities).toHaveLength(2);
  });

  it('marks a component without a license', () => {
    const base = accepted(raw('api', '1.0.0'));
    const bare = { ...base, components: [{ ...base.components[0]!, licenses: [] }], componentCount: 1 };
    const portal = buildPortal(input({ sboms: [bare] }));
    const entry = portal.project('api')!;
    expect(toSbomPageView(portal, entry, entry.release('1.0.0')!).rows[0]!.licenses).toEqual([NO_LICENSE]);
    expect(toNoticeView(portal, entry, entry.release('1.0.0')!).unlicensed).toEqual(['avvio 8.3.0']);
  });

  it('refuses a release without an accepted SBOM', () => {
    const web = pub.project('web')!;
    expect(() => toSbomPageView(pub, web, web.release('1.3rc1')!)).toThrow(/has no accepted SBOM/);
  });
});

describe('the license notice', () => {
  it('lists each license with its components, SPDX ids linked', () => {
    const api = pub.project('api')!;
    const notice = toNoticeView(pub, api, api.release('1.1.0')!);
    expect(notice.groups.map((g) => [g.license, g.url, g.components])).toEqual([
      ['<img src=x onerror=alert(9)>', null, ['evil<script>alert(8)</script> 1.0.0']],
      ['Apache-2.0', 'https://spdx.org/licenses/Apache-2.0.html', ['log4j-core 2.14.1']],
      ['GPL-3.0-only', 'https://spdx.org/licenses/GPL-3.0-only.html', ['graphlib 2.1.8']],
      [
        'MIT',
        'https://spdx.org/licenses/MIT.html',
        [
          'avvio 8.3.2',
          'fastify 4.28.1',
          'find-my-way 8.1.0',
          'lodash 4.17.21',
          'pino 8.19.0',
          'undici 6.5.0',
        ],
      ],
      ['MIT OR Apache-2.0', null, ['evil<script>alert(8)</script> 1.0.0']],
    ]);
  });

  it('links only plain SPDX ids, never free text', () => {
    expect(spdxLicenseUrl({ kind: 'id', value: 'GPL-2.0+' })).toBe('https://spdx.org/licenses/GPL-2.0.html');
    expect(spdxLicenseUrl({ kind: 'id', value: 'LicenseRef-acme' })).toBeNull();
    expect(spdxLicenseUrl({ kind: 'id', value: 'javascript:alert(1)' })).toBeNull();
    expect(spdxLicenseUrl({ kind: 'name', value: 'MIT' })).toBeNull();
    expect(spdxLicenseUrl({ kind: 'expression', value: 'MIT OR Apache-2.0' })).toBeNull();
  });
});

describe('component names', () => {
  it('put an npm scope back in front of the name, as npm writes it', () => {
    expect(formatComponentName('protocol', 'pkg:npm/%40acme/protocol@2.0.0')).toBe('@acme/protocol');
    expect(formatComponentName('protocol', 'pkg:npm/%40acme/protocol')).toBe('@acme/protocol');
    expect(formatComponentName('@acme/protocol', 'pkg:npm/%40acme/protocol@2.0.0')).toBe('@acme/protocol');
    expect(formatComponentName('log4j-core', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1')).toBe(
      'log4j-core',
    );
    expect(formatComponentName('ws', 'pkg:npm/ws@8.18.0')).toBe('ws');
    expect(formatComponentName('ws', null)).toBe('ws');
    expect(formatComponentName('x', 'pkg:npm/%E0%A4%A/x@1')).toBe('x');
  });
});

describe('advisory links', () => {
  it('only for CVE and GHSA identifiers', () => {
    expect(advisoryUrl('GHSA-jfh8-c2jp-5v3q')).toBe('https://github.com/advisories/GHSA-jfh8-c2jp-5v3q');
    expect(advisoryUrl('CVE-2021-44228')).toBe('https://nvd.nist.gov/vuln/detail/CVE-2021-44228');
    expect(advisoryUrl('SNYK-JS-LODASH-1040724')).toBeNull();
    expect(advisoryUrl('CVE-2021-44228"><script>')).toBeNull();
  });
});

describe('the sbom field of the release JSON', () => {
  it('accepted: the contract fields, public components without internal ones, the original URL when it may be had', () => {
    const api = pub.project('api')!;
    const json = toApiRelease(pub, api.release('1.1.0')!).sbom!;
    expect(Object.keys(json)).toEqual([
      'status',
      'format',
      'specVersion',
      'sha256',
      'componentCount',
      'components',
      'diff',
      'licenseSummary',
      'vulnerabilities',
      'original',
      'download',
    ]);
    if (json.status !== 'accepted') throw new Error('expected accepted');
    expect(json.componentCount).toBe(json.components.length);
    expect(json.components.some((c) => c.internal)).toBe(false);
    // The public never gets the original: it downloads the document made from this record.
    expect(json.original).toBeNull();
    expect(json.download).toMatchObject({
      url: 'https://releases.acme.example/projects/api/1.1.0/sbom/api-1.1.0.cdx.json',
      format: 'CycloneDX 1.6',
      normalized: true,
    });
    expect(toApiRelease(pub, api.release('1.0.0')!).sbom).toMatchObject({ original: null });
    const internal = toApiRelease(int, int.project('api')!.release('1.1.0')!).sbom;
    expect(internal).toMatchObject({
      componentCount: 10,
      original: 'https://releases.acme.example/projects/api/1.1.0/sbom/api-1.1.0.cdx.json',
      download: {
        url: 'https://releases.acme.example/projects/api/1.1.0/sbom/api-1.1.0.cdx.json',
        normalized: false,
      },
    });
  });

  it('rejected: the status and every problem; null without an SBOM', () => {
    const web = pub.project('web')!;
    expect(toApiRelease(pub, web.release('1.3rc1')!).sbom).toEqual({
      status: 'rejected',
      problems: [
        {
          pointer: '/components/3/licenses/0',
          message: 'expected an object with "license" or "expression", found a string "MIT"',
        },
        {
          pointer: '/metadata/authors/0/email',
          message: 'must match format "email", found "[email hidden] <b>x</b>"',
        },
      ],
    });
    expect(toApiRelease(pub, pub.project('api')!.release('1.1.0-rc.1')!).sbom).toBeNull();
    const entry = pub.project('api')!;
    expect(toApiSbom(pub, entry, entry.release('1.1.0-rc.1')!, (p) => p)).toBeNull();
  });
});

describe('routes and URLs', () => {
  it('an SBOM page, a notice and a download per accepted SBOM: the original only for the internal audience', () => {
    const ids = (ps: { params: object }[]) => ps.map((p) => Object.values(p.params).join('/'));
    expect(ids(getSbomPaths(pub))).toEqual(['api/1.2.0_build.5', 'api/1.1.0', 'api/1.0.0']);
    // Public: CycloneDX documents made from the record, whatever the original's format.
    expect(ids(getSbomDownloadPaths(pub))).toEqual([
      'api/1.2.0_build.5/api-1.2.0_build.5.cdx.json',
      'api/1.1.0/api-1.1.0.cdx.json',
      'api/1.0.0/api-1.0.0.cdx.json',
    ]);
    expect(ids(getSbomDownloadPaths(int))).toEqual([
      'api/1.2.0_build.5/api-1.2.0_build.5.spdx.json',
      'api/1.1.0/api-1.1.0.cdx.json',
      'api/1.0.0/api-1.0.0.cdx.json',
    ]);
  });

  it('live under the release, with the base', () => {
    const paths = makePaths('/docs');
    expect(paths.sbom('api', '1.2.0_build.5')).toBe('/docs/projects/api/1.2.0_build.5/sbom/');
    expect(paths.notice('api', '1.0.0')).toBe('/docs/projects/api/1.0.0/notice/');
    expect(paths.sbomOriginal('api', '1.0.0', 'CycloneDX')).toBe(
      '/docs/projects/api/1.0.0/sbom/api-1.0.0.cdx.json',
    );
    expect(paths.sbomOriginal('api', '1.0.0', 'SPDX')).toBe(
      '/docs/projects/api/1.0.0/sbom/api-1.0.0.spdx.json',
    );
  });
});
