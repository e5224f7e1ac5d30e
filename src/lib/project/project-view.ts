// The project page (`/projects/<id>/`) and its filtered and further pages
// (src/lib/project/release-list.ts): the release list, the support table, the advance notice's
// hint. Pure: the portal comes in as an argument.
import { formatDate, plural, type DateView } from '../render/format.ts';
import type { LinkView } from '../layout/layout.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { toSupportRows } from '../model/support.ts';
import { formatNextHint, type NextHintView } from './next-hint.ts';
import {
  ALL,
  availableFilters,
  filterReleases,
  listPath,
  paginate,
  type ReleaseFilter,
} from './release-list.ts';
import { supportContext, toBadgeView, type SupportBadgeView } from './support-view.ts';
import { compareCodeUnits } from '../../core/compare.ts';

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
        .sort((a, b) => compareCodeUnits(a.line, b.line)),
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
