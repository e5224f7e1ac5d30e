// The internal records buildPortal (src/lib/model/portal.ts) indexes and checks against the
// releases: deployments by project and version, evidence records by release, and the audit chain
// their digests are anchored in. Pure: the records come in as arguments.
import { compareDeployments } from '../../core/deployments/index.ts';
import { evidenceMismatch, foldChain } from '../../core/audit/events.ts';
import type {
  AuditEvent,
  AuditLog,
  Deployment,
  Deployments,
  EvidenceEntry,
  ReleaseSummary,
} from '../../schemas/index.ts';
import { dataPaths, toSlug } from '../../schemas/layout.ts';
import type { Audience } from './env.ts';

/** buildPortal's error for a file of the data folder: a DataError naming the file and the fix. */
export type Fail = (file: string, message: string) => never;

/**
 * Deployments are internal data (docs/audiences.md): the public portal has none at all, so
 * no page, JSON file or link can be made from them. For the internal audience each record must
 * belong to a listed project and, when it names a version, to a release of it; a record that
 * matched no release has `version: null` and is kept ("unknown version").
 */
export function indexDeployments(
  audience: Audience,
  file: Deployments | null | undefined,
  releasesOf: ReadonlyMap<string, readonly ReleaseSummary[]>,
  fail: Fail,
): { deployments: Deployment[]; deploymentsOf: Map<string, Map<string, Deployment[]>> } {
  const deployments = audience === 'internal' ? [...(file?.deployments ?? [])].sort(compareDeployments) : [];
  const deploymentsOf = new Map<string, Map<string, Deployment[]>>();
  const releaseVersions = new Map(
    [...releasesOf].map(([id, list]) => [id, new Set(list.map((r) => r.version))]),
  );
  const fileIndex = new Map((file?.deployments ?? []).map((d, i) => [d, i]));
  for (const d of deployments) {
    const at = `at /deployments/${fileIndex.get(d) ?? 0}`;
    const versions = releaseVersions.get(d.project);
    if (!versions)
      fail(
        dataPaths.deployments,
        `${at}/project: "${d.project}" (deployment "${d.id}") is not a project listed in ${dataPaths.site}`,
      );
    if (d.version === null) continue;
    if (!versions!.has(d.version)) {
      fail(
        dataPaths.deployments,
        `${at}/version: "${d.version}" (deployment "${d.id}") is not the version of any file in ${dataPaths.releasesOf(d.project)}/`,
      );
    }
    let byVersion = deploymentsOf.get(d.project);
    if (!byVersion) deploymentsOf.set(d.project, (byVersion = new Map()));
    const list = byVersion.get(d.version) ?? [];
    list.push(d);
    byVersion.set(d.version, list);
  }
  return { deployments, deploymentsOf };
}

/**
 * Evidence and the audit chain are internal. Each evidence record's digest must be the one the
 * chain recorded for it: an internal portal never publishes evidence that does not verify.
 */
export function indexEvidence(
  internal: boolean,
  evidence: readonly EvidenceEntry[] | undefined,
  log: AuditLog | null | undefined,
  releasesOf: ReadonlyMap<string, readonly ReleaseSummary[]>,
  fail: Fail,
): {
  audit: AuditEvent[];
  evidenceOf: Map<string, EvidenceEntry>;
  supersededOf: Map<string, EvidenceEntry[]>;
} {
  const audit = internal ? [...(log?.events ?? [])] : [];
  const chain = foldChain(audit);
  const evidenceOf = new Map<string, EvidenceEntry>();
  const supersededOf = new Map<string, EvidenceEntry[]>();
  for (const e of internal ? (evidence ?? []) : []) {
    const { record } = e;
    const slug = toSlug(record.version);
    const file = e.archived
      ? dataPaths.archivedEvidence(record.project, slug, record.tag.commit)
      : dataPaths.evidence(record.project, slug);
    if (!releasesOf.has(record.project)) continue; // a project no longer configured
    const mismatch = evidenceMismatch(
      chain,
      { project: record.project, version: record.version, commit: record.tag.commit },
      e.sha256,
      dataPaths.audit,
      e.archived,
    );
    if (mismatch) fail(file, mismatch);
    const key = `${record.project}/${slug}`;
    if (e.archived) supersededOf.set(key, [...(supersededOf.get(key) ?? []), e]);
    else evidenceOf.set(key, e);
  }
  const supersededAt = new Map(
    audit
      .filter((e) => e.kind === 'tag.moved' || e.kind === 'tag.deleted')
      .map((e) => [
        `${e.project}\0${e.version}\0${String(e.kind === 'tag.moved' ? e.data.from : e.data.commit)}`,
        e.seq,
      ]),
  );
  for (const list of supersededOf.values())
    list.sort(
      (a, b) =>
        (supersededAt.get(`${a.record.project}\0${a.record.version}\0${a.record.tag.commit}`) ?? 0) -
        (supersededAt.get(`${b.record.project}\0${b.record.version}\0${b.record.tag.commit}`) ?? 0),
    );
  return { audit, evidenceOf, supersededOf };
}
