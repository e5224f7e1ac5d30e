// Tag signatures (docs/audit.md, "Tag signatures"): each tag's signature is verified by git against
// the configured GPG keyring or SSH allowed-signers file and recorded as git reported it: good,
// bad, unknown key, unsigned, or unchecked when no key material for its kind is configured. Never
// guessed: an answer git did not give (gpg or ssh-keygen missing, say) is an error, not a status.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitError, InputError } from '../errors/index.ts';
import type { RawTag } from '../core/releases.ts';
import type { Signature } from '../schemas/signature.ts';
import { verifyTag } from './git.ts';

/** Key material, as absolute paths; a kind without any is not verified (`unchecked`). */
export interface SignatureKeys {
  /** GPG public keys: a binary keyring or `gpg --export [--armor]` output. */
  gpgKeyring?: string;
  /** An SSH allowed-signers file (ssh-keygen(1), ALLOWED SIGNERS). */
  allowedSigners?: string;
}

/** How many `git verify-tag` processes run at once. */
const CONCURRENCY = 4;

/**
 * The signature status of every tag, by tag name. Lightweight tags and annotated tags without a
 * signature are `unsigned` and signed tags of a kind without key material `unchecked`, without
 * running anything; the others are verified with `git verify-tag`, a few at a time. GPG keys are
 * imported into a private GNUPGHOME made for this call and removed after it; the user's own
 * ~/.gnupg is never read or written.
 *
 * @throws InputError when a configured key file is missing or (GPG) holds no key gpg can import.
 */
export async function readSignatures(
  repoDir: string,
  tags: RawTag[],
  keys: SignatureKeys,
): Promise<Map<string, Signature>> {
  await Promise.all([
    checkKeyFile(
      keys.gpgKeyring,
      'signatures.gpgKeyring',
      'a GPG keyring',
      "export the signers' public keys there (`gpg --export --armor <key id> > <file>`)",
    ),
    checkKeyFile(
      keys.allowedSigners,
      'signatures.allowedSigners',
      'an SSH allowed-signers file',
      'write one there, a line per signer: `<principal> <key type> <public key>` (see ssh-keygen(1), ALLOWED SIGNERS)',
    ),
  ]);
  const result = new Map<string, Signature>();
  const todo: RawTag[] = [];
  for (const tag of tags) {
    const kind = tag.annotated ? (tag.signed ?? null) : null;
    if (kind === null) result.set(tag.name, { status: 'unsigned', kind: null, signer: null, key: null });
    else if ((kind === 'gpg' ? keys.gpgKeyring : keys.allowedSigners) === undefined)
      result.set(tag.name, { status: 'unchecked', kind, signer: null, key: null });
    else todo.push(tag);
  }
  if (todo.length === 0) return result;

  let gnupgHome: string | undefined;
  try {
    if (todo.some((t) => t.signed === 'gpg')) gnupgHome = await importKeyring(keys.gpgKeyring!);
    const verified = new Map<string, Signature>();
    await forEachLimited(todo, CONCURRENCY, async (tag) => {
      const kind = tag.signed!;
      const { code, output } = await verifyTag(
        repoDir,
        tag.object,
        kind === 'gpg' ? { gnupgHome } : { allowedSigners: keys.allowedSigners },
      );
      const cannotRun = /^(?:error: )?cannot run [^\n]*/m.exec(output);
      if (cannotRun)
        throw new GitError(
          ['verify-tag', '--raw', tag.name],
          `${cannotRun[0]} (install ${kind === 'gpg' ? 'GnuPG' : 'OpenSSH'} to verify ${kind} tag signatures)`,
          code,
        );
      verified.set(tag.name, kind === 'gpg' ? parseGpgStatus(output, code) : parseSshOutput(output, code));
    });
    for (const [name, sig] of verified) result.set(name, sig);
  } finally {
    if (gnupgHome) await removeGnupgHome(gnupgHome);
  }
  // In the order of `tags`, whatever order the verifications finished in.
  return new Map(tags.filter((t) => result.has(t.name)).map((t) => [t.name, result.get(t.name)!]));
}

/**
 * What `git verify-tag --raw` printed for a GPG signature (gpg's `--status-fd` lines, see GnuPG's
 * doc/DETAILS) and its exit code, as a status:
 * - BADSIG, EXPSIG, EXPKEYSIG, REVKEYSIG: `bad` (the tag does not match, or the signature or key
 *   expired or was revoked), with the key id and user id gpg named;
 * - ERRSIG with NO_PUBKEY (or ERRSIG's rc 9): `unknown-key`, with the fingerprint or key id;
 * - GOODSIG with VALIDSIG and exit code 0: `good`, with the user id and the primary key's fingerprint;
 * - anything else (no status at all for a mangled signature block, an unknown algorithm): `bad`,
 *   since git did not verify it.
 */
export function parseGpgStatus(output: string, code: number | null): Signature {
  const status = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const m = /^\[GNUPG:\] (\S+)(?: (.*))?$/.exec(line.trimEnd());
    if (m && !status.has(m[1])) status.set(m[1], (m[2] ?? '').split(' '));
  }
  const idAndUid = (fields: string[]) => ({
    key: fields[0] || null,
    signer: fields.slice(1).join(' ') || null,
  });
  for (const word of ['BADSIG', 'EXPKEYSIG', 'REVKEYSIG', 'EXPSIG']) {
    const f = status.get(word);
    if (f) return { status: 'bad', kind: 'gpg', ...idAndUid(f) };
  }
  const err = status.get('ERRSIG');
  const noKey = status.get('NO_PUBKEY');
  if (noKey || (err && err[5] === '9')) {
    // ERRSIG <keyid> <pkalgo> <hashalgo> <class> <time> <rc> [<fpr>]
    return {
      status: 'unknown-key',
      kind: 'gpg',
      signer: null,
      key: err?.[6] || err?.[0] || noKey?.[0] || null,
    };
  }
  const good = status.get('GOODSIG');
  const valid = status.get('VALIDSIG');
  if (good && valid && code === 0) {
    // VALIDSIG <signing key fpr> <date> <time> <expire> <version> <reserved> <pkalgo> <hashalgo> <class> [<primary key fpr>]
    return {
      status: 'good',
      kind: 'gpg',
      signer: good.slice(1).join(' ') || null,
      key: valid[9] || valid[0] || null,
    };
  }
  return { status: 'bad', kind: 'gpg', signer: null, key: err?.[0] || null };
}

/**
 * What `git verify-tag --raw` printed for an SSH signature (ssh-keygen's output) and its exit
 * code, as a status:
 * - exit 0 and `Good "git" signature for <principal> with <type> key <fingerprint>`: `good`;
 * - `No principal matched.`: the key is not in the allowed-signers file. git then checks the
 *   signature without a principal and prints `Good "git" signature with <type> key <fingerprint>`
 *   when it is intact: `unknown-key` with that fingerprint; when it is not: `bad`;
 * - anything else (`Could not verify signature.` for a tag that does not match its signature, a
 *   key outside its validity, a mangled signature block): `bad`.
 */
export function parseSshOutput(output: string, code: number | null): Signature {
  const lines = output.split('\n').map((l) => l.trimEnd());
  const good = lines.map((l) => /^Good "git" signature for (.+) with (\S+) key (\S+)$/.exec(l)).find(Boolean);
  if (code === 0 && good) return { status: 'good', kind: 'ssh', signer: good[1], key: good[3] };
  if (lines.includes('No principal matched.')) {
    const intact = lines.map((l) => /^Good "git" signature with (\S+) key (\S+)$/.exec(l)).find(Boolean);
    if (intact) return { status: 'unknown-key', kind: 'ssh', signer: null, key: intact[2] };
  }
  return { status: 'bad', kind: 'ssh', signer: null, key: null };
}

async function checkKeyFile(
  path: string | undefined,
  configKey: string,
  what: string,
  fix: string,
): Promise<void> {
  if (path === undefined) return;
  const info = await stat(path).catch(() => null);
  if (info?.isFile()) return;
  throw new InputError(`${info ? 'is not a file' : 'no such file'}: ${path} (expected ${what})`, {
    where: configKey,
    fix: `${fix}, or correct the path (relative to the config file), or remove ${configKey} to record such signatures as "unchecked"`,
  });
}

/** A fresh GNUPGHOME (mode 0700) holding the keys of `keyring`. */
async function importKeyring(keyring: string): Promise<string> {
  const home = await mkdtemp(join(tmpdir(), 'waybill-gnupg-'));
  try {
    const { code, stdout, stderr } = await runGpg(home, [
      '--batch',
      '--no-tty',
      '--status-fd',
      '1',
      '--import',
      keyring,
    ]);
    if (!/^\[GNUPG:\] IMPORT_OK /m.test(stdout)) {
      throw new InputError(
        `gpg imported no key from ${keyring} (exit ${code}): ${stderr.trim().split('\n').slice(-2).join(' / ') || 'no message'}`,
        {
          where: 'signatures.gpgKeyring',
          fix: 'point it at public keys gpg can import: `gpg --export --armor <key id> > <file>` (a keybox .kbx file cannot be imported)',
        },
      );
    }
    return home;
  } catch (e) {
    await removeGnupgHome(home);
    throw e;
  }
}

/** Stops any agent gpg started for `home` (a keyboxd, or an agent for a secret key), then removes it. */
async function removeGnupgHome(home: string): Promise<void> {
  await new Promise<void>((resolve) => {
    const child = spawn('gpgconf', ['--homedir', home, '--kill', 'all'], { stdio: 'ignore' });
    child.on('error', () => resolve());
    child.on('close', () => resolve());
  });
  await rm(home, { recursive: true, force: true });
}

function runGpg(
  home: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('gpg', ['--homedir', home, ...args], {
      env: { ...process.env, GNUPGHOME: home, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) =>
      reject(
        new Error(
          `cannot run gpg to import signatures.gpgKeyring (${e.message}): install GnuPG to verify GPG tag signatures`,
        ),
      ),
    );
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/** Runs `fn` on every item, at most `limit` at a time; the first failure rejects (after the running ones end). */
async function forEachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await fn(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (rejected) throw rejected.reason;
}
