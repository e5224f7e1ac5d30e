// The auditor's export of production changes (internal audience only): every production
// deployment with what the evidence says of it, as CSV and JSON files per environment and
// quarter, and the `/audit/changes/` page that lists them.
import { isProductionChange } from '../../core/audit/controls.ts';
import { formatActor } from '../../core/identities.ts';
import type { Deployment } from '../../schemas/index.ts';
import { formatCompactDateTime, type DateView } from '../render/format.ts';
import { toZonedDate } from '../model/civil-date.ts';
import type { Portal } from '../model/portal.ts';
import { auditPaths, deploymentLogUrl, releaseOf } from './paths.ts';

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
  const day = toZonedDate(iso, timeZone);
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

/** `/audit/changes/`: the export files per environment and period, and every production change. */
export interface ProductionChangesView {
  exports: {
    environment: string;
    periods: { period: string; label: string; count: number; csv: string; json: string }[];
  }[];
  changes: ProductionChangeRowView[];
}

/** One row of `/audit/changes/`: a production change with what the table links to. */
export interface ProductionChangeRowView extends ProductionChange {
  /** Compact, the full date as its title. */
  at: DateView;
  /** The deployment's row in the log of /environments/. */
  deploymentUrl: string;
  /** The first 12 hex digits of the evidence digest. */
  evidenceShort: string | null;
}

/** The view of `/audit/changes/`, from one pass over the production changes. Null for the public. */
export function toProductionChangesView(portal: Portal): ProductionChangesView | null {
  if (portal.audience !== 'internal') return null;
  const changes = productionChanges(portal);
  const paths = auditPaths(portal.paths.home);
  const byEnv = new Map<string, ProductionChangesView['exports'][number]['periods']>();
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
  const rows = changes.map((c): ProductionChangeRowView => ({
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
