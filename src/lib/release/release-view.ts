// The release page (`/projects/<id>/<slug>/`): its notes, its changes, its neighbours, its
// support. Pure: the portal comes in as an argument; the release's record is read through it.
import type { NotesSource } from '../../schemas/index.ts';
import { NOTES_ORDER, publishedNotes } from '../../core/notes.ts';
import { formatDateTime, type DateView } from '../render/format.ts';
import { makeLinker, shortHash } from '../model/links.ts';
import { renderInlineMarkdown, renderMarkdown, type SafeHtml } from '../render/markdown.ts';
import type { LinkView } from '../layout/layout.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { makeRedactor } from '../../core/privacy.ts';
import { releaseLine, supportBadges } from '../model/support.ts';
import { supportContext, toBadgeView, type SupportBadgeView } from '../project/support-view.ts';
import { SEARCH_KINDS } from '../search/search.ts';
import { toChangesView, type ChangesView } from './changes-view.ts';
import { toContributorsView, type ContributorView } from './contributors-view.ts';
import { NOTES_LABELS, notesText } from './notes.ts';
import { searchTypes, type SearchHooksView } from './search-hooks.ts';

export interface NotesView {
  source: NotesSource;
  label: string;
  html: SafeHtml;
}

export interface ReleaseView {
  project: { id: string; name: string; url: string };
  version: string;
  tag: string;
  date: DateView;
  prerelease: boolean;
  latest: boolean;
  commit: { hash: string; short: string; url: string | null };
  /** The release these notes are measured from (docs/releases-from-git.md, "previous"), and the forge's diff. */
  since: { version: string; url: string | null; compareUrl: string | null } | null;
  commitCount: number;
  breakingCount: number;
  highlights: SafeHtml[];
  /** The best notes source, rendered; null when that is the commit list, which the page shows as grouped changes. */
  notes: NotesView | null;
  /** Every other notes source there is, one click away; the commits are the grouped changes. */
  otherNotes: NotesView[];
  changes: ChangesView;
  /**
   * True when the notes shown are a changelog section (docs/site.md, "Release notes and commits"):
   * the changelog lists the changes for readers, so the grouped commits are folded under it rather
   * than listed a second time in full. Breaking changes stay open, first.
   */
  changesFolded: boolean;
  reverted: { short: string; subject: string; revertedByShort: string }[];
  contributors: ContributorView[];
  older: LinkView | null;
  newer: LinkView | null;
  next: LinkView | null;
  apiUrl: string;
  /** The major line, `2.x`. */
  line: string;
  /** Support status of the line (src/lib/model/support.ts); empty without a support policy. */
  support: SupportBadgeView[];
  /** Every change since the previous release, on the upgrade page; null for the first release. */
  upgradeUrl: string | null;
  /** The project's Atom feed. */
  feedUrl: string;
  /** Hidden markup for the search index (pagefind filters and metadata). */
  search: SearchHooksView;
}

export function toReleaseView(portal: Portal, entry: ProjectEntry, release: ReleaseSummary): ReleaseView {
  // The summary for the release's place in the list, the record (read from its file) for its body.
  const record = portal.record(release);
  const { project } = entry;
  const { paths } = portal;
  const tz = portal.site.timezone;
  const redact = makeRedactor(portal.audience);
  const linker = makeLinker(project.links);
  const previous =
    release.previous === null ? null : (entry.releases.find((r) => r.version === release.previous) ?? null);
  const { older, newer } = entry.neighbours(release);
  const link = (r: ReleaseSummary | null): LinkView | null =>
    r && { text: r.version, url: paths.release(project.id, r.slug) };

  const changes = toChangesView(record.changes, linker, redact, record.contributors);
  const line = releaseLine(release);
  const available = NOTES_ORDER.filter((s) => notesText(record.notes, s) !== null);
  // `best` names a source that has text; should it not, the next best that does stands in.
  const best = publishedNotes(record.notes).source;
  const render = (source: NotesSource): NotesView => ({
    source,
    label: NOTES_LABELS[source],
    html: renderMarkdown(notesText(record.notes, source)!, {
      redact,
      headingLevel: 3,
      idPrefix: `${source}-`,
    }),
  });

  return {
    project: { id: project.id, name: project.name, url: paths.project(project.id) },
    version: release.version,
    tag: release.tag,
    date: formatDateTime(release.date, tz),
    prerelease: release.prerelease,
    latest: release === entry.latest,
    commit: { hash: release.commit, short: shortHash(release.commit), url: linker.commit(release.commit) },
    since:
      release.previous === null
        ? null
        : {
            version: release.previous,
            url: previous && paths.release(project.id, previous.slug),
            compareUrl: linker.compare(release.previousTag, release.tag),
          },
    commitCount: release.commitCount,
    breakingCount: release.breakingCount,
    highlights: record.notes.highlights.map((h) => renderInlineMarkdown(h, redact)),
    notes: best === 'commits' ? null : render(best),
    // The commit list is on the page already, as the grouped changes: rendering it again as a notes
    // source would double the page for nothing (a release of 100 commits must stay small).
    otherNotes: available.filter((s) => s !== best && s !== 'commits').map(render),
    changes,
    changesFolded: best === 'changelog' && changes.count > 0,
    reverted: record.reverted.map((r) => ({
      short: shortHash(r.hash),
      subject: redact(r.subject),
      revertedByShort: shortHash(r.revertedBy),
    })),
    contributors: toContributorsView(record.contributors, redact),
    older: link(older),
    newer: link(newer),
    next:
      entry.next && entry.next.commitCount > 0 && !newer
        ? { text: 'Unreleased changes', url: paths.next(project.id) }
        : null,
    apiUrl: paths.apiRelease(project.id, release.slug),
    line,
    support: supportBadges(release.version, supportContext(portal, entry)).map(toBadgeView),
    upgradeUrl:
      release.previous === null || !previous
        ? null
        : portal.paths.upgrade(project.id, { from: release.previous, to: release.version }),
    feedUrl: portal.paths.projectFeed(project.id),
    search: {
      project: project.name,
      major: line,
      types: searchTypes(changes),
      kinds: [SEARCH_KINDS.notes],
      version: release.version,
      date: release.date,
      title: `${project.name} ${release.version}`,
    },
  };
}
