// The whole data folder as one index, built once per build (src/lib/model/data.ts) from the six
// collections: projects in site.json order, each with its releases newest first by version, its
// advance notice, each release's bill of materials and deployments, and lookups by slug. Pure:
// the collections come in as plain arrays.
//
// The loader checked each file alone; this checks them against each other, so a missing or extra
// file fails the build instead of silently emptying a page.
import { buildIdentityMap, NO_IDENTITIES, type IdentityMap } from '../../core/identities.ts';
import type {
  Deployment,
  DeploymentProblem,
  Deployments,
  Freeze,
  Group,
  Next,
  Planned,
  Project,
  Release,
  Sbom,
  Site,
} from '../../schemas/index.ts';
import { dataPaths, toSlug } from '../../schemas/layout.ts';
import { DataError, HARVEST_HINT } from '../../errors/index.ts';
import type { Audience } from './env.ts';
import type { AuditEvent, AuditHead } from '../../schemas/audit.ts';
import type { AuditLog, EvidenceEntry, ReleaseSummary } from '../../schemas/index.ts';
import { toAudienceSbom, type PortalSbom } from '../../core/sbom/audience.ts';
import { makePaths, type SitePaths } from './urls.ts';
import { compareReleasesNewestFirst } from './version-order.ts';
import { indexDeployments, indexEvidence } from './portal-index.ts';
import { compareCodeUnits } from '../../core/compare.ts';

export interface ProjectEntry {
  project: Project;
  /**
   * Newest first by version order. Summaries: the body of a release (changes, notes, contributors,
   * reverted) is read when a page needs it, with `Portal.record`.
   */
  releases: ReleaseSummary[];
  /** `project.latest` as a release, or null when the project has none. */
  latest: ReleaseSummary | null;
  next: Next | null;
  release(slug: string): ReleaseSummary | undefined;
  /**
   * The release's bill of materials as this audience may see it (src/core/sbom/audience.ts
   * `toAudienceSbom`: for the public, no internal component, nothing that names one, e-mail
   * addresses hidden), or null when the release has none.
   */
  sbom(slug: string): PortalSbom | null;
  /** Neighbours in the newest-first list: `older` is the next lower version, `newer` the next higher. */
  neighbours(release: ReleaseSummary): { older: ReleaseSummary | null; newer: ReleaseSummary | null };
  /**
   * Every deployment of this version, in list order (by `at`, then id: the deployments model's
   * `compareDeployments`). Always empty for the public audience, which sees nothing of deployments.
   */
  deployments(version: string): Deployment[];
  /** The release's evidence record and its digest (internal audience only; null for the public or when there is none). */
  evidence(slug: string): EvidenceEntry | null;
  /** Records of this version kept when its tag moved or vanished, oldest first (internal only). */
  superseded(slug: string): EvidenceEntry[];
}

export interface Portal {
  site: Site;
  audience: Audience;
  /** site.json `identities`: deployers, approvers and authors who are one person under several names. */
  identities: IdentityMap;
  paths: SitePaths;
  /** In site.json `projects` order. */
  projects: ProjectEntry[];
  project(id: string): ProjectEntry | undefined;
  /**
   * A release's full record (one of the summaries in `ProjectEntry.releases`), read from its file
   * and validated when asked. The last few are kept, since one page asks several times; nothing
   * else keeps them, so a build never holds every release's body at once. Callers use what they
   * need of it and let it go.
   */
  record(release: ReleaseSummary): Release;
  /**
   * Every deployment of every project, in list order (by `at`, then id), unknown versions
   * included. Empty for the public audience: no page, JSON file or link may come from it.
   */
  deployments: Deployment[];
  /** Records the harvest skipped with `"strict": false`, each with its file and line (internal only). */
  deploymentProblems: DeploymentProblem[];
  /**
   * `freezes.json`'s freezes with their windows, in file order (both audiences: a freeze says when
   * nothing ships, not what was deployed). `freezeHorizon` is the span the windows cover.
   */
  freezes: Freeze[];
  freezeHorizon: { from: string; to: string } | null;
  /** Planned releases of visible projects, by date, then project order, then version. */
  planned: Planned[];
  /** Group releases, by date then id; for the public audience without members of internal projects. */
  groups: Group[];
  group(id: string): Group | undefined;
  /** The audit chain, in order, and its signed heads (internal audience only: empty for the public). */
  audit: AuditEvent[];
  auditHeads: AuditHead[];
}

export interface PortalInput {
  site: Site;
  projects: readonly Project[];
  /** Summaries (or full records, as tests pass them). */
  releases: readonly ReleaseSummary[];
  /**
   * Reads a release's full record (src/lib/model/data-folder.ts `readRelease`). Without it, the entries
   * of `releases` must be full records already.
   */
  readRelease?: (project: string, slug: string) => Release;
  next: readonly Next[];
  /** `sboms/<project>/<slug>.json`; a release without one has no SBOM. */
  sboms?: readonly Sbom[];
  /** `deployments.json`, or null when the folder has none. Ignored for the public audience. */
  deployments?: Deployments | null;
  /** `freezes.json`, `planned.json`, `groups.json` (src/schemas/calendar.ts); absent is none. */
  freezes?: { horizon: { from: string; to: string }; freezes: Freeze[] } | null;
  planned?: readonly Planned[];
  groups?: readonly Group[];
  /** Evidence records and the audit chain (internal data: ignored for the public audience). */
  evidence?: readonly EvidenceEntry[];
  audit?: AuditLog | null;
  audience: Audience;
  /** Astro's BASE_URL. */
  base: string;
  /** Only for messages: where the files live. */
  dataDir: string;
}

export function buildPortal(input: PortalInput): Portal {
  const { site, dataDir } = input;
  const fileOf = (relative: string) => `${dataDir}/${relative}`;
  const fail = (file: string, message: string) => {
    throw new DataError(`invalid data in ${fileOf(file)}:\n  ${message}\n${HARVEST_HINT}`, fileOf(file));
  };

  const byId = new Map(input.projects.map((p) => [p.id, p]));
  site.projects.forEach((id, i) => {
    if (!byId.has(id))
      fail(
        dataPaths.site,
        `at /projects/${i}: lists project "${id}", but ${dataPaths.project(id)} is missing`,
      );
  });
  for (const p of input.projects) {
    if (!site.projects.includes(p.id))
      fail(dataPaths.project(p.id), `the project "${p.id}" is not listed in ${dataPaths.site} /projects`);
  }

  const releasesOf = new Map<string, ReleaseSummary[]>(site.projects.map((id) => [id, []]));
  for (const r of input.releases) {
    const file = dataPaths.release(r.project, r.slug);
    const list = releasesOf.get(r.project);
    if (!list) fail(file, `at /project: "${r.project}" is not a project listed in ${dataPaths.site}`);
    list!.push(r);
  }
  const nextOf = new Map<string, Next>();
  for (const n of input.next) {
    if (!releasesOf.has(n.project))
      fail(dataPaths.next(n.project), `"${n.project}" is not a project listed in ${dataPaths.site}`);
    nextOf.set(n.project, n);
  }
  // An SBOM belongs to a release of a listed project; one that does not is a leftover the harvest
  // should have removed, and shown nowhere it would be silently lost.
  const sbomsOf = new Map<string, Map<string, Sbom>>();
  for (const b of input.sboms ?? []) {
    const slug = toSlug(b.version);
    if (!releasesOf.has(b.project))
      fail(
        dataPaths.sbom(b.project, slug),
        `at /project: "${b.project}" is not a project listed in ${dataPaths.site}`,
      );
    let bySlug = sbomsOf.get(b.project);
    if (!bySlug) sbomsOf.set(b.project, (bySlug = new Map()));
    bySlug.set(slug, b);
  }

  const { deployments, deploymentsOf } = indexDeployments(
    input.audience,
    input.deployments,
    releasesOf,
    fail,
  );
  const internal = input.audience === 'internal';
  const { audit, evidenceOf, supersededOf } = indexEvidence(
    internal,
    input.evidence,
    input.audit,
    releasesOf,
    fail,
  );

  // The public audience never sees a project marked internal: not its pages, not its JSON.
  const visible = site.projects.filter((id) => input.audience === 'internal' || !byId.get(id)!.internal);
  const projects = visible.map((id): ProjectEntry => {
    const project = byId.get(id)!;
    const releases = releasesOf.get(id)!.sort(compareReleasesNewestFirst);
    if (releases.length !== project.releaseCount) {
      fail(
        dataPaths.project(id),
        `at /releaseCount: expected ${releases.length}, the number of files in ${dataPaths.releasesOf(id)}/, found ${project.releaseCount}`,
      );
    }
    const bySlug = new Map(releases.map((r) => [r.slug, r]));
    const index = new Map(releases.map((r, i) => [r, i]));
    const latest =
      project.latest === null ? null : (releases.find((r) => r.version === project.latest) ?? null);
    const rawSboms = sbomsOf.get(id) ?? new Map<string, Sbom>();
    for (const [slug, b] of rawSboms) {
      if (!bySlug.has(slug))
        fail(
          dataPaths.sbom(id, slug),
          `at /version: "${b.version}" is not the version of any file in ${dataPaths.releasesOf(id)}/`,
        );
    }
    // Filtered once per build and kept: the release page, the SBOM pages and the JSON read the same.
    const sboms = new Map<string, PortalSbom | null>();
    const sbom = (slug: string): PortalSbom | null => {
      if (!sboms.has(slug)) {
        const raw = rawSboms.get(slug);
        const against =
          raw?.status === 'accepted' && raw.diff.against !== null
            ? (rawSboms.get(toSlug(raw.diff.against)) ?? null)
            : null;
        sboms.set(slug, raw ? toAudienceSbom(raw, input.audience, against) : null);
      }
      return sboms.get(slug)!;
    };
    if (project.latest !== null && latest === null) {
      fail(
        dataPaths.project(id),
        `at /latest: "${project.latest}" is not the version of any file in ${dataPaths.releasesOf(id)}/`,
      );
    }
    return {
      project,
      releases,
      latest,
      next: nextOf.get(id) ?? null,
      release: (slug) => bySlug.get(slug),
      sbom,
      neighbours: (release) => {
        const i = index.get(release) ?? -1;
        return {
          newer: i > 0 ? releases[i - 1]! : null,
          older: i >= 0 && i + 1 < releases.length ? releases[i + 1]! : null,
        };
      },
      deployments: (version) => deploymentsOf.get(id)?.get(version) ?? [],
      evidence: (slug) => evidenceOf.get(`${id}/${slug}`) ?? null,
      superseded: (slug) => supersededOf.get(`${id}/${slug}`) ?? [],
    };
  });
  const entries = new Map(projects.map((p) => [p.project.id, p]));

  // Planned and group releases name projects; the harvest checks them against the config's
  // projects (it owns that error, with the config file and line). Here, like any record of an
  // internal project for the public, a record of a project this portal does not show is left out.
  const order = new Map(projects.map((p, i) => [p.project.id, i]));
  const planned = (input.planned ?? [])
    .filter((p) => entries.has(p.project))
    .sort(
      (a, b) =>
        compareCodeUnits(a.date, b.date) ||
        order.get(a.project)! - order.get(b.project)! ||
        compareCodeUnits(a.version, b.version),
    );
  const groups = (input.groups ?? [])
    .map((g) => ({ ...g, members: g.members.filter((m) => entries.has(m.project)) }))
    .filter((g) => g.members.length > 0)
    .sort((a, b) => compareCodeUnits(a.date, b.date) || compareCodeUnits(a.id, b.id));
  const groupById = new Map(groups.map((g) => [g.id, g]));
  return {
    site,
    audience: input.audience,
    // Deployers and approvers are internal: the public portal needs no one's other names.
    identities: input.audience === 'internal' ? buildIdentityMap(site.identities ?? []) : NO_IDENTITIES,
    paths: makePaths(input.base),
    projects,
    project: (id) => entries.get(id),
    record: makeRecordReader(input.readRelease),
    deployments,
    deploymentProblems: input.audience === 'internal' ? [...(input.deployments?.problems ?? [])] : [],
    freezes: [...(input.freezes?.freezes ?? [])],
    freezeHorizon: input.freezes?.horizon ?? null,
    planned,
    groups,
    group: (id) => groupById.get(id),
    audit,
    auditHeads: internal ? [...(input.audit?.heads ?? [])] : [],
  };
}

/** How many full release records `Portal.record` keeps: the ones the page being rendered asks for again. */
const RECENT_RECORDS = 8;

function makeRecordReader(read: PortalInput['readRelease']): (release: ReleaseSummary) => Release {
  const recent = new Map<ReleaseSummary, Release>();
  return (release) => {
    let full = recent.get(release);
    if (full) {
      recent.delete(release);
    } else {
      full = read ? read(release.project, release.slug) : (release as Release);
      if (!Array.isArray(full.changes))
        throw new Error(
          `waybill: the portal has only the summary of ${release.project} ${release.version} and no way to read its record`,
        );
      if (recent.size >= RECENT_RECORDS) recent.delete(recent.keys().next().value!);
    }
    recent.set(release, full);
    return full;
  };
}
