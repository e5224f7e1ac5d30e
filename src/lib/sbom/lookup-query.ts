// `waybill query component <purl-or-name>` and `waybill query license <id>` (docs/sbom.md,
// "waybill query"): which releases ship a component or carry a license, from the look-up index
// (src/lib/sbom/lookup.ts), and the two ways of printing the answer, a table for people and JSON for
// scripts. Pure: the index and the query in, text out.
import { PackageURL } from 'packageurl-js';
import { purlIdentity } from '../../core/sbom/keys.ts';
import type { ComponentEntry, LicenseEntry, LookupIndex, LookupRelease } from './lookup.ts';

export interface ReleaseRow {
  project: string;
  projectName: string;
  version: string;
  tag: string;
  date: string;
}

export interface ComponentAnswer {
  query: string;
  /** How the query was read: a purl (every version, or the one it names), or a name. */
  matchedBy: 'purl' | 'name';
  /** The version the query named (`pkg:npm/lodash@4.17.21`, `lodash@4.17.21`), or null for every one. */
  version: string | null;
  components: {
    name: string;
    purl: string | null;
    type: string;
    releases: (ReleaseRow & { componentVersions: string[]; licenses: string[] })[];
  }[];
}

export interface LicenseAnswer {
  query: string;
  licenses: {
    license: string;
    /** `exact`: the license itself; `expression`: an expression with it as one of its terms. */
    matchedBy: 'exact' | 'expression';
    releases: (ReleaseRow & { components: { name: string; purl: string | null; versions: string[] }[] })[];
  }[];
}

const row = (r: LookupRelease): ReleaseRow => ({
  project: r.project,
  projectName: r.projectName,
  version: r.version,
  tag: r.tag,
  date: r.date,
});

/**
 * The components a query names: a purl matches every version of its package (the versions it
 * ships in each release are listed), or only the version it names; anything else is a name,
 * matched case-insensitively as the ecosystem writes it (`@acme/protocol`), optionally with
 * `@<version>`. Components no release ships in that version are left out.
 */
export function findComponents(index: LookupIndex, query: string): ComponentAnswer {
  const q = query.trim();
  let matches: ComponentEntry[];
  let version: string | null = null;
  let matchedBy: ComponentAnswer['matchedBy'];
  if (/^pkg:/i.test(q)) {
    matchedBy = 'purl';
    try {
      version = PackageURL.fromString(q).version ?? null;
    } catch {
      version = null;
    }
    const id = purlIdentity(q);
    matches = index.components.filter((c) => c.purl === id);
  } else {
    matchedBy = 'name';
    const lower = q.toLowerCase();
    matches = index.components.filter((c) => c.name.toLowerCase() === lower);
    const at = q.lastIndexOf('@');
    if (matches.length === 0 && at > 0) {
      const name = q.slice(0, at).toLowerCase();
      version = q.slice(at + 1);
      matches = index.components.filter((c) => c.name.toLowerCase() === name);
    }
  }
  const components = matches
    .map((c) => ({
      name: c.name,
      purl: c.purl,
      type: c.type,
      releases: c.uses
        .filter((u) => version === null || u.versions.includes(version))
        .map((u) => ({
          ...row(index.releases[u.release]!),
          componentVersions: version === null ? u.versions : [version],
          licenses: u.licenses,
        })),
    }))
    .filter((c) => c.releases.length > 0);
  return { query: q, matchedBy, version, components };
}

/** The terms of an SPDX expression: its license ids, without AND, OR, WITH and parentheses. */
const terms = (expression: string) =>
  expression
    .split(/[\s()]+/)
    .filter((t) => t !== '' && !/^(AND|OR|WITH)$/i.test(t))
    .map((t) => t.toLowerCase());

/** The licenses a query names, case-insensitively: the license itself, and expressions with it as a term. */
export function findLicenses(index: LookupIndex, query: string): LicenseAnswer {
  const q = query.trim();
  const lower = q.toLowerCase();
  const matched: { entry: LicenseEntry; matchedBy: 'exact' | 'expression' }[] = [];
  for (const entry of index.licenses) {
    if (entry.license.toLowerCase() === lower) matched.push({ entry, matchedBy: 'exact' });
    else if (entry.kind === 'expression' && terms(entry.license).includes(lower))
      matched.push({ entry, matchedBy: 'expression' });
  }
  matched.sort((a, b) => Number(a.matchedBy === 'expression') - Number(b.matchedBy === 'expression'));
  return {
    query: q,
    licenses: matched.map(({ entry, matchedBy }) => ({
      license: entry.license,
      matchedBy,
      releases: entry.uses.map((u) => ({
        ...row(index.releases[u.release]!),
        components: u.components.map((c) => {
          const e = index.components[c.component]!;
          return { name: e.name, purl: e.purl, versions: c.versions };
        }),
      })),
    })),
  };
}

/** Columns padded to their widest cell. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

const day = (iso: string) => iso.slice(0, 10);
const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const projects = (rows: ReleaseRow[]) => new Set(rows.map((r) => r.project)).size;
/** At most `max` items, then how many more. */
const some = (items: string[], max = 5) =>
  items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} (+${items.length - max} more)`;

/** The answer as people read it: what the query matched, then a table of releases per component. */
export function formatComponentAnswer(a: ComponentAnswer): string {
  const how =
    a.matchedBy === 'purl'
      ? `by purl${a.version === null ? ', every version' : `, version ${a.version}`}`
      : `by name, ignoring case${a.version === null ? '' : `, version ${a.version}`}`;
  return a.components
    .map((c) => {
      const head = `${c.name}${c.purl ? ` (${c.purl})` : ` (${c.type}, no purl)`}: matched ${how}; ${count(c.releases.length, 'release')} of ${count(projects(c.releases), 'project')} ${c.releases.length === 1 ? 'ships' : 'ship'} it`;
      return `${head}\n${table(
        ['PROJECT', 'RELEASE', 'DATE', 'VERSION', 'LICENSES'],
        c.releases.map((r) => [
          r.project,
          r.version,
          day(r.date),
          r.componentVersions.join(', ') || '-',
          r.licenses.join(', ') || '-',
        ]),
      )}`;
    })
    .join('\n\n')
    .concat('\n');
}

/** The answer as people read it: each matched license, then its releases and their components. */
export function formatLicenseAnswer(a: LicenseAnswer): string {
  return a.licenses
    .map((l) => {
      const how = l.matchedBy === 'exact' ? 'the license itself' : `an expression with ${a.query} as a term`;
      const head = `${l.license} (${how}): ${count(l.releases.length, 'release')} of ${count(projects(l.releases), 'project')} ${l.releases.length === 1 ? 'carries' : 'carry'} it`;
      return `${head}\n${table(
        ['PROJECT', 'RELEASE', 'DATE', 'COMPONENTS'],
        l.releases.map((r) => [
          r.project,
          r.version,
          day(r.date),
          some(r.components.map((c) => `${c.name} ${c.versions.join('/')}`.trim())),
        ]),
      )}`;
    })
    .join('\n\n')
    .concat('\n');
}

/** Close names, for the message when nothing matched: those that contain the query, or it them. */
export function similarNames(index: LookupIndex, query: string, max = 5): string[] {
  const q = query
    .replace(/^pkg:[^/]+\//i, '')
    .replace(/@[^/@]*$/, '')
    .toLowerCase();
  if (q.length < 2) return [];
  return index.components
    .filter(
      (c) => c.name.toLowerCase().includes(q) || (q.includes(c.name.toLowerCase()) && c.name.length > 2),
    )
    .slice(0, max)
    .map((c) => c.purl ?? c.name);
}
