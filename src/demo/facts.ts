/**
 * What a harvest of the demo repositories (repos.ts) must find, per docs/releases-from-git.md.
 * Written by hand from the design of the repositories, and checked against git itself by
 * test/integration/git-builder.test.ts (commit counts with `git rev-list --count prev..tag [--
 * path]`, ancestry, tag types, dates), so other tests can rely on it without reading git.
 *
 * @module
 */

export interface ReleaseFact {
  tag: string;
  /** What `{version}` captures. */
  version: string;
  /**
   * previous(r) by the rules: the highest lower version among the releases whose release date is
   * not later than r's (on any branch), non-prereleases only for a final release.
   */
  previous: string | null;
  /** `git rev-list --count <previous tag>..<tag> [-- path]` (all history for the first release), merges included. */
  commitCount: number;
  /** Merge commits among them. */
  mergeCount: number;
  /** Commits among them with `!` or a `BREAKING CHANGE:` footer. */
  breakingCount: number;
  prerelease: boolean;
  semver: boolean;
  annotated: boolean;
  /** Tagger date of an annotated tag, else the commit date; ISO 8601 in the offset git recorded. */
  date: string;
  /**
   * What verifying the tag's signature against the demo's allowed-signers file gives
   * (src/demo/keys/): `good` for the release signer, `unknown-key` for the stranger.
   */
  signature: 'good' | 'unknown-key' | 'unsigned';
}

export interface ProjectFact {
  /** Project id in the demo's waybill.config.json. */
  id: string;
  /** Directory of the repository inside the demo folder. */
  repo: 'acme-sdk' | 'acme-api' | 'acme-platform';
  tags: string;
  path?: string;
  /** Oldest first (by release date). */
  releases: ReleaseFact[];
  /** Tags that match the pattern but do not peel to a commit. */
  skippedTags: string[];
  /** Commits after the newest release on the HEAD branch (`git rev-list --count <newest>..HEAD [-- path]`). */
  unreleased: number;
  /** The bump the unreleased commits call for, from their conventional types. */
  nextBump: 'major' | 'minor' | 'patch' | null;
}

const r = (
  tag: string,
  version: string,
  previous: string | null,
  commitCount: number,
  date: string,
  more: Partial<
    Pick<ReleaseFact, 'mergeCount' | 'breakingCount' | 'prerelease' | 'semver' | 'annotated' | 'signature'>
  > = {},
): ReleaseFact => ({
  tag,
  version,
  previous,
  commitCount,
  mergeCount: 0,
  breakingCount: 0,
  prerelease: false,
  semver: true,
  annotated: true,
  date,
  signature: 'unsigned',
  ...more,
});

export const DEMO_FACTS: ProjectFact[] = [
  {
    id: 'sdk',
    repo: 'acme-sdk',
    tags: 'v{version}',
    releases: [
      r('v0.1.0', '0.1.0', null, 3, '2026-01-13T11:02:00+00:00', { annotated: false }),
      r('v0.2.0', '0.2.0', '0.1.0', 4, '2026-01-26T14:10:00+01:00'),
      r('v1.0.0', '1.0.0', '0.2.0', 3, '2026-02-10T09:30:00+01:00', { signature: 'good' }),
      // Contains "feat(cache): add an in-memory response cache" and its revert: they cancel,
      // leaving 3 changes (pagination, token refresh, the release commit).
      r('v1.1.0', '1.1.0', '1.0.0', 5, '2026-02-23T16:00:00+01:00', { annotated: false }),
      r('v1.2.0', '1.2.0', '1.1.0', 4, '2026-03-10T15:20:00+01:00', { signature: 'good' }),
      r('v1.3.0', '1.3.0', '1.2.0', 4, '2026-04-14T11:15:00+02:00', { signature: 'good' }),
      r('v1.4.0', '1.4.0', '1.3.0', 3, '2026-05-12T10:10:00+02:00', { signature: 'good' }),
      r('v2.0.0-rc.1', '2.0.0-rc.1', '1.4.0', 4, '2026-06-03T09:05:00+02:00', {
        prerelease: true,
        breakingCount: 2,
        signature: 'good',
      }),
      // On branch 1.x, forked at v1.4.0: not an ancestor of any later tag on main.
      r('v1.4.1', '1.4.1', '1.4.0', 2, '2026-06-04T10:45:00+02:00', { signature: 'good' }),
      r('v2.0.0-rc.2', '2.0.0-rc.2', '2.0.0-rc.1', 3, '2026-06-15T09:05:00+02:00', {
        prerelease: true,
        breakingCount: 1,
        signature: 'unknown-key',
      }),
      // Since 1.4.1, the newest final release before it (on the 1.x branch), not since rc.2
      // (prereleases do not count for a final release); its commits are `git log v1.4.1..v2.0.0`,
      // which the 1.x backport is not among.
      r('v2.0.0', '2.0.0', '1.4.1', 9, '2026-06-24T10:30:00+02:00', { breakingCount: 3, signature: 'good' }),
      // Dana Kowalski's first contribution (author of one commit, co-author of another).
      r('v2.1.0', '2.1.0', '2.0.0', 4, '2026-07-15T09:45:00+02:00', { signature: 'good' }),
    ],
    skippedTags: [],
    unreleased: 3,
    nextBump: 'minor',
  },
  {
    id: 'api',
    repo: 'acme-api',
    tags: 'v{version}',
    releases: [
      r('v1.0.0', '1.0.0', null, 4, '2026-02-09T10:20:00+01:00'),
      r('v1.1.0', '1.1.0', '1.0.0', 5, '2026-02-16T10:10:00+01:00', { mergeCount: 1 }),
      // Holds the commit whose subject carries <script>, onerror and javascript: payloads.
      r('v1.2.0', '1.2.0', '1.1.0', 7, '2026-03-02T10:15:00+01:00', { mergeCount: 1 }),
      // Not SemVer, a PEP 440 pre-release: kept, a prerelease, sorts below 1.3.0.
      r('v1.3rc1', '1.3rc1', '1.2.0', 3, '2026-03-18T10:05:00+01:00', {
        semver: false,
        prerelease: true,
        breakingCount: 1,
      }),
      // Since 1.2.0: a final release skips the release candidate.
      r('v1.3.0', '1.3.0', '1.2.0', 7, '2026-03-31T10:30:00+02:00', { mergeCount: 1, breakingCount: 1 }),
    ],
    skippedTags: [],
    unreleased: 2,
    nextBump: 'minor',
  },
  {
    id: 'core',
    repo: 'acme-platform',
    tags: '@acme/core@{version}',
    path: 'packages/core',
    releases: [
      r('@acme/core@1.0.0', '1.0.0', null, 3, '2026-01-26T12:05:00+01:00'),
      r('@acme/core@1.1.0', '1.1.0', '1.0.0', 3, '2026-02-16T12:05:00+01:00'),
      r('@acme/core@1.1.1', '1.1.1', '1.1.0', 2, '2026-04-20T12:05:00+02:00'),
      r('@acme/core@2.0.0-next.0', '2.0.0-next.0', '1.1.1', 2, '2026-05-20T12:05:00+02:00', {
        prerelease: true,
        breakingCount: 1,
      }),
      r('@acme/core@2.0.0', '2.0.0', '1.1.1', 4, '2026-06-08T12:05:00+02:00', { breakingCount: 1 }),
    ],
    // An annotated tag of a blob (packages/core/package.json).
    skippedTags: ['@acme/core@9.9.9'],
    unreleased: 1,
    nextBump: 'minor',
  },
  {
    id: 'cli',
    repo: 'acme-platform',
    tags: '@acme/cli@{version}',
    path: 'packages/cli',
    releases: [
      r('@acme/cli@0.1.0', '0.1.0', null, 3, '2026-01-26T12:05:00+01:00'),
      r('@acme/cli@0.2.0', '0.2.0', '0.1.0', 2, '2026-02-16T12:05:00+01:00'),
      r('@acme/cli@0.3.0', '0.3.0', '0.2.0', 3, '2026-03-05T12:05:00+01:00'),
      // The breaking `feat(core)!` commit also touched packages/cli.
      r('@acme/cli@0.4.0', '0.4.0', '0.3.0', 3, '2026-06-08T12:05:00+02:00', { breakingCount: 1 }),
    ],
    skippedTags: [],
    unreleased: 0,
    nextBump: null,
  },
  {
    id: 'web',
    repo: 'acme-platform',
    tags: '@acme/web@{version}',
    path: 'packages/web',
    releases: [
      r('@acme/web@0.1.0', '0.1.0', null, 3, '2026-01-26T12:05:00+01:00'),
      r('@acme/web@0.1.1', '0.1.1', '0.1.0', 2, '2026-02-16T12:05:00+01:00'),
      r('@acme/web@0.2.0', '0.2.0', '0.1.1', 2, '2026-04-20T12:05:00+02:00'),
      r('@acme/web@0.3.0', '0.3.0', '0.2.0', 3, '2026-07-13T12:05:00+02:00'),
    ],
    skippedTags: [],
    unreleased: 1,
    nextBump: 'patch',
  },
];
