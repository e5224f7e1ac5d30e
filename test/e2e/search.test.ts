// Search on the demo portal as a customer uses it: built by the CLI, served over HTTP, and driven
// in Debian's Chromium through pagefind's own UI. A word that a change and many bills of materials
// share ("retry": the SDK's retry fixes, and `p-retry` in every SDK SBOM) lists the change first,
// with the bills of materials off until the reader asks for them; a word found only in what is not
// released yet ("German", in the web dashboard's advance notice) finds `/next/`.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildDemo, CHROMIUM, CHROMIUM_MISSING, launchChromium, openPage, serve } from '../helpers/site.ts';
import { describeIfAvailable } from '../helpers/needs.ts';

const tmp = mkdtempSync(join(tmpdir(), 'waybill-e2e-search-'));
let server: Server | undefined;
let base: string;
let browser: Browser | undefined;

const describeWithChromium = describeIfAvailable(existsSync(CHROMIUM), CHROMIUM_MISSING);

describeWithChromium('search on the demo portal', () => {
  beforeAll(async () => {
    const dist = buildDemo(tmp, 'search', { tz: 'UTC' });
    ({ server, url: base } = await serve(dist));
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  /**
   * The pages found, in the order pagefind ranks them, once it has listed some: every result
   * ("Load more results" pressed until it is gone), not the sections under a result.
   */
  const results = async (page: Page): Promise<string[]> => {
    const link = page.locator('.pagefind-ui__result-link');
    await link.first().waitFor({ timeout: 15_000 });
    const more = page.locator('button.pagefind-ui__button');
    let before = -1;
    for (;;) {
      const n = await link.count();
      if (n === before && !(await more.isVisible())) break;
      if (await more.isVisible()) await more.click();
      before = n;
      await page.waitForTimeout(300);
    }
    return link.evaluateAll((links) => [
      ...new Set(
        links
          .filter((a) => !a.closest('.pagefind-ui__result-nested'))
          .map((a) => new URL((a as HTMLAnchorElement).href).pathname),
      ),
    ]);
  };

  const search = async (query: string) => {
    const { page, problems } = await openPage(browser!, `${base}/search/${query}`);
    return { page, problems, links: await results(page) };
  };

  it('a word in a change and in bills of materials lists the change first, and no bill of materials until asked', async () => {
    const { page, problems, links } = await search('?q=retry');
    expect(links[0]).toMatch(/^\/projects\/[a-z]+\/[^/]+\/$/);
    expect(links.filter((l) => l.endsWith('/sbom/'))).toEqual([]);
    // The kind filter says why, and is where the reader turns the bills of materials on.
    await expect.poll(() => page.locator('input[type="checkbox"]:checked').count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('with the bills of materials turned on, the change still comes first', async () => {
    const { page, problems, links } = await search('?q=retry&kind=any');
    expect(links.some((l) => l.endsWith('/sbom/'))).toBe(true);
    expect(links[0]).toMatch(/^\/projects\/[a-z]+\/[^/]+\/$/);
    // Every page whose changes say "retry" ranks above every bill of materials that lists p-retry.
    const firstSbom = links.findIndex((l) => l.endsWith('/sbom/'));
    expect(links.slice(firstSbom).filter((l) => !l.endsWith('/sbom/'))).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a reader unticking "Release notes" gets the bills of materials too', async () => {
    const { page, problems } = await search('?q=retry');
    await page.getByLabel(/Release notes/).uncheck();
    await expect
      .poll(async () => (await results(page)).some((l) => l.endsWith('/sbom/')), { timeout: 15_000 })
      .toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('a word only in the advance notice finds /next/', async () => {
    const { page, problems, links } = await search('?q=German');
    expect(links).toEqual(['/projects/web/next/']);
    expect(problems).toEqual([]);
    await page.close();
  });
});
