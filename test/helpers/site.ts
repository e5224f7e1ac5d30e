// Building the demo portal with the CLI, serving it, and driving it in Debian's Chromium: what the
// browser tests (test/e2e/) share.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, relative } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_MISSING = `Chromium is not installed at ${CHROMIUM} (apt-get install chromium; .ci/run does it)`;
const AXE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
/** 19 November 2026: "now" for every build. */
export const EPOCH = '1795000000';

/** `waybill build` of the bundled demo into `<tmp>/<name>`, as `npm run build` does. */
export function buildDemo(
  tmp: string,
  name: string,
  opts: { tz?: string; audience?: 'public' | 'internal' } = {},
): string {
  const out = join(tmp, name);
  const args = [
    cli,
    'build',
    '--out',
    out,
    '--data',
    join(tmp, `${name}-data`),
    ...(opts.audience ? ['--audience', opts.audience] : []),
  ];
  const r = spawnSync(process.execPath, args, {
    cwd: tmp,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', TZ: opts.tz ?? 'UTC', SOURCE_DATE_EPOCH: EPOCH },
  });
  if (r.status !== 0) throw new Error(`waybill build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return out;
}

/** Every file under `dir`, relative path → bytes. */
export function files(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.svg': 'image/svg+xml',
  '.xml': 'application/atom+xml',
  '.ics': 'text/calendar',
  '.pf_meta': 'application/octet-stream',
};

/**
 * A static file server for a built site on a free loopback port. With `notFound` (a file of the
 * site, `404.html`), a missing path gets that page with status 404, as GitHub Pages, Netlify and
 * most static hosts serve it.
 */
export function serve(
  root: string,
  opts: { notFound?: string } = {},
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(root) || !existsSync(file)) {
      const page = opts.notFound && join(root, opts.notFound);
      if (page && existsSync(page))
        res.writeHead(404, { 'content-type': TYPES['.html']! }).end(readFileSync(page));
      else res.writeHead(404).end('not found');
      return;
    }
    res
      .writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
      .end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
    }),
  );
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** A page that records every console error, uncaught error, dialog, failed request and HTTP error. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', async (d) => {
    problems.push(`dialog: ${d.message()}`);
    await d.dismiss();
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  await page.goto(url);
  return { page, problems };
}

/** Serious and critical axe-core violations on the open page, as "rule: target" lines. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            o: object,
          ): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
