// The home page (`/`): what the portal promises at a glance (docs/site.md, "Finding your way"):
// what is coming and when, the freeze that is on or comes next, for the internal audience what
// runs where, then every project with its latest release. Pure: the portal comes in as an argument.
import { formatCivilDate } from '../model/civil-date.ts';
import { todayOf } from '../calendar/calendar-events.ts';
import { toEnvironmentsView, type MatrixRowView } from '../delivery/environments-view.ts';
import { plural } from '../render/format.ts';
import type { Portal } from '../model/portal.ts';
import {
  toFreezeNotice,
  toUpcomingItems,
  UPCOMING_ON_HOME,
  type FreezeNoticeView,
  type UpcomingItemView,
} from './upcoming.ts';
import { toPortfolioView, type PortfolioProjectView } from './portfolio.ts';

export interface HomeView {
  title: string;
  lead: string;
  /** `Wednesday, 18 November 2026`: the day "upcoming" is measured from (the harvest's). */
  asOf: { date: string; title: string };
  upcoming: UpcomingItemView[];
  /** More upcoming items than the page lists: the calendar has the rest. */
  moreUpcoming: number;
  freeze: FreezeNoticeView | null;
  /** Internal audience only: the environments matrix's current versions; null for the public. */
  running: { environments: { id: string; tier: string }[]; rows: MatrixRowView[]; url: string } | null;
  projects: PortfolioProjectView[];
  links: { projects: string; groups: string | null; calendar: string };
}

export function toHomeView(portal: Portal): HomeView {
  const portfolio = toPortfolioView(portal);
  const upcoming = toUpcomingItems(portal);
  const today = todayOf(portal);
  const environments = toEnvironmentsView(portal);
  return {
    title: portfolio.title,
    lead: `Release notes, upgrade guides and what comes next, for ${plural(portfolio.projects.length, 'project')}.`,
    asOf: { date: today, title: formatCivilDate(today) },
    upcoming: upcoming.slice(0, UPCOMING_ON_HOME),
    moreUpcoming: Math.max(0, upcoming.length - UPCOMING_ON_HOME),
    freeze: toFreezeNotice(portal),
    running:
      environments && environments.environments.length > 0
        ? { environments: environments.environments, rows: environments.rows, url: portal.paths.environments }
        : null,
    projects: portfolio.projects,
    links: {
      projects: portal.paths.projects,
      groups: portal.groups.length > 0 ? portal.paths.groups : null,
      calendar: portal.paths.calendar,
    },
  };
}
