// The portfolio: every project with its latest release, its support and what comes next, as the
// home page and `/projects/` list them (src/lib/home/home.ts, src/lib/home/indexes.ts). Pure: the
// portal comes in as an argument.
import { formatDate, type DateView } from '../render/format.ts';
import type { Portal } from '../model/portal.ts';
import { supportBadges } from '../model/support.ts';
import { formatNextHint, type NextHintView } from '../project/next-hint.ts';
import { supportContext, toBadgeView, type SupportBadgeView } from '../project/support-view.ts';

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
