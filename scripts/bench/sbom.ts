// SBOM benchmark (docs/sbom.md), moved here from scripts/bench.ts unchanged but for its output,
// which is now rows of the one table.
// A generated CycloneDX 1.6 document of 10,000 components (every fifth nested in another, mixed
// license ids and expressions, purls on all but one in fifty) and a copy one release later: read
// (decode, parse, validate against the official schema, normalize) and diffed against the
// previous one. Reported as CPU seconds per document and as a ratio to JSON.parse of the same
// bytes, both measured here. The schema is compiled once per process, before the timed runs.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffSboms } from '../../src/core/sbom/index.ts';
import { readSbom } from '../../src/harvest/sbom.ts';
import { median } from './measure.ts';
import type { Row } from './table.ts';

export async function sbomBench(
  work: string,
  runs: number,
  keep: boolean,
  log: (line: string) => void,
): Promise<Row[]> {
  const N = 10_000;
  const LICENSES = [
    'MIT',
    'Apache-2.0',
    'BSD-3-Clause',
    'ISC',
    'mit or apache-2.0',
    '(MIT OR Apache-2.0) AND BSD-2-Clause',
    'GPL-2.0-only WITH Classpath-exception-2.0',
  ];

  /** `changed`: the next release: 100 upgrades, 10 downgrades, 20 removals, 20 additions, 40 license changes, a fixed and a new vulnerability. */
  function generateSbom(changed: boolean) {
    type Cdx = Record<string, unknown> & { components?: Cdx[] };
    const top: Cdx[] = [];
    const entry = (i: number, name: string, version: string, license: string): Cdx => ({
      type: 'library',
      'bom-ref': `c${i}`,
      group: `@scope${i % 97}`,
      name,
      version,
      ...(i % 50 === 0 ? {} : { purl: `pkg:npm/%40scope${i % 97}/${name}@${version}` }),
      licenses: /\s/.test(license) ? [{ expression: license }] : [{ license: { id: license } }],
      hashes: [{ alg: 'SHA-256', content: ((i * 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8) }],
      scope: i % 4 === 0 ? 'optional' : 'required',
    });
    for (let i = 0; i < N; i++) {
      if (changed && i % 500 === 7) continue;
      let version = `${1 + (i % 5)}.${i % 13}.${i % 7}`;
      if (changed && i % 100 === 3) version = `${2 + (i % 5)}.0.0`;
      if (changed && i % 1000 === 5) version = `0.${i % 13}.0`;
      const license = changed && i % 250 === 9 ? 'MPL-2.0' : LICENSES[i % LICENSES.length];
      const c = entry(i, `pkg-${i}`, version, license);
      const parent = top[top.length - 1];
      if (i % 10 >= 8 && parent) (parent.components ??= []).push(c);
      else top.push(c);
    }
    if (changed) for (let k = 0; k < 20; k++) top.push(entry(N + k, `added-${k}`, '1.0.0', 'MIT'));
    const vulnerabilities = [];
    for (let i = 1; i < N; i += 200) {
      vulnerabilities.push({
        id: `CVE-2026-${10000 + i}`,
        ratings: [{ severity: 'high' }],
        affects: [{ ref: `c${i}` }],
        ...(changed && i === 1 ? { analysis: { state: 'resolved' } } : {}),
      });
    }
    if (changed)
      vulnerabilities.push({
        id: 'CVE-2026-99999',
        ratings: [{ severity: 'critical' }],
        affects: [{ ref: 'c2' }],
      });
    return {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      serialNumber: `urn:uuid:3e671687-395b-41f5-a30f-a58921a69b7${changed ? 1 : 0}`,
      version: 1,
      metadata: {
        timestamp: '2026-11-20T14:03:00Z',
        component: { type: 'application', name: 'bench-app', version: changed ? '2.0.0' : '1.0.0' },
      },
      components: top,
      vulnerabilities,
    };
  }

  const dir = join(work, 'sbom');
  mkdirSync(dir, { recursive: true });
  const previousFile = join(dir, 'bench-1.0.0.cdx.json');
  const currentFile = join(dir, 'bench-2.0.0.cdx.json');
  writeFileSync(previousFile, JSON.stringify(generateSbom(false), null, 2));
  writeFileSync(currentFile, JSON.stringify(generateSbom(true), null, 2));
  const bytes = readFileSync(currentFile);
  try {
    const cpu = (fn: () => unknown | Promise<unknown>) => async () => {
      const start = process.cpuUsage();
      await fn();
      const used = process.cpuUsage(start);
      return (used.user + used.system) / 1e6;
    };
    const compileStart = process.hrtime.bigint();
    const previous = await readSbom(previousFile, 'bench-1.0.0.cdx.json');
    const firstRead = Number(process.hrtime.bigint() - compileStart) / 1e9;
    if (!previous.ok)
      throw new Error(
        `generated SBOM rejected: ${previous.problems
          .slice(0, 5)
          .map((p) => `${p.pointer}: ${p.message}`)
          .join('; ')}`,
      );

    let diff: ReturnType<typeof diffSboms> | null = null;
    let count = 0;
    const perDocument = cpu(async () => {
      const current = await readSbom(currentFile, 'bench-2.0.0.cdx.json');
      if (!current.ok) throw new Error(`generated SBOM rejected: ${current.problems[0]?.message}`);
      count = current.bom.componentCount;
      diff = diffSboms(previous.bom, current.bom, '1.0.0');
    });
    const parse = cpu(() => JSON.parse(bytes.toString('utf8')));
    const sbomRuns = Math.max(runs, 5);
    const docs: number[] = [];
    const parses: number[] = [];
    for (let i = 0; i < sbomRuns; i++) {
      docs.push(await perDocument());
      parses.push(await parse());
    }
    // Exactness, as for the git scenarios: the count and every kind of change the copy carries.
    const d = diff as ReturnType<typeof diffSboms> | null;
    const got =
      d &&
      [
        count,
        d.upgraded.length,
        d.downgraded.length,
        d.removed.length,
        d.added.length,
        d.licenseChanged.length,
        d.vulnerabilitiesFixed.length,
        d.vulnerabilitiesIntroduced.length,
      ].join(' ');
    const want = [N - 20 + 20, 100, 10, 20, 20, 40, 1, 1].join(' ');
    if (got !== want)
      throw new Error(
        `SBOM bench: expected count/upgraded/downgraded/removed/added/licenseChanged/fixed/introduced ${want}, got ${got}`,
      );

    const doc = median(docs);
    const parsed = median(parses);
    log(
      `sbom: checked ${count} components, diff ${want.split(' ').slice(1).join('/')} (upgraded/downgraded/removed/added/license/fixed/introduced)`,
    );
    const size = `CycloneDX 1.6, ${N.toLocaleString('en')} components (${(bytes.length / 2 ** 20).toFixed(1)} MiB)`;
    return [
      {
        scenario: 'SBOM',
        size,
        step: 'JSON.parse of the same bytes',
        time: `${parsed.toFixed(3)} s CPU`,
        relative: '1.00x',
        peak: '',
        note: `median of ${sbomRuns}`,
      },
      {
        scenario: '',
        size: '',
        step: 'read + validate + normalize + diff',
        time: `${doc.toFixed(3)} s CPU`,
        relative: `${(doc / parsed).toFixed(2)}x JSON.parse`,
        peak: '',
        note: 'target: well under 1 s of CPU per document',
      },
      {
        scenario: '',
        size: '',
        step: 'first read (compiles the 1.6 schema)',
        time: `${firstRead.toFixed(3)} s wall`,
        relative: '',
        peak: '',
        note: '',
      },
    ];
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
