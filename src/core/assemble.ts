// Assembles the records harvest writes from a release plan and what was read for it. Pure: every
// input is passed in.
import semver from 'semver';
import type { Change, Person } from '../schemas/commit.ts';
import type { Next } from '../schemas/project.ts';
import type { Release } from '../schemas/release.ts';
import type { Signature } from '../schemas/signature.ts';
import { majorChanges, matchMajorChanges } from './changesets.ts';
import { cancelReverts, parseCommit, type RawCommit } from './commits.ts';
import type { CommitTypes } from './conventions.ts';
import type { CommitGraph } from './graph.ts';
import type { LinkTemplates } from './links.ts';
import { bestNotesSource, cleanTagMessage, renderCommitNotes } from './notes.ts';
import {
  coAuthorsOf,
  mapPerson,
  mergeContributors,
  parseMailmap,
  personKeys,
  trailerValues,
  type Mailmap,
} from './people.ts';
import type { IdentityMap } from './identities.ts';
import { creditPulls, pullOfMessage } from './pulls.ts';
import { releaseOrder, type PlannedRelease, type ReleasePlan } from './releases.ts';
import { isPrerelease, isSemVer, majorLine } from './version.ts';

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
   * Contributor keys (src/core/people.ts, personKeys) of releases that are not assembled again (an
   * incremental harvest keeps them as written), all of which came out before every planned one:
   * nobody in them is a first-time contributor.
   */
  seenContributors?: readonly string[];
  /** The commit graph the plan was made from: which commits each merge brought in. */
  graph?: CommitGraph;
  /** The text of `.mailmap` at each tagged commit and at the branch head (null: none there). */
  mailmaps?: Map<string, string | null>;
  /** The project's names, which a tag message may repeat without being notes: its id and name. */
  names?: string[];
  /** The project's own commit prefixes (config `commitTypes`). */
  commitTypes?: CommitTypes;
  /** The config's `bots` patterns. */
  bots?: readonly string[];
  /** The config's `identities`: one contributor under several names. */
  identities?: IdentityMap;
  /** The project's link templates, for the pull requests and issues in the commit notes. */
  links?: LinkTemplates;
}

export { trailerValues };

/** A contributor of one release, before its place among the releases says whether they are new. */
export type ReleaseContributor = Omit<Release['contributors'][number], 'firstTime'>;

/**
 * Authors and `Co-authored-by:` people of the changes (merges left out), each mapped through the
 * `.mailmap`, then one per name and e-mail address (src/core/people.ts): people first, most
 * commits first, then by name; bots after them.
 */
export function collectContributors(
  changes: Change[],
  opts: { mailmap?: Mailmap | null; bots?: readonly string[]; identities?: IdentityMap } = {},
): ReleaseContributor[] {
  const credits: Person[] = [];
  for (const c of changes) {
    if (c.merge) continue;
    // The author is mapped already (toChanges); a co-author as `git log --use-mailmap` would map them.
    credits.push(c.author, ...coAuthorsOf(c, opts.mailmap ?? null));
  }
  return mergeContributors(credits, opts.bots, opts.identities).map(({ keys: _, ...c }) => c);
}

/** What identifies a contributor across releases: their name and e-mail address, lower-cased. */
export const contributorKeys = (c: { name: string; email: string }): string[] => personKeys(c);

/** `.mailmap` texts parsed once each, whatever the number of tags that carry the same file. */
function mailmapReader(texts: Map<string, string | null> | undefined) {
  const parsed = new Map<string, Mailmap>();
  return (commit: string): Mailmap | null => {
    const text = texts?.get(commit) ?? null;
    if (text === null) return null;
    let m = parsed.get(text);
    if (!m) parsed.set(text, (m = parseMailmap(text)));
    return m;
  };
}

/**
 * The changes of one range: each commit parsed (its author and committer mapped through the
 * `.mailmap`), credited with the pull request that merged it, and reverts inside the range
 * cancelled.
 */
function toChanges(
  input: AssembleInput,
  hashes: string[],
  merges: string[],
  mailmap: Mailmap | null,
): ReturnType<typeof cancelReverts> {
  const messages = new Map<string, string>();
  const credits =
    input.graph && merges.length
      ? creditPulls(
          input.graph,
          merges.flatMap((h) => {
            const raw = input.commits.get(h);
            const pull = raw ? pullOfMessage(raw.message, true) : null;
            return pull ? [{ hash: h, pull }] : [];
          }),
        )
      : new Map();
  const parse = parserFor(input);
  const parsed = hashes.map((h) => {
    const raw = input.commits.get(h);
    if (!raw) throw new Error(`commit ${h} was planned but not read`);
    messages.set(h, raw.message);
    const change = parse(raw);
    // The identities as this release's `.mailmap` maps them; the merge that brought the commit in
    // names the pull request it was written in (a squash subject's number is the fallback).
    const author = mapPerson(mailmap, raw.author);
    const committer = mapPerson(mailmap, raw.committer);
    const pull = credits.get(h) ?? change.pull;
    return author === raw.author && committer === raw.committer && pull === change.pull
      ? change
      : { ...change, author, committer, pull };
  });
  return cancelReverts(parsed, messages);
}

/**
 * Each commit parsed once per harvest, however many releases list it (on release branches a commit
 * is in its alpha, its release candidate and its final release): what a message says does not
 * depend on the release, only the identities and the pull request do.
 */
const parsedCommits = new WeakMap<Map<string, RawCommit>, Map<string, Change>>();
function parserFor(input: AssembleInput): (raw: RawCommit) => Change {
  let byHash = parsedCommits.get(input.commits);
  if (!byHash) parsedCommits.set(input.commits, (byHash = new Map()));
  const cache = byHash;
  const options = { commitTypes: input.commitTypes };
  // One project's commit types: a repository shared by projects with other settings parses again.
  const key = JSON.stringify(input.commitTypes ?? {});
  return (raw) => {
    const id = `${key}\0${raw.hash}`;
    let change = cache.get(id);
    if (!change) cache.set(id, (change = parseCommit(raw, options)));
    return change;
  };
}

/**
 * Changes that a changesets "Major Changes" entry names become breaking (the entry's text is their
 * migration note when they have none); entries that name no change of the release count on their
 * own. Returns the changes and the release's breaking count.
 */
function applyMajorChanges(
  changes: Change[],
  changelog: string | null,
): { changes: Change[]; breaking: number } {
  const entries = majorChanges(changelog);
  const { named, unmatched } = matchMajorChanges(entries, changes);
  const out = changes.map((c) => {
    const entry = named.get(c);
    if (!entry) return c;
    const notes = c.breakingNotes.length || entry.text === '' || entry.text === c.subject ? [] : [entry.text];
    return { ...c, breaking: true, breakingNotes: [...c.breakingNotes, ...notes] };
  });
  return { changes: out, breaking: out.filter((c) => c.breaking && !c.merge).length + unmatched.length };
}

/** A signed tag before verification is `unchecked`; a lightweight or unsigned one is `unsigned`. */
export function signatureFromTag(tag: PlannedRelease['tag']): Signature {
  return tag.signed
    ? { status: 'unchecked', kind: tag.signed, signer: null, key: null }
    : { status: 'unsigned', kind: null, signer: null, key: null };
}

/**
 * Release records, ascending by version. A contributor is first-time when no release that came out
 * before (src/core/releases.ts, releaseOrder: by release date, then version) has them; bots never are.
 */
export function assembleReleases(input: AssembleInput): Release[] {
  const mailmapAt = mailmapReader(input.mailmaps);
  const releases = input.plan.releases.map((r): Release => {
    const mailmap = mailmapAt(r.tag.peeled);
    const { kept, cancelled } = toChanges(input, r.commits, r.merges, mailmap);
    const changelog = input.changelogs.get(r.tag.name) ?? null;
    const major = applyMajorChanges(kept, changelog);
    const changes = major.changes;
    const contributors = collectContributors(changes, {
      mailmap,
      bots: input.bots,
      identities: input.identities,
    }).map((c) => ({
      ...c,
      firstTime: false,
    }));
    const commitDate = input.commits.get(r.tag.peeled)?.committerDate;
    const overlay = input.overlays.get(r.version) ?? null;
    // A dev-release's message names the version it starts ("Start 3.11.1 development" for 3.11.1.dev0).
    const devOf = r.version.replace(/[.-]?dev\d*$/i, '');
    const tag = cleanTagMessage(r.tag.message, [r.tag.name, r.version, devOf, ...(input.names ?? [])]);
    return {
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
      contains: r.contains.map((c) => c.version),
      received: r.received,
      prerelease: r.prerelease,
      semver: isSemVer(r.version),
      major: majorLine(r.version),
      commitCount: r.commits.length,
      breakingCount: major.breaking,
      changes,
      reverted: cancelled,
      contributors,
      notes: {
        best: bestNotesSource({ overlay: overlay?.body ?? null, changelog, tag }),
        overlay: overlay?.body ?? null,
        highlights: overlay?.highlights ?? [],
        changelog,
        tag,
        commits: renderCommitNotes(changes, input.links ?? null),
      },
    };
  });
  // First-time contributors in the order the releases came out.
  const seen = new Set<string>(input.seenContributors ?? []);
  const order = input.plan.releases.map((r, i) => ({ r, i })).sort((a, b) => releaseOrder(a.r, b.r));
  for (const { i } of order) {
    const contributors = releases[i].contributors;
    for (const c of contributors) c.firstTime = !c.bot && !contributorKeys(c).some((k) => seen.has(k));
    // Marked as seen only after the release, so co-contributors of one release are all first-time.
    for (const c of contributors) for (const k of contributorKeys(c)) seen.add(k);
  }
  return releases;
}

/** The SemVer bump the changes ask for: breaking → major (minor before 1.0.0), feat → minor, else patch. */
export function predictBump(changes: Change[], base: string | null): Next['bump'] {
  const listed = changes.filter((c) => !c.merge);
  if (listed.length === 0) return null;
  const pre1 = base !== null && isSemVer(base) && semver.major(base) === 0;
  if (listed.some((c) => c.breaking)) return pre1 ? 'minor' : 'major';
  if (listed.some((c) => c.type === 'feat' || c.type === 'feature' || c.type === 'api'))
    return pre1 ? 'patch' : 'minor';
  return 'patch';
}

/**
 * What the advance notice predicts (docs/releases-from-git.md, "Advance notice"). From a final base
 * (1.4.2), the bump the unreleased changes ask for and the version it leads to. From a prerelease
 * base (6.0.0-next.8, the last final 5.5.7), the next release finishes its line unless the changes
 * ask for more (6.0.0; a breaking change on 5.6.0-rc.1 goes to 6.0.0), the bump is what that
 * release is to the last final one (major: 5.5.7 to 6.0.0), and the next prerelease of the line
 * (6.0.0-next.9) is named too.
 */
export function predictNext(
  changes: Change[],
  base: string | null,
  final: string | null,
): Pick<Next, 'bump' | 'predicted' | 'bumpFrom' | 'nextPrerelease'> {
  const asked = predictBump(changes, base);
  const predicted = predictVersion(base, asked);
  if (base === null || !isPrerelease(base))
    return { bump: asked, predicted, bumpFrom: base, nextPrerelease: null };
  let bump = asked;
  if (predicted !== null && final !== null && isSemVer(final)) {
    const diff = semver.diff(final, predicted);
    if (diff === 'major' || diff === 'minor' || diff === 'patch') bump = diff;
  }
  const line = isSemVer(base) ? `${semver.major(base)}.${semver.minor(base)}.${semver.patch(base)}` : null;
  const nextPrerelease = predicted !== null && predicted === line ? semver.inc(base, 'prerelease') : null;
  return { bump, predicted, bumpFrom: final, nextPrerelease };
}

/** The advance shipping notice: the unreleased commits after the newest release on the branch. */
export function assembleNext(input: AssembleInput, releases: Release[]): Next | null {
  const next = input.plan.next;
  if (!next) return null;
  const mailmap = mailmapReader(input.mailmaps)(next.head);
  const { kept } = toChanges(input, next.commits, next.merges, mailmap);
  const seen = new Set([
    ...(input.seenContributors ?? []),
    ...releases.flatMap((r) => r.contributors.flatMap(contributorKeys)),
  ]);
  const base: PlannedRelease | null = next.base;
  const predicted = predictNext(kept, base?.version ?? null, next.final?.version ?? null);
  return {
    project: input.projectId,
    base: base?.version ?? null,
    baseTag: base?.tag.name ?? null,
    head: next.head,
    commitCount: next.commits.length,
    breakingCount: kept.filter((c) => c.breaking && !c.merge).length,
    ...predicted,
    changes: kept,
    contributors: collectContributors(kept, { mailmap, bots: input.bots, identities: input.identities }).map(
      (c) => ({
        ...c,
        firstTime: !c.bot && !contributorKeys(c).some((k) => seen.has(k)),
      }),
    ),
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
