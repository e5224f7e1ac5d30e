// The one door to OpenSSH's ssh-keygen for signed chain heads (docs/audit.md, "Signed heads"):
// reading the signing key, signing a head (`ssh-keygen -Y sign`) and checking a signature against
// an allowed-signers file (`-Y find-principals`, then `-Y verify`), as an auditor would by hand.
// Always argument arrays; the message goes on standard input.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { headMessage } from '../core/audit/heads.ts';
import { InputError } from '../errors/index.ts';
import { HEAD_NAMESPACE, type AuditHead } from '../schemas/audit.ts';

export interface SigningKey {
  /** Absolute path of the private key (or of the public key of a key held by ssh-agent). */
  file: string;
  /** Where it was named: `audit.signingKey` or `WAYBILL_AUDIT_SIGNING_KEY`. */
  from: string;
  /** `SHA256:…` */
  fingerprint: string;
  /** The key's comment, or null. */
  comment: string | null;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], input = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    // No terminal: a key with a passphrase fails instead of prompting in CI.
    const child = spawn('ssh-keygen', args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, DISPLAY: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    child.on('error', (e) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        reject(
          new InputError('ssh-keygen is not installed: signed audit heads need OpenSSH', {
            fix: 'install the OpenSSH client (Debian and Ubuntu: apt-get install openssh-client)',
          }),
        );
      else reject(e);
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.on('error', () => {}); // it may exit before reading everything: its exit code says why
    child.stdin.end(input);
  });
}

/** What ssh-keygen said, without its banners: `Permissions 0644 for 'key' are too open.; …` */
const firstLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^@+$|WARNING: UNPROTECTED|^Signing data on standard input/.test(l))
    .slice(0, 2)
    .join(' ');

/**
 * The signing key named by `from`, checked before a harvest writes anything: the file exists and
 * ssh-keygen reads it. `ssh-keygen -l` prints `256 SHA256:… comment (ED25519)`.
 */
export async function readSigningKey(file: string, from: string): Promise<SigningKey> {
  const fix =
    from === 'WAYBILL_AUDIT_SIGNING_KEY'
      ? 'point WAYBILL_AUDIT_SIGNING_KEY at an SSH private key file (ssh-keygen -t ed25519 -f audit_key)'
      : 'point audit.signingKey (relative to the config file) at an SSH private key, or set WAYBILL_AUDIT_SIGNING_KEY';
  if (!existsSync(file))
    throw new InputError(`the audit signing key ${file} does not exist`, { where: from, fix });
  const r = await run(['-l', '-f', file]);
  const m = /^\d+ (SHA256:[A-Za-z0-9+/]+) (.*) \(([A-Z0-9-]+)\)$/.exec(r.stdout.trim());
  if (r.code !== 0 || !m)
    throw new InputError(
      `ssh-keygen cannot read the audit signing key ${file}: ${firstLine(r.stderr || r.stdout) || `exit code ${r.code}`}`,
      { where: from, fix },
    );
  const comment = m[2]!.trim();
  const key = {
    file,
    from,
    fingerprint: m[1]!,
    comment: comment && comment !== 'no comment' ? comment : null,
  };
  // One signature now: a key ssh-keygen will not sign with (too open, a passphrase) fails before
  // the harvest writes anything, not after it appended to the chain.
  await signHead(key, '0'.repeat(64));
  return key;
}

/** `ssh-keygen -Y sign` of a head: the armoured signature. */
export async function signHead(key: SigningKey, hash: string): Promise<string> {
  const r = await run(['-Y', 'sign', '-f', key.file, '-n', HEAD_NAMESPACE], headMessage(hash));
  if (r.code !== 0 || !r.stdout.startsWith('-----BEGIN SSH SIGNATURE-----')) {
    const why = firstLine(r.stderr) || `exit code ${r.code}`;
    throw new InputError(`ssh-keygen could not sign the audit chain's head with ${key.file}: ${why}`, {
      where: key.from,
      fix: /permissions|UNPROTECTED/i.test(why)
        ? `make the key readable by its owner only: chmod 600 ${key.file}`
        : /passphrase|incorrect/i.test(why)
          ? 'use a key without a passphrase (a CI secret file), or load it into ssh-agent and name its public key'
          : 'check that the file is an SSH private key that ssh-keygen -Y sign accepts',
    });
  }
  return r.stdout;
}

export type HeadSignatureCheck = { ok: true; principal: string } | { ok: false; reason: string };

/**
 * Checks one head's signature against an allowed-signers file (ssh-keygen(1), ALLOWED SIGNERS) as
 * of the time the head was signed, so a key retired later still vouches for what it signed while
 * it was allowed: the principal it belongs to, then the signature over `<hash>\n`.
 */
export async function checkHeadSignature(
  allowedSigners: string,
  head: AuditHead,
): Promise<HeadSignatureCheck> {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-head-'));
  try {
    const sig = join(dir, `${head.seq}.sig`);
    writeFileSync(sig, head.signature);
    // YYYYMMDDHHMMSSZ, UTC.
    const time = `-Overify-time=${new Date(head.at).toISOString().replace(/[-:T]|\.\d+/g, '')}`;
    const found = await run(['-Y', 'find-principals', '-s', sig, '-f', allowedSigners, time]);
    const principals = found.stdout.split('\n').filter(Boolean);
    if (found.code !== 0 || principals.length === 0)
      return {
        ok: false,
        reason: `the key ${head.key} that signed it is not an allowed signer in ${allowedSigners}${found.stderr.includes('expired') || found.stderr.includes('not yet valid') ? ` at ${head.at}` : ''}`,
      };
    let last = '';
    for (const principal of principals) {
      const r = await run(
        ['-Y', 'verify', '-f', allowedSigners, '-I', principal, '-n', HEAD_NAMESPACE, '-s', sig, time],
        headMessage(head.hash),
      );
      if (r.code === 0) {
        const key = /key (SHA256:[A-Za-z0-9+/]+)/.exec(r.stdout)?.[1];
        if (key !== head.key)
          return {
            ok: false,
            reason: `it was made with the key ${key ?? 'unknown'}, but the line names ${head.key}`,
          };
        return { ok: true, principal };
      }
      last = firstLine(r.stderr || r.stdout);
    }
    return {
      ok: false,
      reason: `the signature does not match the head's hash (${last || 'ssh-keygen -Y verify failed'})`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The audit signing key, checked: the path in WAYBILL_AUDIT_SIGNING_KEY when set (CI secrets never
 * sit in the config), else `audit.signingKey` relative to the config file, else none.
 */
export async function resolveSigningKey(
  configured: string | undefined,
  configDir: string,
  fromEnvironment: string | null | undefined,
): Promise<SigningKey | null> {
  if (fromEnvironment) return readSigningKey(fromEnvironment, 'WAYBILL_AUDIT_SIGNING_KEY');
  if (configured) return readSigningKey(resolve(configDir, configured), 'audit.signingKey');
  return null;
}
