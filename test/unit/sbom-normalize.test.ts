import { describe, expect, it } from 'vitest';
import { detectSbom, fromCycloneDx, fromSpdx } from '../../src/core/sbom/index.ts';
import { ComponentSchema, VulnerabilitySchema } from '../../src/schemas/sbom.ts';

const cdx = (extra: Record<string, unknown>) => ({
  bomFormat: 'CycloneDX',
  specVersion: '1.6',
  version: 1,
  ...extra,
});
const spdx = (packages: unknown[]) => ({
  spdxVersion: 'SPDX-2.3',
  dataLicense: 'CC0-1.0',
  SPDXID: 'SPDXRef-DOCUMENT',
  name: 'x',
  documentNamespace: 'https://x.example/x',
  creationInfo: { created: '2026-01-01T00:00:00Z', creators: ['Tool: test'] },
  packages,
});

describe('recognizing an SBOM from its own fields', () => {
  it('recognizes CycloneDX 1.2 to 1.7 and SPDX 2.2 and 2.3', () => {
    for (const v of ['1.2', '1.3', '1.4', '1.5', '1.6', '1.7'])
      expect(detectSbom({ bomFormat: 'CycloneDX', specVersion: v })).toEqual({
        ok: true,
        format: 'CycloneDX',
        specVersion: v,
      });
    expect(detectSbom({ spdxVersion: 'SPDX-2.2' })).toEqual({ ok: true, format: 'SPDX', specVersion: '2.2' });
    expect(detectSbom({ spdxVersion: 'SPDX-2.3' })).toEqual({ ok: true, format: 'SPDX', specVersion: '2.3' });
  });

  it('points at the version field when the format is known but the version is not', () => {
    expect(detectSbom({ bomFormat: 'CycloneDX', specVersion: '2.0' })).toMatchObject({
      ok: false,
      pointer: '/specVersion',
      message: expect.stringContaining('expected one of 1.2, 1.3, 1.4, 1.5, 1.6, 1.7'),
    });
    // A number is not the string the schema asks for.
    expect(detectSbom({ bomFormat: 'CycloneDX', specVersion: 1.6 })).toMatchObject({
      ok: false,
      pointer: '/specVersion',
      message: expect.stringMatching(/^unsupported CycloneDX specVersion 1.6: /),
    });
    expect(detectSbom({ spdxVersion: 'SPDX-2.2.1' })).toMatchObject({
      ok: false,
      pointer: '/spdxVersion',
      message: expect.stringContaining('expected "SPDX-2.2" or "SPDX-2.3"'),
    });
    expect(detectSbom({ bomFormat: 'CycloneDX' })).toMatchObject({
      ok: false,
      pointer: '',
      message: expect.stringContaining('without "specVersion"'),
    });
  });

  it('says what it expected and what it found for anything else', () => {
    expect(detectSbom([1, 2])).toMatchObject({
      ok: false,
      pointer: '',
      message: expect.stringMatching(/^not an SBOM: expected .*; found an array of 2 items$/),
    });
    expect(detectSbom({ bomFormat: 'cyclonedx', specVersion: '1.6' })).toMatchObject({
      ok: false,
      pointer: '',
      message: expect.stringContaining('found "bomFormat": "cyclonedx" and "specVersion": "1.6"'),
    });
    expect(detectSbom({})).toMatchObject({
      ok: false,
      message: expect.stringContaining('found an empty object'),
    });
  });
});

describe('CycloneDX components', () => {
  const bom = fromCycloneDx(
    cdx({
      metadata: {
        component: {
          type: 'application',
          name: 'the-product',
          version: '9.9.9',
          components: [{ type: 'library', name: 'inside-metadata' }],
        },
        tools: { components: [{ type: 'application', name: 'cyclonedx-npm' }] },
      },
      components: [
        {
          type: 'framework',
          'bom-ref': 'outer',
          name: 'outer',
          version: '1.0.0',
          purl: 'pkg:npm/outer@1.0.0',
          scope: 'required',
          hashes: [
            { alg: 'SHA-256', content: 'bb' },
            { alg: 'MD5', content: 'aa' },
          ],
          components: [
            {
              type: 'library',
              'bom-ref': 'inner',
              name: 'inner',
              version: '2.0.0',
              components: [{ type: 'file', name: 'deepest' }],
            },
          ],
        },
        {
          type: 'library',
          group: 'org.acme',
          name: 'Zeta',
          version: '1.0',
          properties: [{ name: 'waybill:internal', value: 'true' }],
        },
        { type: 'library', name: 'alpha', version: '1.10.0' },
        { type: 'library', name: 'alpha', version: '1.9.0' },
      ],
      formulation: [{ components: [{ type: 'application', name: 'build-tool' }] }],
    }),
  );

  it('counts every entry of every components array, nested included, not metadata, tools or formulation', () => {
    expect(bom.componentCount).toBe(6);
    expect(bom.components.map((c) => c.name)).toEqual([
      'alpha',
      'alpha',
      'deepest',
      'inner',
      'outer',
      'Zeta',
    ]);
  });

  it("flattens nested components and keeps the parent's key", () => {
    const byName = Object.fromEntries(bom.components.map((c) => [c.name, c]));
    expect(byName.outer.parent).toBeNull();
    expect(byName.inner.parent).toBe('pkg:npm/outer@1.0.0');
    expect(byName.deepest.parent).toBe('library:inner@2.0.0');
  });

  it('keys by purl, else type, group, name and version', () => {
    expect(bom.components.map((c) => c.key)).toEqual([
      'library:alpha@1.9.0',
      'library:alpha@1.10.0',
      'file:deepest',
      'library:inner@2.0.0',
      'pkg:npm/outer@1.0.0',
      'library:org.acme/Zeta@1.0',
    ]);
  });

  it('sorts by name ignoring case, then by version order (1.9.0 before 1.10.0)', () => {
    expect(bom.components.filter((c) => c.name === 'alpha').map((c) => c.version)).toEqual([
      '1.9.0',
      '1.10.0',
    ]);
  });

  it('keeps type, scope, hashes (sorted) and the internal marker', () => {
    const outer = bom.components.find((c) => c.name === 'outer')!;
    expect(outer).toMatchObject({
      type: 'framework',
      scope: 'required',
      purl: 'pkg:npm/outer@1.0.0',
      internal: false,
    });
    expect(outer.hashes).toEqual([
      { alg: 'MD5', content: 'aa' },
      { alg: 'SHA-256', content: 'bb' },
    ]);
    expect(bom.components.find((c) => c.name === 'Zeta')!.internal).toBe(true);
    expect(bom.components.find((c) => c.name === 'inner')!.scope).toBeNull();
  });

  it('produces records the schema accepts', () => {
    for (const c of bom.components) expect(ComponentSchema.parse(c)).toEqual(c);
  });

  it('counts an empty or missing components array as zero', () => {
    expect(fromCycloneDx(cdx({ components: [] })).componentCount).toBe(0);
    expect(fromCycloneDx(cdx({})).componentCount).toBe(0);
  });
});

describe('CycloneDX licenses', () => {
  const licenses = (choice: unknown[]) =>
    fromCycloneDx(cdx({ components: [{ type: 'library', name: 'x', licenses: choice }] })).components[0]
      .licenses;

  it('reads ids, names and expressions', () => {
    expect(licenses([{ license: { id: 'Apache-2.0' } }, { license: { name: 'Acme EULA' } }])).toEqual([
      { kind: 'id', value: 'Apache-2.0' },
      { kind: 'name', value: 'Acme EULA' },
    ]);
    expect(licenses([{ expression: 'mit  or  apache-2.0' }])).toEqual([
      { kind: 'expression', value: 'MIT OR Apache-2.0' },
    ]);
  });

  it('records a one-license expression as an id and an unparseable one as a name', () => {
    expect(licenses([{ expression: 'MIT' }])).toEqual([{ kind: 'id', value: 'MIT' }]);
    expect(licenses([{ expression: 'Apache 2.0 or whatever' }])).toEqual([
      { kind: 'name', value: 'Apache 2.0 or whatever' },
    ]);
  });

  it('lists a license once however often it is declared', () => {
    expect(licenses([{ license: { id: 'MIT' } }, { license: { id: 'MIT' } }])).toEqual([
      { kind: 'id', value: 'MIT' },
    ]);
  });
});

describe('CycloneDX vulnerabilities', () => {
  const bom = fromCycloneDx(
    cdx({
      components: [
        {
          type: 'library',
          'bom-ref': 'ref-log4j',
          name: 'log4j-core',
          version: '2.14.1',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        },
      ],
      vulnerabilities: [
        {
          id: 'CVE-2021-44228',
          description: 'Log4Shell',
          ratings: [{ severity: 'medium' }, { severity: 'critical' }, { severity: 'high' }],
          affects: [{ ref: 'ref-log4j' }, { ref: 'urn:cdx:elsewhere' }],
          analysis: { state: 'exploitable' },
        },
        { id: 'CVE-2000-0001', ratings: [{ score: 9.8, method: 'CVSSv31' }] },
        { id: 'CVE-2000-0002', ratings: [{ score: 8.0, method: 'CVSSv2' }] },
        { id: 'CVE-2000-0003' },
      ],
    }),
  );

  it('keeps the highest severity, the VEX state and affected components by key', () => {
    expect(bom.vulnerabilities.find((v) => v.id === 'CVE-2021-44228')).toEqual({
      id: 'CVE-2021-44228',
      severity: 'critical',
      state: 'exploitable',
      description: 'Log4Shell',
      affects: ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'urn:cdx:elsewhere'],
    });
  });

  it('derives a severity from a CVSS score without one, else says unknown', () => {
    expect(bom.vulnerabilities.map((v) => [v.id, v.severity, v.state])).toEqual([
      ['CVE-2000-0001', 'critical', null],
      ['CVE-2000-0002', 'high', null],
      ['CVE-2000-0003', 'unknown', null],
      ['CVE-2021-44228', 'critical', 'exploitable'],
    ]);
    for (const v of bom.vulnerabilities) expect(VulnerabilitySchema.parse(v)).toEqual(v);
  });
});

describe('SPDX packages', () => {
  const bom = fromSpdx(
    spdx([
      {
        SPDXID: 'SPDXRef-a',
        name: 'glibc',
        versionInfo: '2.11.1',
        downloadLocation: 'NOASSERTION',
        licenseConcluded: 'lgpl-2.0-only or licenseref-3',
        licenseDeclared: 'NOASSERTION',
        checksums: [
          { algorithm: 'SHA256', checksumValue: 'ab' },
          { algorithm: 'SHA1', checksumValue: 'cd' },
        ],
        externalRefs: [
          {
            referenceCategory: 'SECURITY',
            referenceType: 'cpe23Type',
            referenceLocator: 'cpe:2.3:a:gnu:glibc:2.11.1:*:*:*:*:*:*:*',
          },
          {
            referenceCategory: 'PACKAGE-MANAGER',
            referenceType: 'purl',
            referenceLocator: 'pkg:generic/glibc@2.11.1',
          },
        ],
      },
      {
        SPDXID: 'SPDXRef-b',
        name: 'declared-only',
        versionInfo: '1',
        downloadLocation: 'NOASSERTION',
        licenseConcluded: 'NOASSERTION',
        licenseDeclared: 'MIT',
      },
      {
        SPDXID: 'SPDXRef-c',
        name: 'no-assertion',
        downloadLocation: 'NOASSERTION',
        licenseConcluded: 'NOASSERTION',
        licenseDeclared: 'NOASSERTION',
      },
      {
        SPDXID: 'SPDXRef-d',
        name: 'none',
        versionInfo: '2',
        downloadLocation: 'NOASSERTION',
        licenseConcluded: 'NONE',
        licenseDeclared: 'MIT',
        primaryPackagePurpose: 'OPERATING-SYSTEM',
      },
      { SPDXID: 'SPDXRef-e', name: 'missing', downloadLocation: 'NOASSERTION' },
    ]),
  );
  const byName = Object.fromEntries(bom.components.map((c) => [c.name, c]));

  it('counts every package and reports the bare spec version', () => {
    expect(bom).toMatchObject({ format: 'SPDX', specVersion: '2.3', componentCount: 5, vulnerabilities: [] });
  });

  it('prefers the concluded license, falls back to the declared one on NOASSERTION, and reads NONE as no license', () => {
    expect(byName.glibc.licenses).toEqual([{ kind: 'expression', value: 'LGPL-2.0-only OR LicenseRef-3' }]);
    expect(byName['declared-only'].licenses).toEqual([{ kind: 'id', value: 'MIT' }]);
    expect(byName['no-assertion'].licenses).toEqual([]);
    expect(byName.none.licenses).toEqual([]);
    expect(byName.missing.licenses).toEqual([]);
  });

  it('takes the purl from externalRefs, hashes in CycloneDX spelling, the type from primaryPackagePurpose', () => {
    expect(byName.glibc).toMatchObject({
      key: 'pkg:generic/glibc@2.11.1',
      purl: 'pkg:generic/glibc@2.11.1',
      type: 'library',
      scope: null,
      parent: null,
    });
    expect(byName.glibc.hashes).toEqual([
      { alg: 'SHA-1', content: 'cd' },
      { alg: 'SHA-256', content: 'ab' },
    ]);
    expect(byName.none).toMatchObject({ type: 'operating-system', key: 'operating-system:none@2' });
    expect(byName['no-assertion']).toMatchObject({ version: null, key: 'library:no-assertion' });
    for (const c of bom.components) expect(ComponentSchema.parse(c)).toEqual(c);
  });
});
