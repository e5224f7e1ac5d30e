// The one door to git. Every git command waybill runs is here, always with argument arrays.
// A repository is read with a bounded number of processes, whatever its size: `for-each-ref` once
// for the tags, `cat-file --batch-check` once to peel them, `log` once for the history, `log` once
// per path-filtered project, and `cat-file --batch` once for every file wanted at every tag.
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import type { RawCommit } from '../core/commits.ts';
import type { RawTag } from '../core/releases.ts';

/** Settings that would change what git prints are pinned for every command. */
const PINNED = ['-c', 'log.showSignature=false', '-c', 'core.quotePath=false', '-c', 'log.decorate=false', '-c', 'color.ui=false', '-c', 'i18n.logOutputEncoding=UTF-8'];
const US = '\x1f';
const RS = '\x1e';

export class GitError extends Error {
  readonly stderr: string;
  constructor(args: string[], stderr: string, code: number | null) {
    super(`git ${args.join(' ')} failed (${code}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`);
    this.stderr = stderr;
  }
}

/**
 * Runs git in `cwd`, feeding `input` to stdin, and streams stdout to `onData`; resolves when git
 * exits 0. Large outputs never sit in memory twice.
 */
function run(cwd: string, args: string[], opts: { input?: string; onData?: (chunk: Buffer) => void } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...PINNED, ...args], { cwd, env: { ...process.env, LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => (opts.onData ? opts.onData(c) : chunks.push(c)));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(e));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new GitError(args, Buffer.concat(err).toString('utf8'), code));
    });
    child.stdin.on('error', () => {}); // git may exit before reading all input; the exit code tells.
    child.stdin.end(opts.input ?? '');
  });
}

const person = (name: string, email: string) => ({ name, email: email.replace(/^<|>$/g, '') });

export interface RepoInfo {
  /** The commit the branch (or HEAD) points at; null for an empty repository. */
  head: string | null;
  shallow: boolean;
}

export async function readRepoInfo(dir: string, branch: string | undefined): Promise<RepoInfo> {
  const rev = `${branch ?? 'HEAD'}^{commit}`;
  const [head, shallow] = await Promise.all([
    run(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', rev]).then((b) => b.toString().trim() || null, (e: GitError) => {
      if (branch !== undefined) throw e;
      return null;
    }),
    run(dir, ['rev-parse', '--is-shallow-repository']).then((b) => b.toString().trim() === 'true'),
  ]);
  return { head, shallow };
}

/**
 * True when `dir` is the top of a work tree or a bare repository; a plain folder inside some
 * other repository is not (reading that parent repository instead would be a silent mistake).
 */
export async function isRepository(dir: string): Promise<boolean> {
  try {
    const [bare, top = ''] = (await run(dir, ['rev-parse', '--is-bare-repository', '--show-toplevel'])).toString('utf8').split('\n');
    if (bare === 'true') return true;
    return realpathSync(top) === realpathSync(dir);
  } catch {
    return false;
  }
}

/**
 * Every tag, peeled: one `for-each-ref` and one `cat-file --batch-check`.
 * for-each-ref fields, in order: refname without refs/tags/ (%(refname:strip=2)), the object the
 * ref points at (%(objectname)), its type (%(objecttype)), and for tag objects the tagger's name,
 * e-mail, date (strict ISO 8601 with the tagger's offset) and the whole message with any signature
 * (%(contents)).
 */
export async function readTags(dir: string): Promise<RawTag[]> {
  const format = ['%(refname:strip=2)', '%(objectname)', '%(objecttype)', '%(taggername)', '%(taggeremail)', '%(taggerdate:iso-strict)', '%(contents)'].join('%1f') + '%1e';
  const out = (await run(dir, ['for-each-ref', `--format=${format}`, 'refs/tags'])).toString('utf8');
  const rows = out.split(RS).map((r) => r.replace(/^\n/, '')).filter((r) => r !== '');
  const tags = rows.map((row) => {
    const [name, object, type, taggerName, taggerEmail, taggerDate, ...message] = row.split(US);
    return { name, object, type, taggerName, taggerEmail, taggerDate, message: message.join(US) };
  });
  // Peel annotated tags fully (a tag of a tag of a commit is a commit); `^{}` peels to a non-tag.
  const annotated = tags.filter((t) => t.type === 'tag');
  const peeled = new Map<string, { sha: string; type: string }>();
  if (annotated.length) {
    const lines = (await run(dir, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], { input: annotated.map((t) => `${t.object}^{}\n`).join('') })).toString('utf8').split('\n');
    annotated.forEach((t, i) => {
      const [sha, type] = (lines[i] ?? '').split(' ');
      peeled.set(t.object, type ? { sha, type } : { sha: t.object, type: 'missing' });
    });
  }
  return tags.map((t): RawTag => {
    const isTag = t.type === 'tag';
    const p = isTag ? peeled.get(t.object)! : { sha: t.object, type: t.type };
    return {
      name: t.name,
      object: t.object,
      peeled: p.sha,
      peeledType: p.type,
      annotated: isTag,
      tagger: isTag && (t.taggerName || t.taggerEmail) ? person(t.taggerName, t.taggerEmail) : null,
      taggerDate: isTag && t.taggerDate ? t.taggerDate : null,
      message: isTag ? t.message : null,
    };
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * Every commit reachable from `tips`, newest first, in one `git log`. Format fields, separated by
 * 0x1f: full hash (%H), parent hashes (%P), author name and e-mail after .mailmap (%aN, %aE),
 * strict ISO author date (%aI), committer name, e-mail, date (%cN, %cE, %cI), raw body (%B) last
 * so that it may contain anything; commits are separated by NUL (-z).
 */
export async function readHistory(dir: string, tips: string[]): Promise<RawCommit[]> {
  if (tips.length === 0) return [];
  const format = ['%H', '%P', '%aN', '%aE', '%aI', '%cN', '%cE', '%cI', '%B'].join('%x1f');
  const commits: RawCommit[] = [];
  let rest = '';
  const decoder = new TextDecoder('utf-8');
  const take = (record: string) => {
    if (record === '') return;
    const f = record.split(US);
    if (f.length < 9) return;
    commits.push({
      hash: f[0].replace(/^\n/, ''),
      parents: f[1] ? f[1].split(' ') : [],
      author: person(f[2], f[3]),
      authorDate: f[4],
      committer: person(f[5], f[6]),
      committerDate: f[7],
      message: f.slice(8).join(US),
    });
  };
  await run(dir, ['log', '-z', `--format=${format}`, '--stdin', '--end-of-options'], {
    input: [...new Set(tips)].join('\n') + '\n',
    onData: (chunk) => {
      const parts = (rest + decoder.decode(chunk, { stream: true })).split('\0');
      rest = parts.pop() ?? '';
      for (const p of parts) take(p);
    },
  });
  take(rest + decoder.decode());
  return commits;
}

/** The commits `git log <tips> -- <path>` lists: what a path-filtered project counts. */
export async function readPathCommits(dir: string, tips: string[], path: string): Promise<Set<string>> {
  if (tips.length === 0) return new Set();
  const out = await run(dir, ['log', '--format=%H', '--stdin', '--end-of-options', '--', path], { input: [...new Set(tips)].join('\n') + '\n' });
  return new Set(out.toString('utf8').split('\n').filter(Boolean));
}

/**
 * The files each non-merge commit reachable from `tips` changes (a root commit: all its files), in
 * one `git log --name-only`; merges have none listed (see readObjectIds for them). Format: 0x1e,
 * the full hash (%H), NUL, then a newline and the changed paths, each NUL-terminated (-z).
 */
export async function readChangedFiles(dir: string, tips: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (tips.length === 0) return out;
  const text = (await run(dir, ['log', '--name-only', '--no-renames', '-z', '--format=%x1e%H', '--stdin', '--end-of-options'], { input: [...new Set(tips)].join('\n') + '\n' })).toString('utf8');
  for (const record of text.split(RS)) {
    if (record === '') continue;
    const end = record.indexOf('\0');
    const files = record.slice(end + 1).replace(/^\n/, '').split('\0').filter((f) => f !== '');
    out.set(record.slice(0, end), files);
  }
  return out;
}

/** Object ids of `<rev>:<path>` (null when absent), in one `cat-file --batch-check`. */
export async function readObjectIds(dir: string, requests: { rev: string; path: string }[]): Promise<(string | null)[]> {
  if (requests.length === 0) return [];
  const out = (await run(dir, ['cat-file', '--batch-check=%(objectname)'], { input: requests.map((r) => `${r.rev}:${r.path}\n`).join('') })).toString('utf8').split('\n');
  return requests.map((_, i) => (/^[0-9a-f]{40,64}$/.test(out[i] ?? '') ? out[i] : null));
}

/**
 * Files at revisions, in one `cat-file --batch`: each request is `<commit>:<path>`; the answer is
 * the file's text, or null when the file does not exist there.
 */
export async function readFilesAt(dir: string, requests: { rev: string; path: string }[]): Promise<(string | null)[]> {
  if (requests.length === 0) return [];
  const out = await run(dir, ['cat-file', '--batch'], { input: requests.map((r) => `${r.rev}:${r.path}\n`).join('') });
  const results: (string | null)[] = [];
  let pos = 0;
  for (let i = 0; i < requests.length; i++) {
    const nl = out.indexOf(0x0a, pos);
    const header = out.subarray(pos, nl).toString('utf8');
    pos = nl + 1;
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!m) {
      results.push(null); // "<rev>:<path> missing"
      continue;
    }
    const size = Number(m[3]);
    results.push(m[2] === 'blob' ? out.subarray(pos, pos + size).toString('utf8') : null);
    pos += size + 1;
  }
  return results;
}

/** The simple-git handle for network operations (clone, fetch), with progress reporting. */
function remoteGit(baseDir: string, onProgress?: (line: string) => void): SimpleGit {
  return simpleGit({
    baseDir,
    progress: onProgress ? ({ method, stage, progress }) => onProgress(`${method} ${stage} ${progress}%`) : undefined,
  });
}

/** Clones `url` as a mirror into `dir` (first run) or fetches it (later runs), tags included. */
export async function syncMirror(url: string, dir: string, exists: boolean, onProgress?: (line: string) => void): Promise<void> {
  if (!exists) {
    await remoteGit(dirname(dir), onProgress).clone(url, dir, ['--mirror', '--quiet']);
  } else {
    await remoteGit(dir, onProgress).raw(['fetch', '--prune', '--prune-tags', '--tags', '--force', 'origin', '+refs/heads/*:refs/heads/*']);
  }
}
