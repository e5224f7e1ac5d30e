/**
 * Deterministic git repositories for the demo, the fixtures and the benchmark.
 *
 * A repository is described as an in-order list of {@link Step}s and written by ONE
 * `git fast-import` process (plus `git init`, and afterwards only what fast-import cannot do:
 * `git mktag`/`git update-ref` for tags of trees, lightweight tags of non-commits, branch
 * deletions, and the final checkout). Every identity and date is pinned, nothing depends on the
 * machine's time zone, user configuration or git templates, so the same steps give the same
 * commit SHAs on every machine and every run.
 *
 * Why fast-import: one process instead of one `git commit` per step makes a 50-commit fixture
 * take milliseconds and a 100k-commit benchmark history take seconds, and its stream format
 * states author, committer and tagger dates explicitly (raw `<epoch> <+hhmm>`), which is exactly
 * what determinism needs. Stream format: https://git-scm.com/docs/git-fast-import
 *
 * @module
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { devNull, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { compareCodeUnits } from '../core/compare.ts';

/** A person as git records them. */
export interface Who {
  name: string;
  email: string;
}

/**
 * Looks up the full commit SHA of an earlier commit while the repository is being written:
 * `sha('add-cache')` (a commit's `id`), `sha('main')` (a branch tip), `sha('v1.0.0')` (a tag,
 * peeled to its commit) or `sha('HEAD')`. Use `sha(x).slice(0, 7)` for a short hash.
 */
export type ShaOf = (ref: string) => string;

/**
 * Text that may mention earlier commits' SHAs (a revert's `This reverts commit <sha>.`, a
 * changesets entry `- abc1234: Added foo`). A function is called twice: once to learn which refs
 * it asks for, once with the real SHAs; it must be pure.
 */
export type Text = string | ((sha: ShaOf) => string);

/** Makes a commit on the current branch (or on `branch`, which then becomes current). */
export interface CommitStep {
  /** The full message: subject, blank line, body, trailers. Trailing whitespace is trimmed and one newline added, as `git commit` does. */
  commit: Text;
  /** A label for later steps: `merge: ['my-id']`, `target: 'my-id'`, `sha('my-id')`. */
  id?: string;
  /** Path → new content; `null` deletes the file (it must exist). Unlisted files are kept. */
  files?: Record<string, Text | null>;
  /** Default: the `defaultAuthor` option. */
  author?: Who;
  /** Default: the author. */
  committer?: Who;
  /** ISO 8601 with an explicit offset, `2026-03-02T10:15:00+01:00`. Default: the next tick of the clock. */
  date?: string;
  /** When the committer date differs from the author date (a rebased or cherry-picked commit). Default: `date`. */
  committerDate?: string;
  /** Commit on this branch (created from the current branch if missing) and make it current. */
  branch?: string;
  /**
   * Commits to merge in (branch names, commit ids or tag names): the commit gets them as extra
   * parents, and its tree is the three-way merge of the trees (a path changed on both sides
   * differently is a conflict, an error unless `files` resolves it).
   */
  merge?: string[];
}

/** Creates a tag. Lightweight unless `annotated` is given. */
export interface TagStep {
  /** The tag name, without `refs/tags/`. */
  tag: string;
  /** Makes an annotated tag object with this message and tagger. */
  annotated?: {
    message: Text;
    /** Default: the `defaultAuthor` option. */
    tagger?: Who;
    /** ISO 8601 with an explicit offset. Default: the next tick of the clock. */
    date?: string;
    /**
     * Signs the tag with this SSH private key file, as `git tag -s` with `gpg.format=ssh` does
     * (`ssh-keygen -Y sign -n git`, the signature appended to the message). Use an ed25519 key:
     * its signatures are deterministic, so the repository stays byte-stable. The key is copied to
     * a private temporary file (mode 0600, which ssh-keygen insists on) for the signing, so a
     * checked-out key file with mode 0644 works.
     */
    sshSigningKey?: string;
  };
  /**
   * What the tag points at. Default `'HEAD'` (the current branch's tip). Otherwise a branch, a
   * commit `id`, another tag's name (an annotated tag of an annotated tag makes a tag of a tag),
   * `'blob:<path>'` (the file at `<path>` in the current branch's tip) or `'tree:'`/`'tree:<dir>'`
   * (the root tree or a directory of the current branch's tip).
   */
  target?: string;
}

/** Creates a branch at `from` (default: the current branch's tip) and makes it current; switches to it when it exists and `from` is not given. */
export interface BranchStep {
  branch: string;
  from?: string;
}

/** Makes an existing branch current. The branch that is current after the last step is the repository's HEAD. */
export interface CheckoutStep {
  checkout: string;
}

/** Deletes a branch that is not current (a feature branch after its merge). */
export interface DeleteBranchStep {
  deleteBranch: string;
}

export type Step = CommitStep | TagStep | BranchStep | CheckoutStep | DeleteBranchStep;

export interface BuildOptions {
  /** Author, committer and tagger when a step names none. @default { name: 'Waybill Test', email: 'test@waybill.example' } */
  defaultAuthor?: Who;
  /** The first date the clock gives, ISO 8601 with an explicit offset. @default '2026-01-05T09:00:00+01:00' */
  startDate?: string;
  /** Seconds between two ticks of the clock (commits and tags without `date`). An explicit `date` resets the clock to it. @default 3600 */
  stepSeconds?: number;
  /** Check the HEAD branch out into a working tree at the end. @default true */
  worktree?: boolean;
}

export interface BuiltRepo {
  /** Absolute path of the repository (its working tree). */
  dir: string;
  /** Full SHA of HEAD. */
  head: string;
  /** Full SHA of every commit that has an `id`, by id. */
  commits: Record<string, string>;
  /** What each tag ref points at (the tag object for an annotated tag), by tag name. */
  tags: Record<string, string>;
  /** Full SHA of each branch tip, by branch name. */
  branches: Record<string, string>;
}

const DEFAULT_AUTHOR: Who = { name: 'Waybill Test', email: 'test@waybill.example' };
const DEFAULT_START = '2026-01-05T09:00:00+01:00';

// ---------------------------------------------------------------------------------------------
// Running git

/**
 * The environment every git process here runs with: no system or user configuration, no
 * attributes file from $HOME or $XDG_CONFIG_HOME, no inherited GIT_* variable (a test run from a
 * git hook inherits GIT_DIR and GIT_INDEX_FILE, which would send every command to the wrong
 * repository), UTC and the C locale.
 */
export function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('GIT_') && v !== undefined) env[k] = v;
  }
  const noHome = join(tmpdir(), 'waybill-git-no-home');
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: devNull,
    HOME: noHome,
    XDG_CONFIG_HOME: noHome,
    TZ: 'UTC',
    LC_ALL: 'C',
    LANG: 'C',
    GIT_TERMINAL_PROMPT: '0',
  };
}

/** Options put in front of every git command: no reflogs (they record the wall clock), no auto gc, no signing. */
const GIT_OPTS = [
  '-c',
  'core.logAllRefUpdates=false',
  '-c',
  'gc.auto=0',
  '-c',
  'commit.gpgSign=false',
  '-c',
  'tag.gpgSign=false',
];

/** Runs `git <args>` in `cwd`, returns its stdout; fails with git's stderr. */
export async function runGit(cwd: string, args: string[], input?: string): Promise<string> {
  const child = spawn('git', [...GIT_OPTS, ...args], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  child.stdin.on('error', () => {}); // EPIPE when git exits early; the exit code tells.
  child.stdin.end(input ?? '');
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) {
    throw new Error(
      `git ${args.join(' ')} failed in ${cwd} (exit ${code}): ${Buffer.concat(err).toString('utf8').trim()}`,
    );
  }
  return Buffer.concat(out).toString('utf8');
}

/** `git init` without templates (no sample hooks), on branch main. Refuses a non-empty directory. */
async function initRepo(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0) {
    throw new Error(`cannot build a repository in ${dir}: the directory is not empty (remove it first)`);
  }
  await runGit(dir, ['init', '-q', '-b', 'main', '--template=', '.']);
}

/**
 * A running `git fast-import`: buffered writes with backpressure, and `get-mark` answers read
 * back from its stdout (the default cat-blob fd).
 */
class FastImport {
  private readonly child: ChildProcessWithoutNullStreams;
  readonly dir: string;
  private buf = '';
  private readonly stderr: Buffer[] = [];
  private stdoutRest = '';
  private readonly waiting: Array<(line: string) => void> = [];
  private readonly exited: Promise<number | null>;
  private failure: Error | null = null;

  constructor(dir: string, marksFile: string | null) {
    this.dir = dir;
    const args = [...GIT_OPTS, 'fast-import', '--quiet', '--done'];
    if (marksFile) args.push(`--export-marks=${marksFile}`);
    this.child = spawn('git', args, { cwd: dir, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (b: Buffer) => this.stderr.push(b));
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (s: string) => {
      this.stdoutRest += s;
      let nl;
      while ((nl = this.stdoutRest.indexOf('\n')) >= 0) {
        const line = this.stdoutRest.slice(0, nl);
        this.stdoutRest = this.stdoutRest.slice(nl + 1);
        this.waiting.shift()?.(line);
      }
    });
    this.child.stdin.on('error', (e) => {
      this.failure ??= e;
    });
    this.exited = once(this.child, 'close').then(([code]) => {
      for (const w of this.waiting.splice(0)) w('');
      return code as number | null;
    });
  }

  private get stdin(): Writable {
    return this.child.stdin;
  }

  /** Queues stream text; flushes in large chunks. */
  async write(s: string): Promise<void> {
    this.buf += s;
    if (this.buf.length >= 1 << 16) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buf === '') return;
    const chunk = this.buf;
    this.buf = '';
    if (!this.stdin.write(chunk)) {
      await Promise.race([once(this.stdin, 'drain'), this.exited]);
    }
  }

  /** The SHA fast-import assigned to a mark (`get-mark`, git ≥ 2.21). */
  async getMark(mark: number): Promise<string> {
    const answer = new Promise<string>((res) => this.waiting.push(res));
    await this.write(`get-mark :${mark}\n`);
    await this.flush();
    const line = await answer;
    if (!/^[0-9a-f]{40,64}$/.test(line)) await this.fail('get-mark gave no SHA');
    return line;
  }

  /** Ends the stream with `done` and waits for a clean exit. */
  async close(): Promise<void> {
    await this.write('done\n');
    await this.flush();
    this.stdin.end();
    const code = await this.exited;
    if (code !== 0 || this.failure) await this.fail(`exit ${code}`);
  }

  private async fail(why: string): Promise<never> {
    if (this.child.exitCode === null) this.child.kill();
    await this.exited;
    const err = Buffer.concat(this.stderr).toString('utf8').trim();
    throw new Error(
      `git fast-import failed in ${this.dir} (${why}): ${err || this.failure?.message || 'no message'}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Dates and identities (pure)

/** A git date: seconds since the epoch and the offset as git writes it (`+0100`). */
export interface GitDate {
  epoch: number;
  tz: string;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Parses ISO 8601 with an explicit offset (`2026-03-02T10:15:00+01:00`, `…Z`) into a git date.
 * The offset is required: a date without one would mean the machine's time zone.
 */
export function parseGitDate(iso: string): GitDate {
  const m = ISO.exec(iso);
  if (!m) {
    throw new Error(
      `invalid date "${iso}": expected ISO 8601 with an explicit offset, like "2026-03-02T10:15:00+01:00"`,
    );
  }
  const [, y, mo, d, h, mi, s, z, sign, oh, om] = m;
  const offsetMin = z === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
  const check = new Date(utc);
  if (
    check.getUTCDate() !== Number(d) ||
    check.getUTCHours() !== Number(h) ||
    Number(mi) > 59 ||
    Number(s ?? 0) > 59
  ) {
    throw new Error(`invalid date "${iso}": no such day or time`);
  }
  return { epoch: utc / 1000 - offsetMin * 60, tz: z === 'Z' ? '+0000' : `${sign}${oh}${om}` };
}

/** A git date back to ISO 8601 in its own offset: what `git log --format=%aI` prints. */
export function formatGitDate(date: GitDate): string {
  const sign = date.tz[0] === '-' ? -1 : 1;
  const offsetMin = sign * (Number(date.tz.slice(1, 3)) * 60 + Number(date.tz.slice(3, 5)));
  const local = new Date((date.epoch + offsetMin * 60) * 1000).toISOString().slice(0, 19);
  return `${local}${date.tz.slice(0, 3)}:${date.tz.slice(3)}`;
}

function ident(who: Who, date: GitDate): string {
  for (const [field, v] of [
    ['name', who.name],
    ['email', who.email],
  ] as const) {
    if (/[<>\n]/.test(v))
      throw new Error(`invalid ${field} ${JSON.stringify(v)}: "<", ">" and newlines are not allowed`);
  }
  return `${who.name} <${who.email}> ${date.epoch} ${date.tz}`;
}

/** Cleans a message as `git commit`/`git tag` do by default: no trailing whitespace, no blank lines at either end, one final newline. */
export function cleanMessage(message: string): string {
  const lines = message
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd());
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new Error('a commit or tag needs a non-empty message');
  return `${lines.join('\n')}\n`;
}

/** The `data` command: exact byte count, then the bytes. */
function data(s: string): string {
  return `data ${Buffer.byteLength(s, 'utf8')}\n${s}\n`;
}

/** A path as fast-import reads it: C-quoted when it would otherwise be ambiguous. */
function fiPath(path: string): string {
  if (
    path === '' ||
    path.startsWith('/') ||
    path.endsWith('/') ||
    path.split('/').some((p) => p === '' || p === '.' || p === '..' || p === '.git')
  ) {
    throw new Error(`invalid file path "${path}": expected a relative path like "src/index.ts"`);
  }
  if (!/[\n"\\]/.test(path) && !path.startsWith('"')) return path;
  return `"${path.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

// ---------------------------------------------------------------------------------------------
// The builder

type Files = Map<string, number>; // path → blob mark

interface CommitNode {
  parents: number[];
  files: Files;
}

/** What a tag points at while building. */
type Target =
  | { kind: 'commit'; mark: number }
  | { kind: 'blob'; mark: number }
  | { kind: 'tag'; name: string } // an annotated tag, by name (its object may be created late)
  | { kind: 'tree'; commit: number; path: string };

interface TagInfo {
  annotated: boolean;
  /** Mark of the tag object when fast-import wrote it. */
  objectMark: number | null;
  target: Target;
  /** The commit it peels to, if any. */
  peeled: number | null;
}

type Deferred =
  | { op: 'mktag'; name: string; target: Target; tagger: string; message: string; sshSigningKey?: string }
  | { op: 'lightweight'; name: string; target: Target };

/**
 * Writes a repository at `dir` (created; must be empty or missing) from `steps`, in one
 * `git fast-import` run. Same steps and options, same SHAs.
 *
 * @example
 * const repo = await buildRepo(dir, [
 *   { commit: 'feat: first', files: { 'README.md': '# x\n' }, id: 'first' },
 *   { tag: 'v1.0.0', annotated: { message: 'Release 1.0.0' } },
 *   { branch: 'topic' },
 *   { commit: 'fix: on topic', files: { 'a.txt': 'a\n' } },
 *   { checkout: 'main' },
 *   { commit: "Merge branch 'topic'", merge: ['topic'] },
 *   { deleteBranch: 'topic' },
 *   { commit: (sha) => `Revert "feat: first"\n\nThis reverts commit ${sha('first')}.`, files: { 'README.md': null } },
 * ]);
 */
export async function buildRepo(dir: string, steps: Step[], opts: BuildOptions = {}): Promise<BuiltRepo> {
  const root = resolve(dir);
  await initRepo(root);
  const marksFile = join(root, '.git', 'waybill-marks');
  const fi = new FastImport(root, marksFile);
  const b = new Builder(fi, opts);
  try {
    await fi.write('feature done\nfeature date-format=raw\n');
    for (const [i, step] of steps.entries()) {
      try {
        await b.step(step);
      } catch (e) {
        throw new Error(`step ${i} (${describe(step)}): ${(e as Error).message}`, { cause: e });
      }
    }
    await fi.close();
  } catch (e) {
    await fi.close().catch(() => {});
    throw e;
  }
  const marks = parseMarks(await readFile(marksFile, 'utf8'));
  await rm(marksFile);
  return b.finish(root, marks, opts.worktree ?? true);
}

function describe(step: Step): string {
  const first = (t: Text): string => (typeof t === 'string' ? t.split('\n')[0] : '(message function)');
  if ('commit' in step) return `commit "${first(step.commit)}"`;
  if ('tag' in step) return `tag "${step.tag}"`;
  if ('checkout' in step) return `checkout "${step.checkout}"`;
  if ('deleteBranch' in step) return `deleteBranch "${step.deleteBranch}"`;
  return `branch "${step.branch}"`;
}

function parseMarks(text: string): Map<number, string> {
  const marks = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = /^:(\d+) ([0-9a-f]+)$/.exec(line);
    if (m) marks.set(Number(m[1]), m[2]);
  }
  return marks;
}

class Builder {
  private nextMark = 1;
  private readonly blobs = new Map<string, number>();
  private readonly commitNodes = new Map<number, CommitNode>();
  private readonly ids = new Map<string, number>();
  /** Branch → tip commit mark; `null` for the unborn `main` before the first commit. */
  private readonly branches = new Map<string, number | null>([['main', null]]);
  private readonly deletedBranches = new Set<string>();
  private readonly tags = new Map<string, TagInfo>();
  private readonly deferred: Deferred[] = [];
  private current = 'main';
  private clock: GitDate;
  private readonly stepSeconds: number;
  private readonly who: Who;
  private readonly fi: FastImport;

  constructor(fi: FastImport, opts: BuildOptions) {
    this.fi = fi;
    this.who = opts.defaultAuthor ?? DEFAULT_AUTHOR;
    this.stepSeconds = opts.stepSeconds ?? 3600;
    if (!Number.isInteger(this.stepSeconds) || this.stepSeconds < 0)
      throw new Error(`stepSeconds must be a non-negative integer, got ${this.stepSeconds}`);
    const start = parseGitDate(opts.startDate ?? DEFAULT_START);
    // The clock holds the last date given out; the first tick gives `startDate` itself.
    this.clock = { epoch: start.epoch - this.stepSeconds, tz: start.tz };
  }

  /** The next date: the given one (which resets the clock) or the clock's next tick. */
  private tick(iso?: string): GitDate {
    this.clock = iso ? parseGitDate(iso) : { epoch: this.clock.epoch + this.stepSeconds, tz: this.clock.tz };
    return this.clock;
  }

  private mark(): number {
    return this.nextMark++;
  }

  async step(step: Step): Promise<void> {
    if ('commit' in step) return this.commit(step);
    if ('tag' in step) return this.tag(step);
    if ('checkout' in step) {
      if (!this.branches.has(step.checkout))
        throw new Error(`no branch "${step.checkout}" (known: ${[...this.branches.keys()].join(', ')})`);
      this.current = step.checkout;
      return;
    }
    if ('deleteBranch' in step) {
      const name = step.deleteBranch;
      if (!this.branches.has(name)) throw new Error(`no branch "${name}"`);
      if (name === this.current)
        throw new Error(`cannot delete the current branch "${name}"; check out another one first`);
      this.branches.delete(name);
      this.deletedBranches.add(name);
      return;
    }
    return this.branch(step);
  }

  private async branch(step: BranchStep): Promise<void> {
    checkRefName(step.branch, 'branch');
    if (this.branches.has(step.branch)) {
      if (step.from !== undefined)
        throw new Error(`branch "${step.branch}" exists; use { checkout: "${step.branch}" }`);
      this.current = step.branch;
      return;
    }
    const from = this.resolveCommit(step.from ?? 'HEAD');
    this.branches.set(step.branch, from);
    this.deletedBranches.delete(step.branch);
    this.current = step.branch;
    await this.fi.write(`reset refs/heads/${step.branch}\nfrom :${from}\n\n`);
  }

  private async commit(step: CommitStep): Promise<void> {
    if (step.branch !== undefined && step.branch !== this.current) {
      if (this.branches.has(step.branch)) this.current = step.branch;
      else await this.branch({ branch: step.branch });
    }
    if (step.id !== undefined && this.ids.has(step.id)) throw new Error(`id "${step.id}" is already used`);
    const parent = this.branches.get(this.current) ?? null;
    const merges = (step.merge ?? []).map((ref) => this.resolveCommit(ref));
    if (merges.length > 0 && parent === null)
      throw new Error('a merge needs a parent: commit on the branch first');

    // Texts first: they may ask for SHAs, which fast-import gives only for what it has written.
    const fileEntries = Object.entries(step.files ?? {});
    const texts = await this.resolveTexts([step.commit, ...fileEntries.map(([, v]) => v ?? '')]);
    const [message, ...contents] = texts;

    let files: Files = new Map(parent === null ? [] : this.node(parent).files);
    for (const m of merges) files = this.mergeTrees(files, parent!, m, new Set(fileEntries.map(([p]) => p)));
    let out = '';
    for (const [i, [path, value]] of fileEntries.entries()) {
      fiPath(path);
      if (value === null) {
        if (!files.has(path))
          throw new Error(`cannot delete "${path}": no such file on branch "${this.current}"`);
        files.delete(path);
      } else {
        const content = contents[i];
        let blob = this.blobs.get(content);
        if (blob === undefined) {
          blob = this.mark();
          this.blobs.set(content, blob);
          out += `blob\nmark :${blob}\n${data(content)}`;
        }
        files.set(path, blob);
      }
    }

    const author = step.author ?? this.who;
    const committer = step.committer ?? author;
    const authorDate = this.tick(step.date);
    const committerDate = step.committerDate ? parseGitDate(step.committerDate) : authorDate;
    const mark = this.mark();
    out += `commit refs/heads/${this.current}\nmark :${mark}\n`;
    out += `author ${ident(author, authorDate)}\ncommitter ${ident(committer, committerDate)}\n`;
    out += data(cleanMessage(message));
    if (parent !== null) out += `from :${parent}\n`;
    for (const m of merges) out += `merge :${m}\n`;
    // Only the difference to the first parent: fast-import starts from its tree.
    const before = parent === null ? new Map<string, number>() : this.node(parent).files;
    for (const path of [...before.keys()].sort()) if (!files.has(path)) out += `D ${fiPath(path)}\n`;
    for (const [path, blob] of [...files].sort(([a], [b]) => compareCodeUnits(a, b))) {
      if (before.get(path) !== blob) out += `M 100644 :${blob} ${fiPath(path)}\n`;
    }
    out += '\n';
    await this.fi.write(out);

    this.commitNodes.set(mark, { parents: parent === null ? merges : [parent, ...merges], files });
    this.branches.set(this.current, mark);
    if (step.id !== undefined) this.ids.set(step.id, mark);
  }

  /** Three-way merge of file maps: `ours` (the first parent's files) with commit `theirs`, against their merge base. */
  private mergeTrees(ours: Files, oursCommit: number, theirs: number, resolved: Set<string>): Files {
    const base = this.mergeBase(oursCommit, theirs);
    const baseFiles = base === null ? new Map<string, number>() : this.node(base).files;
    const theirFiles = this.node(theirs).files;
    const result = new Map(ours);
    const paths = new Set([...baseFiles.keys(), ...theirFiles.keys()]);
    for (const path of paths) {
      const b = baseFiles.get(path);
      const t = theirFiles.get(path);
      const o = ours.get(path);
      if (t === b || t === o) continue; // they did not change it, or both made the same change
      if (o !== b && !resolved.has(path)) {
        throw new Error(`merge conflict on "${path}": both sides changed it; give its content in "files"`);
      }
      if (t === undefined) result.delete(path);
      else result.set(path, t);
    }
    return result;
  }

  /** A best common ancestor: a common ancestor that is not an ancestor of another common one. */
  private mergeBase(a: number, b: number): number | null {
    const ancestorsOf = (start: number): Set<number> => {
      const seen = new Set<number>();
      const todo = [start];
      while (todo.length > 0) {
        const c = todo.pop()!;
        if (seen.has(c)) continue;
        seen.add(c);
        todo.push(...this.node(c).parents);
      }
      return seen;
    };
    const ofA = ancestorsOf(a);
    const common = [...ancestorsOf(b)].filter((c) => ofA.has(c));
    const best = common.filter((c) => !common.some((d) => d !== c && ancestorsOf(d).has(c)));
    return best.length === 0 ? null : Math.max(...best); // the newest, when criss-cross merges give several
  }

  private node(mark: number): CommitNode {
    const n = this.commitNodes.get(mark);
    if (!n) throw new Error(`internal: no commit for mark ${mark}`);
    return n;
  }

  private async tag(step: TagStep): Promise<void> {
    checkRefName(step.tag, 'tag');
    if (this.tags.has(step.tag)) throw new Error(`tag "${step.tag}" already exists`);
    const target = this.resolveTarget(step.target ?? 'HEAD');
    const peeled = this.peel(target);
    const deferredTarget =
      target.kind === 'tree' || (target.kind === 'tag' && this.tags.get(target.name)!.objectMark === null);
    if (!step.annotated) {
      if (target.kind === 'commit')
        await this.fi.write(`reset refs/tags/${step.tag}\nfrom :${target.mark}\n\n`);
      else this.deferred.push({ op: 'lightweight', name: step.tag, target });
      this.tags.set(step.tag, { annotated: false, objectMark: null, target, peeled });
      return;
    }
    const [message] = await this.resolveTexts([step.annotated.message]);
    const tagger = ident(step.annotated.tagger ?? this.who, this.tick(step.annotated.date));
    // A signature covers the tag object's headers, so it is made once the target's SHA is known.
    const sshSigningKey = step.annotated.sshSigningKey;
    if (deferredTarget || sshSigningKey !== undefined) {
      this.deferred.push({
        op: 'mktag',
        name: step.tag,
        target,
        tagger,
        message: cleanMessage(message),
        sshSigningKey,
      });
      this.tags.set(step.tag, { annotated: true, objectMark: null, target, peeled });
      return;
    }
    const from = target.kind === 'tag' ? this.tags.get(target.name)!.objectMark! : target.mark;
    const mark = this.mark();
    await this.fi.write(
      `tag ${step.tag}\nmark :${mark}\nfrom :${from}\ntagger ${tagger}\n${data(cleanMessage(message))}`,
    );
    this.tags.set(step.tag, { annotated: true, objectMark: mark, target, peeled });
  }

  private peel(target: Target): number | null {
    if (target.kind === 'commit') return target.mark;
    if (target.kind === 'tag') return this.tags.get(target.name)!.peeled;
    return null;
  }

  /** Runs text functions twice: to learn the refs they ask for, then with those refs' SHAs. */
  private async resolveTexts(texts: Text[]): Promise<string[]> {
    const asked = new Map<string, number>();
    const probe: ShaOf = (ref) => {
      asked.set(ref, this.resolveCommit(ref));
      return '0'.repeat(40);
    };
    for (const t of texts) if (typeof t === 'function') t(probe);
    const shas = new Map<string, string>();
    for (const [ref, mark] of asked) shas.set(ref, await this.fi.getMark(mark));
    const real: ShaOf = (ref) => {
      const sha = shas.get(ref);
      if (sha === undefined)
        throw new Error(`a text function asked for "${ref}" only on its second call; it must be pure`);
      return sha;
    };
    return texts.map((t) => (typeof t === 'function' ? t(real) : t));
  }

  /** A commit id, a branch, a tag (peeled) or HEAD, to a commit mark. */
  private resolveCommit(ref: string): number {
    if (ref === 'HEAD') {
      const tip = this.branches.get(this.current);
      if (tip === null || tip === undefined) throw new Error(`HEAD ("${this.current}") has no commit yet`);
      return tip;
    }
    const id = this.ids.get(ref);
    if (id !== undefined) return id;
    const tip = this.branches.get(ref);
    if (tip !== undefined && tip !== null) return tip;
    const tag = this.tags.get(ref);
    if (tag) {
      if (tag.peeled === null) throw new Error(`tag "${ref}" does not point at a commit`);
      return tag.peeled;
    }
    throw new Error(`unknown ref "${ref}": expected a commit id, a branch, a tag or HEAD`);
  }

  private resolveTarget(ref: string): Target {
    const blob = /^blob:(.+)$/.exec(ref);
    if (blob) {
      const files = this.node(this.resolveCommit('HEAD')).files;
      const mark = files.get(blob[1]);
      if (mark === undefined) throw new Error(`no file "${blob[1]}" on branch "${this.current}"`);
      return { kind: 'blob', mark };
    }
    const tree = /^tree:(.*)$/.exec(ref);
    if (tree) {
      const commit = this.resolveCommit('HEAD');
      const path = tree[1].replace(/\/$/, '');
      if (path !== '' && ![...this.node(commit).files.keys()].some((p) => p.startsWith(`${path}/`))) {
        throw new Error(`no directory "${path}" on branch "${this.current}"`);
      }
      return { kind: 'tree', commit, path };
    }
    if (!this.ids.has(ref) && !this.branches.has(ref) && ref !== 'HEAD') {
      const tag = this.tags.get(ref);
      if (tag) return tag.annotated ? { kind: 'tag', name: ref } : tag.target;
    }
    return { kind: 'commit', mark: this.resolveCommit(ref) };
  }

  /** After fast-import: what it could not do, the HEAD, the checkout, the result. */
  async finish(dir: string, marks: Map<number, string>, worktree: boolean): Promise<BuiltRepo> {
    const late = new Map<string, string>(); // tag name → object SHA made here
    const shaOf = async (target: Target): Promise<{ sha: string; type: string }> => {
      switch (target.kind) {
        case 'commit':
          return { sha: marks.get(target.mark)!, type: 'commit' };
        case 'blob':
          return { sha: marks.get(target.mark)!, type: 'blob' };
        case 'tag': {
          const t = this.tags.get(target.name)!;
          return {
            sha: t.objectMark === null ? late.get(target.name)! : marks.get(t.objectMark)!,
            type: 'tag',
          };
        }
        case 'tree': {
          const spec = `${marks.get(target.commit)}:${target.path}`;
          return { sha: (await runGit(dir, ['rev-parse', '--verify', spec])).trim(), type: 'tree' };
        }
      }
    };
    for (const d of this.deferred) {
      const { sha, type } = await shaOf(d.target);
      if (d.op === 'lightweight') {
        await runGit(dir, ['update-ref', `refs/tags/${d.name}`, sha]);
      } else {
        const payload = `object ${sha}\ntype ${type}\ntag ${d.name}\ntagger ${d.tagger}\n\n${d.message}`;
        const object =
          d.sshSigningKey === undefined ? payload : payload + (await sshSign(payload, d.sshSigningKey));
        const tagSha = (await runGit(dir, ['mktag'], object)).trim();
        await runGit(dir, ['update-ref', `refs/tags/${d.name}`, tagSha]);
        late.set(d.name, tagSha);
      }
    }
    for (const name of this.deletedBranches) {
      if (!this.branches.has(name)) await runGit(dir, ['update-ref', '-d', `refs/heads/${name}`]);
    }
    if (this.current !== 'main') await runGit(dir, ['symbolic-ref', 'HEAD', `refs/heads/${this.current}`]);
    const headMark = this.branches.get(this.current);
    if (headMark !== null && headMark !== undefined && worktree) await runGit(dir, ['reset', '-q', '--hard']);

    const commits: Record<string, string> = {};
    for (const [id, mark] of [...this.ids].sort(([a], [b]) => (a < b ? -1 : 1)))
      commits[id] = marks.get(mark)!;
    const branches: Record<string, string> = {};
    for (const [name, mark] of [...this.branches].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (mark !== null) branches[name] = marks.get(mark)!;
    }
    const tags: Record<string, string> = {};
    for (const [name, t] of [...this.tags].sort(([a], [b]) => (a < b ? -1 : 1))) {
      tags[name] =
        t.objectMark !== null ? marks.get(t.objectMark)! : (late.get(name) ?? (await shaOf(t.target)).sha);
    }
    return { dir, head: headMark == null ? '' : marks.get(headMark)!, commits, tags, branches };
  }
}

/**
 * The SSH signature git would append to `payload` (`ssh-keygen -Y sign -n git`, the armoured
 * SSHSIG on stdout), made with a private copy of `keyFile`: ssh-keygen refuses a private key that
 * others can read, and a key checked out of git has mode 0644.
 */
async function sshSign(payload: string, keyFile: string): Promise<string> {
  const tmp = await mkdtemp(join(tmpdir(), 'waybill-sign-'));
  try {
    const key = join(tmp, 'key');
    await writeFile(key, await readFile(keyFile), { mode: 0o600 });
    const child = spawn('ssh-keygen', ['-q', '-Y', 'sign', '-n', 'git', '-f', key], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {});
    child.stdin.end(payload);
    const [code] = (await Promise.race([
      once(child, 'close'),
      once(child, 'error').then(([e]) => {
        throw new Error(`cannot run ssh-keygen to sign a tag: ${(e as Error).message}`);
      }),
    ])) as [number | null];
    const signature = Buffer.concat(out).toString('utf8');
    if (code !== 0 || !signature.startsWith('-----BEGIN SSH SIGNATURE-----')) {
      throw new Error(
        `ssh-keygen -Y sign with ${keyFile} failed (exit ${code}): ${Buffer.concat(err).toString('utf8').trim()}`,
      );
    }
    return signature;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** Rejects names git would refuse, before fast-import fails on them with a less helpful message. */
function checkRefName(name: string, what: 'branch' | 'tag'): void {
  // git-check-ref-format(1), the rules that matter for names written by hand.
  if (
    name === '' ||
    name === 'HEAD' ||
    /[\s~^:?*[\\\x00-\x1f\x7f]|\.\.|@\{|\/\/|^\/|\/$|\.lock$|\.$|^-/.test(name) ||
    name.split('/').some((p) => p.startsWith('.'))
  ) {
    throw new Error(`invalid ${what} name "${name}" (see git check-ref-format)`);
  }
}

// ---------------------------------------------------------------------------------------------
// Large histories for the benchmark

export interface LargeHistoryOptions {
  /** Number of commit objects in all (merge commits and side-branch commits included). */
  commits: number;
  /** Number of release tags, spread evenly over the history; every other one is annotated. @default 0 */
  tags?: number;
  /**
   * A monorepo of this many packages (`packages/pkg-01` …): commits touch them in turn, and tags
   * are `@bench/pkg-01@1.0.0` …, each package numbering its own versions. 0: one project, tags
   * `v1.0.0` …. @default 0
   */
  packages?: number;
  /** Every n-th commit is a merge of a one-commit side branch (0: a linear history). @default 0 */
  mergeEvery?: number;
  /** @default '2020-01-01T00:00:00+00:00' */
  startDate?: string;
  /** @default 600 */
  stepSeconds?: number;
  /** Check HEAD out at the end. @default true */
  worktree?: boolean;
  /**
   * Keep a CHANGELOG.md (per package in a monorepo) with a Keep a Changelog section for every
   * release, written in the tagged commit, so the file grows with the history as real ones do.
   * @default false
   */
  changelog?: boolean;
}

export interface LargeHistory {
  dir: string;
  head: string;
  /** Every tag name, oldest first. */
  tags: string[];
  /** The tag pattern per project id (`bench`, or `pkg-01` …), each package's path, and the changelog file (relative to the path), ready for a config. */
  projects: Array<{ id: string; tags: string; path?: string; changelog?: string }>;
}

const BENCH_PEOPLE: Who[] = Array.from({ length: 24 }, (_, i) => ({
  name: `Dev ${String.fromCharCode(65 + (i % 26))}${i}`,
  email: `dev${i}@bench.example`,
}));
const BENCH_TYPES = ['feat', 'fix', 'docs', 'chore', 'refactor', 'perf', 'test', 'fix'];

/** The version of the n-th release (0-based) of a series: 1.0.0, 1.0.1, … 1.0.9, 1.1.0, … 2.0.0 after 100. */
function benchVersion(n: number): string {
  return `${1 + Math.floor(n / 100)}.${Math.floor(n / 10) % 10}.${n % 10}`;
}

/**
 * Writes a large history at `dir` (created; must be empty or missing) by streaming a generated
 * fast-import stream: memory stays bounded whatever `commits` is (fast-import's own mark table
 * aside). Commit messages cycle through conventional types with scopes, refs and trailers; every
 * 13th is a plain "Update deps", every 97th is breaking. Deterministic like {@link buildRepo}.
 *
 * @example
 * await writeLargeHistory(dir, { commits: 100_000, tags: 1000, packages: 50 });
 */
export async function writeLargeHistory(dir: string, opts: LargeHistoryOptions): Promise<LargeHistory> {
  const root = resolve(dir);
  const total = opts.commits;
  if (!Number.isInteger(total) || total < 1)
    throw new Error(`commits must be a positive integer, got ${total}`);
  const tagCount = opts.tags ?? 0;
  if (!Number.isInteger(tagCount) || tagCount < 0 || tagCount > total)
    throw new Error(`tags must be an integer from 0 to commits (${total}), got ${tagCount}`);
  const packages = opts.packages ?? 0;
  const mergeEvery = opts.mergeEvery ?? 0;
  if (mergeEvery !== 0 && mergeEvery < 3)
    throw new Error(`mergeEvery must be 0 or at least 3, got ${mergeEvery}`);
  const step = opts.stepSeconds ?? 600;
  const start = parseGitDate(opts.startDate ?? '2020-01-01T00:00:00+00:00');
  const pkgName = (i: number): string => `pkg-${String(i + 1).padStart(2, '0')}`;

  await initRepo(root);
  const fi = new FastImport(root, null);
  await fi.write('feature done\nfeature date-format=raw\n');

  // Tag j lands on main commit number floor((j + 1) * total / tagCount) - 1 (0-based count of
  // commit objects written so far), so the newest tag is on the last commit.
  const tagAt = new Map<number, number>();
  for (let j = 0; j < tagCount; j++) tagAt.set(Math.floor(((j + 1) * total) / tagCount) - 1, j);
  const versionsSoFar = new Array<number>(Math.max(packages, 1)).fill(0);
  const tagNames: string[] = [];
  // Changelog sections so far per series, newest first; a tagged commit rewrites the series' file.
  const sections: string[][] = Array.from({ length: Math.max(packages, 1) }, () => []);
  const changelogChange = (positions: number[]): ReturnType<typeof change>[] => {
    if (!opts.changelog) return [];
    const j = positions.map((k) => tagAt.get(k)).find((x) => x !== undefined);
    if (j === undefined) return [];
    const series = packages > 0 ? j % packages : 0;
    const version = benchVersion(versionsSoFar[series]);
    sections[series].unshift(
      `## [${version}] - 2026-01-01\n\n### Changed\n\n- Release ${version} of ${packages > 0 ? pkgName(series) : 'bench'}, with the changes since the last one.\n- Tag number ${j}.\n`,
    );
    const path = packages > 0 ? `packages/${pkgName(series)}/CHANGELOG.md` : 'CHANGELOG.md';
    return [
      {
        path,
        scope: packages > 0 ? pkgName(series) : 'release',
        content: `# Changelog\n\nAll notable changes.\n\n${sections[series].join('\n')}`,
      },
    ];
  };

  let mainTip = 0; // mark of main's tip, 0 before the first commit
  let n = 0; // commit objects written
  const body = (i: number, scope: string): string => {
    const type = BENCH_TYPES[i % BENCH_TYPES.length];
    if (i % 13 === 12) return 'Update deps\n';
    const breaking = i % 97 === 96;
    let msg = `${type}(${scope})${breaking ? '!' : ''}: change number ${i} in ${scope}\n\nLonger explanation of change ${i}, wrapped like a\nreal commit body.\n`;
    if (breaking) msg += `\nBREAKING CHANGE: option o${i} is removed; use o${i + 1}.\n`;
    msg += `\nRefs: #${1 + (i % 500)}\n`;
    if (i % 5 === 0)
      msg += `Co-authored-by: ${BENCH_PEOPLE[(i + 7) % BENCH_PEOPLE.length].name} <${BENCH_PEOPLE[(i + 7) % BENCH_PEOPLE.length].email}>\n`;
    return msg;
  };
  const change = (i: number): { path: string; scope: string; content: string } => {
    const pkg = packages > 0 ? i % packages : -1;
    const scope = pkg >= 0 ? pkgName(pkg) : `mod${i % 16}`;
    const path =
      pkg >= 0 ? `packages/${scope}/src/mod-${Math.floor(i / packages) % 8}.ts` : `src/mod-${i % 64}.ts`;
    return { path, scope, content: `// change ${i}\nexport const value = ${i};\n` };
  };
  const commitText = (
    ref: string,
    mark: number,
    i: number,
    parents: number[],
    changes: ReturnType<typeof change>[],
  ): string => {
    const who = BENCH_PEOPLE[(i * 7) % BENCH_PEOPLE.length];
    const date: GitDate = { epoch: start.epoch + i * step, tz: start.tz };
    let s = `commit ${ref}\nmark :${mark}\nauthor ${ident(who, date)}\ncommitter ${ident(who, date)}\n${data(body(i, changes[0].scope))}`;
    if (parents[0]) s += `from :${parents[0]}\n`;
    for (const p of parents.slice(1)) s += `merge :${p}\n`;
    for (const c of changes) s += `M 100644 inline ${c.path}\n${data(c.content)}`;
    return `${s}\n`;
  };

  try {
    while (n < total) {
      const isMerge = mergeEvery > 0 && n % mergeEvery === mergeEvery - 1 && mainTip !== 0 && n + 1 < total;
      if (isMerge) {
        // One side commit, then the merge on main that brings it in (and its change, so the
        // merged tree really contains both sides).
        const side = change(n);
        const sideMark = n + 1;
        await fi.write(commitText('refs/heads/topic', sideMark, n, [mainTip], [side]));
        n++;
        const own = change(n);
        const changes = own.path === side.path ? [own] : [side, own];
        await fi.write(
          commitText(
            'refs/heads/main',
            n + 1,
            n,
            [mainTip, sideMark],
            [...changes, ...changelogChange([n - 1, n])],
          ),
        );
      } else {
        await fi.write(
          commitText('refs/heads/main', n + 1, n, mainTip ? [mainTip] : [], [
            change(n),
            ...changelogChange([n]),
          ]),
        );
      }
      mainTip = n + 1;
      // A tag position that fell on a side commit goes to the merge right after it.
      for (const k of isMerge ? [n - 1, n] : [n]) {
        const j = tagAt.get(k);
        if (j === undefined) continue;
        const series = packages > 0 ? j % packages : 0;
        const version = benchVersion(versionsSoFar[series]++);
        const name = packages > 0 ? `@bench/${pkgName(series)}@${version}` : `v${version}`;
        tagNames.push(name);
        if (j % 2 === 0) {
          const tagger = BENCH_PEOPLE[j % BENCH_PEOPLE.length];
          const date: GitDate = { epoch: start.epoch + n * step + 60, tz: start.tz };
          await fi.write(
            `tag ${name}\nfrom :${mainTip}\ntagger ${ident(tagger, date)}\n${data(`Release ${name}\n`)}`,
          );
        } else {
          await fi.write(`reset refs/tags/${name}\nfrom :${mainTip}\n\n`);
        }
      }
      n++;
    }
    await fi.close();
  } catch (e) {
    await fi.close().catch(() => {});
    throw e;
  }
  if (mergeEvery > 0) await runGit(root, ['update-ref', '-d', 'refs/heads/topic']).catch(() => {});
  if (opts.worktree ?? true) await runGit(root, ['reset', '-q', '--hard']);
  const head = (await runGit(root, ['rev-parse', 'HEAD'])).trim();
  const changelog = opts.changelog ? { changelog: 'CHANGELOG.md' } : {};
  const projects =
    packages > 0
      ? Array.from({ length: packages }, (_, i) => ({
          id: pkgName(i),
          tags: `@bench/${pkgName(i)}@{version}`,
          path: `packages/${pkgName(i)}`,
          ...changelog,
        }))
      : [{ id: 'bench', tags: 'v{version}', ...changelog }];
  return { dir: root, head, tags: tagNames, projects };
}
