// The reverse look-up (docs/sbom.md): a data folder of R releases whose SBOM records each list K
// components out of a pool of C (each release's window slides through the pool, in newer versions
// as it goes), written as the harvest writes them. In a child process (scripts/bench/lookup-child.ts):
// JSON.parse of the same SBOM bytes (the baseline), building the index as `waybill query` does
// (reading each record, checking it with its schema, applying the audience), and the queries.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mib, runChild, secs } from './measure.ts';
import type { Row } from './table.ts';

const CHILD = fileURLToPath(new URL('./lookup-child.ts', import.meta.url));
const LICENSES = ['MIT', 'Apache-2.0', 'ISC', 'BSD-3-Clause', 'MIT OR Apache-2.0', 'GPL-3.0-only'];
const json = (x: unknown) => JSON.stringify(x, null, 2) + '\n';
const n = (x: number) => x.toLocaleString('en');

export interface LookupSize {
  components: number;
  releases: number;
  perSbom: number;
}

const nameOf = (j: number) => (j % 10 === 3 ? `@scope${j % 7}/pkg-${j}` : `pkg-${j}`);
const purlOf = (j: number, version: string) => {
  const name = nameOf(j);
  return name.startsWith('@')
    ? `pkg:npm/${encodeURIComponent(name.split('/')[0]!)}/${name.split('/')[1]}@${version}`
    : `pkg:npm/${name}@${version}`;
};

/** Writes the data folder; returns its size in bytes of SBOM records. */
function writeDataFolder(dir: string, size: LookupSize): number {
  const projects = Array.from({ length: 10 }, (_, i) => `p${i}`);
  const perProject = Math.ceil(size.releases / projects.length);
  let bytes = 0;
  writeFileSync(
    join(dir, 'site.json'),
    json({
      format: 2,
      generator: 'waybill bench',
      title: 'bench',
      site: null,
      accent: null,
      logo: null,
      timezone: 'UTC',
      harvestedAt: '2026-11-20T00:00:00.000Z',
      projects,
    }),
  );
  let k = 0;
  for (const project of projects) {
    mkdirSync(join(dir, 'releases', project), { recursive: true });
    mkdirSync(join(dir, 'sboms', project), { recursive: true });
    const versions: string[] = [];
    for (let r = 0; r < perProject && k < size.releases; r++, k++) {
      const version = `${1 + Math.floor(r / 50)}.${r % 50}.0`;
      versions.push(version);
      const date = new Date(Date.parse('2024-01-01T00:00:00Z') + k * 3_600_000).toISOString();
      writeFileSync(
        join(dir, 'releases', project, `${version}.json`),
        json({
          project,
          version,
          slug: version,
          tag: `v${version}`,
          date,
          commit: k.toString(16).padStart(40, '0'),
          tagObject: null,
          tagger: null,
          signature: { status: 'unsigned', kind: null, signer: null, key: null },
          previous: null,
          previousTag: null,
          prerelease: false,
          semver: true,
          major: String(1 + Math.floor(r / 50)),
          commitCount: 1,
          breakingCount: 0,
          changes: [],
          reverted: [],
          contributors: [],
          notes: {
            best: 'commits',
            overlay: null,
            highlights: [],
            changelog: null,
            tag: null,
            commits: 'No changes.\n',
          },
        }),
      );
      // A window of the pool, sliding with the release; each component in a version of its own age.
      const start = Math.floor((k * size.components) / size.releases);
      const components = Array.from({ length: size.perSbom }, (_, i) => {
        const j = (start + i) % size.components;
        const v = `1.${Math.floor(k / 25)}.${j % 5}`;
        const license = LICENSES[j % LICENSES.length]!;
        return {
          key: purlOf(j, v),
          name: nameOf(j).split('/').at(-1)!,
          version: v,
          purl: purlOf(j, v),
          type: 'library',
          scope: 'required',
          licenses: [{ kind: license.includes(' ') ? 'expression' : 'id', value: license }],
          hashes: [],
          parent: null,
          internal: false,
        };
      });
      const text = json({
        status: 'accepted',
        project,
        version,
        source: `sboms/${project}-${version}.cdx.json`,
        original: `sboms/${project}/${version}.original.json`,
        format: 'CycloneDX',
        specVersion: '1.6',
        sha256: k.toString(16).padStart(64, '0'),
        componentCount: components.length,
        components,
        licenseSummary: LICENSES.map((license) => ({ license, count: 1 })),
        vulnerabilities: [0, 1, 2].map((i) => ({
          id: `CVE-2026-${(start + i) % 997}`,
          severity: ['high', 'medium', 'low'][i]!,
          state: null,
          affects: [components[i]!.key],
          description: null,
        })),
        diff: {
          against: null,
          added: [],
          removed: [],
          upgraded: [],
          downgraded: [],
          licenseChanged: [],
          vulnerabilitiesIntroduced: [],
          vulnerabilitiesFixed: [],
        },
      });
      bytes += Buffer.byteLength(text);
      writeFileSync(join(dir, 'sboms', project, `${version}.json`), text);
    }
    mkdirSync(join(dir, 'projects'), { recursive: true });
    writeFileSync(
      join(dir, 'projects', `${project}.json`),
      json({
        id: project,
        name: `Project ${project}`,
        description: null,
        repo: '.',
        path: null,
        internal: false,
        links: {},
        support: { lts: [], eol: {} },
        latest: versions.at(-1) ?? null,
        releaseCount: versions.length,
        skipped: [],
      }),
    );
  }
  return bytes;
}

export interface LookupChildResult {
  parse: number;
  index: number;
  components: number;
  entries: number;
  queries: number;
  queryTime: number;
  checked: number;
}

export async function lookupBench(
  work: string,
  size: LookupSize,
  log: (line: string) => void,
): Promise<Row[]> {
  const dir = join(work, 'lookup');
  mkdirSync(dir, { recursive: true });
  log(
    `lookup: writing ${n(size.releases)} SBOM records of ${n(size.perSbom)} components from ${n(size.components)}`,
  );
  const bytes = writeDataFolder(dir, size);
  log('lookup: index and queries');
  const r = await runChild<LookupChildResult>(CHILD, [dir], { nodeArgs: ['--expose-gc'] });
  const { parse, index, queries, queryTime } = r.result;
  const label = `${n(r.result.components)} components x ${n(size.releases)} releases (${n(r.result.entries)} component entries, ${(bytes / 2 ** 20).toFixed(0)} MiB of SBOM records)`;
  return [
    {
      scenario: 'lookup',
      size: label,
      step: 'JSON.parse of the same SBOM bytes (baseline)',
      time: secs(parse),
      relative: '1.00x',
      peak: '',
      note: '',
    },
    {
      scenario: '',
      size: '',
      step: 'index: read, check with the schema, audience, index',
      time: secs(index),
      relative: `${(index / parse).toFixed(2)}x JSON.parse`,
      peak: mib(r.peakRss),
      note: `what \`waybill query\` and the site do once`,
    },
    {
      scenario: '',
      size: '',
      step: `a query (median of ${queries}, by purl and by name)`,
      time: `${(queryTime * 1000).toFixed(2)} ms`,
      relative: `${((queryTime / parse) * 100).toFixed(3)}% of JSON.parse`,
      peak: '',
      note: `${r.result.checked} answers checked against the records`,
    },
  ];
}
