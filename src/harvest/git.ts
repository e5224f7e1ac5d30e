// The one door to git. Every git command waybill runs is here, always with argument arrays.
// A repository is read with a bounded number of processes, whatever its size: `for-each-ref` once
// for the tags, `cat-file --batch-check` once to peel them, `log` once for the history, `log` once
// per path-filtered project, and `cat-file --batch` once for every file wanted at every tag.
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RawCommit } from '../core/commits.ts';
import { isoFromGitDate } from '../core/dates.ts';
import { GitError } from '../errors/index.ts';
import type { Person } from '../schemas/commit.ts';
import type { RawTag } from '../core/releases.ts';
import { compareCodeUnits } from '../core/compare.ts';

/** Settings that would change what git prints are pinned for every command. */
const PINNED = [
  '-c',
  'log.showSignature=false',
  '-c',
  'core.quotePath=false',
  '-c',
  'log.decorate=false',
  '-c',
  'color.ui=false',
  '-c',
  'i18n.logOutputEncoding=UTF-8',
];
/**
 * The environment git runs with: the user's, without the variables that point git at another
 * repository (a git hook sets GIT_DIR, which would make every project read the hook's repository)
 * or that replace objects, in the C locale, never prompting.
 */
function gitEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
  };
  for (const k of [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_INDEX_FILE',
    'GIT_OBJECT_DIRECTORY',
    'GIT_ALTERNATE_OBJECT_DIRECTORIES',
    'GIT_NAMESPACE',
    'GIT_COMMON_DIR',
    'GIT_CEILING_DIRECTORIES',
    'GIT_REPLACE_REF_BASE',
    'GIT_GRAFT_FILE',
    'GIT_SHALLOW_FILE',
    'GIT_LITERAL_PATHSPECS',
    'GIT_GLOB_PATHSPECS',
    'GIT_NOGLOB_PATHSPECS',
    'GIT_ICASE_PATHSPECS',
  ])
    delete env[k];
  return env;
}

/** Starts git in `cwd` with the pinned settings; `env` adds to (or overrides) the environment. */
function spawnGit(cwd: string, args: string[], env?: NodeJS.ProcessEnv) {
  return spawn('git', [...PINNED, ...args], {
    cwd,
    env: env ? { ...gitEnvironment(), ...env } : gitEnvironment(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * Runs git in `cwd`, feeding `input` to stdin, and streams stdout to `onData`; resolves when git
 * exits 0. Large outputs never sit in memory twice.
 */
function run(
  cwd: string,
  args: string[],
  opts: { input?: string; onData?: (chunk: Buffer) => void; env?: NodeJS.ProcessEnv } = {},
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(cwd, args, opts.env);
    const chunks: Buffer[] = [];
    const err: Buffer[] = [];
    // What `onData` threw: the promise rejects with it (thrown from a stream handler, it would end the process).
    let failed: { error: unknown } | null = null;
    child.stdout.on('data', (c: Buffer) => {
      if (failed) return;
      try {
        if (opts.onData) opts.onData(c);
        else chunks.push(c);
      } catch (error) {
        failed = { error };
        child.kill();
      }
    });
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(e));
    child.on('close', (code) => {
      if (failed) reject(failed.error);
      else if (code === 0) resolve(Buffer.concat(chunks));
      else reject(new GitError(args, Buffer.concat(err).toString('utf8'), code));
    });
    child.stdin.on('error', () => {}); // git may exit before reading all input; the exit code tells.
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs git like {@link run}, but a non-zero exit is an answer, not a failure: the code and both outputs. */
function runStatus(
  cwd: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(cwd, args, env);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) => reject(e));
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
    child.stdin.on('error', () => {});
    child.stdin.end('');
  });
}

export interface RepoInfo {
  /** The commit the branch (or HEAD) points at; null for an empty repository. */
  head: string | null;
  shallow: boolean;
}

/**
 * The branch head and whether the clone is shallow. A configured branch is looked up as a branch
 * (`refs/heads/`, then `refs/remotes/`), never as a tag of the same name; without one, HEAD.
 */
export async function readRepoInfo(dir: string, branch: string | undefined): Promise<RepoInfo> {
  const verify = (ref: string) =>
    run(dir, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).then(
      (b) => b.toString().trim() || null,
      () => null,
    );
  let head: string | null;
  if (branch === undefined) head = await verify('HEAD');
  else {
    head = (await verify(`refs/heads/${branch}`)) ?? (await verify(`refs/remotes/${branch}`));
    if (head === null) throw new GitError(['rev-parse', `refs/heads/${branch}`], `no branch "${branch}"`, 1);
  }
  const shallow = (await run(dir, ['rev-parse', '--is-shallow-repository'])).toString().trim() === 'true';
  return { head, shallow };
}

/**
 * True when `dir` is the top of a work tree or a bare repository; a plain folder inside some
 * other repository is not (reading that parent repository instead would be a silent mistake).
 */
export async function isRepository(dir: string): Promise<boolean> {
  try {
    const [bare, top = ''] = (await run(dir, ['rev-parse', '--is-bare-repository', '--show-toplevel']))
      .toString('utf8')
      .split('\n');
    if (bare === 'true') return true;
    return realpathSync(top) === realpathSync(dir);
  } catch {
    return false;
  }
}

/**
 * Which of `paths` (relative to `dir`, existing or not) git ignores there, or null when `dir` is
 * in no work tree.
 */
export async function ignoredPaths(dir: string, paths: readonly string[]): Promise<Set<string> | null> {
  // check-ignore exits 0 when it ignores some, 1 when none, 128 outside a work tree.
  const { code, stdout } = await runStatus(dir, ['check-ignore', '--', ...paths]);
  if (code !== 0 && code !== 1) return null;
  return new Set(stdout.split('\n').filter(Boolean));
}

/** The URL of a remote (`origin`), or null when there is no such remote. */
export async function readRemoteUrl(dir: string, remote = 'origin'): Promise<string | null> {
  const r = await runStatus(dir, ['config', '--get', `remote.${remote}.url`]);
  return r.code === 0 ? r.stdout.trim() || null : null;
}

/**
 * Which of `<rev>:<path>` exist, in one `cat-file --batch-check` whatever their number: each answer
 * is `<id> <type> <size>`, or `<request> missing`.
 */
export async function existAt(dir: string, requests: { rev: string; path: string }[]): Promise<boolean[]> {
  if (requests.length === 0) return [];
  const out = await run(dir, ['cat-file', '--batch-check'], {
    input: requests.map((r) => `${r.rev}:${r.path}\n`).join(''),
  });
  return out
    .toString('utf8')
    .split('\n')
    .slice(0, requests.length)
    .map((line) => /^[0-9a-f]+ \w+ \d+$/.test(line));
}

/**
 * Every tag, peeled, in three processes whatever their number, none of which prints repository
 * text in a way that text could forge: `for-each-ref` prints only the object name, its type and the
 * ref name (ref names cannot hold control characters), one per line; `cat-file --batch-check`
 * peels annotated tags fully (a tag of a tag of a commit is a commit); `cat-file --batch` returns
 * the annotated tag objects length-prefixed, and their headers are parsed here.
 */
export async function readTags(dir: string): Promise<RawTag[]> {
  const out = (
    await run(dir, ['for-each-ref', '--format=%(objectname) %(objecttype) %(refname)', 'refs/tags'])
  ).toString('utf8');
  const refs = out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [object, type, ...ref] = line.split(' ');
      return { object, type, name: ref.join(' ').replace(/^refs\/tags\//, '') };
    });
  const annotated = [...new Set(refs.filter((t) => t.type === 'tag').map((t) => t.object))];
  const peeled = new Map<string, { sha: string; type: string }>();
  const objects = new Map<string, ReturnType<typeof parseTagObject> | null>();
  if (annotated.length) {
    const [checks, bodies] = await Promise.all([
      run(dir, ['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
        input: annotated.map((o) => `${o}^{}\n`).join(''),
      }),
      readTagObjects(dir, annotated),
    ]);
    const lines = checks.toString('utf8').split('\n');
    annotated.forEach((o, i) => {
      const [sha, type] = (lines[i] ?? '').split(' ');
      peeled.set(o, type && /^[0-9a-f]+$/.test(sha) ? { sha, type } : { sha: o, type: 'missing' });
      const body = bodies[i];
      objects.set(o, body ? parseTagObject(body) : null);
    });
  }
  return refs
    .map((t): RawTag => {
      if (t.type !== 'tag') {
        return {
          name: t.name,
          object: t.object,
          peeled: t.object,
          peeledType: t.type,
          annotated: false,
          tagger: null,
          taggerDate: null,
          message: null,
          signed: null,
        };
      }
      const p = peeled.get(t.object)!;
      const tag = objects.get(t.object) ?? null;
      return {
        name: t.name,
        object: t.object,
        peeled: p.sha,
        peeledType: p.type,
        annotated: true,
        tagger: tag?.tagger ?? null,
        taggerDate: tag?.date ?? null,
        message: tag?.message ?? null,
        signed: tag?.signed ?? null,
      };
    })
    .sort((a, b) => compareCodeUnits(a.name, b.name));
}

/** An ident's value: `Name <email> 1767600000 +0100`. */
function parseIdent(value: string): { person: Person; date: string | null } {
  const m = /^(.*?) ?<([^>]*)> ?(.*)$/.exec(value);
  if (!m) return { person: { name: value.trim(), email: '' }, date: null };
  return { person: { name: m[1].trim(), email: m[2].trim() }, date: isoFromGitDate(m[3]) };
}

/**
 * The armour lines that start a tag signature, as git's gpg-interface knows them (x509/gpgsm
 * signatures, `-----BEGIN SIGNED MESSAGE-----`, are not verified by waybill and stay in the message).
 */
const SIGNATURE_STARTS: ReadonlyArray<[string, 'gpg' | 'ssh']> = [
  ['-----BEGIN PGP SIGNATURE-----', 'gpg'],
  ['-----BEGIN PGP MESSAGE-----', 'gpg'],
  ['-----BEGIN SSH SIGNATURE-----', 'ssh'],
];

/**
 * Splits a tag message from the signature git appended to it. Like git (parse_signed_buffer), the
 * signature starts at the LAST line that begins with a signature armour line, so a message that
 * quotes an armour line earlier is still split where git splits it.
 */
export function splitTagSignature(message: string): { message: string; signed: 'gpg' | 'ssh' | null } {
  let start = -1;
  let kind: 'gpg' | 'ssh' | null = null;
  for (let pos = 0; pos < message.length;) {
    const found = SIGNATURE_STARTS.find(([armour]) => message.startsWith(armour, pos));
    if (found) [start, kind] = [pos, found[1]];
    const nl = message.indexOf('\n', pos);
    pos = nl < 0 ? message.length : nl + 1;
  }
  return start < 0 ? { message, signed: null } : { message: message.slice(0, start), signed: kind };
}

/**
 * A raw tag object: headers (`object`, `type`, `tag`, `tagger`), a blank line, the message, and
 * the signature, if any, appended to the message: the message comes back without it.
 */
export function parseTagObject(raw: Buffer): {
  tagger: Person | null;
  date: string | null;
  message: string;
  signed: 'gpg' | 'ssh' | null;
} {
  const text = raw.toString('utf8');
  const split = text.indexOf('\n\n');
  const headers = split < 0 ? text : text.slice(0, split);
  const { message, signed } = splitTagSignature(split < 0 ? '' : text.slice(split + 2));
  const line = headers.split('\n').find((l) => l.startsWith('tagger '));
  if (!line) return { tagger: null, date: null, message, signed };
  const { person, date } = parseIdent(line.slice('tagger '.length));
  return { tagger: person, date, message, signed };
}

/** Key material for {@link verifyTag}: absolute paths, or undefined for a kind that is not checked. */
export interface VerifyKeys {
  /** A GNUPGHOME holding the keys GPG signatures are checked against (never the user's own). */
  gnupgHome?: string;
  /** An SSH allowed-signers file. */
  allowedSigners?: string;
}

/**
 * `git verify-tag --raw` of one annotated tag object (by its SHA, so a branch of the same name
 * cannot be verified instead): git's exit code and what it printed (the raw GPG status lines, or
 * ssh-keygen's output; both land on stderr). GPG runs with `gnupgHome` as its home; SSH with
 * `allowedSigners` as gpg.ssh.allowedSignersFile. The gpg and ssh-keygen programs and the minimum
 * trust level are pinned, so the user's configuration cannot change the answer.
 */
export async function verifyTag(
  dir: string,
  object: string,
  keys: VerifyKeys,
): Promise<{ code: number | null; output: string }> {
  const args = [
    '-c',
    'gpg.program=gpg',
    '-c',
    'gpg.ssh.program=ssh-keygen',
    '-c',
    'gpg.minTrustLevel=undefined',
  ];
  if (keys.allowedSigners !== undefined) args.push('-c', `gpg.ssh.allowedSignersFile=${keys.allowedSigners}`);
  args.push('verify-tag', '--raw', object);
  const { code, stdout, stderr } = await runStatus(
    dir,
    args,
    keys.gnupgHome !== undefined ? { GNUPGHOME: keys.gnupgHome } : undefined,
  );
  return { code, output: stderr + stdout };
}

/** Tag objects by id, in one `cat-file --batch`: length-prefixed, so no content can confuse it. */
async function readTagObjects(dir: string, ids: string[]): Promise<(Buffer | null)[]> {
  const out: (Buffer | null)[] = [];
  await eachObject(
    dir,
    ids,
    (_, type) => type === 'tag',
    (i, object) => (out[i] = object),
  );
  return out;
}

/**
 * Every commit reachable from `tips`, newest first, in one `git log`; with `exclude`, only those
 * that no excluded commit reaches (`git log tips --not exclude`: what a cached history lacks).
 * Each field ends with a NUL, which no git field can contain, so no message, name or e-mail can
 * shift the fields: full hash (%H), parent hashes (%P), author name and e-mail as recorded (%an,
 * %ae: each release maps them through the `.mailmap` at its own tag, src/core/people.ts, not the
 * one in the work tree), author date as `<epoch> <offset>` (%ad with --date=raw), committer name,
 * e-mail, date (%cn, %ce, %cd), raw body (%B). Dates become ISO 8601 here, so a malformed offset
 * cannot fail the harvest.
 */
export async function readHistory(dir: string, tips: string[], exclude: string[] = []): Promise<RawCommit[]> {
  if (tips.length === 0) return [];
  return readLog(dir, [], [...new Set(tips), ...[...new Set(exclude)].map((h) => `^${h}`)]);
}

/** Exactly these commits (`--no-walk`), in the order given: ones a cached history has no message for. */
export async function readCommits(dir: string, hashes: string[]): Promise<RawCommit[]> {
  if (hashes.length === 0) return [];
  return readLog(dir, ['--no-walk=unsorted'], hashes);
}

async function readLog(dir: string, args: string[], revs: string[]): Promise<RawCommit[]> {
  const FIELDS = 9;
  const format = ['%H', '%P', '%an', '%ae', '%ad', '%cn', '%ce', '%cd', '%B'].join('%x00') + '%x00';
  const commits: RawCommit[] = [];
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  let fields: string[] = [];
  const take = (token: string) => {
    fields.push(fields.length === 0 ? token.replace(/^\n/, '') : token);
    if (fields.length < FIELDS) return;
    const [hash, parents, an, ae, ad, cn, ce, cd, message] = fields;
    fields = [];
    if (!/^[0-9a-f]{40,64}$/.test(hash))
      throw new GitError(['log'], `unexpected output near "${hash.slice(0, 80)}"`, 0);
    const authorDate = isoFromGitDate(ad) ?? '1970-01-01T00:00:00+00:00';
    commits.push({
      hash,
      parents: parents ? parents.split(' ') : [],
      author: { name: an, email: ae },
      authorDate,
      committer: { name: cn, email: ce },
      committerDate: isoFromGitDate(cd) ?? authorDate,
      message,
    });
  };
  await run(dir, ['log', ...args, '--date=raw', `--format=${format}`, '--stdin', '--end-of-options'], {
    input: revs.join('\n') + '\n',
    onData: (chunk) => {
      const parts = (rest + decoder.decode(chunk, { stream: true })).split('\0');
      rest = parts.pop() ?? '';
      for (const p of parts) take(p);
    },
  });
  if ((rest + decoder.decode()).trim() !== '' || fields.length)
    throw new GitError(['log'], 'the output ended inside a commit', 0);
  return commits;
}

/**
 * The files each non-merge commit reachable from `tips` changes (a root commit: all its files), in
 * one `git log --name-only -z`; merges list none (see readObjectIds for them). Format: NUL, the
 * full hash, NUL, a newline, then each path NUL-terminated. A path is never empty, so an empty
 * token followed by a hash starts the next commit, whatever bytes a file name holds.
 */
/** The same for exactly these commits (`--no-walk`): for commits a cache does not hold yet. */
export async function readChangedFilesOf(dir: string, commits: string[]): Promise<Map<string, string[]>> {
  if (commits.length === 0) return new Map();
  return parseChangedFiles(
    (
      await run(
        dir,
        [
          'log',
          '--no-walk=unsorted',
          '--name-only',
          '--no-renames',
          '-z',
          '--format=%x00%H',
          '--stdin',
          '--end-of-options',
        ],
        { input: commits.join('\n') + '\n' },
      )
    ).toString('utf8'),
  );
}

export async function readChangedFiles(dir: string, tips: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (tips.length === 0) return out;
  return parseChangedFiles(
    (
      await run(
        dir,
        ['log', '--name-only', '--no-renames', '-z', '--format=%x00%H', '--stdin', '--end-of-options'],
        { input: [...new Set(tips)].join('\n') + '\n' },
      )
    ).toString('utf8'),
  );
}

function parseChangedFiles(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const tokens = text.split('\0');
  let files: string[] | null = null;
  let first = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === '' && /^[0-9a-f]{40,64}$/.test(tokens[i + 1] ?? '')) {
      files = [];
      out.set(tokens[++i], files);
      first = true;
    } else if (t !== '' && files) {
      files.push(first ? t.replace(/^\n/, '') : t);
      first = false;
    }
  }
  return out;
}

/** Object ids of `<rev>:<path>` (null when absent), in one `cat-file --batch-check`. */
export async function readObjectIds(
  dir: string,
  requests: { rev: string; path: string }[],
): Promise<(string | null)[]> {
  if (requests.length === 0) return [];
  const out = (
    await run(dir, ['cat-file', '--batch-check=%(objectname)'], {
      input: requests.map((r) => `${r.rev}:${r.path}\n`).join(''),
    })
  )
    .toString('utf8')
    .split('\n');
  return requests.map((_, i) => (/^[0-9a-f]{40,64}$/.test(out[i] ?? '') ? out[i] : null));
}

/**
 * Files at revisions, in one `cat-file --batch`: each request is `<commit>:<path>`, and `onBlob`
 * gets its index and the file's bytes (null when the file does not exist there) as git sends
 * them, so only one file is held at a time: a changelog read at 5,000 tags is gigabytes in all.
 * A request marked `exists` only asks whether the path is there: `onBlob` gets no bytes, and the
 * object's type (`blob`, `tree`), or null when it is missing.
 */
export function eachBlobAt(
  dir: string,
  requests: { rev: string; path: string; exists?: string | boolean }[],
  onBlob: (index: number, blob: Buffer | null, type: string | null) => void,
): Promise<void> {
  return eachObject(
    dir,
    requests.map((r) => `${r.rev}:${r.path}`),
    (i, type) => type === 'blob' && !requests[i]!.exists,
    onBlob,
  );
}

/**
 * One `cat-file --batch` over `requests` (object names, one a line), parsed as it streams: each
 * answer is `<id> <type> <size>\n<content>\n` (length-prefixed, so no content can confuse it) or
 * `<request> missing\n`. `onObject` gets each request's index, its content when `wanted` says so
 * for its type (else null), and its type (null when it is missing).
 */
async function eachObject(
  dir: string,
  requests: string[],
  wanted: (index: number, type: string) => boolean,
  onObject: (index: number, object: Buffer | null, type: string | null) => void,
): Promise<void> {
  if (requests.length === 0) return;
  let next = 0;
  let pending = Buffer.alloc(0);
  /** The length of the current answer (its content and the newline after it), or -1 between answers; `have` of it arrived. */
  let size = -1;
  let parts: Buffer[] = [];
  let have = 0;
  /** The current answer's type; `keep` false for content not wanted (a tree at a path): read past. */
  let type = '';
  let keep = false;
  const feed = (chunk: Buffer) => {
    let buf = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    pending = Buffer.alloc(0);
    while (buf.length) {
      if (size < 0) {
        const nl = buf.indexOf(0x0a);
        if (nl < 0) {
          pending = Buffer.from(buf);
          return;
        }
        const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(buf.toString('utf8', 0, nl));
        buf = buf.subarray(nl + 1);
        if (!m) {
          onObject(next++, null, null); // `<request> missing`
          continue;
        }
        size = Number(m[2]) + 1;
        parts = [];
        have = 0;
        type = m[1]!;
        keep = wanted(next, type);
      }
      const take = Math.min(size - have, buf.length);
      if (keep) parts.push(buf.subarray(0, take));
      have += take;
      buf = buf.subarray(take);
      if (have === size) {
        const object = keep ? Buffer.concat(parts) : null;
        onObject(next++, object ? object.subarray(0, object.length - 1) : null, type);
        size = -1;
      }
    }
  };
  await run(dir, ['cat-file', '--batch'], { input: requests.map((r) => `${r}\n`).join(''), onData: feed });
  if (next !== requests.length)
    throw new GitError(['cat-file', '--batch'], `answered ${next} of ${requests.length} requests`, 0);
}

/** A clone URL's user name and password, given to git per command, never stored (docs/repositories.md). */
export interface Credentials {
  username: string;
  password: string;
}

/**
 * The only credential helper git asks while waybill clones or fetches: it answers from the
 * environment of that one git process (never a command line, which `ps` shows, nor a file), and
 * only for the host of the clone URL (a redirect elsewhere gets nothing). Other helpers are
 * switched off for the command, so nothing is stored by one either.
 */
const CREDENTIAL_HELPER =
  '!f() { test "$1" = get || exit 0; h=; while IFS= read -r l; do case "$l" in host=*) h="${l#host=}";; esac; done; ' +
  'test "$h" = "$WAYBILL_GIT_HOST" || exit 0; printf "username=%s\\npassword=%s\\n" "$WAYBILL_GIT_USERNAME" "$WAYBILL_GIT_PASSWORD"; }; f';

function credentialEnv(url: string, credentials: Credentials | null): NodeJS.ProcessEnv {
  if (!credentials) return {};
  return {
    // An empty helper first empties the list of helpers (gitcredentials(7)), so only ours is asked.
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'credential.helper',
    GIT_CONFIG_VALUE_0: '',
    GIT_CONFIG_KEY_1: 'credential.helper',
    GIT_CONFIG_VALUE_1: CREDENTIAL_HELPER,
    WAYBILL_GIT_HOST: new URL(url).host,
    WAYBILL_GIT_USERNAME: credentials.username,
    WAYBILL_GIT_PASSWORD: credentials.password,
  };
}

/**
 * Clones `url` as a mirror into `dir` (first run) or fetches it (later runs), tags included. `url`
 * carries no credentials; `credentials`, when given, are handed to git for this command only, so
 * the mirror's config holds the URL alone. A mirror whose remote still holds credentials (cloned
 * by an earlier waybill) has them removed before it is fetched.
 */
export async function syncMirror(
  url: string,
  dir: string,
  exists: boolean,
  credentials: Credentials | null = null,
): Promise<void> {
  const env = credentialEnv(url, credentials);
  if (!exists) {
    await run(dirname(dir), ['clone', '--mirror', '--quiet', '--', url, dir], { env });
  } else {
    await run(dir, ['config', 'remote.origin.url', url]);
    await run(
      dir,
      [
        'fetch',
        '--quiet',
        '--prune',
        '--prune-tags',
        '--tags',
        '--force',
        'origin',
        '+refs/heads/*:refs/heads/*',
      ],
      { env },
    );
  }
}

/**
 * The hashes of `git rev-list <tip> ^<exclude> [-- <path>]`: a release's range as git itself lists
 * it, read without any of waybill's caches (src/harvest/confirm.ts asks it to confirm a change
 * before the audit chain records one).
 */
export async function readRange(
  dir: string,
  tip: string,
  exclude: string | null,
  path: string | null,
): Promise<string[]> {
  const out = await run(dir, [
    'rev-list',
    tip,
    ...(exclude ? [`^${exclude}`] : []),
    '--',
    ...(path ? [path] : []),
  ]);
  return out.toString('utf8').split('\n').filter(Boolean);
}
