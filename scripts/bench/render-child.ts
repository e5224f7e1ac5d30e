// Renders a release record's changelog section to HTML as the release page does, in its own
// process (scripts/bench/load.ts runs it), timed inside the process.
//
//   node scripts/bench/render-child.ts <release.json>
import { readFileSync } from 'node:fs';
import { renderMarkdown } from '../../src/lib/render/markdown.ts';
import { makeRedactor } from '../../src/core/privacy.ts';
import { reportResult } from './measure.ts';

const record = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { notes: { changelog: string | null } };
const t = process.hrtime.bigint();
const html = renderMarkdown(record.notes.changelog ?? '', {
  redact: makeRedactor('public'),
  headingLevel: 3,
});
reportResult({ time: Number(process.hrtime.bigint() - t) / 1e9, html: html.length });
