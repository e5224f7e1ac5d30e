// The benchmark's one table, as aligned plain text for the terminal and as Markdown for a file.
// Long form: a row per measured step, so harvest, build and the smaller benchmarks share columns.

export interface Row {
  scenario: string;
  size: string;
  step: string;
  time: string;
  /** A ratio to the scenario's baseline, or a rate. */
  relative: string;
  peak: string;
  note: string;
}

const HEAD: Row = {
  scenario: 'scenario',
  size: 'size',
  step: 'step',
  time: 'time',
  relative: 'relative',
  peak: 'peak RSS',
  note: 'notes',
};
const KEYS = Object.keys(HEAD) as (keyof Row)[];

/** A Markdown table (pipes in cells escaped); also readable as plain text, columns padded. */
export function renderTable(rows: Row[]): string {
  const cells = [HEAD, ...rows].map((r) => KEYS.map((k) => r[k].replace(/\|/g, '\\|')));
  const widths = KEYS.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(cells[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.slice(1).map(line),
  ].join('\n');
}
