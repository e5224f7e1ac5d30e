// View models: everything a page shows, computed from the portal, as plain data. Pages hold only
// getStaticPaths and markup. Text from repositories stays plain text here (pages escape it with
// `{}`), except what went through src/lib/render/markdown.ts and is typed `SafeHtml`. For the public
// audience every repository text has e-mail addresses redacted first (src/core/privacy.ts).
import { createHash } from 'node:crypto';
import type { Change, Contributor, Next, NotesSource, Release } from '../../schemas/index.ts';
import { coAuthorsOf, personKeys } from '../../core/people.ts';
import { groupChanges, groupTitleOf, NOTES_ORDER, publishedNotes } from '../../core/notes.ts';
import { formatDate, formatDateTime, formatDay, plural, type DateView } from '../render/format.ts';
import { splitInlineCode, type InlineSegment } from '../render/inline-code.ts';
import { makeLinker, shortHash, type Linker } from '../model/links.ts';
import { renderInlineMarkdown, renderMarkdown, type SafeHtml } from '../render/markdown.ts';
import type { Portal, ProjectEntry, ReleaseSummary } from '../model/portal.ts';
import { makeRedactor, type Redact } from '../../core/privacy.ts';
import {
  ALL,
  availableFilters,
  filterReleases,
  listPath,
  paginate,
  type ReleaseFilter,
} from '../project/release-list.ts';
import {
  releaseLine,
  supportBadges,
  supportToday,
  toSupportRows,
  type SupportBadge,
  type SupportContext,
} from '../model/support.ts';
import { themeCss, toThemeView } from '../render/theme.ts';
import { SEARCH_KINDS } from '../search/search.ts';
import { defaultRange, type UpgradeData } from '../upgrade/upgrade.ts';

export interface LinkView {
  text: string;
  url: string;
}

export interface NavItem {
  text: string;
  url: string;
  /** Which paths count as "here" for `aria-current`; the first item also owns `/projects/`. */
  section: 'projects' | 'calendar' | 'search' | 'feed';
}

export interface LayoutView {
  siteTitle: string;
  homeUrl: string;
  faviconUrl: string;
  apiUrl: string;
  harvested: DateView;
  audience: Portal['audience'];
  nav: NavItem[];
  /** The portal's Atom feed, offered on every page. */
  feedUrl: string;
  /** site.json `logo`: a file harvest copied into the site's assets/, or an https URL. */
  logoUrl: string | null;
  /** The `<style>` rule for site.json `accent`, or null for the stylesheet's default. */
  themeCss: string | null;
}

export function toLayoutView(portal: Portal): LayoutView {
  const links = portal.paths;
  const { logo, accent } = portal.site;
  const theme = toThemeView(accent ?? null);
  return {
    siteTitle: portal.site.title,
    homeUrl: portal.paths.home,
    faviconUrl: portal.paths.favicon,
    apiUrl: portal.paths.apiIndex,
    harvested: formatDateTime(portal.site.harvestedAt, portal.site.timezone),
    audience: portal.audience,
    nav: [
      { text: 'Projects', url: links.projects, section: 'projects' },
      { text: 'Calendar', url: links.calendar, section: 'calendar' },
      { text: 'Search', url: links.search, section: 'search' },
      { text: 'Feed', url: links.feed, section: 'feed' },
    ],
    feedUrl: links.feed,
    logoUrl: toLogoUrl(logo ?? null, portal.paths.home),
    themeCss: theme && themeCss(theme),
  };
}

/** SiteSchema allows `assets/logo.<ext>` (served below the site's base) or an https URL. */
export function toLogoUrl(logo: string | null, root: string): string | null {
  if (logo === null) return null;
  if (/^assets\/logo\.[a-z]+$/.test(logo)) return `${root}${logo}`;
  try {
    return new URL(logo).protocol === 'https:' ? logo : null;
  } catch {
    return null;
  }
}

/** The nav item a page belongs to, from its path: the home page and project pages are "Projects". */
export function currentNav(
  nav: readonly NavItem[],
  pathname: string,
  root: string,
): NavItem['section'] | null {
  const rel = pathname.startsWith(root) ? pathname.slice(root.length) : pathname.replace(/^\//, '');
  if (rel === '' || rel === 'index.html' || rel.startsWith('projects/')) return 'projects';
  for (const item of nav) {
    if (
      item.section !== 'projects' &&
      item.url.startsWith(root) &&
      rel.startsWith(item.url.slice(root.length))
    )
      return item.section;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Portfolio: `/`

export interface NextHintView {
  url: string;
  /** Unreleased commits: with none, the portfolio says nothing rather than "no changes". */
  commitCount: number;
  /** `3 unreleased changes, 1 breaking: next is 2.0.0 (major)` */
  text: string;
}

export interface PortfolioProjectView {
  id: string;
  name: string;
  description: string | null;
  url: string;
  releaseCount: number;
  latest: {
    version: string;
    url: string;
    date: DateView;
    prerelease: boolean;
    support: SupportBadgeView[];
  } | null;
  next: NextHintView | null;
  links: { feed: string; upgrade: string | null };
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
          support: supportBadges(latest.version, supportContext(portal, entry)).map(toBadgeView),
        },
        next: entry.next && {
          url: portal.paths.next(project.id),
          commitCount: entry.next.commitCount,
          text: formatNextHint(entry.next),
        },
        links: {
          feed: portal.paths.projectFeed(project.id),
          upgrade: entry.releases.length > 1 ? portal.paths.upgrade(project.id) : null,
        },
      };
    }),
  };
}

/**
 * One line about the advance notice, for the portfolio and the project page. From a prerelease
 * base (6.0.0-next.8), the next release is named with the next prerelease of its line and the bump
 * is said from the last final release: "next is 6.0.0-next.9 or 6.0.0 (major after 5.5.7)"
 * (docs/releases-from-git.md, "Advance notice").
 */
export function formatNextHint(
  next: Pick<Next, 'commitCount' | 'breakingCount' | 'bump' | 'predicted'> &
    Partial<Pick<Next, 'base' | 'bumpFrom' | 'nextPrerelease'>>,
): string {
  if (next.commitCount === 0) return 'No unreleased changes';
  const breaking = next.breakingCount > 0 ? `, ${next.breakingCount} breaking` : '';
  const counted = `${plural(next.commitCount, 'unreleased commit')}${breaking}`;
  const from = next.bumpFrom && next.base && next.bumpFrom !== next.base ? ` after ${next.bumpFrom}` : '';
  if (next.predicted) {
    const which = next.nextPrerelease ? `${next.nextPrerelease} or ${next.predicted}` : next.predicted;
    return `${counted}: next is ${which}${next.bump ? ` (${next.bump}${from})` : ''}`;
  }
  if (next.bump) return `${counted}: a ${next.bump} release${from}`;
  return counted;
}

// ---------------------------------------------------------------------------------------------
// Project: `/projects/<id>/` and its filtered and further pages (src/lib/project/release-list.ts)

export interface ReleaseRowView {
  version: string;
  url: string;
  date: DateView;
  prerelease: boolean;
  latest: boolean;
  commitCount: number;
  breakingCount: number;
}

export interface FilterLinkView {
  text: string;
  url: string;
  current: boolean;
}

export interface ReleaseListView {
  filter: ReleaseFilter;
  /** Page 1 of this filter: where the filter links of other views point. */
  url: string;
  page: number;
  pageCount: number;
  /** Releases in this filter, over all pages. */
  total: number;
  releases: ReleaseRowView[];
  /** Major lines, `All` first; empty when the project has one line. */
  lines: FilterLinkView[];
  /** `Show` / `Hide` pre-releases, keeping the line; null when the project has none. */
  prereleases: FilterLinkView[] | null;
  /** Page links for the pager, and newer (previous page) / older (next page). */
  pages: FilterLinkView[];
  newer: string | null;
  older: string | null;
  /** `Releases 26–50 of 60` */
  summary: string;
  /** What the list shows when the filter leaves nothing. */
  emptyText: string;
}

export interface SupportRowView {
  line: string;
  badges: SupportBadgeView[];
  newest: LinkView | null;
}

export interface SupportBadgeView extends SupportBadge {
  /** The end-of-life day for `<time>`, when there is one. */
  date: DateView | null;
}

export interface ProjectView {
  id: string;
  name: string;
  description: string | null;
  url: string;
  /** Every release, newest first (the list below shows one page of one filter). */
  releases: ReleaseRowView[];
  latest: LinkView | null;
  list: ReleaseListView;
  next: NextHintView | null;
  support: { lts: string[]; eol: { line: string; date: string }[] };
  /** The supported-versions table; empty when the project has no support policy. */
  supportRows: SupportRowView[];
  links: { feed: string; calendar: string; upgrade: string | null };
  skipped: { tag: string; reason: string }[];
  apiUrl: string;
}

function supportContext(portal: Portal, entry: ProjectEntry): SupportContext {
  return {
    support: entry.project.support,
    latest: entry.project.latest,
    today: supportToday(portal.site.harvestedAt, portal.site.timezone),
  };
}

function toBadgeView(b: SupportBadge): SupportBadgeView {
  return { ...b, date: b.day ? formatDay(b.day) : null };
}

/**
 * What every list page of a project shares: a row per release, the support table, the filters a
 * project offers and each filter's releases. A project of n releases has about n / 25 list pages
 * per filter, so making these per page cost O(n) date formats per page, O(n²) per project; they are
 * made once per project and portal instead (views are plain data that pages only read).
 */
interface ProjectLists {
  portal: Portal;
  rows: Map<ReleaseSummary, ReleaseRowView>;
  releases: ReleaseRowView[];
  supportRows: SupportRowView[];
  filters: ReturnType<typeof availableFilters>;
  filtered: Map<string, ReleaseSummary[]>;
}
const projectLists = new WeakMap<ProjectEntry, ProjectLists>();

function listsOf(portal: Portal, entry: ProjectEntry): ProjectLists {
  const known = projectLists.get(entry);
  if (known?.portal === portal) return known;
  const { project } = entry;
  const tz = portal.site.timezone;
  const row = (r: ReleaseSummary): ReleaseRowView => ({
    version: r.version,
    url: portal.paths.release(project.id, r.slug),
    date: formatDate(r.date, tz),
    prerelease: r.prerelease,
    latest: r === entry.latest,
    commitCount: r.commitCount,
    breakingCount: r.breakingCount,
  });
  const rows = new Map(entry.releases.map((r) => [r, row(r)]));
  const lists: ProjectLists = {
    portal,
    rows,
    releases: entry.releases.map((r) => rows.get(r)!),
    supportRows: toSupportRows(
      entry.releases.map((r) => r.version),
      supportContext(portal, entry),
    ).map((r) => {
      const newest = r.newest === null ? null : entry.releases.find((x) => x.version === r.newest)!;
      return {
        line: r.line,
        badges: r.badges.map(toBadgeView),
        newest: newest && { text: newest.version, url: portal.paths.release(project.id, newest.slug) },
      };
    }),
    filters: availableFilters(entry.releases),
    filtered: new Map(),
  };
  projectLists.set(entry, lists);
  return lists;
}

function filteredOf(lists: ProjectLists, entry: ProjectEntry, filter: ReleaseFilter): ReleaseSummary[] {
  const key = `${filter.line ?? ''}\u0000${filter.prereleases}`;
  let list = lists.filtered.get(key);
  if (!list) lists.filtered.set(key, (list = filterReleases(entry.releases, filter)));
  return list;
}

export function toProjectView(
  portal: Portal,
  entry: ProjectEntry,
  filter: ReleaseFilter = ALL,
  page = 1,
): ProjectView {
  const { project } = entry;
  const links = portal.paths;
  const projectUrl = portal.paths.project(project.id);
  const lists = listsOf(portal, entry);
  const row = (r: ReleaseSummary): ReleaseRowView => lists.rows.get(r)!;
  const releases = lists.releases;
  return {
    id: project.id,
    name: project.name,
    description: project.description,
    url: projectUrl,
    releases,
    latest: entry.latest && {
      text: entry.latest.version,
      url: portal.paths.release(project.id, entry.latest.slug),
    },
    list: toReleaseListView(entry, projectUrl, filter, page, row, lists),
    next: entry.next && {
      url: portal.paths.next(project.id),
      commitCount: entry.next.commitCount,
      text: formatNextHint(entry.next),
    },
    support: {
      lts: [...project.support.lts],
      eol: Object.entries(project.support.eol)
        .map(([line, date]) => ({ line, date }))
        .sort((a, b) => (a.line < b.line ? -1 : a.line > b.line ? 1 : 0)),
    },
    supportRows: lists.supportRows,
    links: {
      feed: links.projectFeed(project.id),
      calendar: links.projectCalendarIcs(project.id),
      upgrade: entry.releases.length > 1 ? links.upgrade(project.id) : null,
    },
    skipped: project.skipped,
    apiUrl: portal.paths.apiReleases(project.id),
  };
}

function toReleaseListView(
  entry: ProjectEntry,
  projectUrl: string,
  filter: ReleaseFilter,
  page: number,
  row: (r: ReleaseSummary) => ReleaseRowView,
  lists: ProjectLists,
): ReleaseListView {
  const filtered = filteredOf(lists, entry, filter);
  const p = paginate(filtered, page);
  const { lines, prereleaseToggle } = lists.filters;
  const first = p.total === 0 ? 0 : filtered.indexOf(p.items[0]!) + 1;
  // Filter and page links land on the list itself, not on the top of the project page again.
  const to = (f: ReleaseFilter, n = 1) => `${listPath(projectUrl, f, n)}#releases`;
  return {
    filter,
    url: listPath(projectUrl, filter),
    page: p.page,
    pageCount: p.pageCount,
    total: p.total,
    releases: p.items.map(row),
    lines:
      lines.length === 0
        ? []
        : [
            { text: 'All', url: to({ ...filter, line: null }), current: filter.line === null },
            ...lines.map((line) => ({
              text: line,
              url: to({ ...filter, line }),
              current: filter.line === line,
            })),
          ],
    prereleases: !prereleaseToggle
      ? null
      : [
          { text: 'Shown', url: to({ ...filter, prereleases: true }), current: filter.prereleases },
          { text: 'Hidden', url: to({ ...filter, prereleases: false }), current: !filter.prereleases },
        ],
    pages:
      p.pageCount === 1
        ? []
        : Array.from({ length: p.pageCount }, (_, i) => ({
            text: String(i + 1),
            url: to(filter, i + 1),
            current: i + 1 === p.page,
          })),
    newer: p.page > 1 ? to(filter, p.page - 1) : null,
    older: p.page < p.pageCount ? to(filter, p.page + 1) : null,
    summary: formatListSummary(filter, p.total, first, first + p.items.length - 1, p.pageCount),
    emptyText: `No ${filter.prereleases ? 'releases' : 'final releases'}${filter.line ? ` in ${filter.line}` : ''}.`,
  };
}

/** `12 releases`, `4 final releases in 2.x`, `Releases 26–50 of 60`. */
export function formatListSummary(
  filter: ReleaseFilter,
  total: number,
  first: number,
  last: number,
  pageCount: number,
): string {
  const [one, many] = filter.prereleases ? ['release', 'releases'] : ['final release', 'final releases'];
  const where = filter.line ? ` in ${filter.line}` : '';
  if (pageCount <= 1) return `${plural(total, one, many)}${where}`;
  const range = first === last ? `${one} ${first}` : `${many} ${first}–${last}`;
  return `${range.charAt(0).toUpperCase()}${range.slice(1)} of ${total}${where}`;
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
  /** The subject with its backtick code spans apart, for `<code>` (src/lib/render/inline-code.ts). */
  subjectParts: InlineSegment[];
  breaking: boolean;
  /** A release-bump commit (`chore(release): 2.0.0`): listed like every commit, shown muted. */
  releaseBump: boolean;
  author: string;
  /**
   * The people its `Co-authored-by:` trailers credit, by the name the contributors list gives them:
   * the list counts them for this commit, so the commit names them (and no other commit does).
   */
  coAuthors: string[];
  /** The pull request that merged the change (`#16119`, `!42`), linked with the project's templates. */
  pull: { text: string; url: string | null } | null;
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

export function toChangesView(
  changes: readonly Change[],
  linker: Linker,
  redact: Redact,
  contributors: readonly Pick<Contributor, 'name' | 'email'>[] = [],
): ChangesView {
  // A co-author by the name the release's contributors list shows for the same person.
  const byKey = new Map<string, string>();
  for (const c of contributors) for (const k of personKeys(c)) if (!byKey.has(k)) byKey.set(k, c.name);
  const nameOf = (p: { name: string; email: string }) =>
    personKeys(p)
      .map((k) => byKey.get(k))
      .find((n) => n !== undefined) ?? p.name;
  const view = (c: Change): ChangeView => ({
    hash: c.hash,
    short: shortHash(c.hash),
    url: linker.commit(c.hash),
    type: c.type,
    groupTitle: groupTitleOf(c.type),
    scope: c.scope === null ? null : redact(c.scope),
    subject: redact(c.subject),
    subjectParts: splitInlineCode(redact(c.subject)),
    breaking: c.breaking,
    releaseBump: isReleaseBump(c),
    author: redact(c.author.name),
    coAuthors: [...new Set(coAuthorsOf(c).map((p) => redact(nameOf(p))))].filter(
      (n) => n !== '' && n !== redact(c.author.name),
    ),
    pull: c.pull ? { text: c.pull.raw, url: linker.pull(c.pull) } : null,
    // A squash merge's subject names its pull request already; it is not listed twice.
    refs: c.refs
      .filter((ref) => !(c.pull && ref.repository === null && `#${ref.issue}` === c.pull.raw))
      .map((ref) => ({ text: ref.raw, url: linker.issue(ref) })),
    body:
      c.body.trim() === ''
        ? null
        : renderMarkdown(c.body, { redact, headingLevel: 5, idPrefix: `c${shortHash(c.hash)}-` }),
    migration: c.breakingNotes.map((note, i) =>
      renderMarkdown(note, { redact, headingLevel: 5, idPrefix: `m${shortHash(c.hash)}-${i}-` }),
    ),
  });
  const grouped = groupChanges(changes);
  return {
    count: grouped.breaking.length + grouped.groups.reduce((n, g) => n + g.changes.length, 0),
    breaking: grouped.breaking.map(view),
    groups: grouped.groups.map((g) => ({ key: g.key, title: g.title, changes: g.changes.map(view) })),
  };
}

/**
 * The commit that only sets the version for a release (`chore(release): 2.0.0`, `release: v1.2.0`,
 * `Bump version to 1.2.0`). Never a breaking one: that would hide what it breaks.
 */
export function isReleaseBump(c: Pick<Change, 'type' | 'scope' | 'subject' | 'breaking'>): boolean {
  if (c.breaking) return false;
  const type = c.type?.toLowerCase() ?? null;
  if (type !== null && !['chore', 'release', 'build', 'ci'].includes(type)) return false;
  const subject = c.subject.trim();
  const version = /^v?\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.+-]*)?$/;
  if (type === 'release' || c.scope?.toLowerCase() === 'release') return true;
  if (type === 'chore' && version.test(subject)) return true;
  // The pull request changesets' action opens to publish (its title, then its merge's subject).
  if (/^version packages(?: \(.*\))?$/i.test(subject)) return true;
  return /^(?:release|releasing|bump(?:ed)? (?:the )?version(?: to)?|prepare(?:d)? release|version)\s+v?\d+(?:\.\d+)+\S*$/i.test(
    subject,
  );
}

/**
 * What a cherry-picked copy of a commit shares with the original, so the upgrade page lists a
 * backport once and knows when the reader has it already (docs/site.md, "Upgrade page"): the
 * commit a `(cherry picked from commit <hash>)` line names (`git cherry-pick -x`), and a digest of
 * the author's name, the author date and the subject, which `git cherry-pick` keeps (see
 * git-cherry-pick(1)). A digest rather than the text: it is compared, never shown.
 */
export function sameChangeKeys(
  c: Pick<Change, 'author' | 'date' | 'subject' | 'body' | 'trailers'>,
): string[] {
  const text = [c.body, ...Object.values(c.trailers).flat()].join('\n');
  const picked = [...text.matchAll(/\(cherry picked from commit ([0-9a-f]{40,64})\)/g)].map((m) => m[1]!);
  const digest = createHash('sha256')
    .update(`${c.author.name}\0${Date.parse(c.date)}\0${c.subject}`)
    .digest('hex')
    .slice(0, 16);
  return [...new Set([...picked, digest])];
}

export interface ContributorView {
  name: string;
  commits: number;
  firstTime: boolean;
  /** An automated account: listed apart from the people. */
  bot: boolean;
}

export function toContributorsView(contributors: readonly Contributor[], redact: Redact): ContributorView[] {
  // Names only, in both audiences: pages never show an address.
  return contributors.map((c) => ({
    name: redact(c.name),
    commits: c.commits,
    firstTime: c.firstTime,
    bot: c.bot,
  }));
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

/**
 * What pagefind reads from a release page, an advance notice or a bill of materials (the search
 * page filters and shows these; keep the names, src/lib/search/search.ts): filters `project` (the
 * project's name), `major` (`2.x`; none on the advance notice), `type` (one per change group
 * present: `Breaking changes`, `Features`, …; none on a bill of materials), `kind`
 * (SEARCH_KINDS); metadata `version`, `date` (ISO 8601; none on the advance notice), `title`.
 */
export interface SearchHooksView {
  project: string;
  major: string | null;
  types: string[];
  kinds: string[];
  version: string;
  date: string | null;
  title: string;
}

/** The `type` filter values of a page's changes: the change groups it shows, breaking changes first. */
export function searchTypes(changes: ChangesView): string[] {
  return [
    ...(changes.breaking.length > 0 ? ['Breaking changes'] : []),
    ...changes.groups.map((g) => g.title),
  ];
}

export const NOTES_LABELS: Record<NotesSource, string> = {
  overlay: 'Release notes',
  changelog: 'Changelog',
  tag: 'Tag message',
  commits: 'Commits',
};

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
  const available = NOTES_ORDER.filter((s) => sourceText(record, s) !== null);
  // `best` names a source that has text; should it not, the next best that does stands in.
  const best = publishedNotes(record.notes).source;
  const render = (source: NotesSource): NotesView => ({
    source,
    label: NOTES_LABELS[source],
    html: renderMarkdown(sourceText(record, source)!, { redact, headingLevel: 3, idPrefix: `${source}-` }),
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

// ---------------------------------------------------------------------------------------------
// Upgrade: `/projects/<id>/upgrade/`

export interface UpgradeView {
  project: { id: string; name: string; url: string };
  /** The pickers' options, newest first. */
  versions: { value: string; label: string }[];
  /** Selected without a query (the script replaces them with the query's). */
  defaults: { from: string | null; to: string | null };
  /** Every release, for readers without JavaScript. */
  releases: (LinkView & { date: DateView; prerelease: boolean })[];
  data: UpgradeData;
  feedUrl: string;
}

export function toUpgradeView(portal: Portal, entry: ProjectEntry): UpgradeView {
  const { project } = entry;
  const tz = portal.site.timezone;
  const redact = makeRedactor(portal.audience);
  const linker = makeLinker(project.links);
  // The template is checked once with a sample hash; the script fills in real (hex) hashes.
  const sample = '0'.repeat(40);
  const probe = linker.commit(sample);
  // Every change of the project by hash, built only when a release received commits.
  let byHash: Map<string, Change> | null = null;
  const changeByHash = () =>
    (byHash ??= new Map(entry.releases.flatMap((r) => portal.record(r).changes.map((c) => [c.hash, c]))));
  const data: UpgradeData = {
    project: { id: project.id, name: project.name },
    commitUrl: probe === null ? null : probe.split(sample).join('{hash}'),
    latest: entry.latest?.version ?? null,
    releases: entry.releases.map((r) => {
      const record = portal.record(r);
      const prose = record.notes.overlay ?? record.notes.tag;
      // Commits a release on another line shipped first and this one received (docs/data-folder.md,
      // "What a release contains"): listed in that release's record, counted with this one here.
      const received = record.received.flatMap((h) => {
        const c = changeByHash().get(h);
        return c ? [c] : [];
      });
      return {
        version: r.version,
        slug: r.slug,
        url: portal.paths.release(project.id, r.slug),
        date: r.date,
        dateText: formatDate(r.date, tz).text,
        prerelease: r.prerelease,
        contains: record.contains,
        highlights: record.notes.highlights.map((h) => redact(h)),
        prose:
          prose === null || prose.trim() === ''
            ? null
            : renderMarkdown(prose, { redact, headingLevel: 4, idPrefix: `u-${r.slug}-` }),
        changes: [...record.changes, ...received]
          .filter((c) => !c.merge)
          .map((c) => ({
            hash: c.hash,
            type: c.type,
            scope: c.scope === null ? null : redact(c.scope),
            subject: redact(c.subject),
            breaking: c.breaking,
            releaseBump: isReleaseBump(c),
            breakingNotes: c.breakingNotes.map((note, i) =>
              renderMarkdown(note, { redact, headingLevel: 4, idPrefix: `u${shortHash(c.hash)}-${i}-` }),
            ),
            same: sameChangeKeys(c),
          })),
      };
    }),
  };
  return {
    project: { id: project.id, name: project.name, url: portal.paths.project(project.id) },
    versions: entry.releases.map((r) => ({
      value: r.version,
      label: r.prerelease ? `${r.version} (pre-release)` : r.version,
    })),
    defaults: defaultRange(data),
    releases: entry.releases.map((r) => ({
      text: r.version,
      url: portal.paths.release(project.id, r.slug),
      date: formatDate(r.date, tz),
      prerelease: r.prerelease,
    })),
    data,
    feedUrl: portal.paths.projectFeed(project.id),
  };
}
