// The changes of a release or of the advance notice as pages show them: grouped by
// src/core/notes.ts groupChanges, breaking changes first, each linked to the forge. Text from
// repositories stays plain text here (pages escape it with `{}`), except what went through
// src/lib/render/markdown.ts and is typed `SafeHtml`. For the public audience every repository text
// has e-mail addresses redacted first (src/core/privacy.ts).
import type { Change, Contributor } from '../../schemas/index.ts';
import { coAuthorsOf, personKeys } from '../../core/people.ts';
import { groupChanges, groupTitleOf } from '../../core/notes.ts';
import { splitInlineCode, type InlineSegment } from '../render/inline-code.ts';
import { shortHash, type Linker } from '../model/links.ts';
import { renderMarkdown, type SafeHtml } from '../render/markdown.ts';
import type { Redact } from '../../core/privacy.ts';

export interface ChangeView {
  hash: string;
  short: string;
  /** Link to the commit on the forge, or null without a usable `links.commit`. */
  url: string | null;
  type: string | null;
  /** The group a breaking change would otherwise be listed in (`Features`). */
  groupTitle: string;
  scope: string | null;
  subject: string;
  /** The subject with its backtick code spans apart, for `<code>` (src/lib/render/inline-code.ts). */
  subjectParts: InlineSegment[];
  breaking: boolean;
  /** A release-bump commit (`chore(release): 2.0.0`): listed like every commit, shown muted. */
  releaseBump: boolean;
  author: string;
  /**
   * The people its `Co-authored-by:` trailers credit, by the name the contributors list gives them:
   * the list counts them for this commit, so the commit names them (and no other commit does).
   */
  coAuthors: string[];
  /** The pull request that merged the change (`#16119`, `!42`), linked with the project's templates. */
  pull: { text: string; url: string | null } | null;
  refs: { text: string; url: string | null }[];
  /** The commit body, rendered; null when empty. */
  body: SafeHtml | null;
  /** Rendered `BREAKING CHANGE:` notes. */
  migration: SafeHtml[];
}

export interface ChangesView {
  count: number;
  breaking: ChangeView[];
  groups: { key: string; title: string; changes: ChangeView[] }[];
}

export function toChangesView(
  changes: readonly Change[],
  linker: Linker,
  redact: Redact,
  contributors: readonly Pick<Contributor, 'name' | 'email'>[] = [],
): ChangesView {
  // A co-author by the name the release's contributors list shows for the same person.
  const byKey = new Map<string, string>();
  for (const c of contributors) for (const k of personKeys(c)) if (!byKey.has(k)) byKey.set(k, c.name);
  const nameOf = (p: { name: string; email: string }) =>
    personKeys(p)
      .map((k) => byKey.get(k))
      .find((n) => n !== undefined) ?? p.name;
  const view = (c: Change): ChangeView => ({
    hash: c.hash,
    short: shortHash(c.hash),
    url: linker.commit(c.hash),
    type: c.type,
    groupTitle: groupTitleOf(c.type),
    scope: c.scope === null ? null : redact(c.scope),
    subject: redact(c.subject),
    subjectParts: splitInlineCode(redact(c.subject)),
    breaking: c.breaking,
    releaseBump: isReleaseBump(c),
    author: redact(c.author.name),
    coAuthors: [...new Set(coAuthorsOf(c).map((p) => redact(nameOf(p))))].filter(
      (n) => n !== '' && n !== redact(c.author.name),
    ),
    pull: c.pull ? { text: c.pull.raw, url: linker.pull(c.pull) } : null,
    // A squash merge's subject names its pull request already; it is not listed twice.
    refs: c.refs
      .filter((ref) => !(c.pull && ref.repository === null && `#${ref.issue}` === c.pull.raw))
      .map((ref) => ({ text: ref.raw, url: linker.issue(ref) })),
    body:
      c.body.trim() === ''
        ? null
        : renderMarkdown(c.body, { redact, headingLevel: 5, idPrefix: `c${shortHash(c.hash)}-` }),
    migration: c.breakingNotes.map((note, i) =>
      renderMarkdown(note, { redact, headingLevel: 5, idPrefix: `m${shortHash(c.hash)}-${i}-` }),
    ),
  });
  const grouped = groupChanges(changes);
  return {
    count: grouped.breaking.length + grouped.groups.reduce((n, g) => n + g.changes.length, 0),
    breaking: grouped.breaking.map(view),
    groups: grouped.groups.map((g) => ({ key: g.key, title: g.title, changes: g.changes.map(view) })),
  };
}

/**
 * The commit that only sets the version for a release (`chore(release): 2.0.0`, `release: v1.2.0`,
 * `Bump version to 1.2.0`). Never a breaking one: that would hide what it breaks.
 */
export function isReleaseBump(c: Pick<Change, 'type' | 'scope' | 'subject' | 'breaking'>): boolean {
  if (c.breaking) return false;
  const type = c.type?.toLowerCase() ?? null;
  if (type !== null && !['chore', 'release', 'build', 'ci'].includes(type)) return false;
  const subject = c.subject.trim();
  const version = /^v?\d+(?:\.\d+)+(?:[-+][0-9A-Za-z.+-]*)?$/;
  if (type === 'release' || c.scope?.toLowerCase() === 'release') return true;
  if (type === 'chore' && version.test(subject)) return true;
  // The pull request changesets' action opens to publish (its title, then its merge's subject).
  if (/^version packages(?: \(.*\))?$/i.test(subject)) return true;
  return /^(?:release|releasing|bump(?:ed)? (?:the )?version(?: to)?|prepare(?:d)? release|version)\s+v?\d+(?:\.\d+)+\S*$/i.test(
    subject,
  );
}
