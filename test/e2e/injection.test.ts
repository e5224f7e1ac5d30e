// Text from the config is untrusted too: a project, a portal title, a group and a freeze named
// with markup. A portal built from it, driven in Chromium: nothing runs on any page a customer
// visits, above all /search/, where pagefind's filter labels are HTML, and each name reads as the
// text it is. A preselected filter (`?project=<name>`) still finds the project's releases.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildRepo } from '../../src/demo/git-builder.ts';
import { describeIfAvailable } from '../helpers/needs.ts';
import { CHROMIUM, CHROMIUM_MISSING, EPOCH, launchChromium, openPage, serve } from '../helpers/site.ts';

const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'waybill-injection-'));
const PROJECT = '<img src=x onerror=alert(1)>';
const TITLE = 'Acme <script>alert(2)</script> releases';
const GROUP = '"><svg onload=alert(3)>';
const FREEZE = "Freeze <img src=y onerror=alert('4')>";
const runs = existsSync(CHROMIUM);
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!runs) return;
  await buildRepo(join(tmp, 'lib'), [
    { commit: 'feat: offline mode', files: { a: '1\n' }, date: '2026-03-02T10:00:00+01:00' },
    { tag: 'v1.0.0' },
    { commit: 'feat: zeppelin support', files: { a: '2\n' }, date: '2026-04-02T10:00:00+02:00' },
    { tag: 'v1.1.0' },
  ]);
  writeFileSync(
    join(tmp, 'waybill.config.json'),
    JSON.stringify({
      title: TITLE,
      timezone: 'Europe/Berlin',
      projects: [{ id: 'lib', name: PROJECT, description: `About ${PROJECT}`, repo: './lib' }],
      environments: [{ id: 'production', tier: 'production' }],
      freezes: [
        { name: FREEZE, start: '2026-04-10T18:00', end: '2026-04-14T08:00', environments: ['production'] },
      ],
      groups: [{ id: 'g1', name: GROUP, date: '2026-04-02', members: { lib: '1.1.0' } }],
    }),
  );
  const r = spawnSync(process.execPath, [cli, 'build', '--out', 'dist', '--data', 'data'], {
    cwd: tmp,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', TZ: 'UTC', SOURCE_DATE_EPOCH: EPOCH },
  });
  if (r.status !== 0) throw new Error(`waybill build failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  ({ server, url: base } = await serve(join(tmp, 'dist')));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describeIfAvailable(runs, CHROMIUM_MISSING)('config strings with markup, in Chromium', () => {
  it('the search page: the project filter label shows the name as text, and no script runs', async () => {
    const { page, problems } = await openPage(browser, `${base}/search/?q=zeppelin`);
    const label = page.locator('.pagefind-ui__filter-label').filter({ hasText: 'onerror' });
    await label.first().waitFor({ state: 'attached', timeout: 20_000 });
    expect(await label.first().textContent()).toContain(PROJECT);
    expect(await page.locator('.pagefind-ui__filter-panel img').count()).toBe(0);
    await page.locator('.pagefind-ui__result').first().waitFor({ timeout: 20_000 });
    // Give an image's onerror the time to fire, had one been made.
    await page.waitForTimeout(500);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a filter preselected from the address with the raw name still selects the project', async () => {
    const { page, problems } = await openPage(
      browser,
      `${base}/search/?q=zeppelin&project=${encodeURIComponent(PROJECT)}`,
    );
    await page.locator('.pagefind-ui__result').first().waitFor({ timeout: 20_000 });
    // The project from the address, and the kind "Release notes" every search starts with.
    const checked = page.locator('.pagefind-ui__filter-checkbox:checked');
    await expect.poll(() => checked.count()).toBe(2);
    expect(
      await checked.evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).name).sort()),
    ).toEqual(['kind', 'project']);
    expect(await page.locator('.pagefind-ui__result-link').first().textContent()).toContain(PROJECT);
    await page.waitForTimeout(500);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('every other page with a config string: home, project, release, calendar, group, their indexes; nothing runs, the names read as text', async () => {
    for (const path of [
      '/',
      '/projects/',
      '/groups/',
      '/projects/lib/',
      '/projects/lib/1.1.0/',
      '/calendar/',
      '/calendar/2026-04/',
      '/groups/g1/',
    ]) {
      const { page, problems } = await openPage(browser, base + path);
      await page.waitForTimeout(200);
      const text = (await page.locator('body').textContent()) ?? '';
      expect(problems, path).toEqual([]);
      expect(await page.locator('main img[src="x"], main img[src="y"], svg[onload]').count(), path).toBe(0);
      expect(await page.title(), path).toContain('<script>alert(2)</script>');
      if (path.startsWith('/projects/')) expect(text, path).toContain(PROJECT);
      if (path === '/groups/g1/' || path === '/groups/') expect(text, path).toContain(GROUP);
      if (path === '/calendar/2026-04/') expect(text, path).toContain(FREEZE);
      await page.close();
    }
  });
});
