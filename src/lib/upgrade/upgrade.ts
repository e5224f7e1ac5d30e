// The upgrade page (`/projects/<id>/upgrade/?from=<v>&to=<v>`): the changes a user crossing from
// one version to another actually receives, breaking changes first. Pure and small, because it runs
// twice: in unit tests, and in the browser, bundled into the page's script
// (src/pages/projects/[project]/upgrade.astro), which only reads the query, calls `computeUpgrade`
// and renders the result with textContent.
//
// What "crossing" means follows the history, not the version numbers (docs/site.md, "Upgrade
// page"): the releases crossed are those `to` contains and `from` does not, found through each
// release's `contains` (docs/data-folder.md), so a 1.x patch tagged after 2.0.0 on its own branch
// is not crossed on the way to 2.0.0. Each commit is listed once, under the oldest crossed release
// that shipped it, and under the final release rather than its release candidates when the
// reader crosses the final. Without `contains` (a data folder written before waybill recorded
// it) the range falls back to the version order of the release list.
import { groupChanges, type ChangeGroupKey } from '../../core/notes.ts';

export interface UpgradeChange {
  hash: string;
  type: string | null;
  scope: string | null;
  subject: string;
  breaking: boolean;
  /**
   * A release chore (`chore(release): 2.0.0`, `release: 1.4.1`, a version bump, "Version
   * Packages"): out of the count, folded away.
   */
  releaseBump: boolean;
  /** Migration notes as sanitized HTML, rendered at build time by src/lib/render/markdown.ts. */
  breakingNotes: string[];
  /**
   * What a cherry-picked copy of this commit shares with it (src/lib/upgrade/upgrade-view.ts, `sameChangeKeys`):
   * the commit a `(cherry picked from commit …)` line names, and a digest of the author, the author
   * date and the subject, which `git cherry-pick` keeps. Two changes sharing a key are one change.
   */
  same: string[];
}

export interface UpgradeRelease {
  version: string;
  slug: string;
  url: string;
  /** ISO 8601 with offset, and as the portal shows it (formatted at build time, in its time zone). */
  date: string;
  dateText: string;
  prerelease: boolean;
  /** The nearest releases this one contains (docs/data-folder.md, "What a release contains"); null when not recorded. */
  contains: string[] | null;
  /** The release's highlights (plain text) and its prose as sanitized HTML (the overlay, else the tag message). */
  highlights: string[];
  prose: string | null;
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
  /** The crossed release the reader receives the change with. */
  release: UpgradeRelease;
}

/** A change the reader already has: a copy of it shipped in `had`, which `from` contains. */
export interface UpgradeKept extends UpgradeItem {
  had: UpgradeRelease;
}

export type UpgradeProblem = 'missing' | 'unknown-from' | 'unknown-to' | 'same' | 'reversed';

export type UpgradeOutcome =
  | {
      ok: true;
      from: UpgradeRelease;
      to: UpgradeRelease;
      /** How the crossed releases were found: the recorded history, or version order (older data). */
      basis: 'history' | 'versions';
      /** The releases crossed, oldest first (release date, then version). */
      releases: UpgradeRelease[];
      breaking: UpgradeItem[];
      groups: { key: ChangeGroupKey; title: string; items: UpgradeItem[] }[];
      /** Backports the reader already has: left out of the count, named in a note. */
      alreadyHave: UpgradeKept[];
      /** Release chores: out of the count, folded away. */
      chores: UpgradeItem[];
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
 * Every release a user of `release` has: itself and, through `contains`, every release its
 * history holds. Null when some release on the way has no `contains` recorded.
 */
export function releasesContained(data: UpgradeData, release: UpgradeRelease): Set<UpgradeRelease> | null {
  const byVersion = new Map(data.releases.map((r) => [r.version, r]));
  const out = new Set<UpgradeRelease>([release]);
  const stack = [release];
  while (stack.length > 0) {
    const r = stack.pop()!;
    if (r.contains === null) return null;
    for (const v of r.contains) {
      const c = byVersion.get(v);
      if (c && !out.has(c)) {
        out.add(c);
        stack.push(c);
      }
    }
  }
  return out;
}

/**
 * The changes a user crossing from `from` to `to` receives: what `git log from..to` holds,
 * grouped by the releases that shipped it. Breaking changes first (oldest release first, with
 * their migration notes), then the groups; backports the reader already has and release chores
 * are apart and out of the count.
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
  const reversed: UpgradeOutcome = {
    ok: false,
    problem: 'reversed',
    message: `${from.version} is newer than ${to.version}. Pick the older version you run in “From”.`,
  };

  const has = releasesContained(data, from);
  const gets = releasesContained(data, to);
  // Position in the list: newest version first.
  const rank = (r: UpgradeRelease) => data.releases.indexOf(r);
  let crossed: UpgradeRelease[];
  let basis: 'history' | 'versions';
  let hadReleases: UpgradeRelease[];
  if (has && gets) {
    if (has.has(to)) return reversed;
    basis = 'history';
    hadReleases = [...has];
    // Oldest first: by release date, then by version (the list's order, reversed).
    crossed = [...gets]
      .filter((r) => !has.has(r))
      .sort((a, b) => Date.parse(a.date) - Date.parse(b.date) || rank(b) - rank(a));
  } else {
    if (fi < ti) return reversed;
    basis = 'versions';
    hadReleases = data.releases.slice(fi);
    crossed = data.releases.slice(ti, fi).reverse();
  }

  // A change first shipped in a release candidate belongs, for a reader who crosses the final
  // release too, to the oldest crossed final release that contains the candidate.
  const finals = crossed.filter((r) => !r.prerelease);
  const finalContents = new Map(
    finals.map((f) => [
      f,
      basis === 'history' ? releasesContained(data, f)! : new Set(crossed.slice(0, crossed.indexOf(f) + 1)),
    ]),
  );
  const shippedWith = (r: UpgradeRelease) =>
    r.prerelease ? (finals.find((f) => finalContents.get(f)!.has(r)) ?? r) : r;

  const haveHashes = new Set<string>();
  const haveKeys = new Map<string, UpgradeRelease>();
  for (const r of hadReleases)
    for (const c of r.changes) {
      haveHashes.add(c.hash);
      for (const k of [c.hash, ...c.same]) if (!haveKeys.has(k)) haveKeys.set(k, r);
    }
  const seen = new Set<string>();
  const items: (UpgradeItem & { type: string | null; breaking: boolean; merge: false })[] = [];
  const alreadyHave: UpgradeKept[] = [];
  const chores: UpgradeItem[] = [];
  for (const r of crossed) {
    const release = shippedWith(r);
    for (const change of r.changes) {
      if (haveHashes.has(change.hash) || seen.has(change.hash)) continue;
      const keys = [change.hash, ...change.same];
      // A cherry-picked copy of a change listed already (a backport merged back) is one change.
      if (keys.some((k) => seen.has(k))) continue;
      for (const k of keys) seen.add(k);
      const had = keys.map((k) => haveKeys.get(k)).find((h) => h !== undefined);
      if (had) alreadyHave.push({ change, release, had });
      else if (change.releaseBump) chores.push({ change, release });
      else items.push({ change, release, type: change.type, breaking: change.breaking, merge: false });
    }
  }
  const strip = ({ change, release }: UpgradeItem): UpgradeItem => ({ change, release });
  const grouped = groupChanges(items);
  const order = (a: UpgradeItem, b: UpgradeItem) => crossed.indexOf(a.release) - crossed.indexOf(b.release);
  return {
    ok: true,
    from,
    to,
    basis,
    releases: crossed,
    // Breaking changes in the order an upgrade meets them: by release, oldest first (stable, so the
    // release page's order holds within a release).
    breaking: grouped.breaking.map(strip).sort(order),
    groups: grouped.groups.map((g) => ({ key: g.key, title: g.title, items: g.changes.map(strip) })),
    alreadyHave: alreadyHave.sort(order),
    chores: chores.sort(order),
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
