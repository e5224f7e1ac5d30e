// Assembles the records harvest writes from a release plan and what was read for it. Pure: every
// input is passed in.
import semver from 'semver';
import type { Change, Contributor } from '../schemas/commit.ts';
import type { Next } from '../schemas/project.ts';
import type { Release } from '../schemas/release.ts';
import type { Signature } from '../schemas/signature.ts';
import { cancelReverts, parseCommit, type RawCommit } from './commits.ts';
import { bestNotesSource, cleanTagMessage, renderCommitNotes } from './notes.ts';
import type { PlannedRelease, ReleasePlan } from './releases.ts';
import { isSemVer, majorLine } from './version.ts';

export interface Overlay {
  /** Markdown without front matter. */
  body: string;
  highlights: string[];
}

export interface AssembleInput {
  projectId: string;
  plan: ReleasePlan;
  commits: Map<string, RawCommit>;
  /** Changelog section per tag name, already extracted. */
  changelogs: Map<string, string | null>;
  /** Overlay per version. */
  overlays: Map<string, Overlay>;
  /**
   * Contributor keys of releases below the planned ones that are not assembled again (an
   * incremental harvest keeps them as written): nobody in them is a first-time contributor.
   */
  seenContributors?: readonly string[];
}

const CO_AUTHOR = /^(.*?)\s*<([^>]*)>\s*$/;

/** A trailer's values, its key compared case-insensitively as git does. */
export function trailerValues(trailers: Record<string, string[]>, key: string): string[] {
  const k = key.toLowerCase();
  return Object.entries(trailers).flatMap(([name, values]) => (name.toLowerCase() === k ? values : []));
}

/** Authors and `Co-authored-by:` people of the changes, most commits first, then by name. */
export function collectContributors(changes: Change[]): Omit<Contributor, 'firstTime'>[] {
  const by = new Map<string, { name: string; email: string; commits: number }>();
  const add = (name: string, email: string) => {
    const key = (email || name).toLowerCase();
    const c = by.get(key);
    if (c) c.commits++;
    else by.set(key, { name, email, commits: 1 });
  };
  for (const c of changes) {
    if (c.merge) continue;
    add(c.author.name, c.author.email);
    for (const co of trailerValues(c.trailers, 'Co-authored-by')) {
      const m = CO_AUTHOR.exec(co);
      if (m && (m[1] || m[2])) add(m[1], m[2]);
    }
  }
  return [...by.values()].sort(
    (a, b) =>
      b.commits - a.commits ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.email < b.email ? -1 : 1),
  );
}

/** What identifies a contributor across releases: the e-mail address, else the name, lower-cased. */
export const contributorKey = (c: { name: string; email: string }) => (c.email || c.name).toLowerCase();

function toChanges(hashes: string[], commits: Map<string, RawCommit>) {
  const messages = new Map<string, string>();
  const parsed = hashes.map((h) => {
    const raw = commits.get(h);
    if (!raw) throw new Error(`commit ${h} was planned but not read`);
    messages.set(h, raw.message);
    return parseCommit(raw);
  });
  return cancelReverts(parsed, messages);
}

/** Release records, ascending by version; contributors are first-time when no lower version has them. */
/** A signed tag before verification is `unchecked`; a lightweight or unsigned one is `unsigned`. */
export function signatureFromTag(tag: PlannedRelease['tag']): Signature {
  return tag.signed
    ? { status: 'unchecked', kind: tag.signed, signer: null, key: null }
    : { status: 'unsigned', kind: null, signer: null, key: null };
}

export function assembleReleases(input: AssembleInput): Release[] {
  const seen = new Set<string>(input.seenContributors ?? []);
  return input.plan.releases.map((r) => {
    const { kept, cancelled } = toChanges(r.commits, input.commits);
    const contributors = collectContributors(kept).map((c) => ({
      ...c,
      firstTime: !seen.has(contributorKey(c)),
    }));
    const commitDate = input.commits.get(r.tag.peeled)?.committerDate;
    const overlay = input.overlays.get(r.version) ?? null;
    const changelog = input.changelogs.get(r.tag.name) ?? null;
    const tag = cleanTagMessage(r.tag.message, [r.tag.name, r.version]);
    const release: Release = {
      project: input.projectId,
      version: r.version,
      slug: r.slug,
      tag: r.tag.name,
      date: r.tag.taggerDate ?? commitDate ?? '',
      commit: r.tag.peeled,
      tagObject: r.tag.annotated ? r.tag.object : null,
      tagger: r.tag.tagger,
      // What the tag object says; the harvest replaces it with what git verified (src/harvest/signatures.ts).
      signature: signatureFromTag(r.tag),
      previous: r.previous?.version ?? null,
      previousTag: r.previous?.tag.name ?? null,
      prerelease: r.prerelease,
      semver: isSemVer(r.version),
      major: majorLine(r.version),
      commitCount: r.commits.length,
      breakingCount: kept.filter((c) => c.breaking && !c.merge).length,
      changes: kept,
      reverted: cancelled,
      contributors,
      notes: {
        best: bestNotesSource({ overlay: overlay?.body ?? null, changelog, tag }),
        overlay: overlay?.body ?? null,
        highlights: overlay?.highlights ?? [],
        changelog,
        tag,
        commits: renderCommitNotes(kept),
      },
    };
    // Mark contributors as seen only after the release, so co-contributors of one release are all first-time.
    for (const c of contributors) seen.add(contributorKey(c));
    return release;
  });
}

/** The SemVer bump the changes ask for: breaking → major (minor before 1.0.0), feat → minor, else patch. */
export function predictBump(changes: Change[], base: string | null): Next['bump'] {
  const listed = changes.filter((c) => !c.merge);
  if (listed.length === 0) return null;
  const pre1 = base !== null && isSemVer(base) && semver.major(base) === 0;
  if (listed.some((c) => c.breaking)) return pre1 ? 'minor' : 'major';
  if (listed.some((c) => c.type === 'feat' || c.type === 'feature')) return pre1 ? 'patch' : 'minor';
  return 'patch';
}

/** The advance shipping notice: the unreleased commits after the newest release on the branch. */
export function assembleNext(input: AssembleInput, releases: Release[]): Next | null {
  const next = input.plan.next;
  if (!next) return null;
  const { kept } = toChanges(next.commits, input.commits);
  const seen = new Set([
    ...(input.seenContributors ?? []),
    ...releases.flatMap((r) => r.contributors.map(contributorKey)),
  ]);
  const base: PlannedRelease | null = next.base;
  const bump = predictBump(kept, base?.version ?? null);
  return {
    project: input.projectId,
    base: base?.version ?? null,
    baseTag: base?.tag.name ?? null,
    head: next.head,
    commitCount: next.commits.length,
    breakingCount: kept.filter((c) => c.breaking && !c.merge).length,
    bump,
    predicted: predictVersion(base?.version ?? null, bump),
    changes: kept,
    contributors: collectContributors(kept).map((c) => ({ ...c, firstTime: !seen.has(contributorKey(c)) })),
  };
}

/**
 * The version a bump leads to, by SemVer's own increment: from a prerelease (2.0.0-rc.2) a patch or
 * a minor that its release already covers finishes it (2.0.0); a bump past it goes past it
 * (1.1.0-rc.1 with a breaking change: 2.0.0). Null when the base is not SemVer or nothing changed.
 */
export function predictVersion(base: string | null, bump: Next['bump']): string | null {
  if (bump === null || base === null || !isSemVer(base)) return null;
  return semver.inc(base, bump);
}
