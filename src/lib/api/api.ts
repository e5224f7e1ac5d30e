// The JSON API, `/api/v1/…` (docs/site.md). Field names and shapes are the contract.
// `url` is absolute when site.json has `site`, else root-relative. Public audience: people are
// names only and repository texts have e-mail addresses redacted; internal adds `email`.
// Written as `JSON.stringify(x, null, 2) + "\n"` so the same data gives the same bytes. The
// `sbom` field is src/lib/api/release-sbom.ts `toApiSbom`: the portal already left out, for the public,
// internal components and what names them. Deployments are internal only: for the public audience
// there is no `/api/v1/deployments.json` and a release has no `deployments` key at all.
import type { Change, Contributor, Deployment, Notes, Signature } from '../../schemas/index.ts';
import { auditPaths } from '../audit/paths.ts';
import { orderChanges } from '../../core/notes.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { makeRedactor, type Redact } from '../../core/privacy.ts';
import { toApiSbom, type ApiSbom } from './release-sbom.ts';
import { absoluteUrl } from '../model/urls.ts';

export interface ApiIndex {
  projects: { id: string; name: string; latest: string | null; releaseCount: number; url: string }[];
}

export interface ApiReleaseSummary {
  version: string;
  tag: string;
  date: string;
  commit: string;
  previous: string | null;
  prerelease: boolean;
  commitCount: number;
  breakingCount: number;
  url: string;
}

export interface ApiPerson {
  name: string;
  /** Internal audience only. */
  email?: string;
}

export interface ApiChange {
  hash: string;
  type: string | null;
  scope: string | null;
  subject: string;
  breaking: boolean;
  author: ApiPerson;
  refs: Change['refs'];
  /** The pull request that merged the change, or null. */
  pull: Change['pull'];
}

export interface ApiContributor extends ApiPerson {
  commits: number;
  firstTime: boolean;
  /** An automated account (listed after the people). */
  bot: boolean;
}

export interface ApiRelease extends ApiReleaseSummary {
  changes: ApiChange[];
  contributors: ApiContributor[];
  notes: Notes;
  /** The release's bill of materials; null when it has none. */
  sbom: ApiSbom | null;
  /** Internal audience only (absent for the public): every deployment of this release, in list order. */
  deployments?: ApiDeployment[];
  /** The tag's signature as git verified it; who signed and the key are internal only. */
  signature: {
    status: Signature['status'];
    kind: Signature['kind'];
    signer?: string | null;
    key?: string | null;
  };
  /** Internal audience only: the SHA-256 of the evidence record (`evidence/<version>.json`), or null when there is none. */
  evidence?: { sha256: string; url: string } | null;
}

/** One record of `/api/v1/deployments.json` (docs/deployments.md). */
export interface ApiDeployment {
  id: string;
  project: string;
  /** The release deployed, or null when the record matched none. */
  version: string | null;
  environment: string;
  status: Deployment['status'];
  at: string;
  actor: string | null;
  approvers: string[];
  /** As the log wrote it (data, not a link: consumers check the scheme before following it). */
  url: string | null;
  /** Where the record came from: the file relative to the config, and its line when it has lines. */
  source: { format: Deployment['source']['format']; file: string; line: number | null };
  /** The freeze window it finished in, or null. */
  freeze: { name: string } | null;
}

export function toApiIndex(portal: Portal): ApiIndex {
  return {
    projects: portal.projects.map(({ project }) => ({
      id: project.id,
      name: project.name,
      latest: project.latest,
      releaseCount: project.releaseCount,
      url: absoluteUrl(portal.paths.project(project.id), portal.site.site),
    })),
  };
}

export function toApiReleaseSummary(portal: Portal, release: ReleaseSummary): ApiReleaseSummary {
  return {
    version: release.version,
    tag: release.tag,
    date: release.date,
    commit: release.commit,
    previous: release.previous,
    prerelease: release.prerelease,
    commitCount: release.commitCount,
    breakingCount: release.breakingCount,
    url: absoluteUrl(portal.paths.release(release.project, release.slug), portal.site.site),
  };
}

/** Newest first, as the project page lists them. */
export function toApiReleaseList(portal: Portal, entry: ProjectEntry): ApiReleaseSummary[] {
  return entry.releases.map((r) => toApiReleaseSummary(portal, r));
}

export function toApiRelease(portal: Portal, release: ReleaseSummary): ApiRelease {
  const record = portal.record(release);
  const redact = makeRedactor(portal.audience);
  const internal = portal.audience === 'internal';
  const person = (p: { name: string; email: string }): ApiPerson =>
    internal ? { name: p.name, email: p.email } : { name: redact(p.name) };
  const entry = portal.project(release.project);
  return {
    ...toApiReleaseSummary(portal, release),
    // In page order: breaking first, then by group (src/core/notes.ts).
    changes: orderChanges(record.changes).map((c) => ({
      hash: c.hash,
      type: c.type,
      scope: c.scope === null ? null : redact(c.scope),
      subject: redact(c.subject),
      breaking: c.breaking,
      author: person(c.author),
      refs: c.refs.map((r) => ({ issue: r.issue, action: r.action, repository: r.repository, raw: r.raw })),
      pull: c.pull === null ? null : { id: c.pull.id, raw: c.pull.raw },
    })),
    contributors: record.contributors.map((c: Contributor) => ({
      ...person(c),
      commits: c.commits,
      firstTime: c.firstTime,
      bot: c.bot,
    })),
    notes: redactNotes(record.notes, redact),
    sbom: entry ? toApiSbom(portal, entry, release, (path) => absoluteUrl(path, portal.site.site)) : null,
    ...(internal && entry ? { deployments: entry.deployments(release.version).map(toApiDeployment) } : {}),
    signature: internal
      ? { ...release.signature }
      : { status: release.signature.status, kind: release.signature.kind },
    ...(internal && entry ? { evidence: evidenceOf(portal, entry, release) } : {}),
  };
}

function evidenceOf(portal: Portal, entry: ProjectEntry, release: ReleaseSummary): ApiRelease['evidence'] {
  const e = entry.evidence(release.slug);
  return e
    ? {
        sha256: e.sha256,
        url: absoluteUrl(
          auditPaths(portal.paths.home).evidenceJson(release.project, release.slug),
          portal.site.site,
        ),
      }
    : null;
}

/**
 * `/api/v1/deployments.json`: every deployment of every project, unknown versions included, in the
 * order the environments page lists them (by `at`, then id). Null for the public audience, for
 * which the route makes no file.
 */
export function toApiDeployments(portal: Portal): ApiDeployment[] | null {
  if (portal.audience !== 'internal') return null;
  return portal.deployments.map(toApiDeployment);
}

function toApiDeployment(d: Deployment): ApiDeployment {
  return {
    id: d.id,
    project: d.project,
    version: d.version,
    environment: d.environment,
    status: d.status,
    at: d.at,
    actor: d.actor,
    approvers: [...d.approvers],
    url: d.url,
    source: { format: d.source.format, file: d.source.file, line: d.source.line },
    freeze: d.freeze === null ? null : { name: d.freeze.name },
  };
}

function redactNotes(notes: Notes, redact: Redact): Notes {
  const maybe = (s: string | null) => (s === null ? null : redact(s));
  return {
    best: notes.best,
    overlay: maybe(notes.overlay),
    highlights: notes.highlights.map(redact),
    changelog: maybe(notes.changelog),
    tag: maybe(notes.tag),
    commits: redact(notes.commits),
  };
}

/** The bytes of a JSON file. */
export function serializeJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

export function jsonResponse(value: unknown): Response {
  return new Response(serializeJson(value), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
}
