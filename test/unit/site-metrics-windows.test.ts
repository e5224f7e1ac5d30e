// The windows /metrics/ offers: the last 30, 90 and 365 days and each quarter, each a static page,
// all ending at the latest deployment in the data (never the harvest or the clock), with a summary
// matrix of every project and tier; a figure with nothing to measure has no band.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { getMetricsPaths, toMetricsView } from '../../src/lib/delivery/dora-view.ts';
import { getMetricsWindows, metricsAnchor } from '../../src/lib/delivery/metrics-windows.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const at = (harvestedAt: string, audience: 'public' | 'internal' = 'internal') =>
  buildPortal({ ...data, site: { ...data.site, harvestedAt }, audience, base: '/', dataDir: SAMPLE });
// Harvested 1 March 2026, 12:00 UTC; the latest deployment finished at 11:00 UTC.
const internal = at(data.site.harvestedAt);

describe('metrics windows', () => {
  it('end at the latest deployment, so a rebuild weeks later shows the same figures', () => {
    expect(metricsAnchor(internal)).toBe('2026-03-01T11:00:00.000Z');
    const later = at('2026-03-15T12:00:00Z');
    expect(metricsAnchor(later)).toBe(metricsAnchor(internal));
    const figures = (p: typeof internal) =>
      toMetricsView(p)!.groups.map((g) => g.keys.map((k) => `${k.figure} ${k.bandText}`));
    expect(figures(later)).toEqual(figures(internal));
  });

  it('are 30, 90 and 365 days, then each quarter with deployments, newest first, each a page', () => {
    expect(getMetricsWindows(internal).map((w) => [w.id, w.label])).toEqual([
      ['30d', 'Last 30 days'],
      ['90d', 'Last 90 days'],
      ['365d', 'Last 365 days'],
      ['2026-q1', 'Q1 2026'],
      ['2025-q4', 'Q4 2025'],
    ]);
    expect(getMetricsPaths(internal).map((p) => p.params.path)).toEqual([
      '30d',
      undefined,
      '365d',
      '2026-q1',
      '2025-q4',
    ]);
    expect(getMetricsPaths(at(data.site.harvestedAt, 'public'))).toEqual([]);
  });

  it('a quarter runs from local midnight of its first day to the next quarter or the latest deployment', () => {
    const [q1, q4] = getMetricsWindows(internal).slice(3);
    // Europe/Berlin: midnight of 1 October is 22:00 UTC the day before (summer time).
    expect(q4!.window).toEqual({
      from: '2025-09-30T22:00:00.000Z',
      to: '2025-12-31T23:00:00.000Z',
      days: 92.04166666666667,
    });
    expect(q1!.window.to).toBe('2026-03-01T11:00:00.000Z');
    const view = toMetricsView(internal, '2025-q4')!;
    expect(view.window).toMatchObject({
      label: 'Q4 2025',
      from: { text: '1 October 2025 at 00:00 CEST' },
      to: { text: '1 January 2026 at 00:00 CET' },
      toWhat: 'the end of the quarter',
    });
    expect(view.groups[0]!.keys[0]!.detail).toMatch(/ went live in Q4 2025$/);
    expect(() => toMetricsView(internal, '1999-q1')).toThrow(/no metrics window "1999-q1"/);
  });

  it('mark the window being read, and link the others', () => {
    const view = toMetricsView(internal, '30d')!;
    expect(view.choices.rolling.map((c) => [c.text, c.url, c.current])).toEqual([
      ['Last 30 days', '/metrics/30d/', true],
      ['Last 90 days', '/metrics/', false],
      ['Last 365 days', '/metrics/365d/', false],
    ]);
    expect(view.choices.quarters.map((c) => c.url)).toEqual(['/metrics/2026-q1/', '/metrics/2025-q4/']);
    // The figures link into the page of this window, not into /metrics/.
    expect(view.groups[0]!.keys[0]!.figureUrl).toBe('/metrics/30d/#dora-api-production-runs');
  });

  it('sum up every project by every tier, and a tier with nothing deployed has no band, not "low"', () => {
    const view = toMetricsView(internal, '30d')!;
    expect(view.summary.tiers).toEqual(['production', 'staging']);
    const rows = view.summary.rows.map((r) => [
      r.project.text,
      ...r.cells.map((c) => (c ? c.keys.map((k) => `${k.figure} (${k.bandText})`).join('; ') : null)),
    ]);
    expect(rows.map((r) => r[0])).toEqual(['Acme API', 'Acme Web']);
    // Acme Web has no staging deployments at all: no cell.
    expect(rows[1]![2]).toBeNull();
    // In Q4 2025 only Acme Web went live: Acme API's tiers have nothing to rank.
    const q4 = toMetricsView(internal, '2025-q4')!;
    expect(
      q4.summary.rows.map((r) =>
        r.cells.map((c) => c && c.keys[0]!.figure + ' (' + c.keys[0]!.bandText + ')'),
      ),
    ).toEqual([
      ['0 a week (No band)', '0 a week (No band)'],
      ['0.08 a week (Low)', null],
    ]);
    expect(view.summary.rows[0]!.cells[0]!.url).toBe('#dora-api-production');
  });
});
