// The upgrade page (`/projects/<id>/upgrade/?from=<v>&to=<v>`): everything that changed between
// two versions, breaking changes first. Pure and small, because it runs twice: in unit tests, and
// in the browser, bundled into the page's script (src/pages/projects/[project]/upgrade.astro),
// which only reads the query, calls `computeUpgrade` and renders the result with textContent.
//
// Order is the project's release list (newest first by version order: SemVer precedence, GNU
// `sort -V` for the rest), never a re-parse here, so prereleases and versions such as 1.3rc1
// land where the rest of the portal puts them.
import { groupChanges, type ChangeGroupKey } from '../core/notes.ts';

export interface UpgradeChange {
  hash: string;
  type: string | null;
  scope: string | null;
  subject: string;
  breaking: boolean;
  /** A release-bump commit (`chore(release): 2.0.0`): listed, shown muted. */
  releaseBump: boolean;
  /** Migration notes as sanitized HTML, rendered at build time by src/lib/markdown.ts. */
  breakingNotes: string[];
}

export interface UpgradeRelease {
  version: string;
  slug: string;
  url: string;
  /** ISO 8601 with offset, and as the portal shows it (formatted at build time, in its time zone). */
  date: string;
  dateText: string;
  prerelease: boolean;
  /** Non-merge changes in the release page's order. */
  changes: UpgradeChange[];
}

/** What the page embeds as `<script type="application/json" id="upgrade-data">`. */
export interface UpgradeData {
  project: { id: string; name: string };
  /** The commit link template with `{hash}` to fill, already checked to be an http(s) URL; null for none. */
  commitUrl: string | null;
  /** The version the pickers default to as "to". */
  latest: string | null;
  /** Newest first: the project's version order. */
  releases: UpgradeRelease[];
}

export interface UpgradeItem {
  change: UpgradeChange;
  /** The first release in the range that shipped the change. */
  release: UpgradeRelease;
}

export type UpgradeProblem = 'missing' | 'unknown-from' | 'unknown-to' | 'same' | 'reversed';

export type UpgradeOutcome =
  | {
      ok: true;
      from: UpgradeRelease;
      to: UpgradeRelease;
      /** The releases after `from` up to and including `to`, oldest first. */
      releases: UpgradeRelease[];
      breaking: UpgradeItem[];
      groups: { key: ChangeGroupKey; title: string; items: UpgradeItem[] }[];
      changeCount: number;
    }
  | { ok: false; problem: UpgradeProblem; message: string };

/** A version named in a query: by version, then by URL slug; `+` read as a space by a query parser is put back. */
export function findRelease(data: UpgradeData, wanted: string | null): UpgradeRelease | null {
  if (wanted === null || wanted === '') return null;
  const candidates = [wanted, wanted.replace(/ /g, '+')];
  for (const v of candidates) {
    const hit = data.releases.find((r) => r.version === v) ?? data.releases.find((r) => r.slug === v);
    if (hit) return hit;
  }
  return null;
}

/**
 * Every change between `from` (exclusive) and `to` (inclusive) by version order. Each commit is
 * listed once, under the first release of the range that shipped it (a final release repeats its
 * release candidates' commits), and a commit that `from` or an older release already shipped is
 * not listed at all (going from 2.0.0-rc.2 to 2.0.0 lists only what came after rc.2).
 */
export function computeUpgrade(
  data: UpgradeData,
  fromVersion: string | null,
  toVersion: string | null,
): UpgradeOutcome {
  const name = data.project.name;
  if (!fromVersion || !toVersion)
    return { ok: false, problem: 'missing', message: 'Pick the version you run and the version you want.' };
  const from = findRelease(data, fromVersion);
  const to = findRelease(data, toVersion);
  if (!from)
    return { ok: false, problem: 'unknown-from', message: `${fromVersion} is not a release of ${name}.` };
  if (!to) return { ok: false, problem: 'unknown-to', message: `${toVersion} is not a release of ${name}.` };
  const fi = data.releases.indexOf(from);
  const ti = data.releases.indexOf(to);
  if (fi === ti)
    return { ok: false, problem: 'same', message: `From and to are both ${from.version}: nothing changes.` };
  if (fi < ti)
    return {
      ok: false,
      problem: 'reversed',
      message: `${from.version} is newer than ${to.version}. Pick the older version you run in “From”.`,
    };

  const known = new Set<string>();
  for (const r of data.releases.slice(fi)) for (const c of r.changes) known.add(c.hash);
  const releases = data.releases.slice(ti, fi).reverse();
  const items: (UpgradeItem & { type: string | null; breaking: boolean; merge: false })[] = [];
  for (const release of releases) {
    for (const change of release.changes) {
      if (known.has(change.hash)) continue;
      known.add(change.hash);
      items.push({ change, release, type: change.type, breaking: change.breaking, merge: false });
    }
  }
  const strip = ({ change, release }: UpgradeItem): UpgradeItem => ({ change, release });
  const grouped = groupChanges(items);
  return {
    ok: true,
    from,
    to,
    releases,
    // Breaking changes in the order an upgrade meets them: by release, oldest first (stable, so the
    // release page's order holds within a release).
    breaking: grouped.breaking
      .map(strip)
      .sort((a, b) => releases.indexOf(a.release) - releases.indexOf(b.release)),
    groups: grouped.groups.map((g) => ({ key: g.key, title: g.title, items: g.changes.map(strip) })),
    changeCount: items.length,
  };
}

/** The pickers' starting point without a query: the latest release, from the final release before it. */
export function defaultRange(data: UpgradeData): { from: string | null; to: string | null } {
  const to = findRelease(data, data.latest) ?? data.releases[0] ?? null;
  if (!to) return { from: null, to: null };
  const older = data.releases.slice(data.releases.indexOf(to) + 1);
  const from = older.find((r) => !r.prerelease) ?? older[0] ?? null;
  return { from: from?.version ?? null, to: to.version };
}

/** `?from=…&to=…` as written; null for a missing or empty parameter. */
export function readUpgradeQuery(search: string): { from: string | null; to: string | null } {
  const q = new URLSearchParams(search);
  return { from: q.get('from') || null, to: q.get('to') || null };
}

/** `3 releases, 12 changes, 2 breaking` */
export function formatUpgradeSummary(outcome: Extract<UpgradeOutcome, { ok: true }>): string {
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  const parts = [n(outcome.releases.length, 'release'), n(outcome.changeCount, 'change')];
  if (outcome.breaking.length > 0) parts.push(`${outcome.breaking.length} breaking`);
  return parts.join(', ');
}

/** A commit's link from the checked template; the hash is hex (ChangeSchema), so it needs no encoding. */
export function commitLink(data: UpgradeData, hash: string): string | null {
  return data.commitUrl === null ? null : data.commitUrl.split('{hash}').join(hash);
}

/**
 * The embedded JSON, safe inside `<script type="application/json">`: no `<` survives, so neither
 * `</script>` nor `<!--` in a subject can end or change the element (JSON.parse reads `\u003c`
 * back as `<`). U+2028 and U+2029 are escaped too, for older JavaScript parsers.
 */
export function serializeUpgradeData(data: UpgradeData): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
