// The look-up benchmark's measurements in their own process (scripts/bench/lookup.ts runs it):
// JSON.parse of every SBOM record's bytes, the index as `waybill query` builds it, and queries by
// purl and by name, each answer checked against a scan of the parsed records.
//
//   node scripts/bench/lookup-child.ts <data dir>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readLookupIndex } from '../../src/cli/query.ts';
import { findComponents } from '../../src/lib/sbom/lookup-query.ts';
import { median, reportResult } from './measure.ts';

const dir = process.argv[2]!;
const files = readdirSync(join(dir, 'sboms')).flatMap((p) =>
  readdirSync(join(dir, 'sboms', p)).map((f) => join(dir, 'sboms', p, f)),
);
const texts = files.map((f) => readFileSync(f, 'utf8'));
let t = process.hrtime.bigint();
let parsed: { project: string; version: string; components: { purl: string }[] }[] | null = texts.map((x) =>
  JSON.parse(x),
);
const parse = Number(process.hrtime.bigint() - t) / 1e9;
texts.length = 0;
// What each package's answer must be, from the parsed records; then they are let go, so the peak
// memory below is the index's.
const expected = new Map<string, Set<string>>();
for (const doc of parsed)
  for (const c of doc.components) {
    const pkg = c.purl.replace(/@[^@/]*$/, '');
    let set = expected.get(pkg);
    if (!set) expected.set(pkg, (set = new Set()));
    set.add(`${doc.project}/${doc.version}`);
  }
const entries = parsed.reduce((n, d) => n + d.components.length, 0);
parsed = null;
(globalThis as { gc?: () => void }).gc?.();

t = process.hrtime.bigint();
const { index } = readLookupIndex(dir, 'internal');
const indexTime = Number(process.hrtime.bigint() - t) / 1e9;

// Queries spread over the pool, half by purl without a version, half by name.
const times: number[] = [];
let checked = 0;
const step = Math.max(1, Math.floor(index.components.length / 100));
for (let i = 0; i < index.components.length; i += step) {
  const c = index.components[i]!;
  for (const q of [c.purl!, c.name]) {
    const s = process.hrtime.bigint();
    const answer = findComponents(index, q);
    times.push(Number(process.hrtime.bigint() - s) / 1e9);
    if (q !== c.purl) continue;
    const found = answer.components.flatMap((x) => x.releases.map((r) => `${r.project}/${r.version}`)).sort();
    const want = [...(expected.get(c.purl) ?? [])].sort();
    if (JSON.stringify(found) !== JSON.stringify(want))
      throw new Error(
        `lookup bench: ${q} found ${found.length} releases, the records list it in ${want.length}`,
      );
    checked++;
  }
}
reportResult({
  parse,
  index: indexTime,
  components: index.components.length,
  entries,
  queries: times.length,
  queryTime: median(times),
  checked,
});
