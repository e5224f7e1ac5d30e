// The DORA four keys of one project in one tier, as /metrics/ shows them (src/core/dora.ts computes
// them): each figure with its band, a sentence saying how it is computed, and a chart.
import type { DoraBand, DoraMetrics } from '../../core/dora.ts';
import { plural } from '../render/format.ts';
import { columnChart, type Column, type SafeSvg } from '../render/svg-chart.ts';
import { formatDuration } from './deployment-format.ts';

export type KeyId = 'frequency' | 'lead-time' | 'change-failure-rate' | 'time-to-restore';

export interface KeyView {
  id: KeyId;
  name: string;
  /** `0.31 a week`, `5 d 13 h`, `40%`, or `none` when there is nothing to measure. */
  figure: string;
  /** The records table (or its first counted row) behind the figure. */
  figureUrl: string;
  /** `4 deployments went live in 90 days` */
  detail: string;
  band: DoraBand | null;
  bandText: string;
  /** How the figure is computed, in one sentence. */
  how: string;
  chart: SafeSvg;
}

const BAND_TEXT: Record<DoraBand, string> = { elite: 'Elite', high: 'High', medium: 'Medium', low: 'Low' };

const HOUR = 3600;
const DAY = 24 * HOUR;

/** `0.31 a week`, or `2.4 a day` from one a day up. */
export function formatFrequency(perWeek: number): string {
  if (perWeek >= 7) return `${round(perWeek / 7, 1)} a day`;
  return `${round(perWeek, 2)} a week`;
}

/** `40%`, `66.7%`, `0%` */
export function formatRate(rate: number): string {
  return `${round(rate * 100, 1)}%`;
}

function round(x: number, digits: number): string {
  const f = 10 ** digits;
  return String(Math.round(x * f) / f);
}

/**
 * The four keys of `m`: `id` is its group's section id (the figures link to its tables), `page` the
 * window's page, `span` says the window (`90 days`, `Q3 2026`), times are in `timeZone`.
 */
export function toKeyViews(
  m: DoraMetrics,
  {
    id,
    projectName,
    page,
    span,
    timeZone: tz,
  }: { id: string; projectName: string; page: string; span: string; timeZone: string },
): KeyView[] {
  const envs = m.environments.join(', ');
  const weeks = weekBins(m, tz);
  const f = m.frequency;
  const frequency: KeyView = {
    id: 'frequency',
    name: 'Deployment frequency',
    figure: formatFrequency(f.perWeek),
    figureUrl: `${page}#${id}-runs`,
    detail: `${plural(f.count, 'deployment')} went live in ${span}`,
    // Nothing went live in the window: there is nothing to rank, so no band (not "low").
    band: f.count === 0 ? null : f.band,
    bandText: f.count === 0 ? 'No band' : BAND_TEXT[f.band],
    how: `Deployments to the ${m.tier} tier (${envs}) that went live in the window (succeeded, or succeeded and were rolled back later), divided by the window's ${round(f.weeks, 1)} weeks.`,
    chart: columnChart({
      id: `${id}-chart-frequency`,
      title: `${projectName}, ${m.tier}: deployments that went live, per week`,
      description: weeks.map((w) => `week of ${w.label}: ${w.live}`).join('; '),
      unit: 'went live',
      columns: weeks.map((w): Column => ({ label: w.label, segments: [{ value: w.live, tone: 'ok' }] })),
    }),
  };
  const lt = m.leadTime;
  const leadBuckets = bucket(
    lt.samples.map((s) => s.seconds),
    [DAY, 7 * DAY, 30 * DAY],
    ['< 1 d', '1–7 d', '7–30 d', '≥ 30 d'],
  );
  const leadTime: KeyView = {
    id: 'lead-time',
    name: 'Lead time for changes',
    figure: lt.medianSeconds === null ? 'none' : formatDuration(lt.medianSeconds),
    figureUrl: `${page}#${id}-lead`,
    detail:
      lt.samples.length === 0
        ? 'no commit first went live in the window'
        : `median of ${plural(lt.samples.length, 'commit')}`,
    band: lt.band,
    bandText: lt.band ? BAND_TEXT[lt.band] : 'No band',
    how: `For each commit of a release, from its author date to the first deployment to the ${m.tier} tier that put live a release containing it; the median over the commits whose first such deployment is in the window.`,
    chart: columnChart({
      id: `${id}-chart-lead-time`,
      title: `${projectName}, ${m.tier}: commits by lead time`,
      description: leadBuckets.map((b) => `${b.label}: ${b.count}`).join('; '),
      unit: 'commits',
      columns: leadBuckets.map((b) => ({ label: b.label, segments: [{ value: b.count, tone: 'ok' }] })),
    }),
  };
  const cfr = m.changeFailureRate;
  const changeFailureRate: KeyView = {
    id: 'change-failure-rate',
    name: 'Change failure rate',
    figure: cfr.rate === null ? 'none' : formatRate(cfr.rate),
    figureUrl: `${page}#${id}-runs`,
    detail:
      cfr.total === 0
        ? 'no deployment finished in the window'
        : `${cfr.failures} of ${plural(cfr.total, 'deployment')} failed or were rolled back`,
    band: cfr.band,
    bandText: cfr.band ? BAND_TEXT[cfr.band] : 'No band',
    how: 'Deployments that failed or were rolled back, out of every deployment that finished in the window; canceled and unfinished ones count in neither.',
    chart: columnChart({
      id: `${id}-chart-change-failure-rate`,
      title: `${projectName}, ${m.tier}: finished deployments per week, failures stacked on top`,
      description: weeks
        .map((w) => `week of ${w.label}: ${w.finished - w.failed} fine, ${w.failed} failed`)
        .join('; '),
      unit: 'finished',
      columns: weeks.map((w): Column => ({
        label: w.label,
        segments: [
          { value: w.finished - w.failed, tone: 'ok' },
          { value: w.failed, tone: 'fail' },
        ],
      })),
    }),
  };
  const ttr = m.timeToRestore;
  const open = ttr.samples.filter((s) => s.seconds === null).length;
  const restoreBuckets = bucket(
    ttr.samples.flatMap((s) => (s.seconds === null ? [] : [s.seconds])),
    [HOUR, DAY, 7 * DAY],
    ['< 1 h', '1 h–1 d', '1–7 d', '≥ 7 d'],
  );
  const restored = ttr.samples.length - open;
  const timeToRestore: KeyView = {
    id: 'time-to-restore',
    name: 'Time to restore',
    figure: ttr.medianSeconds === null ? 'none' : formatDuration(ttr.medianSeconds),
    figureUrl: `${page}#${id}-restore`,
    detail:
      ttr.samples.length === 0
        ? 'no failure in the window'
        : `median of ${plural(restored, 'restore')}${open ? `; ${open} not restored by the harvest` : ''}`,
    band: ttr.band,
    bandText: ttr.band ? BAND_TEXT[ttr.band] : 'No band',
    how: `For each failure, from when it started (a rolled-back deployment: from when it went live) to when the next deployment to the same environment went live; the median. A failure not yet followed by one is listed, not counted.`,
    chart: columnChart({
      id: `${id}-chart-time-to-restore`,
      title: `${projectName}, ${m.tier}: failures by time to restore`,
      description: [...restoreBuckets.map((b) => `${b.label}: ${b.count}`), `not restored: ${open}`].join(
        '; ',
      ),
      unit: 'failures',
      columns: [
        ...restoreBuckets.map((b): Column => ({
          label: b.label,
          segments: [{ value: b.count, tone: 'ok' }],
        })),
        { label: 'open', segments: [{ value: open, tone: 'open' }] },
      ],
    }),
  };

  return [frequency, leadTime, changeFailureRate, timeToRestore];
}

/** How many values fall below each bound, between bounds, and from the last bound up. */
function bucket(
  values: readonly number[],
  bounds: readonly number[],
  labels: readonly string[],
): { label: string; count: number }[] {
  const counts = labels.map(() => 0);
  for (const v of values) {
    let i = bounds.findIndex((b) => v < b);
    if (i < 0) i = bounds.length;
    counts[i]!++;
  }
  return labels.map((label, i) => ({ label, count: counts[i]! }));
}

/**
 * The window in weeks counted back from its end (the last week ends at the harvest; the first may
 * be shorter), with the deployments of each: went live, finished, failed. Labelled by the day each
 * week starts, in the portal's time zone.
 */
function weekBins(
  m: DoraMetrics,
  timeZone: string,
): { label: string; live: number; finished: number; failed: number }[] {
  const end = Date.parse(m.window.to);
  const start = Date.parse(m.window.from);
  const week = 7 * DAY * 1000;
  const count = Math.ceil((end - start) / week);
  const label = new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' });
  const bins = Array.from({ length: count }, (_, i) => {
    const binStart = Math.max(start, end - (count - i) * week);
    return { label: label.format(new Date(binStart)), live: 0, finished: 0, failed: 0 };
  });
  for (const d of m.deployments) {
    const t = Date.parse(d.deployment.at);
    const i = count - 1 - Math.floor((end - t) / week);
    const bin = bins[Math.min(count - 1, Math.max(0, i))]!;
    if (d.live) bin.live++;
    if (d.finished) bin.finished++;
    if (d.failure !== null) bin.failed++;
  }
  return bins;
}
