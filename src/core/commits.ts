// Commit messages to Changes: Conventional Commits (type, scope, "!", BREAKING CHANGE notes,
// references), git trailers, and revert pairs that cancel inside one release.
import { CommitParser } from 'conventional-commits-parser';
import type { Change, Person, Ref } from '../schemas/commit.ts';

/** A commit as the git reader returns it, before any interpretation. */
export interface RawCommit {
  hash: string;
  parents: string[];
  author: Person;
  authorDate: string;
  committer: Person;
  committerDate: string;
  /** The full message (`%B`). */
  message: string;
}

const parser = new CommitParser({
  headerPattern: /^(\w+)(?:\(([^()]*)\))?: (.+)$/,
  breakingHeaderPattern: /^(\w+)(?:\(([^()]*)\))?!: (.+)$/,
  headerCorrespondence: ['type', 'scope', 'subject'],
  noteKeywords: ['BREAKING CHANGE', 'BREAKING-CHANGE'],
  revertPattern: /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w+)\.?/i,
  revertCorrespondence: ['header', 'hash'],
  issuePrefixes: ['#'],
});

/** Git trailers: the message's last paragraph when every line of it is `Key: value` (or a continuation). */
const TRAILER = /^([A-Za-z0-9][A-Za-z0-9-]*):\s+(.*)$/;

export function parseTrailers(message: string): { trailers: Record<string, string[]>; start: number } {
  const lines = message.replace(/\s+$/, '').split('\n');
  let start = lines.length;
  while (start > 1 && lines[start - 1].trim() !== '') start--;
  // The first paragraph is the subject, never trailers.
  if (start <= 1) return { trailers: {}, start: lines.length };
  // Like git interpret-trailers, a last paragraph with other lines still counts when most of its
  // lines are trailers (real messages mix "Closes #12" lines with Signed-off-by).
  const block = lines.slice(start);
  const trailers: Record<string, string[]> = {};
  let last: string[] | null = null;
  let matched = 0;
  for (const line of block) {
    const m = TRAILER.exec(line);
    if (m) {
      (trailers[m[1]] ??= []).push(m[2].trim());
      last = trailers[m[1]];
      matched++;
    } else if (/^\s/.test(line) && last) {
      last[last.length - 1] += ` ${line.trim()}`;
      matched++;
    } else {
      last = null;
    }
  }
  if (matched * 2 < block.length || matched === 0) return { trailers: {}, start: lines.length };
  return { trailers, start };
}

/** The hash a revert commit names (`This reverts commit <hash>.`), or null. */
export function revertTarget(message: string): string | null {
  return /This reverts commit ([0-9a-f]{7,64})\b/i.exec(message)?.[1]?.toLowerCase() ?? null;
}

function toRefs(references: { issue: string; action: string | null; owner: string | null; repository: string | null; raw: string; prefix: string }[]): Ref[] {
  const seen = new Set<string>();
  const refs: Ref[] = [];
  for (const r of references) {
    if (r.prefix !== '#') continue;
    const repository = r.owner && r.repository ? `${r.owner}/${r.repository}` : r.repository || null;
    const key = `${repository ?? ''}#${r.issue}`;
    if (seen.has(key)) continue;
    seen.add(key);
    refs.push({ issue: r.issue, action: r.action ? r.action.toLowerCase() : null, repository, raw: r.raw.replace(/^[\s,;:]+/, '').trim() });
  }
  return refs;
}

/** Interprets one raw commit. Pure; never fails: a message that is not conventional has `type: null`. */
export function parseCommit(raw: RawCommit): Change {
  const message = raw.message.replace(/\r\n/g, '\n').replace(/^\s*\n/, '');
  const { trailers, start } = parseTrailers(message);
  const lines = message.replace(/\s+$/, '').split('\n');
  const header = (lines[0] ?? '').trim();
  const parsed = parser.parse(message.trim() === '' ? '(no message)' : message);
  const conventional = typeof parsed.type === 'string' && parsed.type ? parsed.type.toLowerCase() : null;
  // `Revert "…"` headers (git's own) are reverts even though they are not conventional.
  const type = conventional ?? (parsed.revert ? 'revert' : null);
  const breakingNotes = parsed.notes
    .filter((n) => /^BREAKING[ -]CHANGE$/i.test(n.title))
    .map((n) => n.text.trim())
    .filter((t) => t !== '');
  const headerBreaking = conventional !== null && /^\w+(?:\([^()]*\))?!:/.test(header);
  // For a "type!:" header the parser adds the subject itself as a note; it is not a migration note.
  if (headerBreaking && breakingNotes[0] === String(parsed.subject ?? '').trim()) breakingNotes.shift();
  // Body: everything between the header and the trailer block, without the BREAKING CHANGE notes
  // (they are shown as migration notes) and without reference-only footer lines.
  const bodyText = lines.slice(1, Math.min(start, lines.length)).join('\n');
  const body = stripBreakingNotes(bodyText).trim();
  return {
    hash: raw.hash,
    type,
    scope: conventional && typeof parsed.scope === 'string' && parsed.scope ? parsed.scope : null,
    subject: conventional && typeof parsed.subject === 'string' ? parsed.subject.trim() : header,
    body,
    breaking: headerBreaking || breakingNotes.length > 0,
    breakingNotes,
    author: raw.author,
    committer: raw.committer,
    date: raw.authorDate,
    refs: toRefs(parsed.references),
    trailers,
    merge: raw.parents.length > 1,
  };
}

/** Removes `BREAKING CHANGE:` paragraphs (to the end of the message body) from a body. */
function stripBreakingNotes(body: string): string {
  const m = /^BREAKING[ -]CHANGE:/im.exec(body);
  return m ? body.slice(0, m.index) : body;
}

export interface Cancelled {
  hash: string;
  subject: string;
  revertedBy: string;
}

/**
 * Reverts inside one release cancel: a commit and the commit that reverts it are both left out
 * of the changes. `changes` is newest first (git log order); the result keeps that order.
 * A revert of a commit outside the release stays, as a change of type "revert".
 */
export function cancelReverts(changes: Change[], messages: Map<string, string>): { kept: Change[]; cancelled: Cancelled[] } {
  const live = new Map<string, Change>();
  const dropped = new Set<string>();
  const cancelled: Cancelled[] = [];
  const findLive = (target: string) => {
    if (live.has(target)) return live.get(target);
    for (const [hash, c] of live) if (hash.startsWith(target)) return c;
    return undefined;
  };
  // Oldest first, so a revert of a revert brings the original back.
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i];
    const target = revertTarget(messages.get(c.hash) ?? '');
    const reverted = target ? findLive(target) : undefined;
    if (reverted && !dropped.has(reverted.hash)) {
      live.delete(reverted.hash);
      dropped.add(reverted.hash).add(c.hash);
      cancelled.push({ hash: reverted.hash, subject: reverted.subject, revertedBy: c.hash });
    } else {
      live.set(c.hash, c);
    }
  }
  return { kept: changes.filter((c) => !dropped.has(c.hash)), cancelled: cancelled.reverse() };
}
