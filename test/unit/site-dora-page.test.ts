// The /metrics/ page's view model on the sample data folder: the figures of site-dora.test.ts
// (worked out by hand there) as the page says them, with their bands, links into the records
// tables, the median rows, and the charts.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { toMetricsView } from '../../src/lib/delivery/dora-view.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';
import { columnChart } from '../../src/lib/render/svg-chart.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
const data = readDataFolder(SAMPLE);
const internal = buildPortal({ ...data, audience: 'internal', base: '/', dataDir: SAMPLE });

it('is not made for the public audience', () => {
  expect(toMetricsView(buildPortal({ ...data, audience: 'public', base: '/', dataDir: SAMPLE }))).toBeNull();
});

describe('/metrics/', () => {
  const view = toMetricsView(internal)!;
  const [production] = view.groups;

  it('says each figure with its band, linked to the table of the records behind it', () => {
    expect(view.groups.map((g) => g.id)).toEqual([
      'dora-api-production',
      'dora-api-staging',
      'dora-web-production',
    ]);
    expect(production!.keys.map((k) => [k.name, k.figure, k.bandText, k.figureUrl, k.detail])).toEqual([
      [
        'Deployment frequency',
        '0.31 a week',
        'Medium',
        '/metrics/#dora-api-production-runs',
        '4 deployments went live in 90 days',
      ],
      [
        'Lead time for changes',
        '5 d 13 h',
        'High',
        '/metrics/#dora-api-production-lead',
        'median of 10 commits',
      ],
      [
        'Change failure rate',
        '40%',
        'Low',
        '/metrics/#dora-api-production-runs',
        '2 of 5 deployments failed or were rolled back',
      ],
      [
        'Time to restore',
        '11 h 32 min',
        'High',
        '/metrics/#dora-api-production-restore',
        'median of 2 restores',
      ],
    ]);
    // The window ends at the latest deployment (1 March 2026, 11:00 UTC), not at the harvest an hour later.
    expect(view.window).toMatchObject({
      id: '90d',
      label: 'Last 90 days',
      days: 90,
      from: { text: '1 December 2025 at 12:00 CET' },
      to: { text: '1 March 2026 at 12:00 CET' },
      toWhat: 'the latest deployment recorded',
    });
  });

  it('marks the median rows and links each sample to its deployment row', () => {
    expect(production!.leads.filter((l) => l.isMedian).map((l) => l.commit.short)).toEqual([
      'c4c4c4c',
      'c3c3c3c',
    ]);
    expect(production!.leads[0]!.deployment).toEqual({
      text: '1.1.0 (api-0004)',
      url: '#dora-api-production-dep-api-api-0004',
    });
    expect(production!.runs.map((r) => r.anchor)).toContain('dora-api-production-dep-api-api-0004');
    expect(production!.restores.map((r) => [r.failure.text, r.restoredBy?.text, r.took, r.isMedian])).toEqual(
      [
        ['1.1.0 in production (api-0003)', '1.1.0 (api-0004)', '1 h', true],
        ['1.2.0+build.5 in production (api-0005)', '1.1.0 (api-0006)', '22 h 5 min', true],
      ],
    );
    expect(production!.leads[0]!.commit.url).toBe(
      `https://forge.acme.example/acme/api/commit/${'b1'.repeat(20)}`,
    );
  });

  it('draws each chart as SVG with a title and a description of its numbers', () => {
    const chart = production!.keys[0]!.chart;
    expect(chart).toMatch(
      /^<svg class="chart" viewBox="0 0 360 160"[^>]*role="img" aria-labelledby="dora-api-production-chart-frequency-title dora-api-production-chart-frequency-desc"/,
    );
    expect(chart).toContain('week of 8 Feb: 1; week of 15 Feb: 0; week of 22 Feb: 2');
  });
});

describe('the SVG chart', () => {
  it('the chart escapes every text and gives the same bytes for the same input', () => {
    const input = {
      id: 'c',
      title: 'a <b> & "c"',
      description: '<script>',
      unit: 'x',
      columns: [{ label: '<i>', segments: [{ value: 2, tone: 'ok' as const }] }],
    };
    const svg = columnChart(input);
    expect(svg).not.toMatch(/<(b|script|i)>/);
    expect(svg).toContain('a &lt;b&gt; &amp; &quot;c&quot;');
    expect(columnChart(input)).toBe(svg);
  });
});
