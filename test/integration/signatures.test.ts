// Tag signatures verified by git against real keys: a GPG key made with gpg in a throwaway
// GNUPGHOME and ed25519 SSH keys made with ssh-keygen sign tags with `git tag -s`; a tampered tag
// is written with `git mktag` (the message changed, the old signature kept). Each status is
// checked: good (both kinds), bad, unknown key, unsigned, unchecked.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FACTS } from '../../src/demo/facts.ts';
import { DEMO_ALLOWED_SIGNERS_FILE, generateDemo } from '../../src/demo/generate.ts';
import { buildRepo, gitEnv, runGit } from '../../src/demo/git-builder.ts';
import type { Step } from '../../src/demo/git-builder.ts';
import { DEMO_SIGNER_PRINCIPAL, DEMO_SIGNING_KEYS } from '../../src/demo/repos.ts';
import { InputError } from '../../src/errors/index.ts';
import { readTags } from '../../src/harvest/git.ts';
import { readSignatures } from '../../src/harvest/signatures.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-sig-'));
const signerHome = join(root, 'signer-gnupg');
const repo = join(root, 'repo');
const keys = join(root, 'keys');

function sh(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): string {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? root,
    env: { ...gitEnv(), GNUPGHOME: signerHome, ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** `git tag` in the repository with a pinned tagger and date, so only the signatures vary between runs. */
function tag(name: string, message: string, config: string[] = [], sign = true): void {
  sh(
    'git',
    [
      '-c',
      'user.name=Rel Ease',
      '-c',
      'user.email=rel@acme.example',
      ...config,
      'tag',
      ...(sign ? ['-s'] : ['-a']),
      '-m',
      message,
      name,
    ],
    {
      cwd: repo,
      env: { GIT_COMMITTER_DATE: '2026-02-01T10:00:00+01:00' },
    },
  );
}

/** A copy of tag `from` with another message and the old signature, as `git mktag` writes it, tagged `name`. */
async function tamper(from: string, name: string): Promise<void> {
  const body = await runGit(repo, ['cat-file', 'tag', from]);
  const forged = body.replace(/^Release 1\.0\.0$/m, 'Release 6.6.6');
  expect(forged).not.toBe(body);
  const sha = (await runGit(repo, ['mktag'], forged.replace(/\ntag [^\n]*\n/, `\ntag ${name}\n`))).trim();
  await runGit(repo, ['update-ref', `refs/tags/${name}`, sha]);
}

let fpr = '';
let armored = '';
let binary = '';
let allowed = '';
let sshFpr = '';

beforeAll(async () => {
  mkdirSync(signerHome, { mode: 0o700 });
  mkdirSync(keys);
  const gen = (uid: string) =>
    sh('gpg', [
      '--batch',
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      '',
      '--quick-gen-key',
      uid,
      'ed25519',
      'sign',
      'never',
    ]);
  gen('Rel Ease <rel@acme.example>');
  gen('Mallory <mallory@evil.example>');
  const fprs = sh('gpg', ['--batch', '--with-colons', '--list-keys'])
    .split('\n')
    .filter((l) => l.startsWith('fpr:'))
    .map((l) => l.split(':')[9]);
  const uids = sh('gpg', ['--batch', '--with-colons', '--list-keys'])
    .split('\n')
    .filter((l) => l.startsWith('uid:'))
    .map((l) => l.split(':')[9]);
  fpr = fprs[uids.indexOf('Rel Ease <rel@acme.example>')];
  const mallory = fprs[uids.indexOf('Mallory <mallory@evil.example>')];
  armored = join(keys, 'signers.asc');
  binary = join(keys, 'signers.gpg');
  writeFileSync(armored, sh('gpg', ['--batch', '--export', '--armor', fpr]));
  spawnSync('gpg', ['--batch', '--output', binary, '--export', fpr], {
    env: { ...process.env, GNUPGHOME: signerHome },
  });

  for (const k of ['release', 'stranger'])
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', k, '-f', join(keys, k)]);
  allowed = join(keys, 'allowed_signers');
  writeFileSync(allowed, `rel@acme.example ${readFileSync(join(keys, 'release.pub'), 'utf8')}`);
  sshFpr = sh('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(keys, 'release.pub')]).split(' ')[1];

  await buildRepo(repo, [
    { commit: 'feat: one', files: { a: '1\n' } },
    { tag: 'v0.9.0' },
    { tag: 'v0.9.1', annotated: { message: 'Release 0.9.1, not signed' } },
  ]);
  const ssh = (key: string) => ['-c', 'gpg.format=ssh', '-c', `user.signingkey=${join(keys, key)}`];
  tag('v1.0.0-gpg', 'Release 1.0.0', ['-c', `user.signingkey=${fpr}`]);
  tag('v1.0.0-ssh', 'Release 1.0.0', ssh('release'));
  tag('v1.0.0-gpg-stranger', 'Release 1.0.0', ['-c', `user.signingkey=${mallory}`]);
  tag('v1.0.0-ssh-stranger', 'Release 1.0.0', ssh('stranger'));
  await tamper('v1.0.0-gpg', 'v1.0.0-gpg-tampered');
  await tamper('v1.0.0-ssh', 'v1.0.0-ssh-tampered');
  await tamper('v1.0.0-ssh-stranger', 'v1.0.0-ssh-stranger-tampered');
}, 60_000);

afterAll(() => {
  spawnSync('gpgconf', ['--homedir', signerHome, '--kill', 'all']);
  rmSync(root, { recursive: true, force: true });
});

describe('tag signatures', () => {
  it('reads which tags carry a signature, and strips it from the message', async () => {
    const tags = await readTags(repo);
    const byName = new Map(tags.map((t) => [t.name, t]));
    expect(byName.get('v0.9.0')!.signed).toBeNull();
    expect(byName.get('v0.9.1')!.signed).toBeNull();
    expect(byName.get('v1.0.0-gpg')!.signed).toBe('gpg');
    expect(byName.get('v1.0.0-ssh')!.signed).toBe('ssh');
    expect(byName.get('v1.0.0-gpg')!.message).toBe('Release 1.0.0\n');
    expect(byName.get('v1.0.0-ssh-tampered')!.message).toBe('Release 6.6.6\n');
  });

  it('records good, bad, unknown-key and unsigned as git verifies them', async () => {
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith('waybill-gnupg-'));
    const tags = await readTags(repo);
    const sigs = Object.fromEntries(
      await readSignatures(repo, tags, { gpgKeyring: armored, allowedSigners: allowed }),
    );
    expect(sigs).toEqual({
      'v0.9.0': { status: 'unsigned', kind: null, signer: null, key: null },
      'v0.9.1': { status: 'unsigned', kind: null, signer: null, key: null },
      'v1.0.0-gpg': { status: 'good', kind: 'gpg', signer: 'Rel Ease <rel@acme.example>', key: fpr },
      'v1.0.0-gpg-stranger': {
        status: 'unknown-key',
        kind: 'gpg',
        signer: null,
        key: expect.stringMatching(/^[0-9A-F]{16,40}$/),
      },
      'v1.0.0-gpg-tampered': {
        status: 'bad',
        kind: 'gpg',
        signer: 'Rel Ease <rel@acme.example>',
        key: fpr.slice(-16),
      },
      'v1.0.0-ssh': { status: 'good', kind: 'ssh', signer: 'rel@acme.example', key: sshFpr },
      'v1.0.0-ssh-stranger': {
        status: 'unknown-key',
        kind: 'ssh',
        signer: null,
        key: expect.stringMatching(/^SHA256:/),
      },
      'v1.0.0-ssh-stranger-tampered': { status: 'bad', kind: 'ssh', signer: null, key: null },
      'v1.0.0-ssh-tampered': { status: 'bad', kind: 'ssh', signer: null, key: null },
    });
    expect(sigs['v1.0.0-ssh-stranger'].key).not.toBe(sshFpr);
    // The private GNUPGHOME is gone again.
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('waybill-gnupg-'))).toEqual(before);
  });

  it('imports a binary keyring as well as an armoured export', async () => {
    const tags = (await readTags(repo)).filter((t) => t.name === 'v1.0.0-gpg');
    expect((await readSignatures(repo, tags, { gpgKeyring: binary })).get('v1.0.0-gpg')).toMatchObject({
      status: 'good',
      key: fpr,
    });
  });

  it('records signed tags as unchecked when no keys for their kind are configured', async () => {
    const tags = await readTags(repo);
    const none = await readSignatures(repo, tags, {});
    expect(none.get('v1.0.0-gpg')).toEqual({ status: 'unchecked', kind: 'gpg', signer: null, key: null });
    expect(none.get('v1.0.0-ssh-tampered')).toEqual({
      status: 'unchecked',
      kind: 'ssh',
      signer: null,
      key: null,
    });
    expect(none.get('v0.9.1')!.status).toBe('unsigned');
    const sshOnly = await readSignatures(repo, tags, { allowedSigners: allowed });
    expect(sshOnly.get('v1.0.0-gpg')!.status).toBe('unchecked');
    expect(sshOnly.get('v1.0.0-ssh')!.status).toBe('good');
  });

  it('fails with the config key, the path and the fix when a key file is missing or holds no keys', async () => {
    const tags = await readTags(repo);
    const missing = join(keys, 'nope');
    const err = await readSignatures(repo, tags, { allowedSigners: missing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).where).toBe('signatures.allowedSigners');
    expect((err as InputError).format()).toContain(missing);
    expect((err as InputError).fix).toMatch(/ALLOWED SIGNERS/);
    const gpgErr = await readSignatures(repo, [], { gpgKeyring: missing }).catch((e: unknown) => e);
    expect((gpgErr as InputError).where).toBe('signatures.gpgKeyring');
    const junk = await readSignatures(repo, tags, { gpgKeyring: allowed }).catch((e: unknown) => e);
    expect(junk).toBeInstanceOf(InputError);
    expect((junk as InputError).format()).toMatch(/gpg imported no key/);
  });
});

describe('signed tags in the git builder and the demo', () => {
  it('signs a tag exactly as `git tag -s` with gpg.format=ssh does', async () => {
    const steps = (signed: boolean): Step[] => [
      { commit: 'feat: one', files: { a: '1\n' }, date: '2026-01-05T09:00:00+01:00' },
      ...(signed
        ? [
            {
              tag: 'v1.0.0',
              annotated: {
                message: 'Release 1.0.0',
                tagger: { name: 'Rel Ease', email: 'rel@acme.example' },
                date: '2026-02-01T10:00:00+01:00',
                sshSigningKey: join(keys, 'release'),
              },
            },
          ]
        : []),
    ];
    const built = await buildRepo(join(root, 'builder-signed'), steps(true));
    const byGit = join(root, 'git-signed');
    await buildRepo(byGit, steps(false));
    sh(
      'git',
      [
        '-c',
        'user.name=Rel Ease',
        '-c',
        'user.email=rel@acme.example',
        '-c',
        'gpg.format=ssh',
        '-c',
        `user.signingkey=${join(keys, 'release')}`,
        'tag',
        '-s',
        '-m',
        'Release 1.0.0',
        'v1.0.0',
      ],
      {
        cwd: byGit,
        env: { GIT_COMMITTER_DATE: '2026-02-01T10:00:00+01:00' },
      },
    );
    expect(built.tags['v1.0.0']).toBe((await runGit(byGit, ['rev-parse', 'refs/tags/v1.0.0'])).trim());
  });

  it('gives the sdk tags the statuses the demo facts list, with the generated allowed-signers file', async () => {
    const out = join(root, 'demo');
    await generateDemo(out);
    const config = JSON.parse(readFileSync(join(out, 'waybill.config.json'), 'utf8'));
    expect(config.signatures).toEqual({ allowedSigners: DEMO_ALLOWED_SIGNERS_FILE });
    expect(readFileSync(join(out, DEMO_ALLOWED_SIGNERS_FILE), 'utf8')).toMatch(
      new RegExp(`^${DEMO_SIGNER_PRINCIPAL} namespaces="git" ssh-ed25519 \\S+\n$`),
    );
    const [signer, stranger] = [DEMO_SIGNING_KEYS.release, DEMO_SIGNING_KEYS.stranger].map(
      (k) => sh('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${k}.pub`]).split(' ')[1],
    );
    for (const fact of DEMO_FACTS) {
      const dir = join(out, fact.repo);
      const sigs = await readSignatures(dir, await readTags(dir), {
        allowedSigners: join(out, DEMO_ALLOWED_SIGNERS_FILE),
      });
      for (const r of fact.releases) {
        const expected = {
          good: { status: 'good', kind: 'ssh', signer: DEMO_SIGNER_PRINCIPAL, key: signer },
          'unknown-key': { status: 'unknown-key', kind: 'ssh', signer: null, key: stranger },
          unsigned: { status: 'unsigned', kind: null, signer: null, key: null },
        }[r.signature];
        expect([fact.id, r.tag, sigs.get(r.tag)]).toEqual([fact.id, r.tag, expected]);
      }
    }
    expect(DEMO_FACTS.flatMap((f) => f.releases.map((r) => r.signature))).toEqual(
      expect.arrayContaining(['good', 'unknown-key', 'unsigned']),
    );
  });
});

describe('signatures in a harvest', () => {
  it("records each release tag's status, and verifies again when the configured keys change", async () => {
    const { harvest } = await import('../../src/harvest/harvest.ts');
    const { ConfigSchema } = await import('../../src/schemas/config/config.ts');
    const data = join(root, 'data');
    const run = async (signatures: Record<string, string>) => {
      const config = ConfigSchema.parse({
        projects: [
          {
            id: 'lib',
            name: 'Lib',
            repo: './repo',
            tags: { regex: '^v(?<version>1\\.0\\.0-ssh(?:-stranger)?)$' },
          },
        ],
        signatures,
      });
      await harvest(
        { config, file: join(root, 'waybill.config.json'), dir: root },
        { now: new Date('2026-03-01T00:00:00Z'), dataDir: data, log: () => {} },
      );
      const status = (v: string) =>
        JSON.parse(readFileSync(join(data, 'releases/lib', `${v}.json`), 'utf8')).signature.status;
      const evidence = (v: string) =>
        JSON.parse(readFileSync(join(data, 'evidence/lib', `${v}.json`), 'utf8')).tag.signature.status;
      return {
        ssh: status('1.0.0-ssh'),
        stranger: status('1.0.0-ssh-stranger'),
        evidence: evidence('1.0.0-ssh'),
      };
    };
    expect(await run({})).toEqual({ ssh: 'unchecked', stranger: 'unchecked', evidence: 'unchecked' });
    // Same tags, same repository: only the keys changed, and that is enough to read the project again.
    expect(await run({ allowedSigners: allowed })).toEqual({
      ssh: 'good',
      stranger: 'unknown-key',
      evidence: 'good',
    });
    // The audit chain anchors the evidence that changed with it.
    const kinds = readFileSync(join(data, 'audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).kind);
    expect(kinds.filter((k) => k === 'evidence.updated')).toHaveLength(2);
  });
});
