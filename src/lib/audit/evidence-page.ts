// The printable evidence page, `/projects/<id>/<version>/evidence/` (internal audience only): the
// evidence section with the whole record spelled out (tag, commits, deployments).
import { formatActor } from '../../core/identities.ts';
import type { Evidence } from '../../schemas/index.ts';
import { formatCompactDateTime, formatDateTime, plural, type DateView } from '../render/format.ts';
import { makeLinker } from '../model/links.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { toEvidenceView, type EvidenceView } from './evidence-view.ts';
import { auditPaths, deploymentLogUrl } from './paths.ts';

export interface EvidencePageView {
  title: string;
  projectName: string;
  projectUrl: string;
  version: string;
  releaseUrl: string;
  auditUrl: string;
  evidence: EvidenceView;
  /** `commitUrl`: the tagged commit on the project's forge, when its links are configured. */
  tag: {
    name: string;
    commit: string;
    commitUrl: string | null;
    object: string | null;
    date: DateView;
    tagger: string | null;
  };
  previous: string | null;
  commitCount: number;
  notesSource: string;
  sbom: string | null;
  /** People by name only, as on every page (e-mail addresses are in the JSON). */
  /** `date` compact (a table cell); `url` the commit on the forge, when its links are configured. */
  commits: {
    hash: string;
    url: string | null;
    subject: string;
    author: string;
    committer: string;
    date: DateView;
  }[];
  reverted: Evidence['reverted'];
  deployments: {
    at: DateView;
    environment: string;
    tier: string;
    status: string;
    freeze: string | null;
    actor: string | null;
    approvers: string[];
    id: string;
    /** The deployment's row in the log of /environments/. */
    url: string;
    source: string;
  }[];
}

const NOTES_SOURCE: Record<Evidence['notes']['source'], string> = {
  overlay: 'a hand-written overlay',
  changelog: 'the CHANGELOG at the tag',
  tag: "the annotated tag's message",
  commits: 'the grouped commits',
};

export function toEvidencePageView(
  portal: Portal,
  entry: ProjectEntry,
  release: ReleaseSummary,
): EvidencePageView | null {
  const evidence = toEvidenceView(portal, entry, release);
  if (!evidence) return null;
  const r = evidence.record;
  const tz = portal.site.timezone;
  const linker = makeLinker(entry.project.links);
  return {
    title: `${entry.project.name} ${release.version}`,
    projectName: entry.project.name,
    projectUrl: portal.paths.project(entry.project.id),
    version: release.version,
    releaseUrl: portal.paths.release(release.project, release.slug),
    auditUrl: auditPaths(portal.paths.home).audit,
    evidence,
    tag: {
      name: r.tag.name,
      commit: r.tag.commit,
      commitUrl: linker.commit(r.tag.commit),
      object: r.tag.object,
      date: formatDateTime(r.tag.date, tz),
      tagger: r.tag.tagger?.name ?? null,
    },
    previous: r.previous ? `${r.previous.version} (${r.previous.tag})` : null,
    commitCount: r.commitCount,
    notesSource: NOTES_SOURCE[r.notes.source],
    sbom: r.sbom
      ? `${r.sbom.format} ${r.sbom.specVersion}, ${plural(r.sbom.componentCount, 'component')}, SHA-256 ${r.sbom.sha256}`
      : null,
    commits: r.commits.map((c) => ({
      hash: c.hash,
      url: linker.commit(c.hash),
      subject: c.subject,
      author: c.author.name,
      committer: c.committer.name,
      date: formatCompactDateTime(c.date, tz),
    })),
    reverted: r.reverted,
    deployments: r.deployments.map((d) => ({
      at: formatCompactDateTime(d.at, tz),
      environment: d.environment,
      tier: d.tier,
      status: d.status.replace('_', ' '),
      freeze: d.freeze?.name ?? null,
      actor: d.actor === null ? null : formatActor(d.actor, portal.identities),
      approvers: d.approvers.map((a) => formatActor(a, portal.identities)),
      id: d.id,
      url: deploymentLogUrl(portal, r.project, d.id),
      source: `${d.source.file}${d.source.line !== null ? `:${d.source.line}` : ''}`,
    })),
  };
}
