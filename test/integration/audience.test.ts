// docs/audiences.md: a static site has no login, so the public build must not contain any
// internal-only value (deployments, approvers, actors, audit, evidence, metrics, e-mail addresses,
// anything marked internal) in any page, JSON file, feed or search index. This builds the demo
// for both audiences and searches every byte of the public dist/, pagefind's gzip-compressed
// index and fragments decompressed, for every value that only the internal data holds.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateSbom } from '../../src/harvest/sbom.ts';
import { buildDemo, files } from '../helpers/site.ts';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;
let tmp: string;
let publicText: Map<string, string>;
let internalFiles: Record<string, Buffer>;
let dataDir: string;

/** A file as text, gzip-compressed files (pagefind's .pf_* files) decompressed first. */
function text(bytes: Buffer): string {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
  return raw.toString('utf8');
}

/** Every string value inside a JSON value. */
function strings(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

function readJsonTree(dir: string): unknown[] {
  const out: unknown[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.json')) out.push(JSON.parse(readFileSync(p, 'utf8')));
      else if (e.name.endsWith('.jsonl'))
        out.push(
          ...readFileSync(p, 'utf8')
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l)),
        );
    }
  };
  walk(dir);
  return out;
}

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'waybill-audience-'));
  const pub = buildDemo(tmp, 'public', { audience: 'public' });
  internalFiles = files(buildDemo(tmp, 'internal', { audience: 'internal' }));
  dataDir = join(tmp, 'internal-data');
  publicText = new Map(Object.entries(files(pub)).map(([name, bytes]) => [name, text(bytes)]));
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the public build of the demo', () => {
  it('has no internal page or file: no audit, evidence, environments, metrics or deployments', () => {
    const names = [...publicText.keys()];
    // (_astro/ holds the bundled CSS and JS, named after their source files: no data.)
    expect(
      names.filter(
        (n) =>
          !n.startsWith('_astro/') &&
          /(^|\/)(audit|evidence|environments|metrics)(\/|\.|$)|deployments\.json/.test(n),
      ),
    ).toEqual([]);
    // The internal build has them, so the check above is not vacuous.
    const internalNames = Object.keys(internalFiles);
    for (const n of [
      'audit/index.html',
      'audit/changes/index.html',
      'api/v1/audit.jsonl',
      'api/v1/deployments.json',
      'api/v1/projects/sdk/evidence/2.0.0.json',
      'projects/sdk/2.0.0/evidence/index.html',
      'api/v1/audit/changes/production/all.csv',
    ]) {
      expect(internalNames).toContain(n);
    }
  });

  it("searched byte by byte, pagefind's compressed index included, holds no value that only internal data has", () => {
    // What only internal data holds: every string of the deployments, the audit chain and the
    // evidence records, minus what the public records also say (names of authors who also
    // deploy, versions, tags, commit SHAs, environment-free words), minus short words.
    const internalOnly = new Set<string>();
    strings(JSON.parse(readFileSync(join(dataDir, 'deployments.json'), 'utf8')), internalOnly);
    for (const line of readFileSync(join(dataDir, 'audit.jsonl'), 'utf8').trim().split('\n'))
      strings(JSON.parse(line), internalOnly);
    for (const dir of ['evidence', 'archive'])
      for (const v of readJsonTree(join(dataDir, dir))) strings(v, internalOnly);
    const publicRecords = new Set<string>();
    for (const dir of ['releases', 'projects', 'next', 'sboms'])
      for (const v of readJsonTree(join(dataDir, dir))) strings(v, publicRecords);
    for (const f of ['site.json', 'freezes.json', 'planned.json', 'groups.json'])
      strings(JSON.parse(readFileSync(join(dataDir, f), 'utf8')), publicRecords);
    // Plain lower-case words ("approval", "production", "release.published") are vocabulary, not data.
    const needles = [...internalOnly].filter(
      (s) => s.length >= 8 && !/^[a-z][a-z_.-]*$/.test(s) && ![...publicRecords].some((p) => p.includes(s)),
    );
    expect(needles.length).toBeGreaterThan(100); // digests, hashes, deployment ids, approvers' handles, log texts
    const haystack = [...publicText].map(([name, body]) => `${name}\n${body}`).join('\n');
    const leaked = needles.filter((n) => haystack.includes(n));
    expect(leaked).toEqual([]);
  });

  it('has no e-mail address anywhere, nor who signed a tag, nor an internal SBOM component', () => {
    // Pagefind's own UI scripts carry their author's address in a licence comment: code, not data.
    const withEmail = [...publicText]
      .filter(([name, body]) => !(name.startsWith('pagefind/') && name.endsWith('.js')) && EMAIL.test(body))
      .map(([name, body]) => `${name}: ${body.match(EMAIL)![0]}`);
    expect(withEmail).toEqual([]);
    const all = [...publicText.values()].join('\n');
    expect(all).not.toContain('release@acme.example');
    expect(all).not.toMatch(/SHA256:[A-Za-z0-9+/]{20}/); // SSH key fingerprints of signers
    const internalComponents = [...readJsonTree(join(dataDir, 'sboms'))].flatMap((s) =>
      ((s as { components?: { name: string; internal?: boolean }[] }).components ?? [])
        .filter((c) => c.internal)
        .map((c) => c.name),
    );
    expect(internalComponents.length).toBeGreaterThan(0);
    for (const name of internalComponents) expect(all, name).not.toContain(name);
  });

  it('offers each SBOM as the normalized public document: valid CycloneDX 1.6, without authors, properties or internal components', async () => {
    const downloads = [...publicText.keys()].filter((n) =>
      /^projects\/[^/]+\/[^/]+\/sbom\/.+\.cdx\.json$/.test(n),
    );
    expect(downloads.length).toBeGreaterThan(10);
    for (const name of downloads) {
      const doc = JSON.parse(publicText.get(name)!);
      expect(await validateSbom(doc, { format: 'CycloneDX', specVersion: '1.6' }), name).toEqual([]);
      expect(doc.metadata.authors, name).toBeUndefined();
      // Only the provenance waybill adds; not the original's build host.
      expect(doc.metadata.properties.map((p: { name: string }) => p.name)).toEqual([
        'waybill:normalized-from',
        'waybill:original-sha256',
      ]);
      expect(publicText.get(name), name).not.toMatch(
        /acme\.internal|"properties": \[\s*\{\s*"name": "waybill:internal"/,
      );
    }
    // The internal build serves the original, byte for byte: authors and build host included.
    const original = internalFiles['projects/sdk/2.0.0/sbom/sdk-2.0.0.cdx.json']!.toString('utf8');
    expect(original).toContain('release-eng@acme.example');
    expect(original).toContain('ci-runner-7.build.acme.internal');
    // The public document of the same release lists what its public page lists.
    const pub = JSON.parse(publicText.get('projects/sdk/2.0.0/sbom/sdk-2.0.0.cdx.json')!);
    const api = JSON.parse(publicText.get('api/v1/projects/sdk/releases/2.0.0.json')!);
    const count = (cs: { components?: unknown[] }[]): number =>
      cs.reduce((n, c) => n + 1 + count((c.components ?? []) as { components?: unknown[] }[]), 0);
    expect(count(pub.components)).toBe(api.sbom.componentCount);
    expect(api.sbom.original).toBeNull();
    expect(api.sbom.download).toMatchObject({ format: 'CycloneDX 1.6', normalized: true });
  });

  it('has no look-up page, link or row for a component only internal components are', () => {
    // The demo's ledger client is marked internal in the sdk's SBOMs: the internal build has its
    // page under /components/, the public one has neither the page nor a word of it.
    const ledger = Object.keys(internalFiles).filter((n) =>
      /^components\/npm-acme-ledger-client-[0-9a-f]{8}\/index\.html$/.test(n),
    );
    expect(ledger).toHaveLength(1);
    expect(internalFiles['components/index.html']!.toString('utf8')).toContain('ledger-client');
    expect([...publicText.keys()].filter((n) => n.includes('ledger'))).toEqual([]);
    for (const name of ['components/index.html', 'licenses/index.html', 'vulnerabilities/index.html'])
      expect(publicText.get(name), name).toBeDefined();
    expect([...publicText.values()].some((t) => t.includes('ledger-client'))).toBe(false);
    // Every public component page is one a public SBOM lists.
    const pages = [...publicText.keys()].filter((n) =>
      /^components\/[^/]+-[0-9a-f]{8}\/index\.html$/.test(n),
    );
    expect(pages.length).toBeGreaterThan(20);
    expect(pages.length).toBeLessThan(
      Object.keys(internalFiles).filter((n) => /^components\/[^/]+-[0-9a-f]{8}\/index\.html$/.test(n)).length,
    );
  });

  it("still tells a customer whether each release's tag is signed", () => {
    const page = publicText.get('projects/sdk/2.0.0/index.html')!;
    expect(page).toContain('Signed, verified');
    expect(JSON.parse(publicText.get('api/v1/projects/sdk/releases/2.0.0-rc.2.json')!).signature).toEqual({
      status: 'unknown-key',
      kind: 'ssh',
    });
  });
});
