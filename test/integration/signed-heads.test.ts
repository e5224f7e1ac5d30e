// Signed heads of the audit chain, through the command line as CI and an auditor run it: every
// harvest of a project released tag by tag signs the chain's new head; `verify --allowed-signers`
// holds on the untouched chain and names the first rewritten entry of a chain rewritten from its
// middle (every hash recomputed), a cut chain, entries appended without the key and a head kept
// elsewhere; and the signature checks with ssh-keygen alone, by the lines docs/audit.md gives.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashEntry } from '../../src/core/audit/chain.ts';
import { canonicalJson } from '../../src/core/canonical.ts';
import { buildRepo, gitEnv } from '../../src/demo/git-builder.ts';

const dir = mkdtempSync(join(tmpdir(), 'waybill-heads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const docs = readFileSync(new URL('../../docs/audit.md', import.meta.url), 'utf8');

const waybill = (args: string[], env: Record<string, string> = {}) => {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: '1780000000', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const sh = (cmd: string, cwd: string, env: Record<string, string> = {}) =>
  spawnSync('sh', ['-c', cmd], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
const git = (...args: string[]) =>
  spawnSync('git', args, { cwd: join(dir, 'repo'), env: gitEnv(), encoding: 'utf8' }).stdout.trim();
const lines = (file: string) => readFileSync(join(dir, file), 'utf8').trim().split('\n');
const events = (data: string) => lines(`${data}/audit.jsonl`).map((l) => JSON.parse(l));
const heads = (data: string) => lines(`${data}/audit.heads.jsonl`).map((l) => JSON.parse(l));
const copy = (from: string, to: string) => {
  rmSync(join(dir, to), { recursive: true, force: true });
  cpSync(join(dir, from), join(dir, to), { recursive: true });
};
/** Rewrites the chain of `data` from `line` on with `change`, recomputing every hash after it. */
function rewriteFrom(data: string, line: number, change: (e: Record<string, any>) => void) {
  const chain = events(data);
  let prev: string | null = chain[line - 2]?.hash ?? null;
  for (const e of chain.slice(line - 1)) {
    if (e.seq === line) change(e);
    e.prev = prev;
    e.hash = hashEntry(e as never);
    prev = e.hash;
  }
  writeFileSync(join(dir, data, 'audit.jsonl'), chain.map((e) => canonicalJson(e) + '\n').join(''));
}
/** The lines of docs/audit.md's "Checking a head by hand" block that an auditor runs (N and HASH filled in). */
const byHand = docs
  .split('<!-- verify-head-by-hand')[1]!
  .split('```sh\n')[1]!
  .split('```')[0]!
  .split('\n')
  .filter((l) => l && !/^(N|HASH)=/.test(l));

beforeAll(async () => {
  mkdirSync(join(dir, 'keys'));
  for (const [name, comment] of [
    ['audit', 'audit@acme.example'],
    ['stranger', 'mallory@elsewhere.example'],
  ])
    expect(sh(`ssh-keygen -q -t ed25519 -N '' -C ${comment} -f keys/${name}`, dir).status).toBe(0);
  writeFileSync(
    join(dir, 'allowed_signers'),
    `audit@acme.example ${readFileSync(join(dir, 'keys/audit.pub'), 'utf8')}`,
  );
  writeFileSync(
    join(dir, 'waybill.config.json'),
    JSON.stringify({
      projects: [{ id: 'lib', name: 'Lib', repo: './repo' }],
      audit: { signingKey: 'keys/audit' },
    }),
  );
  writeFileSync(
    join(dir, 'unsigned.config.json'),
    JSON.stringify({ projects: [{ id: 'lib', name: 'Lib', repo: './repo' }] }),
  );
  // A project released tag by tag, harvested on every tag push: one event and one signed head each.
  await buildRepo(join(dir, 'repo'), [{ commit: 'feat: first', files: { a: '0\n' } }, { tag: 'v1.0.0' }]);
  expect(waybill(['harvest', '--data', 'data']).code).toBe(0);
  for (const [i, v] of ['1.1.0', '1.2.0', '1.3.0', '1.4.0'].entries()) {
    writeFileSync(join(dir, 'repo/a'), `${i + 1}\n`);
    git('add', 'a');
    git('commit', '-q', '-m', `fix: change ${i + 1}`);
    git('tag', `v${v}`);
    const r = waybill(['harvest', '--data', 'data'], {
      SOURCE_DATE_EPOCH: String(1780000000 + (i + 1) * 86400),
    });
    expect(r.code, r.err).toBe(0);
  }
}, 180_000);

describe('signed heads', () => {
  it('every harvest signs its new head, verify --allowed-signers holds, and the documented ssh-keygen lines check it by hand', () => {
    expect(events('data').map((e) => `${e.seq} ${e.kind} ${e.version}`)).toEqual([
      '1 release.published 1.0.0',
      '2 release.published 1.1.0',
      '3 release.published 1.2.0',
      '4 release.published 1.3.0',
      '5 release.published 1.4.0',
    ]);
    const signed = heads('data');
    expect(signed.map((h) => [h.seq, h.hash])).toEqual(events('data').map((e) => [e.seq, e.hash]));
    const fingerprint = sh('ssh-keygen -l -f keys/audit', dir).stdout.split(' ')[1];
    expect(signed[4]).toMatchObject({
      at: '2026-06-01T20:26:40.000Z',
      key: fingerprint,
      signer: 'audit@acme.example',
      signature: expect.stringMatching(
        /^-----BEGIN SSH SIGNATURE-----\n[\s\S]+\n-----END SSH SIGNATURE-----\n$/,
      ),
    });
    const ok = waybill(['verify', '--data', 'data', '--allowed-signers', 'allowed_signers']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toContain(`head: 5:${signed[4].hash}`);
    expect(ok.out).toContain(
      `signed: line 5 on 2026-06-01T20:26:40.000Z by ${fingerprint} (audit@acme.example)`,
    );

    // By hand, in the data folder, with the allowed-signers file beside it: exactly docs/audit.md's lines.
    expect(byHand).toHaveLength(3);
    cpSync(join(dir, 'allowed_signers'), join(dir, 'data/allowed_signers'));
    for (const head of [signed[2], signed[4]]) {
      const r = sh(byHand.join('\n'), join(dir, 'data'), { N: String(head.seq), HASH: head.hash });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(
        `audit@acme.example\nGood "waybill-audit-head" signature for audit@acme.example with ED25519 key ${fingerprint}`,
      );
    }
    // Another hash with that signature does not check.
    const forged = sh(byHand.join('\n'), join(dir, 'data'), { N: '5', HASH: signed[3].hash });
    expect(forged.status).not.toBe(0);
    expect(forged.stderr).toMatch(/Signature verification failed|Could not verify signature/);
  });

  it('the heads are byte for byte the same when the same history is harvested again (Ed25519 signatures are deterministic)', () => {
    rmSync(join(dir, 'again'), { recursive: true, force: true });
    // The same harvests, in one go this time: the last head's signature equals the tag-by-tag run's.
    expect(
      waybill(['harvest', '--data', 'again'], { SOURCE_DATE_EPOCH: String(1780000000 + 4 * 86400) }).code,
    ).toBe(0);
    const [head] = heads('again');
    expect(head.seq).toBe(5);
    expect(head.hash).toBe(heads('data')[4].hash);
    expect(head.signature).toBe(heads('data')[4].signature);
  });

  it('a chain rewritten from its middle, every hash recomputed, fails naming the first rewritten entry', () => {
    copy('data', 'rewritten');
    rewriteFrom('rewritten', 3, (e) => (e.data.signature = 'good'));
    // The chain holds together on its own: only the signed heads catch it.
    const r = waybill(['verify', '--data', 'rewritten', '--allowed-signers', 'allowed_signers']);
    expect(r.code).toBe(1);
    const fails = r.err.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(fails).toEqual([
      expect.stringMatching(
        /^FAIL audit\.jsonl:3: the chain was rewritten from line 3: line 3's hash is [0-9a-f]{12}…, but the head signed on 2026-05-30T20:26:40\.000Z by SHA256:\S+ \(audit@acme\.example\) is [0-9a-f]{12}…; the last head that holds is line 2$/,
      ),
    ]);

    // And with the heads rewritten to match, re-signed by a key the allowed signers do not list.
    const rewritten = events('rewritten');
    const forgedHeads = heads('data').map((h) => {
      if (h.seq < 3) return h;
      const sig = sh(
        `echo ${rewritten[h.seq - 1].hash} | ssh-keygen -Y sign -f keys/stranger -n waybill-audit-head`,
        dir,
      );
      return { ...h, hash: rewritten[h.seq - 1].hash, signature: sig.stdout };
    });
    writeFileSync(
      join(dir, 'rewritten/audit.heads.jsonl'),
      forgedHeads.map((h) => canonicalJson(h) + '\n').join(''),
    );
    const again = waybill(['verify', '--data', 'rewritten', '--allowed-signers', 'allowed_signers']);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(
      /FAIL audit\.heads\.jsonl:3: the signature of the head of audit\.jsonl:3 does not verify: the key SHA256:\S+ that signed it is not an allowed signer in /,
    );
    expect(again.err).toMatch(/FAIL audit\.jsonl:3: lines 3–5 are not covered by a signed head/);
  });

  it('a chain cut at its end fails, naming the lines deleted', () => {
    copy('data', 'cut');
    writeFileSync(join(dir, 'cut/audit.jsonl'), lines('cut/audit.jsonl').slice(0, 3).join('\n') + '\n');
    const r = waybill(['verify', '--data', 'cut', '--allowed-signers', 'allowed_signers']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /FAIL audit\.jsonl:4: the chain ends at line 3, but the head signed on \S+ by SHA256:\S+ \(audit@acme\.example\) is line 4 \([0-9a-f]{12}…\): lines 4–5 were deleted/,
    );
    // A harvest refuses to append to it.
    const h = waybill(['harvest', '--data', 'cut']);
    expect(h.code).toBe(1);
    expect(h.err).toMatch(/the signed heads .*audit\.heads\.jsonl do not match the audit chain/);
  });

  it('entries appended by a harvest without the key are named; the next harvest with the key re-reads them from git and signs', () => {
    copy('data', 'unsigned');
    git('commit', '-q', '--allow-empty', '-m', 'feat: late');
    git('tag', 'v1.5.0');
    try {
      const keyless = waybill(['harvest', '--data', 'unsigned', '--config', 'unsigned.config.json'], {
        SOURCE_DATE_EPOCH: '1780500000',
      });
      expect(keyless.code, keyless.err).toBe(0);
      expect(keyless.err).toMatch(
        /warning: the audit chain's heads are signed, but this harvest has no signing key .*: line 6 is not signed/,
      );
      const r = waybill(['verify', '--data', 'unsigned', '--allowed-signers', 'allowed_signers']);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        /FAIL audit\.jsonl:6: line 6 is not covered by a signed head: appended by a harvest without the signing key, or forged/,
      );
      // Without --allowed-signers the heads still match: verify passes and says what it did not check.
      const lax = waybill(['verify', '--data', 'unsigned']);
      expect(lax.code).toBe(0);
      expect(lax.err).toContain(
        'note: 5 signed heads match the chain, but their signatures were not checked: pass --allowed-signers FILE',
      );

      const signing = waybill(['harvest', '--data', 'unsigned'], {
        SOURCE_DATE_EPOCH: '1780600000',
        WAYBILL_AUDIT_SIGNING_KEY: join(dir, 'keys/audit'),
      });
      expect(signing.code, signing.err).toBe(0);
      expect(signing.err).toMatch(
        /warning: audit\.jsonl: line 6 comes after its last signed head \(line 5\)/,
      );
      expect(heads('unsigned').at(-1)).toMatchObject({
        seq: 6,
        at: new Date(1780600000 * 1000).toISOString(),
      });
      expect(waybill(['verify', '--data', 'unsigned', '--allowed-signers', 'allowed_signers']).code).toBe(0);
    } finally {
      git('tag', '-d', 'v1.5.0');
      git('reset', '-q', '--hard', 'HEAD~1');
    }
  });

  it('verify --head checks a head kept elsewhere: held, rewritten before it, or cut', () => {
    const kept = heads('data')[3]; // line 4
    expect(waybill(['verify', '--data', 'data', '--head', kept.hash]).code).toBe(0);
    expect(waybill(['verify', '--data', 'data', '--head', `4:${kept.hash.slice(0, 12)}`]).code).toBe(0);
    const rewritten = waybill(['verify', '--data', 'rewritten', '--head', `4:${kept.hash}`]);
    expect(rewritten.err).toMatch(
      /FAIL audit\.jsonl:4: line 4's hash is [0-9a-f]{12}…, but the head kept elsewhere is [0-9a-f]{12}…: the chain was rewritten at or before line 4/,
    );
    const cut = waybill(['verify', '--data', 'cut', '--head', kept.hash]);
    expect(cut.err).toMatch(
      /FAIL audit\.jsonl: the head kept elsewhere \([0-9a-f]{64}\) is not in the chain: it was rewritten or cut before it/,
    );
    const bad = waybill(['verify', '--data', 'data', '--head', 'xyz']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--head: --head "xyz" is not a head/);
  });

  it('a signing key that ssh-keygen cannot use fails before anything is written, naming the fix', () => {
    const r = waybill(['harvest', '--data', 'fresh'], {
      WAYBILL_AUDIT_SIGNING_KEY: join(dir, 'keys/missing'),
    });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/WAYBILL_AUDIT_SIGNING_KEY: the audit signing key .*keys\/missing does not exist/);
    writeFileSync(join(dir, 'keys/open'), readFileSync(join(dir, 'keys/audit')), { mode: 0o644 });
    const open = waybill(['harvest', '--data', 'fresh'], {
      WAYBILL_AUDIT_SIGNING_KEY: join(dir, 'keys/open'),
    });
    expect(open.code).toBe(1);
    expect(open.err).toMatch(
      /ssh-keygen could not sign the audit chain's head with .*keys\/open: Permissions 0644 for '.*' are too open\./,
    );
    expect(open.err).toContain(
      `fix: make the key readable by its owner only: chmod 600 ${join(dir, 'keys/open')}`,
    );
    expect(spawnSync('ls', ['-A', join(dir, 'fresh')], { encoding: 'utf8' }).stdout).toBe('');
  });
});
