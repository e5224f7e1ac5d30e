// People (docs/releases-from-git.md, "People"): who wrote a release. Each author and
// `Co-authored-by:` person is first mapped through the repository's `.mailmap` as it read at the
// tag, exactly as `git log --use-mailmap` maps them (gitmailmap(5)); the mapped identities are then
// one person when they share a name or an e-mail address; automated accounts are marked as bots.
// Pure: the git reader hands in the `.mailmap` text, the config the bot patterns.
import type { Person } from '../schemas/commit.ts';
import { NO_IDENTITIES, type IdentityMap } from './identities.ts';
import { compareCodeUnits } from './compare.ts';

/** What a `.mailmap` line maps to; null keeps that part as the commit has it. */
interface MailmapInfo {
  name: string | null;
  email: string | null;
}

/** One commit e-mail address: what it maps to, and what it maps to together with a commit name. */
interface MailmapEntry extends MailmapInfo {
  byName: Map<string, MailmapInfo>;
}

/** A parsed `.mailmap`, keyed by the lower-cased commit e-mail (git compares both ignoring case). */
export type Mailmap = ReadonlyMap<string, MailmapEntry>;

/** `Name <email>` at the start of `text`: the trimmed name (null when empty), the address, and the rest. */
function nameAndEmail(
  text: string,
  allowEmptyEmail: boolean,
): { name: string | null; email: string; rest: string } | null {
  const left = text.indexOf('<');
  if (left < 0) return null;
  const right = text.indexOf('>', left + 1);
  if (right < 0 || (!allowEmptyEmail && right === left + 1)) return null;
  const name = text.slice(0, left).trim();
  return { name: name === '' ? null : name, email: text.slice(left + 1, right), rest: text.slice(right + 1) };
}

/**
 * A `.mailmap` file, read as git reads it (mailmap.c, read_mailmap_line): each line is
 * `Proper Name <commit@email>`, `<proper@email> <commit@email>`, `Proper Name <proper@email>
 * <commit@email>` or `Proper Name <proper@email> Commit Name <commit@email>`; a line starting with
 * `#` is a comment, and text after the last address is ignored. A later line for the same address
 * overrides an earlier one part by part.
 */
export function parseMailmap(text: string): Mailmap {
  const map = new Map<string, MailmapEntry>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const first = nameAndEmail(line, false);
    if (!first) continue;
    const second = nameAndEmail(first.rest, true);
    // The last address on the line is the one commits carry; with one address, it is both.
    const newName = first.name;
    const newEmail = second ? first.email : null;
    const oldName = second ? second.name : null;
    const key = (second ? second.email : first.email).toLowerCase();
    let entry = map.get(key);
    if (!entry) map.set(key, (entry = { name: null, email: null, byName: new Map() }));
    if (oldName === null) {
      if (newName !== null) entry.name = newName;
      if (newEmail !== null) entry.email = newEmail;
    } else {
      entry.byName.set(oldName.toLowerCase(), { name: newName, email: newEmail });
    }
  }
  return map;
}

const CO_AUTHOR = /^(.*?)\s*<([^>]*)>\s*$/;

/** A trailer's values, its key compared case-insensitively as git does. */
export function trailerValues(trailers: Record<string, string[]>, key: string): string[] {
  const k = key.toLowerCase();
  return Object.entries(trailers).flatMap(([name, values]) => (name.toLowerCase() === k ? values : []));
}

/**
 * The people a commit's `Co-authored-by:` trailers credit, as `git log --use-mailmap` would map
 * them: the contributors list counts them, and the change list names them on this commit only.
 */
export function coAuthorsOf(
  c: { trailers: Record<string, string[]> },
  mailmap: Mailmap | null = null,
): Person[] {
  const out: Person[] = [];
  for (const co of trailerValues(c.trailers, 'Co-authored-by')) {
    const m = CO_AUTHOR.exec(co);
    if (m && (m[1] || m[2])) out.push(mapPerson(mailmap, { name: m[1], email: m[2] }));
  }
  return out;
}

/** The identity git shows for `person` with this `.mailmap` (mailmap.c, map_user). */
export function mapPerson(mailmap: Mailmap | null, person: Person): Person {
  if (!mailmap || mailmap.size === 0) return person;
  const entry = mailmap.get(person.email.toLowerCase());
  if (!entry) return person;
  const info: MailmapInfo = entry.byName.get(person.name.toLowerCase()) ?? entry;
  if (info.name === null && info.email === null) return person;
  return { name: info.name ?? person.name, email: info.email ?? person.email };
}

/**
 * Automated accounts that are not people: GitHub Apps (`dependabot[bot]`, `github-actions[bot]`,
 * and their `…[bot]@users.noreply.github.com` addresses), Dependabot and Renovate by name.
 */
const BUILT_IN_BOTS = [/\[bot\]$/i, /\[bot\]@/i, /^dependabot\b/i, /^renovate\b/i, /@renovateapp\.com$/i];

/** A `bots` pattern as a regular expression: matched whole, ignoring case, `*` for any text. */
const patternOf = (p: string) =>
  new RegExp(
    `^${p
      .split('*')
      .map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    'i',
  );

/** A test for automated accounts with these `bots` patterns compiled once. */
function botMatcher(patterns: readonly string[]): (person: Person) => boolean {
  const res = patterns.map(patternOf);
  return (person) =>
    BUILT_IN_BOTS.some((re) => re.test(person.name) || re.test(person.email)) ||
    res.some((re) => re.test(person.name) || (person.email !== '' && re.test(person.email)));
}

/**
 * True when `person` is an automated account: one of the built-in ones, or a name or address that
 * a `bots` pattern matches (case-insensitive, `*` for any text: `"ci-*"`, `"*@ci.acme.example"`).
 */
export function isBot(person: Person, patterns: readonly string[] = []): boolean {
  return botMatcher(patterns)(person);
}

/** One person of a release, before the release's place among the others says whether they are new. */
export interface Contributor {
  /** The name used most, then the first in code-unit order. */
  name: string;
  /** The address used most, then the first in code-unit order. */
  email: string;
  /** Commits authored plus `Co-authored-by:` credits. */
  commits: number;
  bot: boolean;
  /**
   * Every lower-cased name (`n:…`) and address (`e:…`) the person used: what later releases look
   * for to tell a returning contributor from a new one.
   */
  keys: string[];
}

/** The keys a person is known by, across releases: their name and their address, lower-cased. */
export const personKeys = (p: Person): string[] => [
  ...(p.name ? [`n:${p.name.toLowerCase()}`] : []),
  ...(p.email ? [`e:${p.email.toLowerCase()}`] : []),
];

const mostUsed = (counts: Map<string, number>): string =>
  [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0]?.[0] ?? '';

/**
 * The people behind `credits` (one entry per authored commit or co-author credit, already mapped
 * through `.mailmap`): identities that share a name or an address, ignoring case, are one person,
 * and so are those the config's `identities` (`map`) names as one person, shown by the display
 * name configured for them. People first, most credits first, then by name; bots after them in
 * the same order.
 */
export function mergeContributors(
  credits: readonly Person[],
  bots: readonly string[] = [],
  map: IdentityMap = NO_IDENTITIES,
): Contributor[] {
  // The distinct identities and how often each is credited: a release of 5,000 commits has a few
  // dozen of them.
  const identities = new Map<string, { person: Person; count: number; keys: string[] }>();
  for (const c of credits) {
    const id = `${c.name}\0${c.email}`;
    const seen = identities.get(id);
    if (seen) seen.count++;
    else {
      // A configured person joins every name and address of theirs through one shared key.
      const person = map.ofPerson(c);
      const keys = personKeys(c);
      identities.set(id, { person: c, count: 1, keys: person ? [`p:${person.index}`, ...keys] : keys });
    }
  }
  // Union-find over the keys: each identity joins its name and its address.
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    for (let x = k; x !== root;) {
      const next = parent.get(x)!;
      parent.set(x, root);
      x = next;
    }
    return root;
  };
  for (const { keys } of identities.values()) {
    for (const k of keys) if (!parent.has(k)) parent.set(k, k);
    for (let i = 1; i < keys.length; i++) {
      const [a, b] = [find(keys[0]), find(keys[i])];
      if (a !== b) parent.set(a < b ? b : a, a < b ? a : b);
    }
  }
  const groups = new Map<
    string,
    {
      names: Map<string, number>;
      emails: Map<string, number>;
      commits: number;
      bot: boolean;
      keys: Set<string>;
      /** The configured person's display name, when `map` names one. */
      shown: string | null;
    }
  >();
  const botTest = botMatcher(bots);
  for (const { person, count, keys } of identities.values()) {
    if (keys.length === 0) continue;
    const root = find(keys[0]);
    let g = groups.get(root);
    if (!g)
      groups.set(
        root,
        (g = { names: new Map(), emails: new Map(), commits: 0, bot: false, keys: new Set(), shown: null }),
      );
    g.commits += count;
    g.bot ||= botTest(person);
    // The shared key is this run's join only: a config's order is no name to keep across releases.
    for (const k of keys) if (!k.startsWith('p:')) g.keys.add(k);
    g.shown ??= map.ofPerson(person)?.name ?? null;
    if (person.name) g.names.set(person.name, (g.names.get(person.name) ?? 0) + count);
    if (person.email) g.emails.set(person.email, (g.emails.get(person.email) ?? 0) + count);
  }
  return [...groups.values()]
    .map((g) => ({
      name: g.shown ?? mostUsed(g.names),
      email: mostUsed(g.emails),
      commits: g.commits,
      bot: g.bot,
      keys: [...g.keys].sort(),
    }))
    .sort(
      (a, b) =>
        Number(a.bot) - Number(b.bot) ||
        b.commits - a.commits ||
        compareCodeUnits(a.name, b.name) ||
        compareCodeUnits(a.email, b.email),
    );
}
