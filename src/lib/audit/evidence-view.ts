// A release's evidence section (internal audience only: for the public it is null): the record's
// digest and links, the tag's signature, the findings, and the records kept when the tag moved.
import type { AuditEvent, Evidence } from '../../schemas/index.ts';
import type { EvidenceEntry } from '../../schemas/evidence.ts';
import { formatDateTime } from '../render/format.ts';
import { shortHash } from '../model/links.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { toFindingView, type FindingView } from './findings.ts';
import { auditPaths } from './paths.ts';
import { toSignatureView, type SignatureView } from './signatures.ts';

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
