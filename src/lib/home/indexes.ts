// The index pages that lead to every project (`/projects/`) and every group release (`/groups/`),
// and what a missing page (`404.html`) offers instead (docs/site.md, "Finding your way"). Pure: the
// portal comes in as an argument.
import { formatCivilDate, type CivilDate } from '../model/civil-date.ts';
import { todayOf } from '../calendar/calendar-events.ts';
import { plural } from '../render/format.ts';
import type { Portal } from '../model/portal.ts';
import { toPortfolioView, type PortfolioProjectView } from './portfolio.ts';

export interface ProjectIndexView {
  title: string;
  summary: string;
  projects: PortfolioProjectView[];
}

/** `/projects/`: every project in site.json order, with its latest release and what comes next. */
export function toProjectIndexView(portal: Portal): ProjectIndexView {
  const { projects } = toPortfolioView(portal);
  const releases = projects.reduce((n, p) => n + p.releaseCount, 0);
  return {
    title: 'Projects',
    summary: `${plural(projects.length, 'project')}, ${plural(releases, 'release')} in all.`,
    projects,
  };
}

export interface GroupIndexItemView {
  id: string;
  name: string;
  url: string;
  date: CivilDate;
  /** `Monday, 8 June 2026` */
  dateTitle: string;
  /** `@acme/cli 0.4.0, @acme/core 2.0.0` */
  members: string;
  /** `2 of 2 released`, `Not released yet` */
  status: string;
  upcoming: boolean;
}

export interface GroupIndexView {
  /** Dated from the harvest's day on, soonest first. */
  upcoming: GroupIndexItemView[];
  /** Before it, newest first. */
  past: GroupIndexItemView[];
}

/** `/groups/`: group releases to come, soonest first, then those gone, newest first. */
export function toGroupIndexView(portal: Portal): GroupIndexView {
  const today = todayOf(portal);
  const items = portal.groups.map((g): GroupIndexItemView => {
    const released = g.members.filter((m) => m.released).length;
    const name = (id: string) => portal.project(id)?.project.name ?? id;
    return {
      id: g.id,
      name: g.name,
      url: portal.paths.group(g.id),
      date: g.date,
      dateTitle: formatCivilDate(g.date),
      members: g.members.map((m) => `${name(m.project)} ${m.version}`).join(', '),
      status: released === 0 ? 'Not released yet' : `${released} of ${g.members.length} released`,
      upcoming: g.date >= today,
    };
  });
  return {
    upcoming: items.filter((g) => g.upcoming),
    past: items.filter((g) => !g.upcoming).reverse(),
  };
}

export interface NotFoundView {
  links: { text: string; url: string }[];
  searchUrl: string;
}

/** What `404.html` offers: the portal's own index pages and search, for the audience it is built for. */
export function toNotFoundView(portal: Portal): NotFoundView {
  const { paths } = portal;
  const links = [
    { text: 'Home', url: paths.home },
    { text: 'All projects', url: paths.projects },
    { text: 'Release calendar', url: paths.calendar },
    ...(portal.groups.length > 0 ? [{ text: 'Group releases', url: paths.groups }] : []),
    { text: 'Search', url: paths.search },
  ];
  return { links, searchUrl: paths.search };
}
