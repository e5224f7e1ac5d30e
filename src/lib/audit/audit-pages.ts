// The `/audit/` pages (internal audience only: for the public there are none): the audit chain's
// events, newest first, a page at a time, and every finding of the deployment controls.
import type { AuditEvent } from '../../schemas/index.ts';
import { formatCompactDateTime, type DateView } from '../render/format.ts';
import { shortHash } from '../model/links.ts';
import type { Portal } from '../model/portal.ts';
import { toFindingView, type FindingView } from './findings.ts';
import { auditPaths, releaseOf } from './paths.ts';

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
