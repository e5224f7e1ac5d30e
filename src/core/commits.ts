// Commit messages to Changes: Conventional Commits (type, scope, "!", BREAKING CHANGE notes,
// references), git trailers, and revert pairs that cancel inside one release.
import { CommitParser } from 'conventional-commits-parser';
import type { Change, Person, Ref } from '../schemas/commit.ts';
import { classifyHeader, type CommitTypes } from './conventions.ts';
import { pullOfMessage } from './pulls.ts';

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

/** Trailer keys git and forges write: one of them makes a mixed last paragraph a trailer block. */
const KNOWN_TRAILERS =
  /^(signed-off-by|co-authored-by|reviewed-by|acked-by|tested-by|reported-by|suggested-by|helped-by|cc|refs|fixes|closes|changelog|change-id|release-note|see-also|bug)$/i;

/**
 * Git trailers: the message's last paragraph, when (as git interpret-trailers decides) all of its
 * lines are `Key: value` (or continuations), or at least a quarter of them are and one has a key
 * git or a forge writes. The only paragraph of a body is trailers only with such a key, so a body
 * like "Warning: this changes the default port." stays prose.
 */
export function parseTrailers(message: string): { trailers: Record<string, string[]>; start: number } {
  const lines = message.replace(/\s+$/, '').split('\n');
  const none = { trailers: {}, start: lines.length };
  let start = lines.length;
  while (start > 1 && lines[start - 1].trim() !== '') start--;
  // The first paragraph is the subject, never trailers.
  if (start <= 1) return none;
  const block = lines.slice(start);
  const trailers: Record<string, string[]> = {};
  let last: string[] | null = null;
  let matched = 0;
  let known = false;
  for (const line of block) {
    const m = TRAILER.exec(line);
    if (m) {
      (trailers[m[1]] ??= []).push(m[2].trim());
      last = trailers[m[1]];
      matched++;
      known ||= KNOWN_TRAILERS.test(m[1]);
    } else if (/^\s/.test(line) && last) {
      last[last.length - 1] += ` ${line.trim()}`;
      matched++;
    } else {
      last = null;
    }
  }
  const onlyBodyParagraph = lines.slice(1, start).every((l) => l.trim() === '');
  const all = matched === block.length;
  if (!(all && (known || !onlyBodyParagraph)) && !(known && matched * 4 >= block.length)) return none;
  return { trailers, start };
}

/** The hash a revert commit names (`This reverts commit <hash>.`), or null. */
export function revertTarget(message: string): string | null {
  // Only a revert commit (git's `Revert "…"` header or a conventional `revert:`) reverts; a fix that
  // mentions "This reverts commit X partially" in its body does not cancel anything.
  if (!/^\s*(?:Revert "|revert(?:\([^()]*\))?!?:)/i.test(message)) return null;
  return /^This reverts commit ([0-9a-f]{7,64})\.\s*$/im.exec(message)?.[1]?.toLowerCase() ?? null;
}

function toRefs(
  references: {
    issue: string;
    action: string | null;
    owner: string | null;
    repository: string | null;
    raw: string;
    prefix: string;
  }[],
): Ref[] {
  const seen = new Set<string>();
  const refs: Ref[] = [];
  for (const r of references) {
    if (r.prefix !== '#') continue;
    const repository = r.owner && r.repository ? `${r.owner}/${r.repository}` : r.repository || null;
    const key = `${repository ?? ''}#${r.issue}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // `raw` is rebuilt from the parts: the parser's raw text can hold surrounding prose (and addresses).
    refs.push({
      issue: r.issue,
      action: r.action ? r.action.toLowerCase() : null,
      repository,
      raw: `${repository ?? ''}#${r.issue}`,
    });
  }
  return refs;
}

/** How a project's commits are read beyond Conventional Commits (src/core/conventions.ts). */
export interface CommitOptions {
  /** The project's own prefixes and the change types they stand for. */
  commitTypes?: CommitTypes;
}

/**
 * Interprets one raw commit. Pure; never fails: a message that fits no convention has `type: null`
 * and its whole header as the subject.
 */
export function parseCommit(raw: RawCommit, options: CommitOptions = {}): Change {
  const message = raw.message.replace(/\r\n/g, '\n').replace(/^\s*\n/, '');
  const { trailers, start } = parseTrailers(message);
  const lines = message.replace(/\s+$/, '').split('\n');
  const header = (lines[0] ?? '').trim();
  const parsed = parser.parse(message.trim() === '' ? '(no message)' : message);
  const kind = classifyHeader(header, options.commitTypes);
  // `Revert "…"` headers (git's own) are reverts even though they are not conventional.
  const revert = kind.type === null && kind.scope === null && /^Revert "/.test(header);
  const type = revert ? 'revert' : kind.type;
  const breakingNotes = parsed.notes
    // The spec's token is upper-case; "breaking change: none" in prose is not one.
    .filter((n) => /^BREAKING[ -]CHANGE$/.test(n.title))
    .map((n) => n.text.trim())
    .filter((t) => t !== '');
  // `type!:` (Conventional Commits), or a `breaking` type (`breaking: drop Node 18`).
  const headerBreaking = kind.breaking;
  // For a "type!:" header the parser adds the subject itself as a note; it is not a migration note.
  if (headerBreaking && breakingNotes[0] === String(parsed.subject ?? '').trim()) breakingNotes.shift();
  // Body: everything between the header and the trailer block, without the BREAKING CHANGE notes
  // (they are shown as migration notes) and without reference-only footer lines.
  const bodyText = lines.slice(1, Math.min(start, lines.length)).join('\n');
  const body = stripBreakingNotes(bodyText).trim();
  return {
    hash: raw.hash,
    type,
    scope: kind.scope,
    subject: kind.subject,
    body,
    breaking: headerBreaking || breakingNotes.length > 0,
    breakingNotes,
    author: raw.author,
    committer: raw.committer,
    date: raw.authorDate,
    refs: toRefs(parsed.references),
    trailers,
    merge: raw.parents.length > 1,
    pull: pullOfMessage(message, raw.parents.length > 1),
  };
}

/** Removes `BREAKING CHANGE:` paragraphs (to the end of the message body) from a body. */
function stripBreakingNotes(body: string): string {
  const m = /^BREAKING[ -]CHANGE:/m.exec(body);
  return m ? body.slice(0, m.index) : body;
}

export interface Cancelled {
  hash: string;
  subject: string;
  revertedBy: string;
}

/**
 * Reverts inside one release cancel: a commit and the commit that reverts it are both left out
 * of the changes. `changes` is newest first (git log order); the result keeps that order. A revert
 * of a revert brings the original back (and the two reverts cancel). A revert of a commit outside
 * the release stays, as a change of type "revert".
 */
export function cancelReverts(
  changes: Change[],
  messages: Map<string, string>,
): { kept: Change[]; cancelled: Cancelled[] } {
  const live = new Map<string, Change>();
  const dropped = new Map<string, Change>();
  /** revert hash → the hash it cancelled */
  const undid = new Map<string, string>();
  const cancelled: Cancelled[] = [];
  const find = (pool: Map<string, Change>, target: string) => {
    if (pool.has(target)) return pool.get(target);
    for (const [hash, c] of pool) if (hash.startsWith(target)) return c;
    return undefined;
  };
  const cancel = (original: Change, revert: Change) => {
    live.delete(original.hash);
    dropped.set(original.hash, original).set(revert.hash, revert);
    undid.set(revert.hash, original.hash);
    cancelled.push({ hash: original.hash, subject: original.subject, revertedBy: revert.hash });
  };
  // Oldest first, so each revert meets what it reverts.
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i];
    const target = revertTarget(messages.get(c.hash) ?? '');
    const original = target ? find(live, target) : undefined;
    const earlierRevert = target && !original ? find(dropped, target) : undefined;
    if (original) {
      cancel(original, c);
    } else if (earlierRevert && undid.has(earlierRevert.hash)) {
      // c reverts a revert: what that revert undid is back, and the two reverts cancel.
      const restored = dropped.get(undid.get(earlierRevert.hash)!)!;
      dropped.delete(restored.hash);
      live.set(restored.hash, restored);
      cancelled.splice(
        cancelled.findIndex((x) => x.hash === restored.hash),
        1,
      );
      undid.delete(earlierRevert.hash);
      dropped.set(c.hash, c);
      cancelled.push({ hash: earlierRevert.hash, subject: earlierRevert.subject, revertedBy: c.hash });
    } else {
      live.set(c.hash, c);
    }
  }
  return { kept: changes.filter((c) => !dropped.has(c.hash)), cancelled: cancelled.reverse() };
}
