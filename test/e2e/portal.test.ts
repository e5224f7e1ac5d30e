// The demo portal as a customer meets it: built by the CLI exactly as `npm run build` builds it,
// served over HTTP, and driven in Debian's Chromium. Also: two builds on machines in different
// time zones give the same bytes, and no script from repository text runs on any page.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
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

const tmp = mkdtempSync(join(tmpdir(), 'waybill-e2e-'));
let dist: string;
let other: string;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  dist = buildDemo(tmp, 'utc', { tz: 'UTC' });
  other = buildDemo(tmp, 'kiritimati', { tz: 'Pacific/Kiritimati' });
  ({ server, url: base } = await serve(dist));
  if (existsSync(CHROMIUM)) browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const open = (path: string): Promise<{ page: Page; problems: string[] }> => openPage(browser, base + path);

describe('the demo portal, built twice', () => {
  it("is byte-identical whatever the machine's time zone (same SOURCE_DATE_EPOCH)", () => {
    const a = files(dist);
    const b = files(other);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const f of Object.keys(a)) expect(b[f].equals(a[f]), f).toBe(true);
    expect(Object.keys(a).filter((f) => f.endsWith('.html')).length).toBeGreaterThan(30);
    expect(Object.keys(a).some((f) => f.startsWith('pagefind/'))).toBe(true);
  });
});

type ApiRelease = {
  version: string;
  tag: string;
  previous: string | null;
  prerelease: boolean;
  changes: { hash: string; subject: string; breaking: boolean }[];
};
const api = async <T>(path: string): Promise<T> => JSON.parse(readFileSync(join(dist, path), 'utf8')) as T;

describeIfAvailable(existsSync(CHROMIUM), CHROMIUM_MISSING)('a customer in the browser', () => {
  it('goes from the portfolio to a release, reads its breaking changes first, and walks to the neighbouring releases', async () => {
    const { page, problems } = await open('/');
    await page.getByRole('link', { name: 'Acme SDK', exact: true }).first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/sdk/');
    await page.getByRole('link', { name: '2.0.0', exact: true }).first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/sdk/2.0.0/');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('2.0.0');
    const headings = (await page.getByRole('heading', { level: 2 }).allTextContents()).map((h) => h.trim());
    const breaking = headings.findIndex((h) => h.startsWith('Breaking changes'));
    expect(breaking).toBeGreaterThanOrEqual(0);
    expect(breaking).toBeLessThan(headings.findIndex((h) => h.startsWith('Changes')));
    // The hand-written overlay is the notes; its highlights come first.
    expect(await page.locator('main').textContent()).toContain('Typed errors you can catch by class');
    // The compare link goes from the previous final release, 1.4.1 on the 1.x branch (the newest
    // final release before 2.0.0), not from 2.0.0-rc.2.
    expect(await page.locator('a[href*="/compare/"]').first().getAttribute('href')).toBe(
      'https://forge.acme.example/acme/sdk/compare/v1.4.1...v2.0.0',
    );
    await page.locator('a[rel="next"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/sdk/2.1.0/');
    await page.locator('a[rel="prev"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/sdk/2.0.0/');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sees what is coming next and the predicted version', async () => {
    const { page, problems } = await open('/projects/sdk/');
    await page.locator('a[href="/projects/sdk/next/"]').first().click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/sdk/next/');
    expect(await page.locator('main').textContent()).toMatch(/2\.2\.0/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('searches a word from the latest release and lands on that release', async () => {
    const latest = await api<ApiRelease>('api/v1/projects/sdk/releases/2.1.0.json');
    // The word of its changes that the fewest other releases mention, so the hit is on the first page.
    const others: string[] = [];
    for (const p of (await api<{ projects: { id: string }[] }>('api/v1/index.json')).projects) {
      for (const r of await api<{ version: string }[]>(`api/v1/projects/${p.id}/releases.json`)) {
        if (p.id === 'sdk' && r.version === '2.1.0') continue;
        others.push(
          JSON.stringify(
            await api(`api/v1/projects/${p.id}/releases/${r.version.replace(/[^A-Za-z0-9._-]/g, '_')}.json`),
          ).toLowerCase(),
        );
      }
    }
    const words = [
      ...new Set(
        latest.changes.flatMap((c) => c.subject.toLowerCase().split(/[^a-z]+/)).filter((w) => w.length >= 5),
      ),
    ];
    const word = words
      .map((w) => ({ w, n: others.filter((t) => t.includes(w)).length }))
      .sort((a, b) => a.n - b.n || (a.w < b.w ? -1 : 1))[0].w;
    expect(word).toBeTruthy();
    const { page, problems } = await open('/search/');
    const input = page.locator('#search input.pagefind-ui__search-input');
    await input.fill(word);
    const hit = page.locator('a[href$="/projects/sdk/2.1.0/"]').first();
    await hit.waitFor({ timeout: 15_000 });
    await hit.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/sdk/2.1.0/');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('picks the oldest and the latest version on the upgrade page and sees every breaking change in between', async () => {
    const list = await api<{ version: string }[]>('api/v1/projects/sdk/releases.json');
    const oldest = list.at(-1)!.version;
    const latest = list[0].version;
    const inRange = list.slice(0, -1).map((r) => r.version);
    const expected = new Set<string>();
    for (const v of inRange)
      for (const c of (await api<ApiRelease>(`api/v1/projects/sdk/releases/${v}.json`)).changes)
        if (c.breaking) expected.add(c.hash);
    expect(expected.size).toBeGreaterThanOrEqual(3);

    const { page, problems } = await open('/projects/sdk/upgrade/');
    await page.selectOption('#upgrade-from', oldest);
    await page.selectOption('#upgrade-to', latest);
    await page
      .locator('#upgrade-form [type="submit"]')
      .click()
      .catch(() => page.locator('#upgrade-form').evaluate((f) => (f as HTMLFormElement).submit()));
    await page.locator('#upgrade-result .breaking-list').waitFor();
    const shown = await page
      .locator('#upgrade-result .breaking-list [data-hash]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-hash')));
    expect(new Set(shown)).toEqual(expected);
    // Breaking changes come before the other changes.
    const order = await page.locator('#upgrade-result h2').allTextContents();
    expect(order.indexOf('Breaking changes')).toBe(0);
    expect(new URL(page.url()).searchParams.get('from')).toBe(oldest);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('follows the Atom feeds: every release, with its full notes', async () => {
    const { page, problems } = await open('/');
    const read = (path: string) =>
      page.evaluate(async (p) => {
        const xml = new DOMParser().parseFromString(await (await fetch(p)).text(), 'application/xml');
        const NS = 'http://www.w3.org/2005/Atom';
        return {
          error: xml.getElementsByTagName('parsererror').length > 0,
          root: `${xml.documentElement.namespaceURI} ${xml.documentElement.localName}`,
          entries: [...xml.getElementsByTagNameNS(NS, 'entry')].map((e) => ({
            title: e.getElementsByTagNameNS(NS, 'title')[0]?.textContent ?? '',
            content: e.getElementsByTagNameNS(NS, 'content')[0]?.textContent ?? '',
            // What a feed reader would render: the entry's HTML, parsed.
            unsafe: (() => {
              const doc = new DOMParser().parseFromString(
                e.getElementsByTagNameNS(NS, 'content')[0]?.textContent ?? '',
                'text/html',
              );
              return [
                ...doc.querySelectorAll('script, iframe, object, embed'),
                ...[...doc.querySelectorAll('*')].filter((el) =>
                  [...el.attributes].some(
                    (a) =>
                      /^on/i.test(a.name) ||
                      (/^(href|src)$/.test(a.name) && /^\s*javascript:/i.test(a.value)),
                  ),
                ),
              ].length;
            })(),
          })),
        };
      }, path);
    const all = await read('/feed.xml');
    expect(all.error).toBe(false);
    expect(all.root).toBe('http://www.w3.org/2005/Atom feed');
    const index = await api<{ projects: { releaseCount: number }[] }>('api/v1/index.json');
    expect(all.entries).toHaveLength(index.projects.reduce((n, p) => n + p.releaseCount, 0));
    const sdk = await read('/projects/sdk/feed.xml');
    expect(sdk.entries).toHaveLength(12);
    const entry = sdk.entries.find((e) => e.title.includes('2.0.0') && !e.title.includes('rc'))!;
    // Full notes: the overlay, a migration note, not just a title.
    expect(entry.content).toContain('Typed errors you can catch by class');
    expect(entry.content).toContain('AcmeAuthError');
    for (const e of all.entries) expect(e.unsafe, e.title).toBe(0);
    // The injected commit is in the feed as text.
    expect(
      all.entries.some(
        (e) => e.content.includes('&lt;script&gt;alert(1)') || e.content.includes('&#x3C;script>alert(1)'),
      ),
    ).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('subscribes to the iCalendar feeds: one event per release, planned releases and freezes, unique UIDs', async () => {
    const parse = (path: string) => {
      const cal = new ICAL.Component(ICAL.parse(readFileSync(join(dist, path), 'utf8')));
      return cal.getAllSubcomponents('vevent').map((v) => ({
        uid: String(v.getFirstPropertyValue('uid')),
        summary: String(v.getFirstPropertyValue('summary')),
        start: v.getFirstPropertyValue('dtstart') as ICAL.Time,
        status: v.getFirstPropertyValue('status'),
        rrule: v.getFirstPropertyValue('rrule'),
      }));
    };
    const all = parse('calendar.ics');
    const releases = all.filter((e) => !e.summary.startsWith('Freeze: ') && !e.summary.endsWith('(planned)'));
    const index = await api<{ projects: { releaseCount: number }[] }>('api/v1/index.json');
    expect(releases).toHaveLength(index.projects.reduce((n, p) => n + p.releaseCount, 0));
    expect(releases.every((e) => e.start.isDate)).toBe(true);
    expect(new Set(all.map((e) => e.uid)).size).toBe(all.length);
    // The demo's planned release and its freezes.
    expect(all.find((e) => e.summary === 'Acme SDK 2.2.0 (planned)')).toMatchObject({ status: 'TENTATIVE' });
    expect(
      all
        .filter((e) => e.summary.startsWith('Freeze: '))
        .map((e) => e.summary)
        .sort(),
    ).toEqual(['Freeze: Launch week freeze', 'Freeze: Year-end freeze']);
    const sdk = parse('projects/sdk/calendar.ics').filter(
      (e) => !e.summary.startsWith('Freeze: ') && !e.summary.endsWith('(planned)'),
    );
    expect(sdk).toHaveLength(12);
    // A project's events keep the UIDs they have in the portal's calendar.
    expect(sdk.every((e) => all.some((a) => a.uid === e.uid))).toBe(true);
  });

  it('meets accessibility checks (axe: no serious or critical violations) on every kind of page', async () => {
    const kinds = [
      '/',
      '/projects/sdk/',
      '/projects/sdk/2.0.0/',
      '/projects/sdk/next/',
      '/calendar/',
      '/calendar/2026-06/',
      '/projects/api/upgrade/?from=1.0.0&to=1.3.0',
      '/search/',
      '/projects/core/2.0.0/',
    ];
    for (const path of kinds) {
      const { page, problems } = await open(path);
      expect(await axeViolations(page), path).toEqual([]);
      expect(problems, path).toEqual([]);
      await page.close();
    }
  });

  it('reaches everything by keyboard: the skip link first, then every link and control in order', async () => {
    const { page, problems } = await open('/projects/sdk/upgrade/');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    // Tabbing on reaches both pickers and the button, each with a visible focus indicator.
    const reached = new Set<string>();
    for (let i = 0; i < 40 && reached.size < 3; i++) {
      await page.keyboard.press('Tab');
      const focus = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el) return null;
        const style = getComputedStyle(el);
        return {
          id: el.id || el.getAttribute('type') || el.tagName,
          visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
        };
      });
      if (focus && ['upgrade-from', 'upgrade-to', 'submit'].includes(focus.id)) {
        expect(focus.visible, focus.id).toBe(true);
        reached.add(focus.id);
      }
    }
    expect([...reached].sort()).toEqual(['submit', 'upgrade-from', 'upgrade-to']);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('never runs script from repository text, on any page of the site', async () => {
    const pages = Object.keys(files(dist))
      .filter((f) => f.endsWith('index.html'))
      .map((f) => `/${f.replace(/index\.html$/, '')}`);
    expect(pages.length).toBeGreaterThan(30);
    const page = await browser.newPage();
    const fired: string[] = [];
    page.on('dialog', async (d) => {
      fired.push(`${page.url()}: ${d.message()}`);
      await d.dismiss();
    });
    page.on('pageerror', (e) => fired.push(`${page.url()}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') fired.push(`${page.url()}: console: ${m.text()}`);
    });
    for (const path of pages) {
      await page.goto(base + path);
      await page.evaluate(() =>
        document.querySelectorAll('details').forEach((d) => ((d as HTMLDetailsElement).open = true)),
      );
      const bad = await page.evaluate(() => {
        const found: string[] = [];
        // pagefind's own UI (on /search/) is third-party markup, not repository text.
        for (const el of Array.from(document.querySelectorAll('*')).filter(
          (e) => !e.closest('.pagefind-ui'),
        )) {
          for (const a of Array.from(el.attributes)) {
            if (/^on/i.test(a.name)) found.push(`${el.tagName} ${a.name}`);
            if (
              ['href', 'src', 'action', 'formaction'].includes(a.name) &&
              /^\s*(javascript|data|vbscript):/i.test(a.value)
            )
              found.push(`${el.tagName} ${a.name}=${a.value}`);
          }
        }
        // The site's scripts are files it built (/_astro/, /pagefind/) and JSON data blocks.
        for (const s of Array.from(document.scripts)) {
          const src = s.getAttribute('src');
          const ok = src ? /^\/(_astro|pagefind)\//.test(src) : s.type === 'application/json';
          if (!ok) found.push(`script ${src ?? s.type ?? ''}: ${s.textContent?.slice(0, 60)}`);
        }
        return found;
      });
      expect(bad, path).toEqual([]);
    }
    expect(fired).toEqual([]);
    // The injected commit is on the page, as text.
    await page.goto(`${base}/projects/api/1.2.0/`);
    expect(await page.locator('main').textContent()).toContain('<script>alert(1)</script>');
    await page.close();
  });

  it("reads what changed in a release's bill of materials, filters its components and downloads the public SBOM", async () => {
    const { page, problems } = await open('/projects/sdk/2.0.0/');
    const bom = page.locator('section.bom');
    expect(await bom.locator('h2').textContent()).toBe('Bill of materials');
    // Between 1.4.1 (its previous release) and 2.0.0 the demo's SBOMs show an upgrade, a removal, a
    // license change and a fixed vulnerability (ws, found after 1.4.0); the follow-redirects one was
    // fixed by 1.4.1 already.
    expect(await bom.locator('.bom-removed').textContent()).toContain('node-fetch');
    expect(await bom.locator('.bom-upgraded li').count()).toBeGreaterThan(0);
    expect(await bom.locator('.bom-licenseChanged').textContent()).toContain('MIT OR Apache-2.0');
    expect(await bom.locator('.bom-fixed').textContent()).toContain('CVE-2024-37890');
    expect(await bom.locator('.bom-fixed').textContent()).not.toContain('CVE-2024-28849');

    const download = await bom.locator('a[download]').getAttribute('href');
    const api = await page.evaluate(async () =>
      (await fetch('/api/v1/projects/sdk/releases/2.0.0.json')).json(),
    );
    const { sha, doc } = await page.evaluate(async (href) => {
      const bytes = await (await fetch(href!)).arrayBuffer();
      const hex = [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('');
      return { sha: hex, doc: JSON.parse(new TextDecoder().decode(bytes)) };
    }, download);
    // The public download is the CycloneDX document made from the public record, with its own
    // digest; the original (CycloneDX 1.5, with its authors) stays internal.
    expect(sha).toBe(api.sbom.download.sha256);
    expect(api.sbom.download).toMatchObject({ format: 'CycloneDX 1.6', normalized: true });
    expect([doc.bomFormat, doc.specVersion, doc.metadata.authors]).toEqual(['CycloneDX', '1.6', undefined]);
    expect(api.sbom).toMatchObject({
      format: 'CycloneDX',
      specVersion: '1.5',
      componentCount: api.sbom.components.length,
      original: null,
    });

    await bom.locator('a[href="/projects/sdk/2.0.0/sbom/"]').click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/projects/sdk/2.0.0/sbom/');
    const rows = page.locator('tbody tr');
    const total = await rows.count();
    expect(total).toBe(api.sbom.componentCount);
    await page.fill('#sbom-q', 'retry');
    await expect
      .poll(async () => await rows.evaluateAll((rs) => rs.filter((r) => !(r as HTMLElement).hidden).length))
      .toBeLessThan(total);
    const visible = await rows.evaluateAll((rs) =>
      rs.filter((r) => !(r as HTMLElement).hidden).map((r) => r.textContent ?? ''),
    );
    expect(visible.length).toBeGreaterThan(0);
    for (const text of visible) expect(text.toLowerCase()).toContain('retry');
    expect(await axeViolations(page)).toEqual([]);
    // The 1.4.1 patch is where the vulnerability was fixed, against 1.4.0.
    await page.goto(new URL('/projects/sdk/1.4.1/', page.url()).href);
    expect(await page.locator('section.bom .bom-fixed').textContent()).toContain('CVE-2024-28849');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('finds which releases contain a component, once the bills of materials are asked for', async () => {
    // Bills of materials are their own kind of result, off until asked for (docs/site.md, "Search").
    const { page, problems } = await open('/search/?q=node-fetch&kind=Bills+of+materials');
    const hits = page.locator('#search a[href*="/sbom/"]');
    await hits.first().waitFor({ timeout: 15_000 });
    const hrefs = await hits.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs.every((h) => h!.startsWith('/projects/sdk/'))).toBe(true);
    expect(hrefs.some((h) => h!.includes('/2.0.0/'))).toBe(false); // 2.0.0 removed it
    expect(problems).toEqual([]);
    await page.close();
  });

  it('gets the JSON API the scripts rely on', async () => {
    const { page } = await open('/');
    const index = await page.evaluate(async () => (await fetch('/api/v1/index.json')).json());
    expect(index.projects.map((p: { id: string }) => p.id)).toEqual(['sdk', 'api', 'core', 'cli', 'web']);
    expect(index.projects[0]).toEqual({
      id: 'sdk',
      name: 'Acme SDK',
      latest: '2.1.0',
      releaseCount: 12,
      url: 'https://releases.acme.example/projects/sdk/',
    });
    const releases = await page.evaluate(async () =>
      (await fetch('/api/v1/projects/sdk/releases.json')).json(),
    );
    expect(releases.slice(0, 4).map((r: { version: string }) => r.version)).toEqual([
      '2.1.0',
      '2.0.0',
      '2.0.0-rc.2',
      '2.0.0-rc.1',
    ]);
    expect(releases.find((r: { version: string }) => r.version === '2.0.0')).toMatchObject({
      tag: 'v2.0.0',
      previous: '1.4.1',
      prerelease: false,
      commitCount: 9,
      breakingCount: 3,
    });
    const one = await page.evaluate(async () =>
      (await fetch('/api/v1/projects/sdk/releases/2.0.0.json')).json(),
    );
    expect(Object.keys(one)).toEqual(
      expect.arrayContaining([
        'version',
        'tag',
        'date',
        'commit',
        'previous',
        'prerelease',
        'commitCount',
        'breakingCount',
        'url',
        'changes',
        'contributors',
        'notes',
      ]),
    );
    expect(JSON.stringify(one)).not.toMatch(/@[a-z0-9-]+\.example/); // public audience: no e-mail addresses
    await page.close();
  });
});
