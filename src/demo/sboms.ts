/**
 * The demo's bills of materials: one CycloneDX 1.5 JSON document per release of `sdk` and `api`,
 * written as `<outDir>/sboms/<project>-<version>.cdx.json` (the demo config's `sboms` setting
 * points there). Deterministic bytes: every date is the release's (facts.ts), the serial number
 * and the hashes are digests of what the document describes, nothing reads the clock.
 *
 * The dependencies are those of a small npm SDK and a Fastify service, a few dozen components
 * each with nested ones (CycloneDX `components[].components`) and purls, and they change the way
 * real ones do. Between sdk 1.4.0 and 2.0.0 the BOMs show (2.0.0's page diffs against 1.4.1, its
 * previous release, so there the fixed vulnerability is the ws one; 1.4.1's page shows the
 * follow-redirects fix):
 *
 * - upgrades: undici 5 → 6, ws, zod, debug, semver, @acme/protocol 1.8.0 → 2.0.0;
 * - a removal: node-fetch and its whatwg-url tree (2.0.0 needs Node.js 20, which has fetch),
 *   and lru-cache/yallist, which semver 7.6 no longer needs;
 * - a license change: @acme/protocol from Apache-2.0 to `MIT OR Apache-2.0`;
 * - a fixed vulnerability: CVE-2024-28849 in follow-redirects, "exploitable" in 1.4.0 and
 *   "resolved" (with follow-redirects 1.15.6) from 1.4.1 and in 2.0.0.
 *
 * The api releases add @fastify/rate-limit (1.1.0) and undici for webhooks (1.2.0), and
 * downgrade lru-cache from 11 to 10 between 1.3rc1 and 1.3.0, which also changes its license.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compareVersions } from '../core/version.ts';
import { DEMO_FACTS } from './facts.ts';
import { compareCodeUnits } from '../core/compare.ts';

export const DEMO_SBOM_DIR = 'sboms';
export const DEMO_SBOM_PROJECTS = ['sdk', 'api'] as const;
export type DemoSbomProject = (typeof DEMO_SBOM_PROJECTS)[number];

/** The file of one release's SBOM inside the demo folder; the config says `sboms/<id>-{version}.cdx.json`. */
export function demoSbomPath(project: string, version: string): string {
  return `${DEMO_SBOM_DIR}/${project}-${version}.cdx.json`;
}

/** What the config's `sboms` setting is for a project. */
export function demoSbomPattern(project: DemoSbomProject): string {
  return demoSbomPath(project, '{version}');
}

// ---------------------------------------------------------------------------------------------
// The model: npm packages, nested as the BOM nests them

type License = string | { expression: string };

interface Pkg {
  /** `ws` or `@acme/protocol` */
  name: string;
  version: string;
  license: License;
  scope?: 'required' | 'optional';
  description?: string;
  children?: Pkg[];
  /** Marked internal (CycloneDX property `waybill:internal`): the public portal leaves it out. */
  internal?: boolean;
}

const pkg = (
  name: string,
  version: string,
  license: License,
  children: Pkg[] = [],
  more: Partial<Pkg> = {},
): Pkg => ({ name, version, license, children, ...more });

interface Vuln {
  id: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  description: string;
  /** The affected package (name@version must be in the BOM). */
  affects: string;
  state: 'in_triage' | 'exploitable' | 'resolved' | 'not_affected';
  detail: string;
}

/** True when `version` is `min` or later, in the project's version order (SemVer, else `sort -V`). */
const since = (version: string, min: string) => compareVersions(version, min) >= 0;

function sdkPackages(v: string): Pkg[] {
  const out: Pkg[] = [
    pkg(
      '@acme/protocol',
      since(v, '2.0.0-rc.1') ? '2.0.0' : since(v, '1.3.0') ? '1.8.0' : '1.6.2',
      // 2.0.0 of the wire types is dual-licensed, so the SDK can be used under MIT alone.
      since(v, '2.0.0-rc.1') ? { expression: 'MIT OR Apache-2.0' } : 'Apache-2.0',
      [],
      { description: 'Acme wire types, shared by the SDK and the API.' },
    ),
    pkg('debug', since(v, '2.0.0') ? '4.3.5' : '4.3.4', 'MIT', [pkg('ms', '2.1.2', 'MIT')]),
    pkg('eventemitter3', '5.0.1', 'MIT'),
    pkg('follow-redirects', since(v, '1.4.1') ? '1.15.6' : '1.15.4', 'MIT'),
    pkg('form-data', '4.0.0', 'MIT', [
      pkg('asynckit', '0.4.0', 'MIT'),
      pkg('combined-stream', '1.0.8', 'MIT', [pkg('delayed-stream', '1.0.0', 'MIT')]),
      pkg('mime-types', '2.1.35', 'MIT', [pkg('mime-db', '1.52.0', 'MIT')]),
    ]),
    pkg('jose', since(v, '1.1.0') ? '5.2.0' : '4.15.4', 'MIT'),
    since(v, '1.2.0')
      ? pkg('p-retry', '6.2.0', 'MIT', [
          pkg('@types/retry', '0.12.2', 'MIT'),
          pkg('is-network-error', '1.1.0', 'MIT'),
          pkg('retry', '0.13.1', 'MIT'),
        ])
      : pkg('p-retry', '4.6.2', 'MIT', [pkg('@types/retry', '0.12.0', 'MIT'), pkg('retry', '0.13.1', 'MIT')]),
    since(v, '2.0.0')
      ? pkg('semver', '7.6.3', 'ISC')
      : pkg('semver', '7.5.4', 'ISC', [pkg('lru-cache', '6.0.0', 'ISC', [pkg('yallist', '4.0.0', 'ISC')])]),
    pkg('tslib', '2.6.2', '0BSD'),
    pkg(
      'undici',
      since(v, '2.1.0')
        ? '6.19.8'
        : since(v, '2.0.0-rc.1')
          ? '6.19.2'
          : since(v, '1.2.0')
            ? '5.28.4'
            : '5.28.2',
      'MIT',
    ),
    pkg('ws', since(v, '2.0.0-rc.2') ? '8.18.0' : since(v, '1.3.0') ? '8.16.0' : '8.14.2', 'MIT'),
    pkg('zod', since(v, '2.0.0-rc.1') ? '3.23.8' : '3.22.4', 'MIT'),
    pkg('bufferutil', '4.0.8', 'MIT', [pkg('node-gyp-build', '4.8.0', 'MIT')], {
      scope: 'optional',
      description: 'Faster WebSocket frames when the native build is available.',
    }),
  ];
  // Node.js 20 has fetch: 2.0.0 drops node-fetch and everything it brought.
  if (!since(v, '2.0.0-rc.1')) {
    out.push(
      pkg('node-fetch', '2.7.0', 'MIT', [
        pkg('whatwg-url', '5.0.0', 'MIT', [
          pkg('tr46', '0.0.3', 'MIT'),
          pkg('webidl-conversions', '3.0.1', 'BSD-2-Clause'),
        ]),
      ]),
    );
  }
  if (since(v, '1.1.0')) out.push(pkg('uuid', '9.0.1', 'MIT'));
  return out;
}

function sdkVulnerabilities(v: string): Vuln[] {
  const out: Vuln[] = [];
  if (since(v, '1.3.0')) {
    const fixed = since(v, '1.4.1');
    out.push({
      id: 'CVE-2024-28849',
      severity: 'medium',
      description:
        'follow-redirects kept the Proxy-Authorization header when a redirect led to another host.',
      affects: `follow-redirects@${fixed ? '1.15.6' : '1.15.4'}`,
      state: v === '1.3.0' ? 'in_triage' : fixed ? 'resolved' : 'exploitable',
      detail:
        v === '1.3.0'
          ? 'Under analysis.'
          : fixed
            ? 'follow-redirects upgraded to 1.15.6.'
            : 'The SDK follows redirects through a configured proxy; upgrade planned.',
    });
  }
  // ws before 8.17.1: found after 1.4.0 shipped, fixed on main by the ws upgrade in 2.0.0-rc.2.
  if (v === '1.4.1' || v === '2.0.0-rc.1') {
    out.push({
      id: 'CVE-2024-37890',
      severity: 'high',
      description: 'ws: a request with more headers than the server allows could crash it.',
      affects: 'ws@8.16.0',
      state: 'in_triage',
      detail: 'The SDK opens WebSocket clients only; checking whether the client side is affected.',
    });
  }
  return out;
}

function apiPackages(v: string): Pkg[] {
  const fastify = v === '1.2.0' ? '5.3.0' : since(v, '1.3rc1') ? '5.3.2' : '5.2.1';
  const out: Pkg[] = [
    pkg('fastify', fastify, 'MIT', [
      pkg('@fastify/ajv-compiler', '4.0.2', 'MIT', [
        pkg('ajv', '8.17.1', 'MIT', [
          pkg('fast-deep-equal', '3.1.3', 'MIT'),
          pkg('fast-uri', '3.0.6', 'BSD-3-Clause'),
          pkg('json-schema-traverse', '1.0.0', 'MIT'),
          pkg('require-from-string', '2.0.2', 'MIT'),
        ]),
      ]),
      pkg('@fastify/error', since(v, '1.2.0') ? '4.1.0' : '4.0.0', 'MIT'),
      pkg('avvio', '9.1.0', 'MIT', [pkg('fastq', '1.19.1', 'ISC', [pkg('reusify', '1.1.0', 'MIT')])]),
      pkg('find-my-way', '9.2.0', 'MIT', [
        pkg('fast-querystring', '1.1.2', 'MIT', [pkg('fast-decode-uri-component', '1.0.1', 'MIT')]),
        pkg('safe-regex2', '4.0.1', 'MIT', [pkg('ret', '0.5.0', 'MIT')]),
      ]),
      pkg('light-my-request', '6.3.0', 'BSD-3-Clause'),
      pkg('process-warning', '4.0.1', 'MIT'),
      pkg('rfdc', '1.4.1', 'MIT'),
      pkg('secure-json-parse', '3.0.2', 'BSD-3-Clause'),
      pkg('toad-cache', '3.7.0', 'MIT'),
    ]),
    pkg('pino', '9.6.0', 'MIT', [
      pkg('atomic-sleep', '1.0.0', 'MIT'),
      pkg('fast-redact', '3.5.0', 'MIT'),
      pkg('on-exit-leak-free', '2.1.2', 'MIT'),
      pkg('pino-abstract-transport', '2.0.0', 'MIT', [pkg('split2', '4.2.0', 'ISC')]),
      pkg('pino-std-serializers', '7.0.0', 'MIT'),
      pkg('quick-format-unescaped', '4.0.4', 'MIT'),
      pkg('real-require', '0.2.0', 'MIT'),
      pkg('safe-stable-stringify', '2.5.0', 'MIT'),
      pkg('sonic-boom', '4.2.0', 'MIT'),
      pkg('thread-stream', '3.1.0', 'MIT'),
    ]),
  ];
  if (since(v, '1.1.0'))
    out.push(pkg('@fastify/rate-limit', '10.2.1', 'MIT', [pkg('@lukeed/ms', '2.0.2', 'MIT')]));
  if (since(v, '1.2.0')) out.push(pkg('undici', '7.3.0', 'MIT', [], { description: 'Delivers webhooks.' }));
  // Idempotency keys: lru-cache 11 in the release candidate, back to 10 (ISC) in 1.3.0 for Node 18.
  if (v === '1.3rc1') out.push(pkg('lru-cache', '11.0.2', 'BlueOak-1.0.0'));
  if (since(v, '1.3.0')) out.push(pkg('lru-cache', '10.4.3', 'ISC'));
  // The ledger client is Acme's own, unpublished package: internal, so the public portal never names it.
  if (since(v, '1.3.0'))
    out.push(
      pkg('@acme/ledger-client', '3.2.0', { expression: 'LicenseRef-Acme-Proprietary' }, [], {
        internal: true,
        description: 'Posts order amounts to the internal ledger.',
      }),
    );
  return out;
}

// ---------------------------------------------------------------------------------------------
// CycloneDX 1.5

/** `pkg:npm/%40acme/protocol@2.0.0` (purl-spec: the npm scope is the namespace, `@` encoded). */
export function npmPurl(name: string, version: string): string {
  const [scope, base] = name.startsWith('@') ? (name.split('/') as [string, string]) : [null, name];
  return `pkg:npm/${scope ? `${encodeURIComponent(scope)}/` : ''}${base}@${version}`;
}

const byName = (a: Pkg, b: Pkg) => compareCodeUnits(a.name, b.name);
const digest = (alg: 'sha256' | 'sha512', text: string) => createHash(alg).update(text).digest('hex');

/** A name-based UUID (RFC 9562 version 5 layout) from a digest of the text: stable per document. */
function uuidOf(text: string): string {
  const h = digest('sha256', text);
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function licenseOf(l: License): unknown[] {
  return typeof l === 'string' ? [{ license: { id: l } }] : [{ expression: l.expression }];
}

function component(p: Pkg): Record<string, unknown> {
  const purl = npmPurl(p.name, p.version);
  const [group, name] = p.name.startsWith('@')
    ? (p.name.split('/') as [string, string])
    : [undefined, p.name];
  const children = [...(p.children ?? [])].sort(byName);
  return {
    type: 'library',
    'bom-ref': purl,
    ...(group ? { group } : {}),
    name,
    version: p.version,
    ...(p.description ? { description: p.description } : {}),
    scope: p.scope ?? 'required',
    // A stand-in for the registry's integrity digest, derived from the purl so it never changes.
    hashes: [{ alg: 'SHA-512', content: digest('sha512', purl) }],
    licenses: licenseOf(p.license),
    purl,
    ...(p.internal ? { properties: [{ name: 'waybill:internal', value: 'true' }] } : {}),
    ...(children.length > 0 ? { components: children.map(component) } : {}),
  };
}

function dependencies(root: string, packages: Pkg[]): { ref: string; dependsOn: string[] }[] {
  const out: { ref: string; dependsOn: string[] }[] = [
    { ref: root, dependsOn: packages.map((p) => npmPurl(p.name, p.version)).sort() },
  ];
  const walk = (p: Pkg) => {
    out.push({
      ref: npmPurl(p.name, p.version),
      dependsOn: (p.children ?? []).map((c) => npmPurl(c.name, c.version)).sort(),
    });
    for (const c of p.children ?? []) walk(c);
  };
  for (const p of packages) walk(p);
  return out.sort((a, b) =>
    a.ref === root ? -1 : b.ref === root ? 1 : a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0,
  );
}

function vulnerability(v: Vuln, refs: Map<string, string>): Record<string, unknown> {
  const ref = refs.get(v.affects);
  if (!ref) throw new Error(`demo SBOM: ${v.id} affects ${v.affects}, which is not in the BOM`);
  return {
    'bom-ref': `vuln:${v.id}`,
    id: v.id,
    source: { name: 'NVD', url: `https://nvd.nist.gov/vuln/detail/${v.id}` },
    ratings: [{ source: { name: 'NVD' }, severity: v.severity }],
    description: v.description,
    analysis: {
      state: v.state,
      ...(v.state === 'resolved' ? { response: ['update'] } : {}),
      detail: v.detail,
    },
    affects: [{ ref }],
  };
}

/** One release's SBOM as a JSON value, in the key order it is written. */
export function buildDemoSbom(
  project: DemoSbomProject,
  version: string,
  date: string,
): Record<string, unknown> {
  const packages = [...(project === 'sdk' ? sdkPackages(version) : apiPackages(version))].sort(byName);
  const vulns = project === 'sdk' ? sdkVulnerabilities(version) : [];
  const root =
    project === 'sdk'
      ? {
          type: 'library',
          'bom-ref': npmPurl('@acme/sdk', version),
          group: '@acme',
          name: 'sdk',
          version,
          licenses: [{ license: { id: 'MIT' } }],
          purl: npmPurl('@acme/sdk', version),
        }
      : { type: 'application', 'bom-ref': `acme-api@${version}`, name: 'acme-api', version };
  const refs = new Map<string, string>();
  const index = (p: Pkg) => {
    const purl = npmPurl(p.name, p.version);
    if (refs.has(`${p.name}@${p.version}`))
      throw new Error(
        `demo SBOM: ${p.name}@${p.version} twice in ${project} ${version}: bom-refs must be unique`,
      );
    refs.set(`${p.name}@${p.version}`, purl);
    (p.children ?? []).forEach(index);
  };
  packages.forEach(index);
  return {
    $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: `urn:uuid:${uuidOf(`acme ${project} ${version}`)}`,
    version: 1,
    metadata: {
      timestamp: new Date(date).toISOString().replace('.000Z', 'Z'),
      lifecycles: [{ phase: 'build' }],
      tools: { components: [{ type: 'application', name: 'waybill demo generator', version: '1' }] },
      // Who made the document and where: what real generators write, and what the public
      // download must not carry (docs/audiences.md): an address and an internal build host.
      authors: [{ name: 'Acme Release Engineering', email: 'release-eng@acme.example' }],
      component: root,
      properties: [{ name: 'acme:build-host', value: 'ci-runner-7.build.acme.internal' }],
    },
    components: packages.map(component),
    dependencies: dependencies(root['bom-ref'], packages),
    ...(vulns.length > 0 ? { vulnerabilities: vulns.map((x) => vulnerability(x, refs)) } : {}),
  };
}

/** Every release's SBOM of the demo projects: file (relative to the demo folder) and bytes. */
export function buildDemoSboms(): { path: string; text: string }[] {
  return DEMO_SBOM_PROJECTS.flatMap((id) => {
    const facts = DEMO_FACTS.find((p) => p.id === id);
    if (!facts) throw new Error(`demo SBOM: no project "${id}" in facts.ts`);
    return facts.releases.map((r) => ({
      path: demoSbomPath(id, r.version),
      text: `${JSON.stringify(buildDemoSbom(id, r.version, r.date), null, 2)}\n`,
    }));
  });
}

/** Writes `<outDir>/sboms/` afresh (the folder is the demo's own) and returns the paths written. */
export async function writeDemoSboms(outDir: string): Promise<string[]> {
  const dir = join(outDir, DEMO_SBOM_DIR);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const docs = buildDemoSboms();
  await Promise.all(docs.map((d) => writeFile(join(outDir, d.path), d.text)));
  return docs.map((d) => d.path);
}
