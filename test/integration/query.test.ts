// `waybill query component|license` on the harvested demo, checked against the SBOM documents
// themselves (the originals the harvest copied into the data folder, walked component by
// component here), not against the look-up index the command uses.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runQuery } from '../../src/cli/query.ts';
import type { ComponentAnswer, LicenseAnswer } from '../../src/lib/sbom/lookup-query.ts';
import { EPOCH } from '../helpers/site.ts';

const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'waybill-query-'));
const data = join(tmp, 'data');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const waybill = (args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: tmp,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: EPOCH },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

interface Cdx {
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  licenses?: { license?: { id?: string; name?: string }; expression?: string }[];
  components?: Cdx[];
}
/** `project/version` → every component of its original SBOM, nested ones included. */
const scanned = new Map<string, Cdx[]>();
/** The package of a purl: without version and qualifiers, as the purl spec writes it. */
const packageOf = (purl: string) => {
  const p = PackageURL.fromString(purl);
  return new PackageURL(p.type, p.namespace, p.name, undefined, undefined, undefined).toString();
};

beforeAll(() => {
  const h = waybill(['harvest', '--data', data]);
  if (h.code !== 0) throw new Error(`harvest failed:\n${h.out}\n${h.err}`);
  for (const project of readdirSync(join(data, 'sboms'))) {
    for (const file of readdirSync(join(data, 'sboms', project)).filter((f) =>
      f.endsWith('.original.json'),
    )) {
      const doc = JSON.parse(readFileSync(join(data, 'sboms', project, file), 'utf8'));
      const record = JSON.parse(
        readFileSync(join(data, 'sboms', project, file.replace('.original', '')), 'utf8'),
      );
      const all: Cdx[] = [];
      const walk = (cs: Cdx[] = []) => {
        for (const c of cs) {
          all.push(c);
          walk(c.components);
        }
      };
      walk(doc.components);
      scanned.set(`${project}/${record.version}`, all);
    }
  }
}, 300_000);

/** The releases whose SBOM document lists the package, by a scan of the documents. */
const shipping = (pkg: string) =>
  [...scanned]
    .filter(([, cs]) => cs.some((c) => c.purl && packageOf(c.purl) === pkg))
    .map(([release]) => release)
    .sort();
const releasesOf = (a: ComponentAnswer) =>
  a.components.flatMap((c) => c.releases.map((r) => `${r.project}/${r.version}`)).sort();

describe('waybill query component, on the demo', () => {
  it('the scan is of real documents: releases of two projects, dozens of packages, one internal', () => {
    expect(scanned.size).toBeGreaterThan(10);
    expect(new Set([...scanned.keys()].map((k) => k.split('/')[0]))).toEqual(new Set(['sdk', 'api']));
  });

  it('finds, for every package of every SBOM, exactly the releases whose document lists it', () => {
    const packages = new Set(
      [...scanned.values()].flat().flatMap((c) => (c.purl ? [packageOf(c.purl)] : [])),
    );
    expect(packages.size).toBeGreaterThan(30);
    for (const pkg of packages) {
      const answer = JSON.parse(
        runQuery('component', pkg, { dataDir: data, audience: 'internal', json: true }),
      );
      expect(releasesOf(answer), pkg).toEqual(shipping(pkg));
    }
  });

  it('prints JSON for scripts, and a table that says what matched', () => {
    const pkg = 'pkg:npm/%40acme/protocol';
    const json = waybill(['query', 'component', pkg, '--json', '--data', data]);
    expect(json.code, json.err).toBe(0);
    const answer = JSON.parse(json.out) as ComponentAnswer;
    expect(answer).toMatchObject({ query: pkg, matchedBy: 'purl', version: null });
    expect(answer.components.map((c) => [c.name, c.purl])).toEqual([['@acme/protocol', pkg]]);
    expect(releasesOf(answer)).toEqual(shipping(pkg));
    // Each release's version of it, as the document says.
    for (const r of answer.components[0]!.releases) {
      const versions = scanned
        .get(`${r.project}/${r.version}`)!
        .filter((c) => c.purl && packageOf(c.purl) === pkg)
        .map((c) => c.version);
      expect(r.componentVersions, `${r.project} ${r.version}`).toEqual([...new Set(versions)].sort());
    }
    const table = waybill(['query', 'component', '@ACME/Protocol', '--data', data]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(
      /^@acme\/protocol \(pkg:npm\/%40acme\/protocol\): matched by name, ignoring case; \d+ releases of 1 project ship it\n  PROJECT +RELEASE +DATE +VERSION +LICENSES\n/,
    );
  });

  it('a purl with a version finds only the releases that ship that version', () => {
    const [release, components] = [...scanned].find(([, cs]) =>
      cs.some((c) => c.purl?.startsWith('pkg:npm/p-retry@')),
    )!;
    const version = components.find((c) => c.purl?.startsWith('pkg:npm/p-retry@'))!.version!;
    const r = waybill(['query', 'component', `pkg:npm/p-retry@${version}`, '--json', '--data', data]);
    expect(r.code, r.err).toBe(0);
    const found = releasesOf(JSON.parse(r.out));
    expect(found).toContain(release);
    expect(found).toEqual(
      [...scanned]
        .filter(([, cs]) => cs.some((c) => c.purl === `pkg:npm/p-retry@${version}`))
        .map(([k]) => k)
        .sort(),
    );
  });

  it('an internal component for the internal audience, and for the public nothing: exit 1', () => {
    const pkg = 'pkg:npm/%40acme/ledger-client';
    expect(shipping(pkg).length).toBeGreaterThan(0);
    expect(waybill(['query', 'component', pkg, '--data', data]).code).toBe(0);
    const pub = waybill(['query', 'component', pkg, '--audience', 'public', '--data', data]);
    expect(pub.code).toBe(1);
    expect(pub.err).toContain('error: no release ships the package "pkg:npm/%40acme/ledger-client"');
    expect(pub.err).toContain('as the public sees them');
  });

  it('exits 1 when nothing matches, offering close names; 2 on a usage error', () => {
    const none = waybill(['query', 'component', 'fetch', '--data', data]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(
      /no release ships a component named "fetch" \(searched the \d+ SBOMs of \d+ releases/,
    );
    expect(none.err).toContain('fix: did you mean "pkg:npm/node-fetch"');
    expect(waybill(['query', 'component']).code).toBe(2);
    expect(waybill(['query', 'package', 'x']).code).toBe(2);
  });
});

describe('waybill query license, on the demo', () => {
  it('finds the releases whose documents declare it, directly or in an expression', () => {
    const r = waybill(['query', 'license', 'apache-2.0', '--json', '--data', data]);
    expect(r.code, r.err).toBe(0);
    const answer = JSON.parse(r.out) as LicenseAnswer;
    const declares = (c: Cdx) =>
      (c.licenses ?? []).some(
        (l) => l.license?.id === 'Apache-2.0' || /(^|[\s(])Apache-2\.0($|[\s)])/.test(l.expression ?? ''),
      );
    const expected = [...scanned]
      .filter(([, cs]) => cs.some(declares))
      .map(([k]) => k)
      .sort();
    const found = [
      ...new Set(answer.licenses.flatMap((l) => l.releases.map((x) => `${x.project}/${x.version}`))),
    ].sort();
    expect(found).toEqual(expected);
    expect(answer.licenses.map((l) => l.matchedBy)).toContain('expression');
    expect(waybill(['query', 'license', 'Beerware', '--data', data]).code).toBe(1);
  });
});
