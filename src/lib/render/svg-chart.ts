// Charts as SVG markup, made at build time (no script on the page). One kind: columns along an x
// axis, each a stack of segments, with the counts above them; /metrics/ uses it for deployments
// per week and for how lead times and restore times spread over the DORA bands. Pure and
// deterministic: the same input gives the same bytes. Every text is escaped here, so the markup
// can go into `set:html`; only this module makes a `SafeSvg`.

declare const safeSvg: unique symbol;
export type SafeSvg = string & { readonly [safeSvg]: true };

/** How a bar segment is styled (its class is `bar-<tone>`): counted fine, failed, or still open. */
export type ChartTone = 'ok' | 'fail' | 'open';

export interface Column {
  /** Under the column (shown for every `labelEvery`-th column). */
  label: string;
  segments: { value: number; tone: ChartTone }[];
}

export interface ColumnChart {
  /** Unique on the page: the ids of the chart's <title> and <desc> start with it. */
  id: string;
  /** What the chart shows, for screen readers and as a tooltip. */
  title: string;
  /** The numbers behind it, in words: the chart is an image of them. */
  description: string;
  columns: Column[];
  /** What the bars count, beside the axis (`deployments`). */
  unit: string;
  width?: number;
  height?: number;
}

const escapeXml = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Numbers as the markup writes them: at most two decimals, no trailing zeros, never `-0`. */
const n = (x: number) => {
  const r = Math.round(x * 100) / 100;
  return String(r === 0 ? 0 : r);
};

/** A stacked column chart. Its height scales to the largest column, with a whole-number axis. */
export function columnChart(chart: ColumnChart): SafeSvg {
  const width = chart.width ?? 360;
  const height = chart.height ?? 160;
  const left = 28;
  const right = 8;
  // Room above the plot for the unit, and above the tallest column for its count.
  const top = 26;
  const bottom = 22;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const totals = chart.columns.map((c) => c.segments.reduce((sum, s) => sum + s.value, 0));
  const max = Math.max(1, ...totals);
  const step = niceStep(max);
  const top_ = Math.ceil(max / step) * step;
  const y = (v: number) => top + plotH - (v / top_) * plotH;
  const slot = chart.columns.length === 0 ? plotW : plotW / chart.columns.length;
  const barW = Math.max(2, Math.min(40, slot * 0.7));
  const labelEvery = Math.max(1, Math.ceil(chart.columns.length / 7));

  const parts: string[] = [];
  parts.push(
    `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" ` +
      `aria-labelledby="${escapeXml(chart.id)}-title ${escapeXml(chart.id)}-desc" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${escapeXml(chart.id)}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${escapeXml(chart.id)}-desc">${escapeXml(chart.description)}</desc>`,
  );
  for (let v = 0; v <= top_; v += step) {
    parts.push(
      `<line class="${v === 0 ? 'axis' : 'grid'}" x1="${left}" x2="${width - right}" y1="${n(y(v))}" y2="${n(y(v))}"/>`,
    );
    parts.push(`<text class="label" x="${left - 4}" y="${n(y(v) + 4)}" text-anchor="end">${v}</text>`);
  }
  parts.push(`<text class="label" x="${left - 24}" y="11">${escapeXml(chart.unit)}</text>`);
  chart.columns.forEach((column, i) => {
    const x = left + slot * i + (slot - barW) / 2;
    let base = 0;
    for (const s of column.segments) {
      if (s.value <= 0) continue;
      const y0 = y(base);
      const y1 = y(base + s.value);
      parts.push(
        `<rect class="bar-${s.tone}" x="${n(x)}" y="${n(y1)}" width="${n(barW)}" height="${n(y0 - y1)}"/>`,
      );
      base += s.value;
    }
    if (totals[i]! > 0)
      parts.push(
        `<text class="value" x="${n(x + barW / 2)}" y="${n(y(totals[i]!) - 3)}" text-anchor="middle">${n(totals[i]!)}</text>`,
      );
    if (i % labelEvery === 0) {
      parts.push(
        `<text class="label" x="${n(x + barW / 2)}" y="${height - 6}" text-anchor="middle">${escapeXml(column.label)}</text>`,
      );
    }
  });
  parts.push('</svg>');
  return parts.join('') as SafeSvg;
}

/** 1, 2 or 5 times a power of ten, so the axis has at most five lines. */
function niceStep(max: number): number {
  const raw = max / 5;
  if (raw <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}
