// The SBOM a reader downloads from a release's pages (docs/audiences.md, "Bills of materials").
// The internal audience gets the original document, byte for byte (its SHA-256 is the one the
// evidence records). The public gets a CycloneDX 1.6 document made from the normalized,
// audience-filtered record (src/core/sbom/audience.ts `toAudienceSbom`): the components, licenses,
// hashes and vulnerabilities the public pages show, and nothing else of the original: not its
// authors or their e-mail addresses, not its properties, not a component marked internal.
// Pure and deterministic: the same record gives the same bytes.
import { isSupportedSpdxId } from '@cyclonedx/cyclonedx-library/SPDX';
import type { AcceptedSbom, Component, Vulnerability } from '../../schemas/index.ts';
import { uuidV5 } from '../model/uuid.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { sbomOriginalFile } from '../model/urls.ts';
import { sha256Hex } from '../../core/canonical.ts';

/** The CycloneDX version of the public document. */
export const PUBLIC_SBOM_SPEC = '1.6';

export interface SbomDownload {
  url: string;
  filename: string;
  /** `CycloneDX 1.5` for an original; `CycloneDX 1.6` for the public document. */
  format: string;
  /** True for the public document made from the record, false for the original. */
  normalized: boolean;
}

// CycloneDX 1.6 enumerations (bom-1.6.schema.json): a value outside them is mapped or left out.
const TYPES = new Set([
  'application',
  'framework',
  'library',
  'container',
  'platform',
  'operating-system',
  'device',
  'device-driver',
  'firmware',
  'file',
  'machine-learning-model',
  'data',
  'cryptographic-asset',
]);
const SCOPES = new Set(['required', 'optional', 'excluded']);
const HASH_LENGTHS: Record<string, number> = {
  MD5: 32,
  'SHA-1': 40,
  'SHA-256': 64,
  'SHA-384': 96,
  'SHA-512': 128,
  'SHA3-256': 64,
  'SHA3-384': 96,
  'SHA3-512': 128,
  'BLAKE2b-256': 64,
  'BLAKE2b-384': 96,
  'BLAKE2b-512': 128,
  BLAKE3: 64,
};
const SEVERITIES = new Set(['critical', 'high', 'medium', 'low', 'info', 'none', 'unknown']);
const STATES = new Set([
  'resolved',
  'resolved_with_pedigree',
  'exploitable',
  'in_triage',
  'false_positive',
  'not_affected',
]);

type Json = Record<string, unknown>;

/** CycloneDX `licenses`: one expression alone, or license objects (an SPDX id, else a name). */
function licensesOf(c: Component): Json[] | undefined {
  if (c.licenses.length === 0) return undefined;
  const only = c.licenses[0]!;
  if (c.licenses.length === 1 && only.kind === 'expression') return [{ expression: only.value }];
  return c.licenses.map((l) => ({
    license: l.kind === 'id' && isSupportedSpdxId(l.value) ? { id: l.value } : { name: l.value },
  }));
}

function componentOf(c: Component, ref: string): Json {
  const hashes = c.hashes
    .filter((h) => HASH_LENGTHS[h.alg] === h.content.length && /^[0-9a-fA-F]+$/.test(h.content))
    .map((h) => ({ alg: h.alg, content: h.content }));
  return {
    type: TYPES.has(c.type) ? c.type : 'library',
    'bom-ref': ref,
    name: c.name,
    ...(c.version !== null ? { version: c.version } : {}),
    ...(c.scope !== null && SCOPES.has(c.scope) ? { scope: c.scope } : {}),
    ...(hashes.length ? { hashes } : {}),
    ...(licensesOf(c) ? { licenses: licensesOf(c) } : {}),
    ...(c.purl !== null ? { purl: c.purl } : {}),
  };
}

function vulnerabilityOf(v: Vulnerability, refs: Map<string, string>): Json {
  const affects = [...new Set(v.affects)].flatMap((k) => (refs.has(k) ? [{ ref: refs.get(k)! }] : []));
  return {
    id: v.id,
    ratings: [{ severity: SEVERITIES.has(v.severity) ? v.severity : 'unknown' }],
    ...(v.description !== null ? { description: v.description } : {}),
    ...(v.state !== null && STATES.has(v.state) ? { analysis: { state: v.state } } : {}),
    ...(affects.length ? { affects } : {}),
  };
}

/**
 * The public document: CycloneDX 1.6 JSON of the record as this audience sees it. Components keep
 * their nesting (`parent`); each gets its record key as `bom-ref` (made unique where a document
 * repeated one). `metadata.component` is the release itself.
 */
export function toPublicSbomDocument(input: {
  project: { id: string; name: string };
  release: { version: string; date: string };
  sbom: AcceptedSbom;
  generator: string;
}): Json {
  const { project, release, sbom } = input;
  const refs = new Map<string, string>();
  const used = new Set<string>();
  const refOf = (key: string) => {
    let ref = key;
    for (let n = 2; used.has(ref); n++) ref = `${key}#${n}`;
    used.add(ref);
    return ref;
  };
  const nodes = sbom.components.map((c) => {
    const ref = refOf(c.key);
    if (!refs.has(c.key)) refs.set(c.key, ref);
    return { c, json: componentOf(c, ref) };
  });
  // Nested under the first component with the parent's key, as the original nested them.
  const byKey = new Map<string, Json>();
  for (const n of nodes) if (!byKey.has(n.c.key)) byKey.set(n.c.key, n.json);
  const top: Json[] = [];
  for (const n of nodes) {
    const parent = n.c.parent === null ? undefined : byKey.get(n.c.parent);
    if (parent && parent !== n.json) ((parent.components ??= []) as Json[]).push(n.json);
    else top.push(n.json);
  }
  const [name, version] = input.generator.split(' ');
  return {
    bomFormat: 'CycloneDX',
    specVersion: PUBLIC_SBOM_SPEC,
    serialNumber: `urn:uuid:${uuidV5(`waybill:sbom:${project.id}:${release.version}:${sbom.sha256}`)}`,
    version: 1,
    metadata: {
      timestamp: release.date,
      tools: {
        components: [{ type: 'application', name: name ?? 'waybill', ...(version ? { version } : {}) }],
      },
      component: {
        type: 'application',
        'bom-ref': refOf(`${project.id}@${release.version}`),
        name: project.name,
        version: release.version,
      },
      properties: [
        { name: 'waybill:normalized-from', value: `${sbom.format} ${sbom.specVersion}` },
        { name: 'waybill:original-sha256', value: sbom.sha256 },
      ],
    },
    components: top,
    ...(sbom.vulnerabilities.length
      ? { vulnerabilities: sbom.vulnerabilities.map((v) => vulnerabilityOf(v, refs)) }
      : {}),
  };
}

/** The public document's bytes: `JSON.stringify(x, null, 2) + "\n"`. */
export function serializeSbomDocument(doc: Json): string {
  return JSON.stringify(doc, null, 2) + '\n';
}

const documents = new WeakMap<AcceptedSbom, string>();

/** The public document of a release as bytes, made once per record in a build. */
export function publicSbomText(portal: Portal, entry: ProjectEntry, release: ReleaseSummary): string {
  const sbom = entry.sbom(release.slug);
  if (sbom === null || sbom.status !== 'accepted')
    throw new Error(`waybill: ${entry.project.id} ${release.version} has no accepted SBOM to download`);
  let text = documents.get(sbom);
  if (text === undefined) {
    text = serializeSbomDocument(
      toPublicSbomDocument({
        project: { id: entry.project.id, name: entry.project.name },
        release: { version: release.version, date: release.date },
        sbom,
        generator: portal.site.generator,
      }),
    );
    documents.set(sbom, text);
  }
  return text;
}

/** SHA-256 of the public document, for the page beside its link. */
export function publicSbomSha256(portal: Portal, entry: ProjectEntry, release: ReleaseSummary): string {
  return sha256Hex(publicSbomText(portal, entry, release));
}

/**
 * What a reader of this audience downloads for a release with an accepted SBOM: the original
 * (internal), or the public document (`<id>-<version>.cdx.json`, CycloneDX whatever the original was).
 */
export function sbomDownload(
  portal: Portal,
  entry: ProjectEntry,
  release: ReleaseSummary,
  sbom: Pick<AcceptedSbom, 'format' | 'specVersion'>,
): SbomDownload {
  const id = entry.project.id;
  const original = portal.audience === 'internal';
  const format = original ? sbom.format : 'CycloneDX';
  return {
    url: portal.paths.sbomOriginal(id, release.slug, format),
    filename: sbomOriginalFile(id, release.slug, format),
    format: original ? `${sbom.format} ${sbom.specVersion}` : `CycloneDX ${PUBLIC_SBOM_SPEC}`,
    normalized: !original,
  };
}

/** The SBOM downloads of this audience: one per release with an accepted SBOM. */
export function getSbomDownloadPaths(
  portal: Portal,
): { params: { project: string; release: string; file: string } }[] {
  return portal.projects.flatMap((entry) =>
    entry.releases.flatMap((r) => {
      const sbom = entry.sbom(r.slug);
      if (sbom?.status !== 'accepted') return [];
      const file = sbomDownload(portal, entry, r, sbom).filename;
      return [{ params: { project: entry.project.id, release: r.slug, file } }];
    }),
  );
}
