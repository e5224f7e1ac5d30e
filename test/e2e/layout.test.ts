// Every page of the demo portal fits the screen it is read on: built for both audiences, each HTML
// page is opened at a phone's width (390 px) and a desktop's (1280 px), in the light and the dark
// colour scheme, and no document may be wider than the viewport (a wide table scrolls inside its
// own region, src/components/TableScroll.astro). On the data pages the tables fit the wide column
// at 1280 px, and no word in a table is split across lines; axe finds nothing serious on a
// representative set of pages in either scheme.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  axeViolations,
  buildDemo,
  CHROMIUM,
  CHROMIUM_MISSING,
  files,
  launchChromium,
  openPage,
  serve,
} from '../helpers/site.ts';
import { describeIfAvailable } from '../helpers/needs.ts';

const WIDTHS = [390, 1280] as const;
const SCHEMES = ['light', 'dark'] as const;
type Audience = 'internal' | 'public';

const tmp = mkdtempSync(join(tmpdir(), 'waybill-e2e-layout-'));
const sites: Record<Audience, { dist: string; server: Server; base: string; pages: string[] }> = {} as never;
let browser: Browser;

/** The URL path of every HTML page of a build: `/`, `/audit/changes/`, `/404.html`. */
function htmlPages(dist: string): string[] {
  return Object.keys(files(dist))
    .filter((f) => f.endsWith('.html'))
    .map((f) => `/${f.split('\\').join('/')}`.replace(/(^|\/)index\.html$/, '$1'))
    .sort();
}

beforeAll(async () => {
  for (const audience of ['internal', 'public'] as const) {
    const dist = buildDemo(tmp, audience, { audience });
    const { server, url } = await serve(dist);
    sites[audience] = { dist, server, base: url, pages: htmlPages(dist) };
  }
  if (existsSync(CHROMIUM)) browser = await launchChromium();
}, 420_000);

afterAll(async () => {
  await browser?.close();
  for (const s of Object.values(sites)) s.server.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** How wide the document is, in each colour scheme, on the page as loaded. */
async function documentWidths(page: Page): Promise<Record<(typeof SCHEMES)[number], number>> {
  const out = {} as Record<(typeof SCHEMES)[number], number>;
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    out[colorScheme] = await page.evaluate(() => document.documentElement.scrollWidth);
  }
  return out;
}

/**
 * Words in the tables that a line break splits (each word's range has one box per line it is on).
 * A word is a run of characters between spaces, hyphens and slashes, where lines may break anyway;
 * a file path (`.source`) or a digest may break anywhere by design and is left out.
 */
async function splitWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const cell of document.querySelectorAll('table th, table td')) {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const parent = n.parentElement;
        if (!parent || parent.closest('.source, .digest, .visually-hidden') || parent.offsetParent === null)
          continue;
        const text = n.textContent ?? '';
        for (const m of text.matchAll(/[^\s\-/]+/g)) {
          const range = document.createRange();
          range.setStart(n, m.index);
          range.setEnd(n, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) out.push(`"${m[0]}"`);
        }
      }
    }
    return out;
  });
}

/** The table regions that scroll sideways (their table is wider than the column). */
async function scrollingTables(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.table-scroll')]
      .filter((r) => r.scrollWidth > r.clientWidth)
      .map((r) => `"${r.getAttribute('aria-label')}" (${r.scrollWidth} px in ${r.clientWidth} px)`),
  );
}

describeIfAvailable(existsSync(CHROMIUM), CHROMIUM_MISSING)(
  'the demo portal on a phone and a desktop',
  () => {
    it('has no page wider than the screen, at 390 and 1280 px, light and dark, for both audiences', async () => {
      expect(sites.internal.pages).toContain('/audit/changes/');
      expect(sites.public.pages).toContain('/');
      const offenders: string[] = [];
      let visited = 0;
      // One page per viewport, both at once; each document loads once and is measured in both schemes.
      await Promise.all(
        WIDTHS.map(async (width) => {
          const page = await browser.newPage({ viewport: { width, height: 900 } });
          for (const audience of ['internal', 'public'] as const) {
            const { base, pages } = sites[audience];
            for (const path of pages) {
              await page.goto(base + path, { waitUntil: 'load' });
              const widths = await documentWidths(page);
              for (const scheme of SCHEMES) {
                if (widths[scheme] > width)
                  offenders.push(`${audience} ${path} at ${width} px, ${scheme}: ${widths[scheme]} px wide`);
              }
              visited++;
            }
          }
          await page.close();
        }),
      );
      expect(visited).toBe(WIDTHS.length * (sites.internal.pages.length + sites.public.pages.length));
      expect(offenders.sort(), `pages wider than the screen:\n${offenders.sort().join('\n')}`).toEqual([]);
    }, 1_200_000);

    const DATA_PAGES = ['/audit/', '/audit/changes/', '/environments/', '/projects/sdk/1.4.1/evidence/'];

    it('fits the data tables in the wide column at 1280 px, and splits no word in a table at 390 px', async () => {
      const problems: string[] = [];
      for (const width of WIDTHS) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        for (const path of [...DATA_PAGES, '/projects/api/1.0.0/']) {
          await page.goto(sites.internal.base + path, { waitUntil: 'load' });
          if (width === 1280)
            for (const t of await scrollingTables(page))
              problems.push(`${path} at ${width} px: ${t} scrolls`);
          for (const w of await splitWords(page))
            problems.push(`${path} at ${width} px: ${w} is split across lines`);
        }
        await page.close();
      }
      expect(problems, problems.join('\n')).toEqual([]);
    }, 180_000);

    it('puts wide tables in a labelled, focusable region, and links deployment ids to their record', async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 900 } });
      await page.goto(`${sites.internal.base}/environments/`, { waitUntil: 'load' });
      const anchors = new Set(
        await page.locator('table.run-log tbody tr').evaluateAll((rows) => rows.map((r) => r.id)),
      );
      expect(anchors.size).toBeGreaterThan(0);
      for (const path of DATA_PAGES) {
        await page.goto(sites.internal.base + path, { waitUntil: 'load' });
        const regions = await page.locator('.table-scroll').evaluateAll((els) =>
          els.map((e) => ({
            role: e.getAttribute('role'),
            label: e.getAttribute('aria-label') ?? '',
            tabindex: e.getAttribute('tabindex'),
            table: e.querySelector(':scope > table') !== null,
          })),
        );
        expect(regions.length, `${path} has table regions`).toBeGreaterThan(0);
        for (const r of regions)
          expect(r, path).toMatchObject({ role: 'region', tabindex: '0', table: true });
        expect(
          regions.every((r) => r.label.trim() !== ''),
          `${path}: every region is named`,
        ).toBe(true);
        // Every table on a data page sits in such a region.
        expect(await page.locator('main table:not(.table-scroll > table)').count(), path).toBe(0);
        // Deployment ids link to their row in the log of /environments/.
        const records = await page
          .locator('a:has(code.record-id)')
          .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href)));
        expect(records.length, `${path} links deployment ids`).toBeGreaterThan(0);
        for (const url of records) {
          expect(url.pathname, `${path}: ${url.href}`).toBe('/environments/');
          expect(anchors.has(decodeURIComponent(url.hash.slice(1))), `${path}: ${url.href} names a row`).toBe(
            true,
          );
        }
      }
      await page.close();
    }, 120_000);

    it('shows the calendar\'s "As of" label (the harvest\'s day) at 4.5:1 or more in both schemes', async () => {
      const page = await browser.newPage();
      // The month of the harvest's day (SOURCE_DATE_EPOCH of the builds: 19 November 2026).
      await page.goto(`${sites.internal.base}/calendar/2026-11/`, { waitUntil: 'load' });
      const ratios: Record<string, number[]> = {};
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        // WCAG 2.2 contrast ratio (https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio) of the label's
        // colour on the first opaque background behind it.
        ratios[colorScheme] = await page.locator('.today-label').evaluateAll((labels) => {
          const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
          const lum = (c: string) => {
            const [r, g, b] = rgb(c).map((v) => {
              const x = v / 255;
              return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
          };
          return labels.map((label) => {
            let el: Element | null = label;
            let bg = 'rgba(0, 0, 0, 0)';
            while (el && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
              bg = getComputedStyle(el).backgroundColor;
              el = el.parentElement;
            }
            const [a, b] = [lum(getComputedStyle(label).color), lum(bg)];
            return Math.round(((Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)) * 100) / 100;
          });
        });
      }
      await page.close();
      // Every label shown must pass; the calendar of the demo shows one on the harvest's day.
      expect(ratios.light!.length).toBeGreaterThan(0);
      expect(ratios.light!.length).toBe(ratios.dark!.length);
      for (const scheme of SCHEMES)
        for (const r of ratios[scheme]!)
          expect(r, `${scheme}: ${ratios[scheme]!.join(', ')}`).toBeGreaterThanOrEqual(4.5);
    }, 60_000);

    it('passes axe (nothing serious or critical) on representative pages, light and dark', async () => {
      const representative: [Audience, string][] = [
        ['internal', '/'],
        ['internal', '/projects/sdk/2.0.0/'],
        ['internal', '/audit/changes/'],
        ['internal', '/environments/'],
        ['internal', '/projects/sdk/1.4.1/evidence/'],
        ['internal', '/calendar/'],
        ['public', '/'],
        ['public', '/projects/sdk/2.0.0/'],
        ['public', '/calendar/'],
      ];
      const found: string[] = [];
      for (const [audience, path] of representative) {
        const { page, problems } = await openPage(browser, sites[audience].base + path);
        for (const colorScheme of SCHEMES) {
          await page.emulateMedia({ colorScheme });
          for (const v of await axeViolations(page)) found.push(`${audience} ${path} (${colorScheme}): ${v}`);
        }
        for (const p of problems) found.push(`${audience} ${path}: ${p}`);
        await page.close();
      }
      expect(found, found.join('\n')).toEqual([]);
    }, 300_000);
  },
);
