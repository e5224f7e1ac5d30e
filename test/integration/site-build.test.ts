// Builds the sample data folder with Astro for real, as the CLI does, and reads dist/ the way a
// reviewer would: is every page and JSON file there, does any page carry markup that could run
// (auditHtml), does the public build leak an e-mail address, do two builds on machines in
// different time zones give the same bytes.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../helpers/data-folder.ts';
import { auditHtml } from '../helpers/html-audit.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLE = join(ROOT, 'test/fixtures/sample-data');
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

let tmp: string;

function build(name: string, env: Record<string, string>): string {
  const outDir = join(tmp, name);
  // As `waybill build` renders a site (src/site/build.ts renderSite: Astro, then the feeds), in a
  // process with this build's time zone. process.execPath is the Node that runs vitest (Node 24
  // via npx), which Astro 7 needs.
  const script = `import { renderSite } from ${JSON.stringify(join(ROOT, 'src/site/build.ts'))};
await renderSite(${JSON.stringify({ root: ROOT, cwd: tmp, dataDir: SAMPLE, outDir, audience: env.WAYBILL_AUDIENCE, site: undefined })});`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...env },
  });
  if (result.status !== 0) throw new Error(`the site build failed:\n${result.stdout}\n${result.stderr}`);
  return outDir;
}

function files(dir: string): Map<string, string> {
  return new Map(
    [...readTree(dir)]
      .map(([rel, bytes]): [string, string] => [rel, bytes.toString('utf8')])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

let publicUtc: Map<string, string>;
let publicKiritimati: Map<string, string>;
let internal: Map<string, string>;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'waybill-site-build-'));
  publicUtc = files(build('public-utc', { TZ: 'UTC', WAYBILL_AUDIENCE: 'public' }));
  publicKiritimati = files(
    build('public-kiritimati', { TZ: 'Pacific/Kiritimati', WAYBILL_AUDIENCE: 'public' }),
  );
  internal = files(build('internal', { TZ: 'UTC', WAYBILL_AUDIENCE: 'internal' }));
}, 180_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the built sample site', () => {
  it('has every page and JSON file of the contract, with slugs kept as written', () => {
    const names = [...publicUtc.keys()].filter((f) => !f.startsWith('_astro/'));
    expect(names).toEqual([
      '404.html',
      'api/v1/index.json',
      'api/v1/projects/api/releases.json',
      'api/v1/projects/api/releases/1.0.0.json',
      'api/v1/projects/api/releases/1.1.0-rc.1.json',
      'api/v1/projects/api/releases/1.1.0.json',
      'api/v1/projects/api/releases/1.2.0_build.5.json',
      'api/v1/projects/web/releases.json',
      'api/v1/projects/web/releases/1.2.json',
      'api/v1/projects/web/releases/1.3rc1.json',
      'calendar.ics',
      'calendar/2025-12/index.html',
      'calendar/2026-01/index.html',
      'calendar/2026-02/index.html',
      'calendar/2026-03/index.html',
      'calendar/index.html',
      'components/index.html',
      'components/maven-org.apache.logging.log4j-log4j-core-a64c1fa6/index.html',
      'components/npm-avvio-a5766f3e/index.html',
      'components/npm-evil-7bfb3a65/index.html',
      'components/npm-fastify-92890202/index.html',
      'components/npm-find-my-way-a19c371f/index.html',
      'components/npm-graphlib-33a59005/index.html',
      'components/npm-left-pad-65971fba/index.html',
      'components/npm-lodash-69289569/index.html',
      'components/npm-pino-5e7c3407/index.html',
      'components/npm-undici-34943c2d/index.html',
      'favicon.svg',
      'feed.xml',
      'groups/2026-02/index.html',
      'groups/index.html',
      'index.html',
      'licenses/Apache-2.0/index.html',
      'licenses/GPL-3.0-only/index.html',
      'licenses/MIT/index.html',
      'licenses/WTFPL/index.html',
      'licenses/img-src-x-onerror-alert-9-962e961a/index.html',
      'licenses/index.html',
      'licenses/mit-or-apache-2.0-db11fec9/index.html',
      'projects/api/1.0.0/index.html',
      'projects/api/1.0.0/notice/index.html',
      'projects/api/1.0.0/sbom/api-1.0.0.cdx.json',
      'projects/api/1.0.0/sbom/index.html',
      'projects/api/1.1.0-rc.1/index.html',
      'projects/api/1.1.0/index.html',
      'projects/api/1.1.0/notice/index.html',
      'projects/api/1.1.0/sbom/api-1.1.0.cdx.json',
      'projects/api/1.1.0/sbom/index.html',
      'projects/api/1.2.0_build.5/index.html',
      'projects/api/1.2.0_build.5/notice/index.html',
      'projects/api/1.2.0_build.5/sbom/api-1.2.0_build.5.cdx.json',
      'projects/api/1.2.0_build.5/sbom/index.html',
      'projects/api/calendar.ics',
      'projects/api/feed.xml',
      'projects/api/index.html',
      'projects/api/next/index.html',
      'projects/api/stable/index.html',
      'projects/api/upgrade/index.html',
      'projects/index.html',
      'projects/web/1.2/index.html',
      'projects/web/1.3rc1/index.html',
      'projects/web/calendar.ics',
      'projects/web/feed.xml',
      'projects/web/index.html',
      'projects/web/next/index.html',
      'projects/web/upgrade/index.html',
      'search/index.html',
      'vulnerabilities/CVE-2021-23337/index.html',
      'vulnerabilities/CVE-2021-44228/index.html',
      'vulnerabilities/index.html',
    ]);
  });

  it('contains no markup that could run: no script, no on* attribute, no javascript: URL', () => {
    for (const [name, text] of publicUtc) {
      if (!name.endsWith('.html')) continue;
      expect(
        auditHtml(text, { allowElements: ['meta', 'link', 'form'], allowSiteScripts: true }),
        name,
      ).toEqual([]);
      // No script is inline: the only inline <script> is JSON data, in which "<" is escaped.
      for (const m of text.matchAll(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g))
        expect(m[1], name).not.toContain('<');
    }
  });

  it('shows the injection attempts as inert text', () => {
    const page = publicUtc.get('projects/api/1.1.0/index.html')!;
    expect(page).toContain('escape &lt;script&gt;alert(1)&lt;/script&gt; in titles');
    expect(page).toContain('Mallory &lt;img src=x onerror=alert(4)&gt;');
  });

  it('public: no e-mail address in any page or JSON file', () => {
    for (const [name, text] of publicUtc) expect(text.match(EMAIL)?.[0], name).toBeUndefined();
  });

  it('internal: e-mail addresses in the JSON; pages still list people by name only', () => {
    expect(internal.get('api/v1/projects/api/releases/1.1.0.json')).toContain('"email": "ada@acme.example"');
    // Repository texts (a tag message's Signed-off-by) stay whole for the internal audience.
    expect(internal.get('projects/api/1.1.0/index.html')).toContain('ada@acme.example');
    for (const [name, text] of internal) {
      if (!name.endsWith('.html')) continue;
      const people = [...text.matchAll(/<ul class="contributors">.*?<\/ul>|<span class="meta">.*?<\/span>/gs)]
        .map((m) => m[0])
        .join('\n');
      expect(people.match(EMAIL)?.[0], name).toBeUndefined();
    }
  });

  it('is byte-identical whatever the machine time zone', () => {
    expect([...publicKiritimati.keys()]).toEqual([...publicUtc.keys()]);
    for (const [name, text] of publicUtc) expect(publicKiritimati.get(name), name).toBe(text);
  });

  it('writes JSON as JSON.stringify(x, null, 2) + "\\n"', () => {
    for (const [name, text] of publicUtc) {
      if (name.endsWith('.json')) expect(text, name).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    }
  });
});

describe('deployments in the built sample site', () => {
  it('internal: the environments and metrics pages and the deployments JSON exist', () => {
    const extra = [...internal.keys()].filter(
      (f) =>
        !f.startsWith('_astro/') &&
        !publicUtc.has(f) &&
        !f.includes('/sbom/') &&
        !f.startsWith('api/v1/audit/changes/'),
    );
    // The sample folder predates evidence: the audit pages exist (an empty chain), no evidence files.
    expect(extra).toEqual([
      'api/v1/audit.jsonl',
      'api/v1/deployments.json',
      'audit/changes/index.html',
      'audit/index.html',
      // Look-up pages of what only internal releases ship.
      'components/npm-acme-billing-c93562ea/index.html',
      'environments/index.html',
      'environments/production/calendar.ics',
      'environments/staging/calendar.ics',
      'licenses/proprietary-ask-legal-acme.example-81b9ab25/index.html',
      // The metrics windows: 90 days is /metrics/, the others and each quarter a page of their own.
      'metrics/2025-q4/index.html',
      'metrics/2026-q1/index.html',
      'metrics/30d/index.html',
      'metrics/365d/index.html',
      'metrics/index.html',
      'vulnerabilities/CVE-2099-0001/index.html',
    ]);
    expect(internal.get('api/v1/audit.jsonl')).toBe('');
    expect([...internal.keys()].filter((f) => f.startsWith('api/v1/audit/changes/production/'))).toContain(
      'api/v1/audit/changes/production/all.csv',
    );
    expect(JSON.parse(internal.get('api/v1/deployments.json')!)).toHaveLength(12);
  });

  it('public: nothing of deployments anywhere: no page, no JSON key, no link, no word', () => {
    for (const [name, text] of publicUtc) {
      if (name.startsWith('pagefind/')) continue;
      expect(
        text.match(
          /deploy|environments\/|metrics\/|rolled back|Release-week freeze|ci\.acme\.example|e9e9e9e/i,
        )?.[0],
        name,
      ).toBeUndefined();
    }
  });

  it('internal: log text is inert on every page that shows it, and only http(s) links are made from it', () => {
    for (const name of ['environments/index.html', 'metrics/index.html', 'projects/api/1.1.0/index.html']) {
      const text = internal.get(name)!;
      // The metrics page draws its charts as inline SVG, which src/lib/render/svg-chart.ts writes from numbers and escaped labels.
      const allowElements = ['meta', 'link', 'form', ...(name.startsWith('metrics/') ? ['svg'] : [])];
      expect(auditHtml(text, { allowElements, allowSiteScripts: true }), name).toEqual([]);
      for (const m of text.matchAll(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g))
        expect(m[1], name).not.toContain('<');
      expect(text).not.toContain('javascript:alert(9)');
    }
    expect(internal.get('environments/index.html')).toContain('Mallory &lt;img src=x onerror=alert(4)&gt;');
    expect(internal.get('projects/api/1.1.0/index.html')).toContain(
      'Health check failed &lt;script&gt;alert(10)&lt;/script&gt;',
    );
  });

  it('internal: the navigation links Environments and Metrics; the public navigation does not', () => {
    expect(internal.get('index.html')).toMatch(
      /<a href="\/calendar\/">Calendar<\/a><\/li><li><a href="\/environments\/">Environments<\/a><\/li><li><a href="\/metrics\/">Metrics<\/a>/,
    );
    expect(internal.get('environments/index.html')).toContain(
      '<a href="/environments/" aria-current="page">Environments</a>',
    );
  });
});

describe('bills of materials in the built sample site', () => {
  it('serves the internal audience each original SBOM byte for byte, and the public the CycloneDX document of its record', () => {
    expect(internal.get('projects/api/1.1.0/sbom/api-1.1.0.cdx.json')).toBe(
      readFileSync(join(SAMPLE, 'sboms/api/1.1.0.original.json'), 'utf8'),
    );
    expect(internal.get('projects/api/1.2.0_build.5/sbom/api-1.2.0_build.5.spdx.json')).toBe(
      readFileSync(join(SAMPLE, 'sboms/api/1.2.0_build.5.original.json'), 'utf8'),
    );
    // Every public download is CycloneDX 1.6 (the SPDX original too), none of them the original.
    for (const slug of ['1.0.0', '1.1.0', '1.2.0_build.5']) {
      const text = publicUtc.get(`projects/api/${slug}/sbom/api-${slug}.cdx.json`)!;
      expect(JSON.parse(text), slug).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6' });
      expect(text).not.toBe(readFileSync(join(SAMPLE, `sboms/api/${slug}.original.json`), 'utf8'));
    }
    expect(publicUtc.has('projects/api/1.2.0_build.5/sbom/api-1.2.0_build.5.spdx.json')).toBe(false);
  });

  it('public: no internal component anywhere, in pages or JSON', () => {
    for (const [name, text] of publicUtc)
      expect(text.includes('acme-billing') || text.includes('CVE-2099-0001'), name).toBe(false);
    expect(internal.get('projects/api/1.1.0/sbom/index.html')).toContain('acme-billing');
  });

  it("indexes the component table for search as its own kind at a low weight, not the release page's BOM section", () => {
    const sbom = publicUtc.get('projects/api/1.1.0/sbom/index.html')!;
    expect(sbom).toContain('data-pagefind-body');
    expect(sbom).toContain('<span data-pagefind-filter="kind">Bills of materials</span>');
    // A bill of materials lists components, not changes: it offers no change type.
    expect(sbom).not.toContain('data-pagefind-filter="type"');
    expect(sbom).toMatch(/<section aria-labelledby="components" data-pagefind-weight="0.2">/);
    expect(sbom).toMatch(/<tr><th>log4j-core <mark>CVE-2021-44228<\/mark><\/th><td>2\.14\.1<\/td>/);
    expect(publicUtc.get('projects/api/1.1.0/index.html')).toMatch(
      /<section class="bom" aria-labelledby="bom" data-pagefind-ignore="all">/,
    );
    expect(publicUtc.get('projects/web/1.3rc1/index.html')).toContain('SBOM rejected');
  });

  it('indexes release pages and the advance notice as release notes, with real change types only', () => {
    const release = publicUtc.get('projects/api/1.1.0/index.html')!;
    expect(release).toMatch(/<main[^>]* data-pagefind-body/);
    expect(release).toContain('<span data-pagefind-filter="kind">Release notes</span>');
    const next = publicUtc.get('projects/api/next/index.html')!;
    expect(next).toMatch(/<main[^>]* data-pagefind-body/);
    expect(next).toContain('<span data-pagefind-filter="kind">Release notes</span>');
    expect(next).toContain('<span data-pagefind-filter="kind">Coming next</span>');
    expect(next).toContain('<span data-pagefind-meta="title">Acme API: coming next</span>');
    for (const [name, text] of publicUtc)
      if (name.endsWith('.html')) expect(text, name).not.toContain('data-pagefind-filter="type">Components<');
  });
});

describe('a release with a hundred changes', () => {
  it('gives a page well under 200 KB, each change once', () => {
    // The sample data with one release grown to 100 changes (a third with bodies, every tenth breaking).
    const data = join(tmp, 'big-data');
    cpSync(SAMPLE, data, { recursive: true });
    const file = join(data, 'releases/api/1.1.0.json');
    const release = JSON.parse(readFileSync(file, 'utf8'));
    const template = release.changes.find((c: { merge: boolean }) => !c.merge);
    release.changes = Array.from({ length: 100 }, (_, i) => ({
      ...template,
      hash: (i + 1).toString(16).padStart(40, 'a'),
      type: ['feat', 'fix', 'perf', 'docs', null][i % 5],
      scope: i % 2 ? 'core' : null,
      subject: `change number ${i} with a subject of a realistic length, around sixty characters`,
      body:
        i % 3 === 0
          ? `Why change ${i} was needed, in a paragraph of prose.\n\n- a detail\n- another detail`
          : '',
      breaking: i % 10 === 0,
      breakingNotes: i % 10 === 0 ? [`Migrate by renaming \`option${i}\`.`] : [],
      refs: [{ issue: String(100 + i), action: 'closes', repository: null, raw: `#${100 + i}` }],
      trailers: {},
    }));
    release.commitCount = 100;
    release.breakingCount = 10;
    writeFileSync(file, JSON.stringify(release, null, 2) + '\n');
    const out = join(tmp, 'big');
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', out],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', WAYBILL_DATA: data, TZ: 'UTC' },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(join(out, 'projects/api/1.1.0/index.html'), 'utf8');
    expect(Buffer.byteLength(html)).toBeLessThan(200_000);
    for (const i of [0, 37, 99])
      expect(html.split(`change number ${i} with`).length - 1, `change ${i}`).toBe(1);
  });
});
