// View models of evidence and the audit chain (internal audience only: for the public every
// function here returns nothing). The release's evidence section, the printable evidence page,
// the `/audit/` pages, and the auditor's export of production changes (CSV and JSON) per
// environment and period. Text from repositories and logs stays plain text for pages to escape.
import { isProductionChange } from '../../core/audit/controls.ts';
import { formatActor } from '../../core/identities.ts';
import type { AuditEvent, Deployment, Evidence, Finding, Release, Signature } from '../../schemas/index.ts';
import { toSlug } from '../../schemas/layout.ts';
import type { EvidenceEntry } from '../../schemas/index.ts';
import { dayIn, formatCompactDateTime, formatDateTime, plural, type DateView } from '../render/format.ts';
import { makeLinker, shortHash } from '../model/links.ts';
import type { Portal, ProjectEntry, ReleaseSummary } from '../model/portal.ts';
import { deploymentAnchor } from '../model/urls.ts';

// ---------------------------------------------------------------------------------------------
// URLs (internal pages and files; src/lib/model/urls.ts holds the public contract's)

export const auditPaths = (base: string) => {
  const root = base.endsWith('/') ? base : `${base}/`;
  const seg = encodeURIComponent;
  return {
    audit: `${root}audit/`,
    auditPage: (n: number) => (n <= 1 ? `${root}audit/` : `${root}audit/page/${n}/`),
    changes: `${root}audit/changes/`,
    auditLog: `${root}api/v1/audit.jsonl`,
    evidencePage: (id: string, slug: string) => `${root}projects/${seg(id)}/${seg(slug)}/evidence/`,
    evidenceJson: (id: string, slug: string) =>
      `${root}api/v1/projects/${seg(id)}/evidence/${seg(slug)}.json`,
    supersededJson: (id: string, slug: string, commit: string) =>
      `${root}api/v1/projects/${seg(id)}/evidence/${seg(slug)}/${commit}.json`,
    /** `period` is `all` or `2026-Q3`. */
    changesFile: (environment: string, period: string, ext: 'csv' | 'json') =>
      `${root}api/v1/audit/changes/${seg(environment)}/${period}.${ext}`,
  };
};

/**
 * A project's release of that version: looked up by its slug (a version and its slug are one to
 * one), not by a scan of the project's releases for every event or deployment.
 */
function releaseOf(portal: Portal, project: string, version: string | null): ReleaseSummary | undefined {
  if (version === null) return undefined;
  const release = portal.project(project)?.release(toSlug(version));
  return release?.version === version ? release : undefined;
}

// ---------------------------------------------------------------------------------------------
// Signatures (both audiences: a customer may check that a release was signed)

const SIGNATURE_TEXT: Record<Signature['status'], string> = {
  good: 'Signed, verified',
  bad: 'Signature does not verify',
  'unknown-key': 'Signed by an unknown key',
  unsigned: 'Not signed',
  unchecked: 'Signed, not checked',
};

export interface SignatureView {
  status: Signature['status'];
  text: string;
  /** Who signed and with which key: internal only (a principal is often an e-mail address). */
  detail: string | null;
}

export function toSignatureView(signature: Signature, audience: Portal['audience']): SignatureView {
  const kind = signature.kind === 'ssh' ? 'SSH' : signature.kind === 'gpg' ? 'GPG' : null;
  const parts = [kind, signature.signer, signature.key].filter((x): x is string => x !== null);
  return {
    status: signature.status,
    text:
      signature.status === 'unchecked'
        ? `${SIGNATURE_TEXT.unchecked} (no ${kind ?? ''} keys configured)`.replace('  ', ' ')
        : SIGNATURE_TEXT[signature.status],
    detail:
      audience === 'internal' && signature.status !== 'unsigned' && parts.length ? parts.join(' · ') : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Findings

const CONTROL_TEXT: Record<Finding['control'], string> = {
  sod: 'Segregation of duties',
  approval: 'No approval',
  freeze: 'Deployed in a freeze',
};

export interface FindingView {
  control: Finding['control'];
  title: string;
  message: string;
  /** Compact (a table cell), the full date as its title. */
  at: DateView;
  environment: string;
  deployment: string;
  /** The deployment's row in the log of /environments/, which says everything about it. */
  deploymentUrl: string;
  release: { text: string; url: string } | null;
}

/** A deployment's row in the log of `/environments/`: where a deployment id links to. */
export function deploymentLogUrl(portal: Pick<Portal, 'paths'>, project: string, id: string): string {
  return `${portal.paths.environments}#${deploymentAnchor(project, id)}`;
}

function toFindingView(
  portal: Portal,
  f: Finding,
  project: string,
  release: Pick<Release, 'project' | 'version' | 'slug'> | null,
): FindingView {
  const name = release ? (portal.project(release.project)?.project.name ?? release.project) : null;
  return {
    control: f.control,
    title: CONTROL_TEXT[f.control],
    message: f.message,
    at: formatCompactDateTime(f.at, portal.site.timezone),
    environment: f.environment,
    deployment: f.deployment,
    deploymentUrl: deploymentLogUrl(portal, project, f.deployment),
    release:
      release && name
        ? { text: `${name} ${release.version}`, url: portal.paths.release(release.project, release.slug) }
        : null,
  };
}

// ---------------------------------------------------------------------------------------------
// A release's evidence section and printable page

export interface EvidenceView {
  sha256: string;
  pageUrl: string;
  jsonUrl: string;
  signature: SignatureView;
  findings: FindingView[];
  /** Records of this version kept when its tag moved or vanished. */
  superseded: { commit: string; short: string; sha256: string; url: string; why: string }[];
  record: Evidence;
}

export function toEvidenceView(
  portal: Portal,
  entry: ProjectEntry,
  release: ReleaseSummary,
): EvidenceView | null {
  if (portal.audience !== 'internal') return null;
  const e = entry.evidence(release.slug);
  if (!e) return null;
  const paths = auditPaths(portal.paths.home);
  const events = portal.audit.filter(
    (a) =>
      a.project === release.project &&
      a.version === release.version &&
      (a.kind === 'tag.moved' || a.kind === 'tag.deleted'),
  );
  return {
    sha256: e.sha256,
    pageUrl: paths.evidencePage(release.project, release.slug),
    jsonUrl: paths.evidenceJson(release.project, release.slug),
    signature: toSignatureView(e.record.tag.signature, portal.audience),
    findings: e.record.findings.map((f) => toFindingView(portal, f, release.project, release)),
    superseded: entry.superseded(release.slug).map((s: EvidenceEntry) => {
      const event = events.find(
        (a) => (a.kind === 'tag.moved' ? a.data.from : a.data.commit) === s.record.tag.commit,
      );
      const when = event ? formatDateTime(event.at, portal.site.timezone).text : 'an earlier harvest';
      return {
        commit: s.record.tag.commit,
        short: shortHash(s.record.tag.commit),
        sha256: s.sha256,
        url: paths.supersededJson(release.project, release.slug, s.record.tag.commit),
        why: formatSupersededWhy(s.record.tag.name, s.record.tag.commit, e.record.tag.commit, when, event),
      };
    }),
    record: e.record,
  };
}

/**
 * Why a kept record exists, said on the page of the commit the tag points at now: it names the
 * commit the tag pointed at before (the kept record's), never "here", and says "this commit" when
 * the move led to the current one (a tag moved twice names the intermediate commit instead).
 */
export function formatSupersededWhy(
  tag: string,
  before: string,
  current: string,
  when: string,
  event: AuditEvent | undefined,
): string {
  const seq = event ? ` (audit event ${event.seq})` : '';
  if (event?.kind === 'tag.moved') {
    const to = String(event.data.to);
    const target = to === current ? `this commit (${shortHash(to)})` : shortHash(to);
    return `The tag ${tag} pointed at ${shortHash(before)} until ${when}, when it moved to ${target}${seq}.`;
  }
  if (event?.kind === 'tag.deleted')
    return `The tag ${tag} pointed at ${shortHash(before)} until ${when}, when it was deleted${seq}.`;
  return `The tag ${tag} pointed at ${shortHash(before)} until ${when}${seq}.`;
}

// ---------------------------------------------------------------------------------------------
// The `/audit/` pages

export const EVENTS_PER_PAGE = 100;

export interface AuditEventView {
  seq: number;
  at: DateView;
  kind: AuditEvent['kind'];
  /** `api 2.3.0`, linked to the release when it still exists. */
  subject: { text: string; url: string | null };
  summary: string;
  hash: string;
  short: string;
  /** The event's own row (`#event-<seq>`): its hash links there, a link to quote. */
  anchor: string;
}

export interface AuditView {
  events: number;
  head: string | null;
  /** The newest event's row, on the first page (the head is its hash). */
  headUrl: string | null;
  timeZone: string;
  findings: FindingView[];
  page: {
    number: number;
    count: number;
    items: AuditEventView[];
    newer: string | null;
    older: string | null;
  };
  links: { log: string; changes: string };
}

/** `/audit/changes/`: the export files per environment and period, and every production change. */
export interface ChangesView {
  exports: {
    environment: string;
    periods: { period: string; label: string; count: number; csv: string; json: string }[];
  }[];
  changes: ChangeRowView[];
}

/** One row of `/audit/changes/`: a production change with what the table links to. */
export interface ChangeRowView extends ProductionChange {
  /** Compact, the full date as its title. */
  at: DateView;
  /** The deployment's row in the log of /environments/. */
  deploymentUrl: string;
  /** The first 12 hex digits of the evidence digest. */
  evidenceShort: string | null;
}

/** The pages of `/audit/`: page 1 is `/audit/`, then `/audit/page/2/`… (newest events first). */
export function auditPageCount(portal: Portal): number {
  return Math.max(1, Math.ceil(portal.audit.length / EVENTS_PER_PAGE));
}

export function toAuditView(portal: Portal, pageNumber: number): AuditView | null {
  if (portal.audience !== 'internal') return null;
  const paths = auditPaths(portal.paths.home);
  const count = auditPageCount(portal);
  const newestFirst = [...portal.audit].reverse();
  const items = newestFirst
    .slice((pageNumber - 1) * EVENTS_PER_PAGE, pageNumber * EVENTS_PER_PAGE)
    .map((e) => toEventView(portal, e));
  const findings = portal.audit
    .filter(
      (e) => e.kind === 'sod.violation' || e.kind === 'approval.missing' || e.kind === 'freeze.violation',
    )
    .reverse()
    .map((e) => {
      const control =
        e.kind === 'sod.violation' ? 'sod' : e.kind === 'approval.missing' ? 'approval' : 'freeze';
      const release = releaseOf(portal, e.project, e.version) ?? null;
      return toFindingView(
        portal,
        {
          control,
          deployment: String(e.data.deployment ?? ''),
          environment: String(e.data.environment ?? ''),
          at: e.at,
          message: String(e.data.message ?? ''),
        },
        e.project,
        release,
      );
    });
  return {
    events: portal.audit.length,
    head: portal.audit.at(-1)?.hash ?? null,
    headUrl: portal.audit.length ? `${paths.auditPage(1)}#event-${portal.audit.at(-1)!.seq}` : null,
    timeZone: portal.site.timezone,
    findings,
    page: {
      number: pageNumber,
      count,
      items,
      newer: pageNumber > 1 ? paths.auditPage(pageNumber - 1) : null,
      older: pageNumber < count ? paths.auditPage(pageNumber + 1) : null,
    },
    links: { log: paths.auditLog, changes: paths.changes },
  };
}

function toEventView(portal: Portal, e: AuditEvent): AuditEventView {
  const release = releaseOf(portal, e.project, e.version);
  const name = portal.project(e.project)?.project.name ?? e.project;
  return {
    seq: e.seq,
    at: formatCompactDateTime(e.at, portal.site.timezone),
    kind: e.kind,
    subject: {
      text: e.version === null ? `${name} (unknown version)` : `${name} ${e.version}`,
      url: release ? portal.paths.release(release.project, release.slug) : null,
    },
    summary: summarize(e),
    hash: e.hash,
    short: e.hash.slice(0, 12),
    anchor: `event-${e.seq}`,
  };
}

/** One sentence per event, from its data (plain text). */
export function summarize(e: AuditEvent): string {
  const d = e.data as Record<string, unknown>;
  const s = (k: string) => String(d[k] ?? '');
  switch (e.kind) {
    case 'release.published':
      return `Tag ${s('tag')} at ${shortHash(s('commit'))}; signature ${s('signature')}; evidence ${s('evidence').slice(0, 12)}…`;
    case 'tag.moved':
      return `Tag ${s('tag')} moved from ${shortHash(s('from'))} to ${shortHash(s('to'))}; the earlier record is kept.`;
    case 'tag.deleted':
      return `Tag ${s('tag')} (at ${shortHash(s('commit'))}) was deleted; its record is kept.`;
    case 'evidence.updated':
      return `Evidence changed from ${s('from').slice(0, 12) || 'none'}… to ${s('to').slice(0, 12)}…`;
    case 'sod.violation':
    case 'approval.missing':
    case 'freeze.violation':
      return s('message');
    default: {
      const approvers =
        Array.isArray(d.approvers) && d.approvers.length
          ? `, approved by ${(d.approvers as string[]).join(', ')}`
          : ', no approval';
      return `${s('status').replace('_', ' ')} in ${s('environment')} by ${d.actor ?? 'an unknown actor'}${approvers} (deployment ${s('deployment')})`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The auditor's export: every production change, per environment and quarter

export interface ProductionChange {
  project: string;
  version: string | null;
  tag: string | null;
  commit: string | null;
  environment: string;
  status: Deployment['status'];
  deployedAt: string;
  /**
   * As recorded; `Erin Hoffmann (erin)` where the config's `identities` maps the recorded name to
   * a person (the same for `approvers`).
   */
  deployer: string | null;
  approvers: string[];
  /** Authors of the release's commits, by name (a configured person's display name). */
  authors: string[];
  commitCount: number | null;
  findings: string[];
  deployment: string;
  /** Root-relative links into the internal portal that holds the export. */
  release: string | null;
  evidence: string | null;
  evidenceSha256: string | null;
}

/** `2026-Q3` in the portal's time zone. */
export function quarterOf(iso: string, timeZone: string): string {
  const day = dayIn(iso, timeZone);
  return `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** Every production deployment except cancelled ones, oldest first, with what the evidence says of it. */
export function productionChanges(portal: Portal): ProductionChange[] {
  if (portal.audience !== 'internal') return [];
  const paths = auditPaths(portal.paths.home);
  return portal.deployments.filter(isProductionChange).map((d) => {
    const entry = portal.project(d.project);
    const release = releaseOf(portal, d.project, d.version);
    const evidence = release && entry ? entry.evidence(release.slug) : null;
    // The evidence record (in memory) lists the release's commits; only without one is the
    // release's file read. Many deployments name one release.
    const commits = evidence ? evidence.record.commits : release ? portal.record(release).changes : [];
    // People of the config's `identities` by their display name, once however many names they used.
    const people = portal.identities;
    const authors = [...new Set(commits.map((c) => people.ofPerson(c.author)?.name ?? c.author.name))].sort();
    return {
      project: d.project,
      version: d.version,
      tag: release?.tag ?? null,
      commit: release?.commit ?? null,
      environment: d.environment,
      status: d.status,
      deployedAt: d.at,
      deployer: d.actor === null ? null : formatActor(d.actor, people),
      approvers: d.approvers.map((a) => formatActor(a, people)),
      authors,
      commitCount: release?.commitCount ?? null,
      findings: (evidence?.record.findings ?? []).filter((f) => f.deployment === d.id).map((f) => f.message),
      deployment: d.id,
      // Root-relative: the internal portal is usually not hosted at `site` (the public portal's address).
      release: release ? portal.paths.release(release.project, release.slug) : null,
      evidence: release && evidence ? paths.evidenceJson(release.project, release.slug) : null,
      evidenceSha256: evidence?.sha256 ?? null,
    };
  });
}

/** The export files: per production environment, `all` and each quarter with changes. */
export function exportFiles(
  portal: Portal,
  rows: ProductionChange[] = productionChanges(portal),
): { environment: string; period: string; rows: ProductionChange[] }[] {
  const out: { environment: string; period: string; rows: ProductionChange[] }[] = [];
  for (const environment of [...new Set(rows.map((r) => r.environment))].sort()) {
    const own = rows.filter((r) => r.environment === environment);
    out.push({ environment, period: 'all', rows: own });
    for (const period of [...new Set(own.map((r) => quarterOf(r.deployedAt, portal.site.timezone)))].sort()) {
      out.push({
        environment,
        period,
        rows: own.filter((r) => quarterOf(r.deployedAt, portal.site.timezone) === period),
      });
    }
  }
  return out;
}

/** The view of `/audit/changes/`, from one pass over the production changes. Null for the public. */
export function toChangesView(portal: Portal): ChangesView | null {
  if (portal.audience !== 'internal') return null;
  const changes = productionChanges(portal);
  const paths = auditPaths(portal.paths.home);
  const byEnv = new Map<string, ChangesView['exports'][number]['periods']>();
  for (const f of exportFiles(portal, changes)) {
    const list = byEnv.get(f.environment) ?? [];
    list.push({
      period: f.period,
      label: f.period === 'all' ? 'All time' : f.period.replace('-', ' '),
      count: f.rows.length,
      csv: paths.changesFile(f.environment, f.period, 'csv'),
      json: paths.changesFile(f.environment, f.period, 'json'),
    });
    byEnv.set(f.environment, list);
  }
  const rows = changes.map((c): ChangeRowView => ({
    ...c,
    at: formatCompactDateTime(c.deployedAt, portal.site.timezone),
    deploymentUrl: deploymentLogUrl(portal, c.project, c.deployment),
    evidenceShort: c.evidenceSha256?.slice(0, 12) ?? null,
  }));
  return { exports: [...byEnv].map(([environment, periods]) => ({ environment, periods })), changes: rows };
}

const CSV_COLUMNS: (keyof ProductionChange)[] = [
  'deployedAt',
  'environment',
  'project',
  'version',
  'tag',
  'commit',
  'status',
  'deployer',
  'approvers',
  'authors',
  'commitCount',
  'findings',
  'deployment',
  'release',
  'evidence',
  'evidenceSha256',
];

/**
 * RFC 4180 CSV with a header row. A cell that a spreadsheet would run as a formula (`=`, `+`, `-`,
 * `@`, tab, CR at the start) is prefixed with `'`: log text must not become a formula on an
 * auditor's machine. Lists are joined with "; ".
 */
export function toCsv(rows: ProductionChange[]): string {
  const cell = (v: unknown) => {
    let text = v === null ? '' : Array.isArray(v) ? v.join('; ') : String(v);
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return (
    [CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join('\r\n') +
    '\r\n'
  );
}

// ---------------------------------------------------------------------------------------------
// The printable evidence page

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
