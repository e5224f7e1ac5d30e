// The demo's SBOMs (src/demo/sboms.ts): valid CycloneDX 1.5 by the official schema, the same
// bytes on every run, and between sdk 1.4.0 and 2.0.0 the changes the release page is meant to
// show: an upgrade, a removal, a license change and a fixed vulnerability.
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { buildDemoConfig } from '../../src/demo/generate.ts';
import { DEMO_FACTS } from '../../src/demo/facts.ts';
import { buildDemoSbom, buildDemoSboms, demoSbomPath, npmPurl } from '../../src/demo/sboms.ts';

type Bom = {
  components: Comp[];
  vulnerabilities?: { id: string; analysis: { state: string }; affects: { ref: string }[] }[];
  metadata: { timestamp: string };
};
type Comp = {
  name: string;
  group?: string;
  version: string;
  purl: string;
  licenses: ({ license: { id: string } } | { expression: string })[];
  components?: Comp[];
};

const flatten = (cs: Comp[]): Comp[] => cs.flatMap((c) => [c, ...flatten(c.components ?? [])]);
const byName = (bom: Bom) =>
  new Map(flatten(bom.components).map((c) => [c.group ? `${c.group}/${c.name}` : c.name, c]));
const license = (c: Comp) =>
  c.licenses.map((l) => ('expression' in l ? l.expression : l.license.id)).join(' ');
const sdk = (version: string) =>
  buildDemoSbom(
    'sdk',
    version,
    DEMO_FACTS.find((p) => p.id === 'sdk')!.releases.find((r) => r.version === version)!.date,
  ) as unknown as Bom;

describe('the demo SBOMs', () => {
  const docs = buildDemoSboms();

  it('one per release of sdk and api, where the config says', () => {
    const expected = DEMO_FACTS.filter((p) => p.id === 'sdk' || p.id === 'api').flatMap((p) =>
      p.releases.map((r) => demoSbomPath(p.id, r.version)),
    );
    expect(docs.map((d) => d.path)).toEqual(expected);
    expect(docs.map((d) => d.path)).toContain('sboms/api-1.3rc1.cdx.json');
    const config = buildDemoConfig('/tmp/demo');
    expect(config.projects.filter((p) => p.sboms).map((p) => [p.id, p.sboms])).toEqual([
      ['sdk', 'sboms/sdk-{version}.cdx.json'],
      ['api', 'sboms/api-{version}.cdx.json'],
    ]);
  });

  it('are valid CycloneDX 1.5 by the official JSON schema', async () => {
    const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot5);
    for (const d of docs) expect(await validator.validate(d.text), d.path).toBeNull();
  });

  it('are the same bytes every time, dated by the release', () => {
    expect(buildDemoSboms()).toEqual(docs);
    expect(sdk('2.0.0').metadata.timestamp).toBe('2026-06-24T08:30:00Z');
  });

  it('hold a few dozen components each, nested ones included, every one with a purl', () => {
    for (const d of docs) {
      const bom = JSON.parse(d.text) as Bom;
      const all = flatten(bom.components);
      expect(all.length, d.path).toBeGreaterThanOrEqual(24);
      expect(all.length, d.path).toBeLessThanOrEqual(60);
      expect(all.length, d.path).toBeGreaterThan(bom.components.length);
      for (const c of all)
        expect(c.purl, `${d.path} ${c.name}`).toBe(
          npmPurl(c.group ? `${c.group}/${c.name}` : c.name, c.version),
        );
      expect(new Set(all.map((c) => c.purl)).size, d.path).toBe(all.length);
    }
  });

  it('sdk 1.4.0 → 2.0.0: an upgrade, a removal, a license change and a fixed vulnerability', () => {
    const before = sdk('1.4.0');
    const after = sdk('2.0.0');
    const a = byName(before);
    const b = byName(after);
    expect([a.get('undici')!.version, b.get('undici')!.version]).toEqual(['5.28.4', '6.19.2']);
    expect(a.has('node-fetch') && a.has('whatwg-url')).toBe(true);
    expect(b.has('node-fetch') || b.has('whatwg-url')).toBe(false);
    expect([license(a.get('@acme/protocol')!), license(b.get('@acme/protocol')!)]).toEqual([
      'Apache-2.0',
      'MIT OR Apache-2.0',
    ]);
    const state = (bom: Bom, id: string) => bom.vulnerabilities?.find((v) => v.id === id)?.analysis.state;
    expect(state(before, 'CVE-2024-28849')).toBe('exploitable');
    expect(state(after, 'CVE-2024-28849')).toBe('resolved');
    expect(after.vulnerabilities!.find((v) => v.id === 'CVE-2024-28849')!.affects).toEqual([
      { ref: 'pkg:npm/follow-redirects@1.15.6' },
    ]);
  });

  it('api 1.3rc1 → 1.3.0: a downgrade that changes the license', () => {
    const date = '2026-03-31T10:30:00+02:00';
    const rc = byName(buildDemoSbom('api', '1.3rc1', date) as unknown as Bom).get('lru-cache')!;
    const final = byName(buildDemoSbom('api', '1.3.0', date) as unknown as Bom).get('lru-cache')!;
    expect([rc.version, license(rc), final.version, license(final)]).toEqual([
      '11.0.2',
      'BlueOak-1.0.0',
      '10.4.3',
      'ISC',
    ]);
  });
});
