// The demo portal as a customer meets it: built by the CLI exactly as `npm run build` builds it,
// served over HTTP, and driven in Debian's Chromium. Also: two builds on machines in different
// time zones give the same bytes, and no script from repository text runs on any page.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, relative } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'waybill-e2e-'));
const EPOCH = '1795000000'; // 19 November 2026

function build(name: string, tz: string): string {
  const out = join(tmp, name);
  const r = spawnSync(process.execPath, [cli, 'build', '--out', out, '--data', join(tmp, `${name}-data`)], {
    cwd: tmp, encoding: 'utf8', env: { ...process.env, CI: 'true', TZ: tz, SOURCE_DATE_EPOCH: EPOCH },
  });
  if (r.status !== 0) throw new Error(`waybill build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return out;
}

function files(dir: string): Record<string, Buffer> {
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

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.json': 'application/json', '.css': 'text/css', '.js': 'text/javascript', '.svg': 'image/svg+xml' };
function serve(root: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    resolve({ server, url: `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}` });
  }));
}

let dist: string;
let other: string;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  dist = build('utc', 'UTC');
  other = build('kiritimati', 'Pacific/Kiritimati');
  ({ server, url: base } = await serve(dist));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A page that records every console error, uncaught error, dialog and failed request. */
async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', async (d) => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(base + path);
  return { page, problems };
}

describe('the demo portal, built twice', () => {
  it('is byte-identical whatever the machine\'s time zone (same SOURCE_DATE_EPOCH)', () => {
    const a = files(dist);
    const b = files(other);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const f of Object.keys(a)) expect(b[f].equals(a[f]), f).toBe(true);
    expect(Object.keys(a).filter((f) => f.endsWith('.html')).length).toBeGreaterThan(30);
    expect(Object.keys(a).some((f) => f.startsWith('pagefind/'))).toBe(true);
  });
});

describe.runIf(existsSync(CHROMIUM))('a customer in the browser', () => {
  it('goes from the portfolio to a release and reads its breaking changes before the rest', async () => {
    const { page, problems } = await open('/');
    await page.getByRole('link', { name: 'Acme SDK', exact: true }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/sdk/');
    await page.getByRole('link', { name: '2.0.0', exact: true }).first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/sdk/2.0.0/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('2.0.0');
    const headings = await page.getByRole('heading', { level: 2 }).allTextContents();
    expect(headings.indexOf('Breaking changes')).toBeGreaterThanOrEqual(0);
    expect(headings.indexOf('Breaking changes')).toBeLessThan(headings.indexOf('Changes'));
    // The hand-written overlay is the notes; its highlights come first.
    expect(await page.locator('main').textContent()).toContain('Typed errors you can catch by class');
    // The compare link goes from the previous final release (1.4.0), not from 2.0.0-rc.2.
    expect(await page.getByRole('link', { name: 'compare' }).getAttribute('href')).toBe('https://forge.acme.example/acme/sdk/compare/v1.4.0...v2.0.0');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sees what is coming next and the predicted version', async () => {
    const { page, problems } = await open('/projects/sdk/');
    await page.getByRole('link', { name: /unreleased/ }).first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/sdk/next/');
    expect(await page.locator('main').textContent()).toMatch(/2\.2\.0/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reads a release whose notes come from the CHANGELOG and finds the tag message one click away', async () => {
    const { page, problems } = await open('/projects/api/1.2.0/');
    expect(await page.getByRole('heading', { name: 'Changelog' }).count()).toBe(1);
    const details = page.locator('details', { hasText: 'Tag message' }).first();
    await details.locator('summary').click();
    expect(await details.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('never runs script from repository text, on any page of the site', async () => {
    const pages = Object.keys(files(dist)).filter((f) => f.endsWith('index.html')).map((f) => `/${f.replace(/index\.html$/, '')}`);
    expect(pages.length).toBeGreaterThan(30);
    const page = await browser.newPage();
    const fired: string[] = [];
    page.on('dialog', async (d) => { fired.push(`${page.url()}: ${d.message()}`); await d.dismiss(); });
    page.on('pageerror', (e) => fired.push(`${page.url()}: ${e.message}`));
    for (const path of pages) {
      await page.goto(base + path);
      const bad = await page.evaluate(() => {
        const found: string[] = [];
        for (const el of Array.from(document.querySelectorAll('*'))) {
          for (const a of Array.from(el.attributes)) {
            if (/^on/i.test(a.name)) found.push(`${el.tagName} ${a.name}`);
            if (['href', 'src', 'action', 'formaction'].includes(a.name) && /^\s*(javascript|data|vbscript):/i.test(a.value)) found.push(`${el.tagName} ${a.name}=${a.value}`);
          }
        }
        return { found, scripts: document.scripts.length };
      });
      expect(bad, path).toEqual({ found: [], scripts: 0 });
      // Follow every in-page <details>, so nothing hidden is skipped.
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = true)));
    }
    expect(fired).toEqual([]);
    // The injected commit is on the page, as text.
    await page.goto(`${base}/projects/api/1.2.0/`);
    expect(await page.locator('main').textContent()).toContain('<script>alert(1)</script>');
    await page.close();
  });

  it('gets the JSON API the scripts rely on', async () => {
    const { page } = await open('/');
    const index = await page.evaluate(async () => (await fetch('/api/v1/index.json')).json());
    expect(index.projects.map((p: { id: string }) => p.id)).toEqual(['sdk', 'api', 'core', 'cli', 'web']);
    expect(index.projects[0]).toEqual({ id: 'sdk', name: 'Acme SDK', latest: '2.1.0', releaseCount: 12, url: 'https://releases.acme.example/projects/sdk/' });
    const releases = await page.evaluate(async () => (await fetch('/api/v1/projects/sdk/releases.json')).json());
    expect(releases.slice(0, 4).map((r: { version: string }) => r.version)).toEqual(['2.1.0', '2.0.0', '2.0.0-rc.2', '2.0.0-rc.1']);
    expect(releases.find((r: { version: string }) => r.version === '2.0.0')).toMatchObject({ tag: 'v2.0.0', previous: '1.4.0', prerelease: false, commitCount: 9, breakingCount: 3 });
    const one = await page.evaluate(async () => (await fetch('/api/v1/projects/sdk/releases/2.0.0.json')).json());
    expect(Object.keys(one)).toEqual(expect.arrayContaining(['version', 'tag', 'date', 'commit', 'previous', 'prerelease', 'commitCount', 'breakingCount', 'url', 'changes', 'contributors', 'notes']));
    expect(JSON.stringify(one)).not.toMatch(/@[a-z0-9-]+\.example/); // public audience: no e-mail addresses
    await page.close();
  });
});
