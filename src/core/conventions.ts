// The kind of change a commit subject announces, in the conventions real projects use
// (docs/releases-from-git.md, "Kinds of change"): Conventional Commits (`feat(api)!: …`), the
// upper-case categories of numpy and SciPy (`BUG: …`, `ENH: …`, `BUG,DOC: …`), a project's own
// prefixes (the `commitTypes` setting), and `component: subject` prefixes as git, Linux, Go and
// etcd write them (`net/http: …`, `etcdserver: …`), kept as the scope. A subject that fits none is
// left whole: its prefix is never stripped, and it is listed under "Other changes".

/** The change types a `commitTypes` setting may map a prefix to (each has its place on a page). */
export const CHANGE_TYPES = [
  'feat',
  'fix',
  'security',
  'perf',
  'deprecate',
  'revert',
  'docs',
  'refactor',
  'style',
  'build',
  'ci',
  'deps',
  'api',
  'test',
  'chore',
  'breaking',
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** A project's own prefixes and the change type each stands for (`{ "Enhancement": "feat" }`). */
export type CommitTypes = Readonly<Record<string, ChangeType>>;

/**
 * Words that are Conventional Commits types when they end a bare prefix (`fix: …`, `Docs: …`).
 * Any other bare word (`etcdserver: …`, `README: …`) is a component, not a type.
 */
const CONVENTIONAL_TYPES = new Set([
  'feat',
  'feature',
  'fix',
  'bugfix',
  'hotfix',
  'security',
  'sec',
  'perf',
  'deprecate',
  'deprecation',
  'deprecated',
  'revert',
  'docs',
  'doc',
  'refactor',
  'style',
  'build',
  'ci',
  'deps',
  'chore',
  'test',
  'tests',
  'release',
  'breaking',
]);

/**
 * numpy's and SciPy's commit categories (numpy's development workflow, "Writing the commit
 * message"), as change types. `API` is "an (incompatible) API change", listed in its own group
 * rather than guessed breaking; `DEP` deprecates or removes a deprecated object.
 */
export const CATEGORY_TYPES: Readonly<Record<string, ChangeType>> = {
  BUG: 'fix',
  ENH: 'feat',
  MAINT: 'chore',
  DOC: 'docs',
  TST: 'test',
  BLD: 'build',
  API: 'api',
  DEP: 'deprecate',
  REV: 'revert',
  PERF: 'perf',
  STY: 'style',
  CI: 'ci',
  DEV: 'chore',
  TYP: 'chore',
  REL: 'chore',
  BENCH: 'test',
  SIMD: 'perf',
};

/** Which of several categories (`BUG,DOC:`) names the change: the one its reader cares most about. */
const SIGNIFICANCE: readonly ChangeType[] = [
  'breaking',
  'security',
  'api',
  'feat',
  'fix',
  'perf',
  'deprecate',
  'revert',
  'docs',
  'refactor',
  'style',
  'build',
  'ci',
  'deps',
  'test',
  'chore',
];

/**
 * The keys of a project's `commitTypes` that no header of `headers` uses (matched exactly or
 * ignoring case, with or without a scope): a setting that matches nothing is said out loud.
 */
export function unusedCommitTypes(commitTypes: CommitTypes | undefined, headers: Iterable<string>): string[] {
  const keys = Object.keys(commitTypes ?? {});
  if (keys.length === 0) return [];
  const used = new Set<string>();
  for (const header of headers) {
    const prefix = /^([^\s:(]+)(?:\([^()]*\))?!?: \S/.exec(header.trim())?.[1];
    if (prefix === undefined) continue;
    for (const k of keys) if (k === prefix || k.toLowerCase() === prefix.toLowerCase()) used.add(k);
  }
  return keys.filter((k) => !used.has(k));
}

export interface HeaderKind {
  /** The change type, lower-case, or null for a commit that fits no convention. */
  type: string | null;
  scope: string | null;
  /** The subject without the prefix; the whole header when nothing was recognised. */
  subject: string;
  /** A `type!:` header, or a prefix mapped to `breaking`. */
  breaking: boolean;
  /** Which convention matched: for tests and the docs' examples. */
  convention: 'conventional' | 'commitTypes' | 'category' | 'component' | null;
}

/** `type(scope)!: subject` with a scope or a `!`: Conventional Commits syntax, whatever the word. */
const CONVENTIONAL = /^(\w+)(?:\(([^()]*)\))?(!)?: (\S.*)$/;
/** `BUG: …`, `BUG,DOC: …`, `ENH/MAINT: …`. */
const CATEGORIES = /^([A-Z]{2,6}(?:\s*[,/+&]\s*[A-Z]{2,6})*): (\S.*)$/;
/**
 * `component: subject`: one or more paths or names (`net/http`, `drm/i915`, `t/README`,
 * `cmd/{go,vet}`, `*`), comma-separated, no spaces inside one. The colon must be followed by a
 * space, so `https://…` is not a prefix.
 */
const COMPONENT = /^((?:[A-Za-z_.*][\w.*+/{},@-]*)(?:, ?[A-Za-z_.*][\w.*+/{},@-]*)*): (\S.*)$/;
/** An issue key (`JIRA-123: …`, CPython's `gh-100001: …` and `bpo-4567: …`) is a reference, not a component. */
const ISSUE_KEY = /^(?:[A-Z][A-Z0-9]+|[a-z]+)-\d+$/;

/** A prefix looked up in a project's `commitTypes`: as written, then ignoring case. */
function lookup(types: CommitTypes | undefined, prefix: string): ChangeType | null {
  if (!types) return null;
  if (Object.hasOwn(types, prefix)) return types[prefix];
  const lower = prefix.toLowerCase();
  for (const [k, v] of Object.entries(types)) if (k.toLowerCase() === lower) return v;
  return null;
}

const kind = (
  type: string | null,
  scope: string | null,
  subject: string,
  breaking: boolean,
  convention: HeaderKind['convention'],
): HeaderKind => ({ type, scope, subject, breaking: breaking || type === 'breaking', convention });

/** What kind of change a commit header announces, and its subject without the prefix. */
export function classifyHeader(header: string, commitTypes?: CommitTypes): HeaderKind {
  const text = header.trim();
  const conventional = CONVENTIONAL.exec(text);
  if (conventional) {
    const [, word, scope, bang, subject] = conventional;
    const mapped = lookup(commitTypes, word);
    const explicit = scope !== undefined || bang !== undefined;
    if (mapped) return kind(mapped, scope || null, subject.trim(), bang !== undefined, 'commitTypes');
    if (explicit || CONVENTIONAL_TYPES.has(word.toLowerCase()))
      return kind(word.toLowerCase(), scope || null, subject.trim(), bang !== undefined, 'conventional');
  }
  const categories = CATEGORIES.exec(text);
  if (categories) {
    const words = categories[1].split(/\s*[,/+&]\s*/);
    const types = words.map((w) => lookup(commitTypes, w) ?? CATEGORY_TYPES[w] ?? null);
    if (types.every((t) => t !== null)) {
      const type = [...(types as ChangeType[])].sort(
        (a, b) => SIGNIFICANCE.indexOf(a) - SIGNIFICANCE.indexOf(b),
      )[0];
      return kind(type, null, categories[2].trim(), false, 'category');
    }
  }
  const component = COMPONENT.exec(text);
  if (component && component[1].length <= 60 && !ISSUE_KEY.test(component[1])) {
    const mapped = lookup(commitTypes, component[1]);
    if (mapped) return kind(mapped, null, component[2].trim(), false, 'commitTypes');
    return kind(null, component[1], component[2].trim(), false, 'component');
  }
  return kind(null, null, text, false, null);
}
