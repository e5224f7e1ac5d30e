// Support badges as pages show them (src/lib/model/support.ts decides them): on the portfolio,
// the project page's supported-versions table and a release page.
import { formatDay, type DateView } from '../render/format.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import { supportToday, type SupportBadge, type SupportContext } from '../model/support.ts';

export interface SupportBadgeView extends SupportBadge {
  /** The end-of-life day for `<time>`, when there is one. */
  date: DateView | null;
}

export function supportContext(portal: Portal, entry: ProjectEntry): SupportContext {
  return {
    support: entry.project.support,
    latest: entry.project.latest,
    today: supportToday(portal.site.harvestedAt, portal.site.timezone),
  };
}

export function toBadgeView(b: SupportBadge): SupportBadgeView {
  return { ...b, date: b.day ? formatDay(b.day) : null };
}
