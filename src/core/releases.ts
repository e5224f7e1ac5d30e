// Which tags are releases, how they order, each one's previous release and its commits
// (PRODUCT.md, "Releases from git"). Pure: the git reader hands in tags and the history.
import type { Person } from '../schemas/commit.ts';
import { toSlug } from '../schemas/layout.ts';
import { InputError } from './errors.ts';
import { Reach, type CommitGraph } from './graph.ts';
import { pathRange, type PathFilter } from './paths.ts';
import { compareVersions, isPrerelease } from './version.ts';

/** A tag as the git reader returns it: the ref, and what it points at once peeled. */
export interface RawTag {
  name: string;
  /** SHA the ref points at: the tag object for an annotated tag, else the target itself. */
  object: string;
  /** Type of the object the tag points at after peeling every tag object: commit, tree or blob. */
  peeledType: string;
  /** SHA after peeling. */
  peeled: string;
  annotated: boolean;
  tagger: Person | null;
  /** Tagger date, ISO 8601 with offset, for annotated tags. */
  taggerDate: string | null;
  /** Tag message without its signature, for annotated tags. */
  message: string | null;
  /** The kind of signature an annotated tag object carries (not yet verified); null when none. */
  signed?: 'gpg' | 'ssh' | null;
}

export interface PlannedRelease {
  version: string;
  slug: string;
  tag: RawTag;
  /** Graph index of the tagged commit. */
  node: number;
  prerelease: boolean;
  previous: PlannedRelease | null;
  /** Hashes of `git log previous..tag [-- path]`, newest first. */
  commits: string[];
}

export interface ReleasePlan {
  /** Ascending version order. */
  releases: PlannedRelease[];
  skipped: { tag: string; reason: string }[];
  next: { base: PlannedRelease | null; head: string; commits: string[] } | null;
}

export interface PlanInput {
  projectId: string;
  tags: RawTag[];
  matchTag: (name: string) => string | null;
  graph: CommitGraph;
  /** Branch head for the advance notice, or null for none. */
  head: string | null;
  /** For `path` projects: what the path is at each commit; null means every commit counts. */
  path: PathFilter | null;
}

/** Total order of releases: version, then tag name. */
const byRelease = (a: { version: string; tag: RawTag }, b: { version: string; tag: RawTag }) =>
  compareVersions(a.version, b.version) || (a.tag.name < b.tag.name ? -1 : a.tag.name > b.tag.name ? 1 : 0);

export function planReleases(input: PlanInput): ReleasePlan {
  const { graph } = input;
  const skipped: ReleasePlan['skipped'] = [];
  const candidates: PlannedRelease[] = [];
  for (const tag of input.tags) {
    const version = input.matchTag(tag.name);
    if (version === null) continue;
    if (tag.peeledType !== 'commit') {
      skipped.push({ tag: tag.name, reason: `points at a ${tag.peeledType}, not a commit` });
      continue;
    }
    const node = graph.index.get(tag.peeled);
    if (node === undefined) {
      skipped.push({
        tag: tag.name,
        reason: `its commit ${tag.peeled.slice(0, 12)} is not in the history that was read`,
      });
      continue;
    }
    candidates.push({
      version,
      slug: toSlug(version),
      tag,
      node,
      prerelease: isPrerelease(version),
      previous: null,
      commits: [],
    });
  }
  candidates.sort(byRelease);
  checkUnique(input.projectId, candidates);

  // Bit i: release i; the last bit: the branch head.
  const headNode = input.head === null ? -1 : (graph.index.get(input.head) ?? -1);
  const reach = new Reach(graph, [...candidates.map((r) => r.node), headNode]);
  // `git log previous..r [-- path]`: with a path, git's history simplification decides.
  const range = (include: number, exclude: number | null) => {
    const nodes = input.path
      ? pathRange(
          graph,
          reach,
          include,
          exclude === null ? null : { node: candidates[exclude].node, tip: exclude },
          input.path,
        )
      : reach.range(include, exclude);
    return nodes.map((n) => graph.hashes[n]);
  };

  candidates.forEach((r, i) => {
    // previous(r): the highest lower version whose commit r reaches; finals skip prereleases.
    for (let j = i - 1; j >= 0; j--) {
      const p = candidates[j];
      if (!r.prerelease && p.prerelease) continue;
      if (compareVersions(p.version, r.version) >= 0) continue;
      if (reach.reaches(i, p.node)) {
        r.previous = p;
        break;
      }
    }
    const prevIndex = r.previous ? candidates.indexOf(r.previous) : null;
    // Computed when first asked for: an incremental harvest keeps most releases as written and
    // never needs their ranges (a path-filtered range replays git's history simplification).
    let commits: string[] | null = null;
    Object.defineProperty(r, 'commits', {
      enumerable: true,
      configurable: true,
      get: () => (commits ??= range(r.node, prevIndex)),
    });
  });

  let next: ReleasePlan['next'] = null;
  if (headNode >= 0) {
    const headBit = candidates.length;
    let base: PlannedRelease | null = null;
    for (let j = candidates.length - 1; j >= 0; j--) {
      if (reach.reaches(headBit, candidates[j].node)) {
        base = candidates[j];
        break;
      }
    }
    const baseIndex = base ? candidates.indexOf(base) : null;
    next = { base, head: graph.hashes[headNode], commits: range(headNode, baseIndex) };
  }
  return { releases: candidates, skipped, next };
}

/** Two tags naming one version, or two versions sharing a URL, are an error naming both tags. */
function checkUnique(projectId: string, releases: PlannedRelease[]): void {
  const byVersion = new Map<string, PlannedRelease>();
  const bySlug = new Map<string, PlannedRelease>();
  for (const r of releases) {
    const v = byVersion.get(r.version);
    if (v) {
      throw new InputError(`tags "${v.tag.name}" and "${r.tag.name}" both name version ${r.version}`, {
        where: `project "${projectId}"`,
        fix: 'delete one of the tags, or narrow the project\'s "tags" pattern so only one matches',
      });
    }
    const s = bySlug.get(r.slug);
    if (s) {
      throw new InputError(
        `versions "${s.version}" (tag "${s.tag.name}") and "${r.version}" (tag "${r.tag.name}") share the URL /${r.slug}/`,
        {
          where: `project "${projectId}"`,
          fix: 'versions may only differ in characters outside [A-Za-z0-9._-] if they differ elsewhere too; rename or delete one tag',
        },
      );
    }
    byVersion.set(r.version, r);
    bySlug.set(r.slug, r);
  }
}
