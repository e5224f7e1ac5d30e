// The advance notice (`/projects/<id>/next/`): the changes since the last release, the bump they
// call for and the version it predicts (docs/releases-from-git.md, "Advance notice"). Pure: the
// portal comes in as an argument.
import type { Next } from '../../schemas/index.ts';
import { makeLinker, shortHash } from '../model/links.ts';
import type { LinkView } from '../layout/layout.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import { makeRedactor } from '../../core/privacy.ts';
import { formatNextHint } from '../project/next-hint.ts';
import { SEARCH_KINDS } from '../search/search.ts';
import { toChangesView, type ChangesView } from './changes-view.ts';
import { toContributorsView, type ContributorView } from './contributors-view.ts';
import { searchTypes, type SearchHooksView } from './search-hooks.ts';

export interface NextView {
  project: { id: string; name: string; url: string };
  base: LinkView | null;
  /** The base version when it has no page (not among the releases). */
  baseVersion: string | null;
  head: { hash: string; short: string; url: string | null };
  bump: Next['bump'];
  predicted: string | null;
  /** The final release the bump is measured from, when it is not the base (a prerelease base). */
  bumpFrom: string | null;
  /** The next prerelease of the base's line, from a prerelease base. */
  nextPrerelease: string | null;
  summary: string;
  commitCount: number;
  breakingCount: number;
  changes: ChangesView;
  contributors: ContributorView[];
  feedUrl: string;
  /** Hidden markup for the search index: the advance notice is found like release notes. */
  search: SearchHooksView;
}

export function toNextView(portal: Portal, entry: ProjectEntry, next: Next): NextView {
  const { project } = entry;
  const redact = makeRedactor(portal.audience);
  const linker = makeLinker(project.links);
  const base = next.base === null ? null : (entry.releases.find((r) => r.version === next.base) ?? null);
  const changes = toChangesView(next.changes, linker, redact, next.contributors);
  return {
    project: { id: project.id, name: project.name, url: portal.paths.project(project.id) },
    base: base && { text: base.version, url: portal.paths.release(project.id, base.slug) },
    baseVersion: next.base,
    head: { hash: next.head, short: shortHash(next.head), url: linker.commit(next.head) },
    bump: next.bump,
    predicted: next.predicted,
    bumpFrom: next.bumpFrom !== next.base ? next.bumpFrom : null,
    nextPrerelease: next.nextPrerelease,
    summary: formatNextHint(next),
    commitCount: next.commitCount,
    breakingCount: next.breakingCount,
    changes,
    contributors: toContributorsView(next.contributors, redact),
    feedUrl: portal.paths.projectFeed(project.id),
    search: {
      project: project.name,
      major: null,
      types: searchTypes(changes),
      kinds: [SEARCH_KINDS.notes, SEARCH_KINDS.next],
      version: next.predicted ?? 'next',
      date: null,
      title: `${project.name}: coming next`,
    },
  };
}
