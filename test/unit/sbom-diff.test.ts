import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  detectSbom,
  diffSboms,
  identityOf,
  normalizeSbom,
  type NormalizedBom,
} from '../../src/core/sbom/index.ts';
import { SbomDiffSchema, type Component, type Vulnerability } from '../../src/schemas/sbom.ts';

const pairs = resolve(import.meta.dirname, '../fixtures/sbom/pairs');

function load(file: string): NormalizedBom {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const kind = detectSbom(json);
  if (!kind.ok) throw new Error(`${file}: ${kind.message}`);
  return normalizeSbom(json, kind);
}

// Golden pairs (test/fixtures/sbom/pairs/<behaviour>/): previous.*, current.*, expected-diff.json.
describe.each(readdirSync(pairs).sort())('hand-made pair %s', (name) => {
  const dir = join(pairs, name);
  const files = readdirSync(dir);
  const previous = load(
    join(
      dir,
      files.find((f) => f.startsWith('previous.'))!,
    ),
  );
  const current = load(
    join(
      dir,
      files.find((f) => f.startsWith('current.'))!,
    ),
  );
  const expected = SbomDiffSchema.parse(JSON.parse(readFileSync(join(dir, 'expected-diff.json'), 'utf8')));

  it('diffs as expected-diff.json says', () => {
    expect(diffSboms(previous, current, expected.against)).toEqual(expected);
  });

  it('gives the same diff whatever order the documents list their components in', () => {
    const shuffled = (b: NormalizedBom): NormalizedBom => ({
      ...b,
      components: [...b.components].reverse(),
      vulnerabilities: [...b.vulnerabilities].reverse(),
    });
    expect(diffSboms(shuffled(previous), shuffled(current), expected.against)).toEqual(expected);
  });
});

const component = (name: string, version: string | null, extra: Partial<Component> = {}): Component => {
  const purl = extra.purl === undefined ? `pkg:npm/${name}${version ? `@${version}` : ''}` : extra.purl;
  return {
    key: purl ?? `library:${name}${version ? `@${version}` : ''}`,
    name,
    version,
    purl,
    type: 'library',
    scope: null,
    licenses: [],
    hashes: [],
    parent: null,
    internal: false,
    ...extra,
  };
};
const bom = (components: Component[], vulnerabilities: Vulnerability[] = []): NormalizedBom => ({
  format: 'CycloneDX',
  specVersion: '1.6',
  componentCount: components.length,
  components,
  vulnerabilities,
});
const vuln = (id: string, state: string | null = null): Vulnerability => ({
  id,
  severity: 'high',
  state,
  affects: [],
  description: null,
});

describe('diffSboms', () => {
  it('is empty against nothing: the first SBOM of a project has no diff', () => {
    expect(diffSboms(null, bom([component('a', '1.0.0')], [vuln('CVE-1')]), '1.0.0')).toEqual({
      against: null,
      added: [],
      removed: [],
      upgraded: [],
      downgraded: [],
      licenseChanged: [],
      vulnerabilitiesIntroduced: [],
      vulnerabilitiesFixed: [],
    });
  });

  it('is empty between a document and itself', () => {
    const b = bom([component('a', '1.0.0'), component('b', null, { purl: null })], [vuln('CVE-1')]);
    expect(diffSboms(b, b, 'x')).toMatchObject({
      added: [],
      removed: [],
      upgraded: [],
      downgraded: [],
      licenseChanged: [],
      vulnerabilitiesIntroduced: [],
      vulnerabilitiesFixed: [],
    });
  });

  it('pairs several versions of one package lowest with lowest; unchanged versions stay out', () => {
    const d = diffSboms(
      bom([component('ms', '2.0.0'), component('ms', '2.1.2'), component('debug', '4.3.4')]),
      bom([component('ms', '2.1.2'), component('ms', '2.1.3'), component('ms', '3.0.0')]),
    );
    expect(d.upgraded).toEqual([{ key: 'pkg:npm/ms', name: 'ms', from: '2.0.0', to: '2.1.3' }]);
    expect(d.added).toEqual([{ key: 'pkg:npm/ms', name: 'ms', version: '3.0.0' }]);
    expect(d.removed).toEqual([{ key: 'pkg:npm/debug', name: 'debug', version: '4.3.4' }]);
  });

  it('compares versions by version order, not as text', () => {
    const d = diffSboms(
      bom([component('a', '1.9.0'), component('b', '2.0.0-rc.10')]),
      bom([component('a', '1.10.0'), component('b', '2.0.0-rc.2')]),
    );
    expect(d.upgraded.map((u) => u.name)).toEqual(['a']);
    expect(d.downgraded.map((u) => u.name)).toEqual(['b']);
  });

  it('keys components without a purl by type and name, and never orders a missing version', () => {
    const noPurl = (name: string, version: string | null, type = 'library') =>
      component(name, version, { purl: null, type, key: `${type}:${name}${version ? `@${version}` : ''}` });
    const d = diffSboms(
      bom([noPurl('blob', '1'), noPurl('tool', null), noPurl('fw', '1', 'firmware')]),
      bom([noPurl('blob', '2'), noPurl('tool', '1.0'), noPurl('fw', '1', 'library')]),
    );
    expect(d.upgraded).toEqual([{ key: 'library:blob', name: 'blob', from: '1', to: '2' }]);
    // Same name, different type: another component.
    expect(d.added).toEqual([
      { key: 'library:fw', name: 'fw', version: '1' },
      { key: 'library:tool', name: 'tool', version: '1.0' },
    ]);
    expect(d.removed).toEqual([
      { key: 'firmware:fw', name: 'fw', version: '1' },
      { key: 'library:tool', name: 'tool', version: null },
    ]);
  });

  it('reports a license change on an unchanged version and on an upgrade, as sorted license values', () => {
    const lic = (...values: string[]) => ({
      licenses: values.map((value) => ({ kind: 'expression' as const, value })),
    });
    const d = diffSboms(
      bom([
        component('a', '1.0.0', lic('MIT')),
        component('b', '1.0.0', lic('MIT', 'Apache-2.0')),
        component('c', '1.0.0', lic('ISC')),
      ]),
      bom([
        component('a', '1.0.0', lic('Apache-2.0')),
        component('b', '2.0.0', lic('Apache-2.0', 'MIT')),
        component('c', '2.0.0', lic('MIT')),
      ]),
    );
    expect(d.licenseChanged).toEqual([
      { key: 'pkg:npm/a', name: 'a', from: ['MIT'], to: ['Apache-2.0'] },
      { key: 'pkg:npm/c', name: 'c', from: ['ISC'], to: ['MIT'] },
    ]);
  });

  it('calls a vulnerability fixed when it disappears or its VEX state says it no longer applies', () => {
    const d = diffSboms(
      bom(
        [],
        [
          vuln('GONE'),
          vuln('RESOLVED', 'in_triage'),
          vuln('NOT-AFFECTED'),
          vuln('FALSE-POSITIVE', 'exploitable'),
          vuln('STILL', 'exploitable'),
          vuln('WAS-RESOLVED', 'resolved'),
        ],
      ),
      bom(
        [],
        [
          vuln('RESOLVED', 'resolved'),
          vuln('NOT-AFFECTED', 'not_affected'),
          vuln('FALSE-POSITIVE', 'false_positive'),
          vuln('STILL', 'in_triage'),
          vuln('WAS-RESOLVED', 'exploitable'),
          vuln('NEW'),
        ],
      ),
    );
    expect(d.vulnerabilitiesFixed).toEqual(['FALSE-POSITIVE', 'GONE', 'NOT-AFFECTED', 'RESOLVED']);
    expect(d.vulnerabilitiesIntroduced).toEqual(['NEW', 'WAS-RESOLVED']);
  });
});

describe('component identity across releases', () => {
  it('is the purl without version and without location qualifiers', () => {
    const id = (purl: string) => identityOf({ purl, key: purl, version: null });
    expect(id('pkg:npm/%40angular/core@17.0.0')).toBe('pkg:npm/%40angular/core');
    expect(id('pkg:npm/@angular/core@17.0.0')).toBe('pkg:npm/%40angular/core');
    expect(id('pkg:maven/org.acme/lib@1.0?classifier=sources&download_url=https%3A%2F%2Fx')).toBe(
      'pkg:maven/org.acme/lib?classifier=sources',
    );
    expect(id('pkg:deb/debian/curl@7.88.1-10?arch=amd64&distro=debian-12')).toBe(
      'pkg:deb/debian/curl?arch=amd64',
    );
    expect(id('PKG:PyPI/Django_Rest@3.0')).toBe('pkg:pypi/django-rest');
    // Not a purl the parser accepts: only the version goes.
    expect(id('npm:left-pad@1.3.0')).toBe('npm:left-pad');
  });
});
