// The windows /metrics/ offers (docs/site.md, "Delivery metrics"): the last 30, 90 and 365 days
// and each calendar quarter, every one a static page. They end at the latest deployment the data
// holds, never at the harvest or the clock: a site rebuilt two weeks later from the same logs
// shows the same figures, where a window ending "now" would have slid away from the records.
// Quarters are calendar quarters in the portal's time zone. Pure: the portal comes in.
import { DORA_WINDOW_DAYS, type DoraWindow } from '../../core/dora.ts';
import { toZonedDate, type CivilDate } from '../model/civil-date.ts';
import type { Portal } from '../model/portal.ts';
import { zonedToInstant } from './time-travel.ts';

export interface MetricsWindow {
  /** `90d`, `2026-q3`: the page's path segment (the 90 days are `/metrics/` itself). */
  id: string;
  /** `Last 90 days`, `Q3 2026` */
  label: string;
  kind: 'rolling' | 'quarter';
  window: DoraWindow;
}

/** The rolling windows, in days; the first of DORA_WINDOW_DAYS is `/metrics/`. */
export const ROLLING_DAYS = [30, DORA_WINDOW_DAYS, 365] as const;

const DAY_MS = 24 * 3600 * 1000;

/**
 * What the windows end at: the latest deployment recorded up to the harvest (a hand-edited folder
 * could hold a later one; that is not "data as of the harvest"), or the harvest when there is none.
 */
export function metricsAnchor(portal: Pick<Portal, 'deployments' | 'site'>): string {
  const harvest = Date.parse(portal.site.harvestedAt);
  let latest = -Infinity;
  for (const d of portal.deployments) {
    const at = Date.parse(d.at);
    if (at <= harvest && at > latest) latest = at;
  }
  return new Date(Number.isFinite(latest) ? latest : harvest).toISOString();
}

/** The rolling windows, then every quarter from the first deployment's to the anchor's, newest first. */
export function getMetricsWindows(portal: Pick<Portal, 'deployments' | 'site'>): MetricsWindow[] {
  const anchor = metricsAnchor(portal);
  const end = Date.parse(anchor);
  const tz = portal.site.timezone;
  const rolling = ROLLING_DAYS.map((days): MetricsWindow => ({
    id: `${days}d`,
    label: `Last ${days} days`,
    kind: 'rolling',
    window: { from: new Date(end - days * DAY_MS).toISOString(), to: anchor, days },
  }));
  const times = portal.deployments.map((d) => Date.parse(d.at)).filter((t) => t <= end);
  if (times.length === 0) return rolling;
  const first = quarterOf(toZonedDate(new Date(Math.min(...times)).toISOString(), tz));
  const last = quarterOf(toZonedDate(anchor, tz));
  const quarters: MetricsWindow[] = [];
  for (let q = first; compareQuarters(q, last) <= 0; q = nextQuarter(q)) {
    const from = zonedToInstant(quarterStart(q), tz)!;
    const to = Math.min(zonedToInstant(quarterStart(nextQuarter(q)), tz)!, end);
    quarters.push({
      id: `${q.year}-q${q.quarter}`,
      label: `Q${q.quarter} ${q.year}`,
      kind: 'quarter',
      window: {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        days: (to - from) / DAY_MS,
      },
    });
  }
  return [...rolling, ...quarters.reverse()];
}

/** The path segment of a window's page: none for the default 90 days, which is `/metrics/`. */
export function metricsPathOf(id: string): string | undefined {
  return id === `${DORA_WINDOW_DAYS}d` ? undefined : id;
}

interface Quarter {
  year: number;
  quarter: number;
}

/** The quarter a day is in. */
function quarterOf(day: CivilDate): Quarter {
  return { year: Number(day.slice(0, 4)), quarter: Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1 };
}

function nextQuarter(q: Quarter): Quarter {
  return q.quarter === 4 ? { year: q.year + 1, quarter: 1 } : { year: q.year, quarter: q.quarter + 1 };
}

function compareQuarters(a: Quarter, b: Quarter): number {
  return a.year - b.year || a.quarter - b.quarter;
}

/** Local midnight of the quarter's first day, as `<input type="datetime-local">` writes it. */
function quarterStart(q: Quarter): string {
  return `${String(q.year).padStart(4, '0')}-${String((q.quarter - 1) * 3 + 1).padStart(2, '0')}-01T00:00`;
}
