// The internal portal as a release manager and an auditor use it: what ran where (now, and at a
// moment they pick), the DORA page, a release's proof of delivery; and the public portal, built
// from the same input, without any of it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const tmp = mkdtempSync(join(tmpdir(), 'waybill-e2e-internal-'));
let internal: string;
let publicDist: string;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  internal = buildDemo(tmp, 'internal', { audience: 'internal' });
  publicDist = buildDemo(tmp, 'public', { audience: 'public' });
  ({ server, url: base } = await serve(internal));
  if (existsSync(CHROMIUM)) browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the public portal built from the same input', () => {
  it('has no deployment, environment, metrics or approver anywhere', () => {
    const pub = files(publicDist);
    expect(Object.keys(pub).filter((f) => /^(environments|metrics)\/|deployments\.json$/.test(f))).toEqual(
      [],
    );
    const text = Object.entries(pub)
      .filter(([f]) => /\.(html|json|xml|ics)$/.test(f))
      .map(([, b]) => b.toString('utf8'))
      .join('\n');
    // Names that appear only in the demo's deployment logs.
    for (const word of ['approved by', 'Deployed to', 'farid', 'gitlab:30']) expect(text).not.toContain(word);
    const priv = files(internal);
    expect(Object.keys(priv)).toEqual(
      expect.arrayContaining(['environments/index.html', 'metrics/index.html', 'api/v1/deployments.json']),
    );
  });
});

describeIfAvailable(existsSync(CHROMIUM), CHROMIUM_MISSING)(
  'a release manager in the internal portal',
  () => {
    it('sees what runs where, then travels back to a moment and sees what ran then', async () => {
      const { page, problems } = await openPage(browser, `${base}/environments/`);
      const matrix = page.locator('table.env-matrix');
      expect(await matrix.textContent()).toContain('2.1.0');
      // The picker reads the portal's time zone (Europe/Berlin): 28 August 2026 at noon, after the rollback to 2.0.0.
      await page.locator('#time-travel-at').fill('2026-08-28T12:00');
      await page.locator('#time-travel-at').dispatchEvent('change');
      await expect.poll(async () => page.locator('#matrix-as-of').textContent()).toContain('28 August 2026');
      // Production is the first column (the matrix orders environments by tier).
      expect((await matrix.locator('thead th').allTextContents()).map((t) => t.trim())[1]).toMatch(
        /^production/i,
      );
      const sdkProduction = matrix.locator('tbody tr', { hasText: 'Acme SDK' }).locator('td').first();
      expect(await sdkProduction.textContent()).toContain('2.0.0');
      expect(await sdkProduction.textContent()).not.toContain('2.1.0');
      await page.locator('#time-travel-at').fill('2026-08-26T12:00');
      await page.locator('#time-travel-at').dispatchEvent('change');
      await expect.poll(async () => sdkProduction.textContent()).toContain('2.1.0');
      expect(await axeViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await page.close();
    });

    it("reads the DORA page and a release's proof of delivery without accessibility problems", async () => {
      for (const path of ['/metrics/', '/projects/sdk/2.1.0/']) {
        const { page, problems } = await openPage(browser, base + path);
        expect(await page.locator('main').textContent(), path).toMatch(
          path === '/metrics/' ? /Change failure rate/i : /Deployed to/,
        );
        expect(await axeViolations(page), path).toEqual([]);
        expect(problems, path).toEqual([]);
        await page.close();
      }
    });

    it('sees on the calendar the one deployment that broke a freeze, the planned release and the release train', async () => {
      // One page per address: navigating a page away aborts its pending requests, which would read as failures.
      const august = await openPage(browser, `${base}/calendar/2026-08/`);
      const flagged = august.page.locator('table .badge-freeze-violation');
      expect(await flagged.count()).toBe(1);
      expect(await flagged.getAttribute('title')).toBe('Finished inside Launch week freeze');
      expect(await axeViolations(august.page)).toEqual([]);
      expect(august.problems).toEqual([]);
      await august.page.close();
      const december = await openPage(browser, `${base}/calendar/2026-12/`);
      expect(await december.page.locator('main').textContent()).toContain('2.2.0');
      expect(december.problems).toEqual([]);
      await december.page.close();
      const group = await openPage(browser, `${base}/groups/2026-06/`);
      const text = await group.page.locator('main').textContent();
      expect(text).toContain('2.0.0');
      expect(text).toContain('0.4.0');
      expect(await axeViolations(group.page)).toEqual([]);
      expect(group.problems).toEqual([]);
      await group.page.close();
    });
  },
);
