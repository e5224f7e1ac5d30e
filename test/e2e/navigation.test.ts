// Finding one's way around the demo portal, by clicking as a customer and an auditor would: from
// the home page to what is coming, the project and group indexes, a missing page, the calendar and
// its feeds, and the metrics window. Both audiences are built from the bundled demo with "now" at
// SOURCE_DATE_EPOCH (18 November 2026) and served as a static host serves them, 404.html included.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeIfAvailable } from '../helpers/needs.ts';
import {
  axeViolations,
  buildDemo,
  CHROMIUM,
  CHROMIUM_MISSING,
  launchChromium,
  openPage,
  serve,
} from '../helpers/site.ts';

const tmp = mkdtempSync(join(tmpdir(), 'waybill-e2e-navigation-'));
const servers: Server[] = [];
let publicBase: string;
let internalBase: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  const pub = buildDemo(tmp, 'public', { audience: 'public' });
  const internal = buildDemo(tmp, 'internal', { audience: 'internal' });
  const a = await serve(pub, { notFound: '404.html' });
  const b = await serve(internal, { notFound: '404.html' });
  servers.push(a.server, b.server);
  publicBase = a.url;
  internalBase = b.url;
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  for (const s of servers) s.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Clicks a link and waits for the page it leads to. */
async function follow(page: Page, link: Locator): Promise<void> {
  const href = await link.getAttribute('href');
  expect(href, 'link has an href').toBeTruthy();
  await Promise.all([page.waitForURL(new URL(href!, page.url()).href), link.click()]);
  await page.waitForLoadState('load');
}

const path = (page: Page) => new URL(page.url()).pathname;
const main = async (page: Page) => ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');

describeIfAvailable(existsSync(CHROMIUM), CHROMIUM_MISSING)('a customer finding their way', () => {
  it('goes from the home page to the next planned release and reads its date, status and notes', async () => {
    const { page, problems } = await openPage(browser, `${publicBase}/`);
    const coming = page.locator('section', { has: page.getByRole('heading', { name: 'Coming up' }) });
    expect(await coming.textContent()).toMatch(
      /Next freeze: Year-end freeze \(production\), from 19 December 2026/,
    );
    const item = coming.locator('li', { hasText: 'Acme SDK 2.2.0' });
    expect(await item.textContent()).toMatch(/Tuesday, 8 December 2026: Acme SDK 2\.2\.0\s*Tentative/);
    await follow(page, item.getByRole('link', { name: 'Acme SDK 2.2.0' }));
    expect(path(page)).toBe('/projects/sdk/next/');
    const planned = page.locator('section.next-plans');
    expect(await planned.textContent()).toMatch(/Acme SDK 2\.2\.0: Tuesday, 8 December 2026\s*Tentative/);
    expect(await planned.textContent()).toContain('Keep-alive returns');
    await follow(page, planned.getByRole('link', { name: 'on the calendar' }));
    expect(path(page)).toBe('/calendar/2026-12/');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('finds every project on /projects/ and opens one', async () => {
    const { page, problems } = await openPage(browser, `${publicBase}/`);
    await follow(page, page.getByRole('link', { name: 'All projects' }));
    expect(path(page)).toBe('/projects/');
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual([
      'Acme SDK',
      'Acme API',
      '@acme/core',
      '@acme/cli',
      '@acme/web',
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await follow(page, page.getByRole('heading', { name: 'Acme API' }).getByRole('link'));
    expect(path(page)).toBe('/projects/api/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Acme API');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('finds the group release on /groups/, with one card for a breaking change two packages share', async () => {
    const { page, problems } = await openPage(browser, `${publicBase}/`);
    await follow(page, page.getByRole('link', { name: 'Group releases' }));
    expect(path(page)).toBe('/groups/');
    expect(await axeViolations(page)).toEqual([]);
    await follow(page, page.getByRole('link', { name: 'June platform release' }));
    expect(path(page)).toBe('/groups/2026-06/');
    expect(await page.locator('p.lead').textContent()).toMatch(/8 June 2026 \(on the calendar\)/);
    const breaking = page.locator('section.breaking');
    // The async event bus commit touched @acme/core and @acme/cli: one card, under the member it breaks.
    expect(await breaking.locator('li.change').count()).toBe(1);
    expect(
      (await breaking.locator('li.group-breaking-member').allTextContents()).map((t) => t.trim()),
    ).toEqual(['@acme/core 2.0.0']);
    // @acme/cli's changeset lists the commit under "Minor Changes": it is not breaking there.
    const members = page.locator('ul.group-members li');
    expect(await members.filter({ hasText: '@acme/cli 0.4.0' }).textContent()).not.toContain('breaking');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('gets the 404 page at a missing address, and a way back', async () => {
    const { page, problems } = await openPage(browser, `${publicBase}/projects/sdk/9.9.9/`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    // The page itself comes with status 404 (Chromium says so in the console too); nothing else fails.
    expect([...problems].sort()).toEqual([
      `HTTP 404: ${publicBase}/projects/sdk/9.9.9/`,
      'console: Failed to load resource: the server responded with a status of 404 (Not Found)',
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await follow(page, page.getByRole('main').getByRole('link', { name: 'All projects' }));
    expect(path(page)).toBe('/projects/');
    await page.close();
  });

  it('opens the calendar on what is coming, as of the harvest, and reaches the end of the year-end freeze', async () => {
    const { page, problems } = await openPage(browser, `${publicBase}/calendar/`);
    const lead = (await page.locator('p.lead').textContent()) ?? '';
    expect(lead).not.toContain('Today is');
    expect(lead).toMatch(/as of Wednesday, 18 November 2026/);
    expect(await page.locator('#this-month').textContent()).toBe('December 2026');
    expect(await main(page)).toContain('Acme SDK 2.2.0');
    // No deployment feeds for the public.
    expect(await page.locator('a[href$="/calendar.ics"][href^="/environments/"]').count()).toBe(0);
    await follow(
      page,
      page.getByRole('navigation', { name: 'Months' }).getByRole('link', { name: /January 2027/ }),
    );
    expect(path(page)).toBe('/calendar/2027-01/');
    expect(await main(page)).toContain('Year-end freeze');
    expect(problems).toEqual([]);
    await page.close();
  });
});

describeIfAvailable(existsSync(CHROMIUM), CHROMIUM_MISSING)('an auditor finding their way', () => {
  it('sees what runs where on the home page', async () => {
    const { page, problems } = await openPage(browser, `${internalBase}/`);
    const running = page.locator('table.home-running');
    const sdk = running.locator('tr', { has: page.getByRole('rowheader', { name: 'Acme SDK' }) });
    expect((await sdk.locator('td').allTextContents()).map((t) => t.trim())).toEqual(['2.1.0', '2.1.0']);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("subscribes to an environment's deployments from the calendar", async () => {
    const { page, problems } = await openPage(browser, `${internalBase}/calendar/`);
    const link = page.getByRole('link', { name: 'production deployments (iCalendar)' });
    expect(await link.getAttribute('href')).toBe('/environments/production/calendar.ics');
    const ics = await (await page.request.get(`${internalBase}/environments/production/calendar.ics`)).text();
    expect(ics.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(ics).toContain('BEGIN:VEVENT');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('switches the metrics window: the last 30 days, then a quarter, each a page with its summary', async () => {
    const { page, problems } = await openPage(browser, `${internalBase}/metrics/`);
    const windows = page.getByRole('navigation', { name: 'Window' });
    expect(await windows.locator('[aria-current="page"]').textContent()).toBe('Last 90 days');
    expect(await page.locator('table.dora-summary tbody th').allTextContents()).toEqual([
      'Acme SDK',
      'Acme API',
    ]);
    await follow(page, windows.getByRole('link', { name: 'Last 30 days' }));
    expect(path(page)).toBe('/metrics/30d/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Delivery metrics: Last 30 days',
    );
    expect(
      await page.getByRole('navigation', { name: 'Window' }).locator('[aria-current="page"]').textContent(),
    ).toBe('Last 30 days');
    await follow(
      page,
      page.getByRole('navigation', { name: 'Window' }).getByRole('link', { name: 'Q3 2026' }),
    );
    expect(path(page)).toBe('/metrics/2026-q3/');
    expect(await page.locator('p.window-note').textContent()).toMatch(
      /From 1 July 2026 at 00:00 CEST to 1 October 2026 at 00:00 CEST \(the end of the quarter\)/,
    );
    // A tier where nothing went live is not ranked.
    const summary = (await page.locator('table.dora-summary').textContent()) ?? '';
    expect(summary).not.toMatch(/0 a week\s*Low/);
    expect(await axeViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
