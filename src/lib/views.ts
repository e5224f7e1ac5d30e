// View models: everything a page shows, computed from the portal, as plain data. Pages hold only
// getStaticPaths and markup. Text from repositories stays plain text here (pages escape it with
// `{}`), except what went through src/lib/markdown.ts and is typed `SafeHtml`. For the public
// audience every repository text has e-mail addresses redacted first (src/lib/privacy.ts).
import type { Change, Contributor, Next, NotesSource, Release } from '../schemas/index.ts';
import { groupChanges, groupTitleOf } from '../core/notes.ts';
import { formatDate, formatDateTime, plural, type DateView } from './format.ts';
import { makeLinker, shortHash, type Linker } from './links.ts';
import { renderInlineMarkdown, renderMarkdown, type SafeHtml } from './markdown.ts';
import type { Portal, ProjectEntry } from './portal.ts';
import { makeRedactor, type Redact } from './privacy.ts';

export interface LinkView {
  text: string;
  url: string;
}

export interface LayoutView {
  siteTitle: string;
  homeUrl: string;
  faviconUrl: string;
  apiUrl: string;
  harvested: DateView;
  audience: Portal['audience'];
}

export function toLayoutView(portal: Portal): LayoutView {
  return {
    siteTitle: portal.site.title,
    homeUrl: portal.paths.home,
    faviconUrl: portal.paths.favicon,
    apiUrl: portal.paths.apiIndex,
    harvested: formatDateTime(portal.site.harvestedAt, portal.site.timezone),
    audience: portal.audience,
  };
}

// ---------------------------------------------------------------------------------------------
// Portfolio: `/`

export interface NextHintView {
  url: string;
  /** `3 unreleased changes, 1 breaking: next is 2.0.0 (major)` */
  text: string;
}

export interface PortfolioProjectView {
  id: string;
  name: string;
  description: string | null;
  url: string;
  releaseCount: number;
  latest: { version: string; url: string; date: DateView; prerelease: boolean } | null;
  next: NextHintView | null;
}

export interface PortfolioView {
  title: string;
  projects: PortfolioProjectView[];
}

export function toPortfolioView(portal: Portal): PortfolioView {
  const tz = portal.site.timezone;
  return {
    title: portal.site.title,
    projects: portal.projects.map((entry) => {
      const { project, latest } = entry;
      return {
        id: project.id,
        name: project.name,
        description: project.description,
        url: portal.paths.project(project.id),
        releaseCount: project.releaseCount,
        latest: latest && {
          version: latest.version,
          url: portal.paths.release(project.id, latest.slug),
          date: formatDate(latest.date, tz),
          prerelease: latest.prerelease,
        },
        next: entry.next && { url: portal.paths.next(project.id), text: formatNextHint(entry.next) },
      };
    }),
  };
}

/** One line about the advance notice, for the portfolio and the project page. */
export function formatNextHint(next: Pick<Next, 'commitCount' | 'breakingCount' | 'bump' | 'predicted'>): string {
  if (next.commitCount === 0) return 'No unreleased changes';
  const breaking = next.breakingCount > 0 ? `, ${next.breakingCount} breaking` : '';
  const counted = `${plural(next.commitCount, 'unreleased commit')}${breaking}`;
  if (next.predicted) return `${counted}: next is ${next.predicted}${next.bump ? ` (${next.bump})` : ''}`;
  if (next.bump) return `${counted}: a ${next.bump} release`;
  return counted;
}

// ---------------------------------------------------------------------------------------------
// Project: `/projects/<id>/`

export interface ReleaseRowView {
  version: string;
  url: string;
  date: DateView;
  prerelease: boolean;
  latest: boolean;
  commitCount: number;
  breakingCount: number;
}

export interface ProjectView {
  id: string;
  name: string;
  description: string | null;
  releases: ReleaseRowView[];
  next: NextHintView | null;
  support: { lts: string[]; eol: { line: string; date: string }[] };
  skipped: { tag: string; reason: string }[];
  apiUrl: string;
}

export function toProjectView(portal: Portal, entry: ProjectEntry): ProjectView {
  const { project } = entry;
  const tz = portal.site.timezone;
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    releases: entry.releases.map((r) => ({
      version: r.version,
      url: portal.paths.release(project.id, r.slug),
      date: formatDate(r.date, tz),
      prerelease: r.prerelease,
      latest: r === entry.latest,
      commitCount: r.commitCount,
      breakingCount: r.breakingCount,
    })),
    next: entry.next && { url: portal.paths.next(project.id), text: formatNextHint(entry.next) },
    support: {
      lts: [...project.support.lts],
      eol: Object.entries(project.support.eol)
        .map(([line, date]) => ({ line, date }))
        .sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0)),
    },
    skipped: project.skipped,
    apiUrl: portal.paths.apiReleases(project.id),
  };
}

// ---------------------------------------------------------------------------------------------
// Changes, shared by the release and the advance notice

export interface ChangeView {
  hash: string;
  short: string;
  /** Link to the commit on the forge, or null without a usable `links.commit`. */
  url: string | null;
  type: string | null;
  /** The group a breaking change would otherwise be listed in (`Features`). */
  groupTitle: string;
  scope: string | null;
  subject: string;
  breaking: boolean;
  author: string;
  refs: { text: string; url: string | null }[];
  /** The commit body, rendered; null when empty. */
  body: SafeHtml | null;
  /** Rendered `BREAKING CHANGE:` notes. */
  migration: SafeHtml[];
}

export interface ChangesView {
  count: number;
  breaking: ChangeView[];
  groups: { key: string; title: string; changes: ChangeView[] }[];
}

export function toChangesView(changes: readonly Change[], linker: Linker, redact: Redact): ChangesView {
  const view = (c: Change): ChangeView => ({
    hash: c.hash,
    short: shortHash(c.hash),
    url: linker.commit(c.hash),
    type: c.type,
    groupTitle: groupTitleOf(c.type),
    scope: c.scope === null ? null : redact(c.scope),
    subject: redact(c.subject),
    breaking: c.breaking,
    author: redact(c.author.name),
    refs: c.refs.map((ref) => ({ text: ref.raw, url: linker.issue(ref) })),
    body: c.body.trim() === '' ? null : renderMarkdown(redact(c.body), { headingLevel: 5, idPrefix: `c${shortHash(c.hash)}-` }),
    migration: c.breakingNotes.map((note, i) => renderMarkdown(redact(note), { headingLevel: 5, idPrefix: `m${shortHash(c.hash)}-${i}-` })),
  });
  const grouped = groupChanges(changes);
  return {
    count: grouped.breaking.length + grouped.groups.reduce((n, g) => n + g.changes.length, 0),
    breaking: grouped.breaking.map(view),
    groups: grouped.groups.map((g) => ({ key: g.key, title: g.title, changes: g.changes.map(view) })),
  };
}

export interface ContributorView {
  name: string;
  commits: number;
  firstTime: boolean;
}

export function toContributorsView(contributors: readonly Contributor[], redact: Redact): ContributorView[] {
  // Names only, in both audiences: pages never show an address.
  return contributors.map((c) => ({ name: redact(c.name), commits: c.commits, firstTime: c.firstTime }));
}

// ---------------------------------------------------------------------------------------------
// Release: `/projects/<id>/<slug>/`

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
  /** The release these notes are measured from (PRODUCT.md "previous"), and the forge's diff. */
  since: { version: string; url: string | null; compareUrl: string | null } | null;
  commitCount: number;
  breakingCount: number;
  highlights: SafeHtml[];
  /** The best notes source, rendered; null when that is the commit list, which the page shows as grouped changes. */
  notes: NotesView | null;
  /** Every other notes source there is, one click away. */
  otherNotes: NotesView[];
  changes: ChangesView;
  reverted: { short: string; subject: string; revertedByShort: string }[];
  contributors: ContributorView[];
  older: LinkView | null;
  newer: LinkView | null;
  next: LinkView | null;
  apiUrl: string;
}

export const NOTES_LABELS: Record<NotesSource, string> = {
  overlay: 'Release notes',
  changelog: 'Changelog',
  tag: 'Tag message',
  commits: 'Commits',
};

const NOTES_ORDER: readonly NotesSource[] = ['overlay', 'changelog', 'tag', 'commits'];

export function toReleaseView(portal: Portal, entry: ProjectEntry, release: Release): ReleaseView {
  const { project } = entry;
  const { paths } = portal;
  const tz = portal.site.timezone;
  const redact = makeRedactor(portal.audience);
  const linker = makeLinker(project.links);
  const previous = release.previous === null ? null : entry.releases.find((r) => r.version === release.previous) ?? null;
  const { older, newer } = entry.neighbours(release);
  const link = (r: Release | null): LinkView | null => r && { text: r.version, url: paths.release(project.id, r.slug) };

  const available = NOTES_ORDER.filter((s) => sourceText(release, s) !== null);
  // `best` names a source that has text; should it not, the next best that does stands in.
  const best = available.includes(release.notes.best) ? release.notes.best : available[0]!;
  const render = (source: NotesSource): NotesView => ({
    source,
    label: NOTES_LABELS[source],
    html: renderMarkdown(redact(sourceText(release, source)!), { headingLevel: 3, idPrefix: `${source}-` }),
  });

  return {
    project: { id: project.id, name: project.name, url: paths.project(project.id) },
    version: release.version,
    tag: release.tag,
    date: formatDateTime(release.date, tz),
    prerelease: release.prerelease,
    latest: release === entry.latest,
    commit: { hash: release.commit, short: shortHash(release.commit), url: linker.commit(release.commit) },
    since: release.previous === null ? null : {
      version: release.previous,
      url: previous && paths.release(project.id, previous.slug),
      compareUrl: linker.compare(release.previousTag, release.tag),
    },
    commitCount: release.commitCount,
    breakingCount: release.breakingCount,
    highlights: release.notes.highlights.map((h) => renderInlineMarkdown(redact(h))),
    notes: best === 'commits' ? null : render(best),
    otherNotes: available.filter((s) => s !== best).map(render),
    changes: toChangesView(release.changes, linker, redact),
    reverted: release.reverted.map((r) => ({ short: shortHash(r.hash), subject: redact(r.subject), revertedByShort: shortHash(r.revertedBy) })),
    contributors: toContributorsView(release.contributors, redact),
    older: link(older),
    newer: link(newer),
    next: entry.next && entry.next.commitCount > 0 && !newer ? { text: 'Unreleased changes', url: paths.next(project.id) } : null,
    apiUrl: paths.apiRelease(project.id, release.slug),
  };
}

function sourceText(release: Release, source: NotesSource): string | null {
  const text = release.notes[source];
  return text === null || text.trim() === '' ? null : text;
}

// ---------------------------------------------------------------------------------------------
// Advance notice: `/projects/<id>/next/`

export interface NextView {
  project: { id: string; name: string; url: string };
  base: LinkView | null;
  /** The base version when it has no page (not among the releases). */
  baseVersion: string | null;
  head: { hash: string; short: string; url: string | null };
  bump: Next['bump'];
  predicted: string | null;
  summary: string;
  commitCount: number;
  breakingCount: number;
  changes: ChangesView;
  contributors: ContributorView[];
}

export function toNextView(portal: Portal, entry: ProjectEntry, next: Next): NextView {
  const { project } = entry;
  const redact = makeRedactor(portal.audience);
  const linker = makeLinker(project.links);
  const base = next.base === null ? null : entry.releases.find((r) => r.version === next.base) ?? null;
  return {
    project: { id: project.id, name: project.name, url: portal.paths.project(project.id) },
    base: base && { text: base.version, url: portal.paths.release(project.id, base.slug) },
    baseVersion: next.base,
    head: { hash: next.head, short: shortHash(next.head), url: linker.commit(next.head) },
    bump: next.bump,
    predicted: next.predicted,
    summary: formatNextHint(next),
    commitCount: next.commitCount,
    breakingCount: next.breakingCount,
    changes: toChangesView(next.changes, linker, redact),
    contributors: toContributorsView(next.contributors, redact),
  };
}
