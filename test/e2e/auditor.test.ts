// What an auditor does in the internal portal (docs/audit.md): from the home page to the audit history,
// its control findings and the production-change exports, down to one release's evidence record,
// whose published bytes must hash to the digest the portal shows; and what a customer sees of it
// in the public portal: the tag signature, and nothing else.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_SIGNING_KEYS } from '../../src/demo/repos.ts';
import { verifyFolder } from '../../src/verify/verify.ts';
import {
  axeViolations,
  buildDemo,
  CHROMIUM,
  CHROMIUM_MISSING,
  launchChromium,
  openPage,
  serve,
} from '../helpers/site.ts';
import { describeIfAvailable } from '../helpers/needs.ts';

const tmp = mkdtempSync(join(tmpdir(), 'waybill-e2e-auditor-'));
let internalServer: Server;
let publicServer: Server;
let base: string;
let publicBase: string;
let browser: Browser;
let internalDir: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  const internal = (internalDir = buildDemo(tmp, 'internal', { audience: 'internal' }));
  const publicDist = buildDemo(tmp, 'public', { audience: 'public' });
  ({ server: internalServer, url: base } = await serve(internal));
  ({ server: publicServer, url: publicBase } = await serve(publicDist));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  internalServer?.close();
  publicServer?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Clicks a link and waits for the page it leads to. */
async function follow(page: Page, link: ReturnType<Page['locator']>): Promise<void> {
  const href = await link.getAttribute('href');
  expect(href, 'link has an href').toBeTruthy();
  await Promise.all([page.waitForURL(new URL(href!, page.url()).href), link.click()]);
  await page.waitForLoadState('load');
}

/** The text of the `<dd>` next to the `<dt>` named `term` inside `scope`. */
async function fact(scope: ReturnType<Page['locator']>, term: string): Promise<string> {
  const dd = scope
    .locator('dl.facts > div', { has: scope.page().locator('dt', { hasText: new RegExp(`^${term}$`) }) })
    .locator('dd')
    .first();
  return ((await dd.textContent()) ?? '').trim();
}

/** Cells of every body row of `table`, keyed by the column headers. */
async function tableRows(table: ReturnType<Page['locator']>): Promise<Record<string, string>[]> {
  return table.evaluate((t) => {
    const heads = [...t.querySelectorAll('thead th')].map((th) => (th.textContent ?? '').trim());
    return [...t.querySelectorAll('tbody tr')].map((tr) =>
      Object.fromEntries([...tr.children].map((cell, i) => [heads[i], (cell.textContent ?? '').trim()])),
    );
  });
}

describeIfAvailable(existsSync(CHROMIUM), CHROMIUM_MISSING)('an auditor in the internal portal', () => {
  it('goes from the home page to the audit history: head hash, event count, the moved tag and the control findings', async () => {
    const { page, problems } = await openPage(browser, `${base}/`);
    await follow(
      page,
      page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Audit', exact: true }),
    );
    expect(new URL(page.url()).pathname).toBe('/audit/');
    expect(await page.locator('h1').textContent()).toMatch(/Audit history/);

    // The published log is the reference: one event a line, the last one's hash is the head.
    const log = (await (await page.request.get(`${base}/api/v1/audit.jsonl`)).text())
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { seq: number; kind: string; project: string; version: string; hash: string },
      );
    expect(log.length).toBeGreaterThan(0);
    const facts = page.locator('main');
    const head = await fact(facts, 'Head');
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    expect(head).toBe(log.at(-1)!.hash);
    expect(Number(await fact(facts, 'Events'))).toBe(log.length);

    // Newest first, up to 100 a page.
    const events = page.locator('table.audit-events tbody tr');
    expect(await events.count()).toBe(Math.min(100, log.length));
    expect((await events.first().locator('td').first().textContent())?.trim()).toBe(String(log.length));

    // The moved tag of api 1.3.0 is an event that links to the release.
    const moved = log.filter((e) => e.kind === 'tag.moved' && e.project === 'api' && e.version === '1.3.0');
    expect(moved).toHaveLength(1);
    const movedRow = page.locator(`table.audit-events tr#event-${moved[0].seq}`);
    expect(await movedRow.locator('td.kind').textContent()).toContain('tag.moved');
    expect(await movedRow.textContent()).toMatch(
      /Tag v1\.3\.0 moved from [0-9a-f]{7} to [0-9a-f]{7}; the earlier record is kept/,
    );
    const movedLink = movedRow.getByRole('link', { name: 'Acme API 1.3.0' });
    expect(await movedLink.getAttribute('href')).toBe('/projects/api/1.3.0/');

    // The findings table: the self-approval, the approval gap, the freeze.
    const findings = await tableRows(page.locator('table.findings'));
    const finding = (control: string, release: string) =>
      findings.filter((f) => f.Control === control && f.Release === release);
    const sod = finding('Segregation of duties', 'Acme SDK 1.4.1');
    expect(sod).toHaveLength(1);
    expect(sod[0].Environment).toBe('production');
    expect(sod[0].Finding).toMatch(/Alice Schmidt, who also approved it/);
    const gap = finding('No approval', 'Acme SDK 2.1.0');
    expect(gap).toHaveLength(1);
    expect(gap[0].Finding).toMatch(/acme-release-bot without any approval/);
    const freeze = findings.filter((f) => f.Control === 'Deployed in a freeze');
    expect(freeze).toHaveLength(1);
    expect(freeze[0].Finding).toContain('Launch week freeze');

    // And the moved-tag event leads to the release it is about.
    await follow(page, movedLink);
    expect(new URL(page.url()).pathname).toBe('/projects/api/1.3.0/');
    expect(await page.locator('h1').textContent()).toContain('1.3.0');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('downloads the production changes as CSV, and the evidence a row points to hashes to the digest on the release page', async () => {
    const { page, problems } = await openPage(browser, `${base}/audit/`);
    await follow(page, page.getByRole('link', { name: /^Every production change/ }));
    expect(new URL(page.url()).pathname).toBe('/audit/changes/');
    const changes = page.locator('table.production-changes');
    const sdkRow = changes.locator('tbody tr', {
      has: page.getByRole('link', { name: 'sdk 1.4.1', exact: true }),
    });
    expect(await sdkRow.count()).toBe(1);

    // The production "All time" CSV, fetched with the page's request context.
    const allTime = page
      .locator('table.exports tbody tr', { has: page.locator('th', { hasText: /^production$/ }) })
      .filter({ hasText: 'All time' });
    expect(await allTime.count()).toBe(1);
    const csvHref = await allTime.getByRole('link', { name: 'CSV', exact: true }).getAttribute('href');
    expect(csvHref).toBe('/api/v1/audit/changes/production/all.csv');
    const csvResponse = await page.request.get(new URL(csvHref!, page.url()).href);
    expect(csvResponse.status()).toBe(200);
    const [header, ...rows] = parseCsv(await csvResponse.text()).filter((r) => r.length > 1 || r[0] !== '');
    for (const column of [
      'deployedAt',
      'environment',
      'project',
      'version',
      'deployer',
      'approvers',
      'authors',
      'findings',
      'evidence',
      'evidenceSha256',
    ])
      expect(header).toContain(column);
    for (const r of rows) expect(r, `CSV row ${r.join(',')}`).toHaveLength(header.length);
    const records = rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    // As many rows as the page says for "All time", and as the page's own table lists.
    expect(records.length).toBe(Number((await allTime.locator('td').nth(1).textContent())?.trim()));
    expect(records.length).toBe(await changes.locator('tbody tr').count());
    const sdk141 = records.filter((r) => r.project === 'sdk' && r.version === '1.4.1');
    expect(sdk141).toHaveLength(1);
    expect(sdk141[0].environment).toBe('production');
    expect(sdk141[0].deployer).toBe('Alice Schmidt');
    expect(sdk141[0].approvers).toBe('Alice Schmidt');
    expect(sdk141[0].findings).toMatch(/who also approved it/);
    // Root-relative: the internal portal is rarely hosted at the config's `site`, the public address.
    expect(sdk141[0].evidence).toBe('/api/v1/projects/sdk/evidence/1.4.1.json');
    expect(sdk141[0].evidenceSha256).toMatch(/^[0-9a-f]{64}$/);

    // The row's evidence link. It has to lead to this portal (evidence is internal-only; it is not on the public site).
    const evidenceHref = (await sdkRow.locator('td').last().getByRole('link').getAttribute('href'))!;
    const evidenceUrl = new URL(evidenceHref, page.url());
    expect(
      evidenceUrl.origin,
      `/audit/changes/: the evidence link of sdk 1.4.1 is ${evidenceHref}, outside the portal being browsed`,
    ).toBe(new URL(base).origin);
    expect(evidenceUrl.pathname).toBe('/api/v1/projects/sdk/evidence/1.4.1.json');
    const releaseHref = (await sdkRow
      .getByRole('link', { name: 'sdk 1.4.1', exact: true })
      .getAttribute('href'))!;
    expect(
      new URL(releaseHref, page.url()).origin,
      `/audit/changes/: the release link of sdk 1.4.1 is ${releaseHref}, outside the portal being browsed`,
    ).toBe(new URL(base).origin);
    expect(new URL(releaseHref, page.url()).pathname).toBe('/projects/sdk/1.4.1/');

    // Follow it (on this server, whatever host the link names) and hash the bytes as published. Through the
    // request context rather than by navigating: Chromium asks for /favicon.ico on a JSON document, a 404 here.
    const evidence = await page.request.get(base + evidenceUrl.pathname);
    expect(evidence.status()).toBe(200);
    const bytes = await evidence.body();
    const digest = sha256(bytes);
    expect(JSON.parse(bytes.toString('utf8')) as { project: string; version: string }).toMatchObject({
      project: 'sdk',
      version: '1.4.1',
    });
    expect(digest).toBe(sdk141[0].evidenceSha256);

    const release = await page.goto(`${base}/projects/sdk/1.4.1/`);
    expect(release?.status()).toBe(200);
    expect(await fact(page.locator('section.evidence'), 'SHA-256')).toBe(digest);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("reads the self-approved release's evidence and prints the auditors' page without the navigation", async () => {
    const { page, problems } = await openPage(browser, `${base}/projects/sdk/1.4.1/`);
    expect(await fact(page.locator('main'), 'Signature')).toBe('Signed, verified');
    const section = page.locator('section.evidence');
    expect(await section.locator('h2').textContent()).toBe('Evidence');
    const digest = await fact(section, 'SHA-256');
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const sectionFindings = await tableRows(section.locator('table.findings'));
    expect(sectionFindings).toHaveLength(1);
    expect(sectionFindings[0]).toMatchObject({ Control: 'Segregation of duties', Environment: 'production' });
    expect(await section.getByRole('link', { name: 'JSON', exact: true }).getAttribute('href')).toBe(
      '/api/v1/projects/sdk/evidence/1.4.1.json',
    );

    await follow(page, section.getByRole('link', { name: 'Evidence for auditors' }));
    expect(new URL(page.url()).pathname).toBe('/projects/sdk/1.4.1/evidence/');
    const main = page.locator('main');
    expect(await page.locator('h1').textContent()).toContain('1.4.1');
    expect(await fact(main, 'SHA-256')).toBe(digest);
    expect(await fact(main, 'Tag')).toMatch(/^v1\.4\.1 at [0-9a-f]{40}/);
    expect(await fact(main, 'Signature')).toMatch(/^Signed, verified/);

    const commits = await tableRows(page.locator('table.evidence-commits'));
    expect(commits.length).toBeGreaterThan(0);
    for (const c of commits) {
      expect(c.Commit).toMatch(/^[0-9a-f]{40}$/);
      expect(c.Author).toBe('Alice Schmidt');
      expect(c.Committer).toBe('Alice Schmidt');
    }
    const deployments = await tableRows(page.locator('table.evidence-deployments'));
    const production = deployments.filter((d) => d.Environment.startsWith('production'));
    expect(production).toHaveLength(1);
    expect(production[0]).toMatchObject({
      Status: 'success',
      'Deployed by': 'Alice Schmidt',
      'Approved by': 'Alice Schmidt',
    });
    const findings = await tableRows(page.locator('table.findings'));
    expect(findings.map((f) => f.Control)).toEqual(['Segregation of duties']);

    // On paper: the same record, without the site navigation.
    const nav = page.getByRole('navigation', { name: 'Site' });
    expect(await nav.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await nav.isVisible()).toBe(false);
    expect(await page.locator('table.evidence-commits').isVisible()).toBe(true);
    expect(await page.locator('table.evidence-deployments').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("finds the record kept from before api 1.3.0's tag moved, and it loads", async () => {
    const { page, problems } = await openPage(browser, `${base}/projects/api/1.3.0/`);
    const section = page.locator('section.evidence');
    expect(await section.getByRole('heading', { name: 'Earlier records of this version' }).count()).toBe(1);
    const earlier = section.locator('ul.superseded li');
    expect(await earlier.count()).toBe(1);
    expect(await earlier.textContent()).toMatch(
      /The tag v1\.3\.0 pointed at [0-9a-f]{7} until .* when it moved to this commit \([0-9a-f]{7}\)/,
    );
    const shownPrefix = ((await earlier.locator('code.digest').textContent()) ?? '').replace(/…$/, '');
    expect(shownPrefix).toMatch(/^[0-9a-f]{8,}$/);
    const link = earlier.getByRole('link', { name: /^Kept record at [0-9a-f]{7}/ });
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(/^\/api\/v1\/projects\/api\/evidence\/1\.3\.0\/[0-9a-f]{40}\.json$/);
    const commit = href.match(/([0-9a-f]{40})\.json$/)![1];
    // The sentence names the commit the tag pointed at before: the kept record's, not this page's.
    expect(await earlier.textContent()).toContain(`pointed at ${commit.slice(0, 7)} until`);
    // The current record is of the commit the tag points to now, not the kept one.
    expect(await fact(section, 'SHA-256')).not.toMatch(new RegExp(`^${shownPrefix}`));

    expect(problems).toEqual([]);

    // Opening a JSON document makes Chromium ask for /favicon.ico (a 404 on a static host), so from here the
    // response itself is what is checked.
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith(href)), link.click()]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/json');
    const bytes = await response.body();
    expect(sha256(bytes).startsWith(shownPrefix)).toBe(true);
    const kept = JSON.parse(bytes.toString('utf8')) as {
      project: string;
      version: string;
      tag: { name: string; commit: string };
    };
    expect(kept).toMatchObject({ project: 'api', version: '1.3.0', tag: { name: 'v1.3.0', commit } });
    expect(new URL(page.url()).pathname).toBe(href);
    await page.close();
  });

  it('checks the signed head by hand: downloads the signature /audit/ links and runs the commands it shows with ssh-keygen', async () => {
    const { page, problems } = await openPage(browser, `${base}/audit/`);
    const section = page.locator('section.signed-head');
    const head = (await fact(section, 'Signed head')).match(/^line (\d+), ([0-9a-f]{64})$/);
    expect(head, 'the signed head names a line and a hash').not.toBeNull();
    const log = (await (await page.request.get(`${base}/api/v1/audit.jsonl`)).text()).trim().split('\n');
    expect(Number(head![1])).toBe(log.length); // the demo's last harvest signed its head
    expect(JSON.parse(log.at(-1)!).hash).toBe(head![2]);
    expect(await fact(section, 'Signed')).toMatch(/ by SHA256:\S+ \(audit@acme\.example\)$/);

    // As an auditor would: the signature file the page links, an allowed-signers file of their
    // own, and the commands exactly as the page shows them.
    const link = section.getByRole('link', { name: `${head![1]}.sig` });
    const signature = await (
      await page.request.get(new URL((await link.getAttribute('href'))!, page.url()).href)
    ).text();
    expect(signature).toMatch(/^-----BEGIN SSH SIGNATURE-----\n/);
    const work = mkdtempSync(join(tmp, 'auditor-'));
    writeFileSync(join(work, `${head![1]}.sig`), signature);
    const [type, key] = readFileSync(`${DEMO_SIGNING_KEYS.audit}.pub`, 'utf8').trim().split(/\s+/);
    writeFileSync(join(work, 'allowed_signers'), `audit@acme.example ${type} ${key}\n`);
    const commands = (await section.locator('pre.commands').textContent())!;
    const run = spawnSync('sh', ['-c', commands], { cwd: work, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^audit@acme\.example\nGood "waybill-audit-head" signature for audit@acme\.example with ED25519 key SHA256:/,
    );

    // And `waybill verify` of the published site, against that allowed-signers file, holds.
    const report = await verifyFolder({ outDir: internalDir, allowedSigners: join(work, 'allowed_signers') });
    expect(report.failures).toEqual([]);
    expect(report.signed).toMatchObject({ seq: Number(head![1]), principal: 'audit@acme.example' });

    // An evidence page names the signed head that vouches for it.
    await page.goto(`${base}/projects/sdk/1.4.1/evidence/`);
    expect(await fact(page.locator('section.signed-head'), 'Signed head')).toMatch(
      /^line \d+, [0-9a-f]{64}$/,
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('meets the accessibility checks on the audit history, the production changes and an evidence page', async () => {
    // Every page checked before judging, so one failure does not hide another.
    const found: Record<string, string[]> = {};
    for (const path of ['/audit/', '/audit/changes/', '/projects/sdk/1.4.1/evidence/']) {
      const { page, problems } = await openPage(browser, base + path);
      found[path] = [...(await axeViolations(page)), ...problems];
      await page.close();
    }
    expect(found).toEqual({ '/audit/': [], '/audit/changes/': [], '/projects/sdk/1.4.1/evidence/': [] });
  });
});

describeIfAvailable(existsSync(CHROMIUM), CHROMIUM_MISSING)('a customer in the public portal', () => {
  it("sees whether a release's tag is signed, and no audit history or evidence", async () => {
    for (const [version, signature] of [
      ['2.0.0', 'Signed, verified'],
      ['2.0.0-rc.2', 'Signed by an unknown key'],
    ]) {
      const { page, problems } = await openPage(browser, `${publicBase}/projects/sdk/${version}/`);
      expect(await fact(page.locator('main'), 'Signature'), version).toBe(signature);
      expect(await page.locator('section.evidence').count(), version).toBe(0);
      expect(await page.getByRole('heading', { name: 'Evidence' }).count(), version).toBe(0);
      expect(await page.getByRole('link', { name: 'Evidence for auditors' }).count(), version).toBe(0);
      const nav = page.getByRole('navigation', { name: 'Site' });
      expect(await nav.getByRole('link').count(), version).toBeGreaterThan(0);
      expect(await nav.getByRole('link', { name: 'Audit', exact: true }).count(), version).toBe(0);
      expect(problems, version).toEqual([]);
      await page.close();
    }
    const page = await browser.newPage();
    for (const path of [
      '/audit/',
      '/audit/changes/',
      '/api/v1/audit.jsonl',
      '/api/v1/audit.heads.jsonl',
      '/projects/sdk/2.0.0/evidence/',
      '/api/v1/projects/sdk/evidence/2.0.0.json',
    ]) {
      expect((await page.request.get(publicBase + path)).status(), path).toBe(404);
    }
    await page.close();
  });
});
