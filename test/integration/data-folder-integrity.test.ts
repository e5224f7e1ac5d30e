// The data folder against its custodian and an unlucky CI: what a harvest takes from the folder
// it writes is only what the audit chain and git confirm, and `verify` names every file a reader
// is served that the evidence does not cover. Each case starts from a copy of one harvested
// folder of a small monorepo (two path-filtered projects, deployments with findings).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepo, gitEnv } from '../../src/demo/git-builder.ts';
import { ConfigSchema } from '../../src/schemas/config/config.ts';
import { harvest } from '../../src/harvest/harvest.ts';
import { sealJson } from '../../src/harvest/sealed-json.ts';
import { verifyFolder } from '../../src/verify/verify.ts';
import { readTree } from '../helpers/data-folder.ts';

const dir = mkdtempSync(join(tmpdir(), 'waybill-integrity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const git = (...args: string[]) => {
  const r = spawnSync('git', args, { cwd: join(dir, 'repo'), env: gitEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
};

const PROJECTS = [
  { id: 'lib', name: 'Lib', repo: './repo', tags: 'lib@{version}', path: 'packages/lib' },
  { id: 'app', name: 'App', repo: './repo', tags: 'app@{version}', path: 'packages/app' },
];
const config = (extra: Record<string, unknown> = {}) => ({
  config: ConfigSchema.parse({
    cache: 'cache',
    projects: PROJECTS,
    environments: [{ id: 'prod', tier: 'production' }],
    deployments: [{ format: 'waybill', path: 'deploys.jsonl' }],
    ...extra,
  }),
  file: join(dir, 'waybill.config.json'),
  dir,
});
/** One harvest into `data` at `at`; the warnings it gave. */
async function run(data: string, at = '2026-06-01T00:00:00Z', extra: Record<string, unknown> = {}) {
  const warnings: string[] = [];
  await harvest(config(extra), {
    now: new Date(at),
    dataDir: join(dir, data),
    log: () => {},
    warn: (l) => warnings.push(l),
  });
  return warnings;
}
const chainOf = (data: string) => readFileSync(join(dir, data, 'audit.jsonl'), 'utf8');
const eventsOf = (data: string) =>
  chainOf(data)
    .trim()
    .split('\n')
    .map(
      (l) =>
        JSON.parse(l) as {
          seq: number;
          kind: string;
          project: string;
          version: string;
          data: Record<string, unknown>;
        },
    );
const verify = (data: string) => verifyFolder({ dataDir: join(dir, data) });
const copy = (from: string, to: string) => {
  rmSync(join(dir, to), { recursive: true, force: true });
  cpSync(join(dir, from), join(dir, to), { recursive: true });
};
const deploy = (id: string, version: string, at: string, actor: string, approvers: string[]) => ({
  at,
  project: 'lib',
  version,
  environment: 'prod',
  status: 'success',
  actor,
  approvers,
  id,
});
const writeDeploys = (file: string, records: object[]) =>
  writeFileSync(join(dir, file), records.map((r) => JSON.stringify(r)).join('\n') + '\n');

beforeAll(async () => {
  const ada = { name: 'Ada Lovelace', email: 'ada@acme.example' };
  await buildRepo(join(dir, 'repo'), [
    { commit: 'feat(lib): parse', files: { 'packages/lib/a': '1\n' }, author: ada },
    { commit: 'feat(app): screen', files: { 'packages/app/a': '1\n' } },
    { tag: 'lib@1.0.0', annotated: { message: 'lib 1.0.0' } },
    { tag: 'app@1.0.0' },
    { commit: 'fix(lib): quoting', files: { 'packages/lib/a': '2\n' } },
    { commit: 'fix(lib): escaping', files: { 'packages/lib/b': '1\n' } },
    { tag: 'lib@1.1.0' },
    { commit: 'feat(lib): streaming', files: { 'packages/lib/a': '3\n' } },
    { tag: 'lib@1.2.0' },
  ]);
  writeDeploys('deploys.jsonl', [
    deploy('d-1', '1.0.0', '2026-05-01T10:00:00Z', 'alice', ['bob']),
    deploy('d-2', '1.1.0', '2026-05-02T10:00:00Z', 'carol', ['carol']),
  ]);
  expect(await run('base')).toEqual([]);
  expect((await verify('base')).failures).toEqual([]);
}, 120_000);

describe('what a harvest takes from the data folder it writes', () => {
  it('a .state file with one hex digit changed is read again from git, and appends no tag.moved', async () => {
    copy('base', 'state');
    const file = join(dir, 'state/.state/lib.json');
    const commit = git('rev-parse', 'lib@1.1.0^{commit}');
    const forged = commit.slice(0, -1) + (commit.endsWith('0') ? '1' : '0');
    writeFileSync(file, readFileSync(file, 'utf8').replace(commit, forged));
    const before = chainOf('state');
    const warnings = await run('state', '2026-06-02T00:00:00Z');
    expect(warnings.join('\n')).toMatch(/\.state\/lib\.json does not check \(its digest does not match/);
    expect(chainOf('state')).toBe(before);
    expect((await verify('state')).failures).toEqual([]);

    // The same edit with the digest recomputed: the state disagrees with git's tags.
    const state = JSON.parse(readFileSync(file, 'utf8'));
    delete state.digest;
    writeFileSync(file, sealJson(JSON.parse(JSON.stringify(state).replace(commit, forged))));
    const again = await run('state', '2026-06-03T00:00:00Z');
    expect(again.join('\n')).toMatch(
      new RegExp(
        `\\.state/lib\\.json does not agree with the repository \\(it says lib@1\\.1\\.0 is at ${forged.slice(0, 12)}, git says ${commit.slice(0, 12)}\\)`,
      ),
    );
    expect(chainOf('state')).toBe(before);
    expect(eventsOf('state').filter((e) => e.kind === 'tag.moved')).toEqual([]);
  });

  it('a .state file that drops a release appends no tag.deleted', async () => {
    copy('base', 'dropped');
    const file = join(dir, 'dropped/.state/lib.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    delete state.digest;
    state.releases = state.releases.filter((r: { version: string }) => r.version !== '1.0.0');
    writeFileSync(file, sealJson(state));
    const before = chainOf('dropped');
    const warnings = await run('dropped', '2026-06-02T00:00:00Z');
    expect(warnings.join('\n')).toMatch(
      /does not agree with the repository \(it does not list the tag lib@1\.0\.0\)/,
    );
    expect(chainOf('dropped')).toBe(before);
  });

  it('an edited .paths cache does not drop a commit from a release, even with its digest recomputed', async () => {
    const escaping = git('rev-parse', 'lib@1.1.0^{commit}'); // "fix(lib): escaping", the tagged commit
    const cacheFile = () => {
      const folder = join(dir, 'cache/.paths');
      const name = spawnSync('ls', [folder], { encoding: 'utf8' }).stdout.trim();
      return join(folder, name);
    };
    // A valid-JSON edit: the commit no longer touches packages/lib.
    const poison = (text: string) =>
      text.replace(`"${escaping}":["packages/lib/b"]`, `"${escaping}":["README"]`);
    const original = readFileSync(cacheFile(), 'utf8');
    expect(poison(original)).not.toBe(original);
    writeFileSync(cacheFile(), poison(original));
    // A data folder harvested afresh beside the cache (as CI restores a cache but not the folder).
    const warnings = await run('paths-cold');
    expect(warnings.join('\n')).toMatch(
      /\.paths\/[0-9a-f]+\.json does not check \(its digest does not match its content\)/,
    );
    const release = JSON.parse(readFileSync(join(dir, 'paths-cold/releases/lib/1.1.0.json'), 'utf8'));
    expect(release.commitCount).toBe(2);
    expect(release.changes.map((c: { hash: string }) => c.hash)).toContain(escaping);

    // Poisoned with a digest that checks: git confirms the ranges of releases the chain holds.
    const body = poison(
      readFileSync(cacheFile(), 'utf8').slice(readFileSync(cacheFile(), 'utf8').indexOf('\n') + 1),
    );
    const { createHash } = await import('node:crypto');
    writeFileSync(
      cacheFile(),
      `${JSON.stringify({ version: 4, sha256: createHash('sha256').update(body).digest('hex') })}\n${body}`,
    );
    copy('base', 'paths');
    const before = chainOf('paths');
    // A changed description assembles every release again, from the cached path history.
    const again = await run('paths', '2026-06-02T00:00:00Z', {
      projects: PROJECTS.map((p) => ({ ...p, description: 'changed' })),
    });
    expect(again.join('\n')).toMatch(
      /the cached history of .* gives lib 1\.1\.0 \(lib@1\.1\.0\) 1 commit, but git lists 2: the cache is discarded/,
    );
    expect(JSON.parse(readFileSync(join(dir, 'paths/releases/lib/1.1.0.json'), 'utf8')).commitCount).toBe(2);
    expect(chainOf('paths')).toBe(before);
    expect((await verify('paths')).failures).toEqual([]);
  });

  it('an edited release record is named by verify, and the next harvest writes it again from git', async () => {
    copy('base', 'edited');
    const file = join(dir, 'edited/releases/lib/1.0.0.json');
    const original = readFileSync(file);
    writeFileSync(file, original.toString().replace('"subject": "parse"', '"subject": "HACKED"'));
    expect(readFileSync(file, 'utf8')).toContain('HACKED');
    const report = await verify('edited');
    expect(report.failures).toEqual([
      {
        where: 'releases/lib/1.0.0.json',
        message: expect.stringMatching(
          /^SHA-256 [0-9a-f]{12}… is not [0-9a-f]{12}…, the digest evidence\/lib\/1\.0\.0\.json holds: the file was changed after the harvest$/,
        ),
      },
    ]);
    const before = chainOf('edited');
    const warnings = await run('edited', '2026-06-02T00:00:00Z');
    expect(warnings.join('\n')).toMatch(
      /lib: releases\/lib\/1\.0\.0\.json was changed after the harvest .*: its releases are read again from git/,
    );
    expect(readFileSync(file).equals(original)).toBe(true);
    expect(chainOf('edited')).toBe(before);
    expect((await verify('edited')).failures).toEqual([]);
  });

  it('an edited evidence record is written again from its release when its deployments change, not carried into the chain', async () => {
    copy('base', 'evidence');
    const file = join(dir, 'evidence/evidence/lib/1.0.0.json');
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('"subject":"parse"', '"subject":"HACKED"'));
    expect((await verify('evidence')).failures.map((f) => f.where)).toEqual(['evidence/lib/1.0.0.json']);
    writeDeploys('deploys-more.jsonl', [
      deploy('d-1', '1.0.0', '2026-05-01T10:00:00Z', 'alice', ['bob']),
      deploy('d-2', '1.1.0', '2026-05-02T10:00:00Z', 'carol', ['carol']),
      deploy('d-9', '1.0.0', '2026-05-09T10:00:00Z', 'alice', ['bob']),
    ]);
    const warnings = await run('evidence', '2026-06-02T00:00:00Z', {
      deployments: [{ format: 'waybill', path: 'deploys-more.jsonl' }],
    });
    expect(warnings.join('\n')).toContain(
      'evidence/lib/1.0.0.json is not the evidence record audit.jsonl recorded: it is written again from the release',
    );
    expect(readFileSync(file, 'utf8')).not.toContain('HACKED');
    // One update of lib 1.0.0, from the digest the chain recorded (not the edited file's) to the
    // record with the new deployment. (Every record names its deployments' file, so 1.1.0 changed too.)
    const recorded = eventsOf('base').find(
      (e) => e.kind === 'release.published' && e.version === '1.0.0' && e.project === 'lib',
    )!.data.evidence;
    const updated = eventsOf('evidence').filter(
      (e) => e.kind === 'evidence.updated' && e.project === 'lib' && e.version === '1.0.0',
    );
    expect(updated).toEqual([expect.objectContaining({ data: expect.objectContaining({ from: recorded }) })]);
    expect(readFileSync(file, 'utf8')).toContain('"id":"d-9"');
    expect((await verify('evidence')).failures).toEqual([]);
  });

  it('an SBOM record added after the harvest is named by verify', async () => {
    copy('base', 'sbom');
    mkdirSync(join(dir, 'sbom/sboms/app'), { recursive: true });
    writeFileSync(join(dir, 'sbom/sboms/app/1.0.0.json'), '{}\n');
    const report = await verify('sbom');
    expect(report.failures).toEqual([
      {
        where: 'sboms/app/1.0.0.json',
        message:
          'not covered by evidence/app/1.0.0.json, which records no such file (added after the harvest)',
      },
    ]);
  });

  it('a tag moved away and back, with an overlay added in between, verifies', async () => {
    copy('base', 'moved');
    const home = git('rev-parse', 'lib@1.1.0^{commit}');
    try {
      git('tag', '-f', 'lib@1.1.0', 'lib@1.1.0~1');
      await run('moved', '2026-06-02T00:00:00Z');
      mkdirSync(join(dir, 'content/notes/lib'), { recursive: true });
      writeFileSync(join(dir, 'content/notes/lib/1.1.0.md'), 'Quoting and escaping, by hand.\n');
      await run('moved', '2026-06-03T00:00:00Z');
      git('tag', '-f', 'lib@1.1.0', home);
      await run('moved', '2026-06-04T00:00:00Z');
      expect(
        eventsOf('moved')
          .filter((e) => e.kind === 'tag.moved')
          .map((e) => e.data.to),
      ).toEqual([git('rev-parse', 'lib@1.1.0~1'), home]);
      expect((await verify('moved')).failures).toEqual([]);
      // And the next harvest, with nothing new, appends nothing.
      const before = chainOf('moved');
      expect(await run('moved', '2026-06-05T00:00:00Z')).toEqual([]);
      expect(chainOf('moved')).toBe(before);
    } finally {
      git('tag', '-f', 'lib@1.1.0', home);
      rmSync(join(dir, 'content'), { recursive: true, force: true });
    }
  });

  it('verify names a chain cut at its end: the deployments and findings it no longer holds', async () => {
    copy('base', 'cut');
    const lines = chainOf('cut').trim().split('\n');
    // The last two entries: the newest deployment and the finding on it.
    expect(lines.slice(-2).map((l) => JSON.parse(l).kind)).toEqual(['deploy.success', 'sod.violation']);
    writeFileSync(join(dir, 'cut/audit.jsonl'), lines.slice(0, -2).join('\n') + '\n');
    const report = await verify('cut');
    expect(report.failures).toEqual([
      {
        where: 'evidence/lib/1.1.0.json',
        message:
          'the finding "Deployed to prod by carol, who also approved it: no second person approved it." (deployment d-2) is not in audit.jsonl: entries were removed from the chain, or the record was edited',
      },
      {
        where: 'deployments.json',
        message:
          'deployment d-2 (entry 1: lib 1.1.0, success in prod) is not in audit.jsonl: entries were removed from the end of the chain, or the file was edited',
      },
    ]);
  });

  it('a missing audit.jsonl beside evidence records is an error, not a new chain', async () => {
    copy('base', 'nochain');
    rmSync(join(dir, 'nochain/audit.jsonl'));
    await expect(run('nochain', '2026-06-02T00:00:00Z')).rejects.toThrow(
      /the audit chain is missing, but the data folder holds evidence records \(evidence\/app\/1\.0\.0\.json\): the chain was deleted/,
    );
    expect(existsSync(join(dir, 'nochain/audit.jsonl'))).toBe(false);
    await expect(verify('nochain')).rejects.toThrow(
      /has no audit\.jsonl, but holds 4 evidence records .*: the audit chain was deleted/,
    );
  });

  it('an edited .state/evidence.json appends no evidence.updated or finding', async () => {
    copy('base', 'evstate');
    const file = join(dir, 'evstate/.state/evidence.json');
    const state = JSON.parse(readFileSync(file, 'utf8'));
    delete state.digest;
    state.releases['lib/1.0.0'].sha256 = '0'.repeat(64);
    state.releases['lib/1.0.0'].findings.push({
      control: 'approval',
      deployment: 'd-1',
      environment: 'prod',
      at: '2026-05-01T10:00:00Z',
      message: 'forged',
    });
    writeFileSync(file, sealJson(state, false));
    const before = chainOf('evstate');
    await run('evstate', '2026-06-02T00:00:00Z');
    expect(chainOf('evstate')).toBe(before);
    expect((await verify('evstate')).failures).toEqual([]);
  });
});

describe('the lock on the data folder', () => {
  const waybill = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const child = spawn(process.execPath, [cli, ...args], {
        cwd: dir,
        env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: '1780000000', ...env },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (b) => (out += b));
      child.stderr.on('data', (b) => (err += b));
      child.on('close', (code) => done({ code, out, err }));
    });

  it('two harvests with different inputs into one data folder both finish, one after the other, and the chain holds both', async () => {
    writeDeploys('deploys-a.jsonl', [deploy('d-a', '1.0.0', '2026-05-05T10:00:00Z', 'alice', ['bob'])]);
    writeDeploys('deploys-b.jsonl', [deploy('d-b', '1.2.0', '2026-05-06T10:00:00Z', 'dave', ['erin'])]);
    for (const name of ['a', 'b'])
      writeFileSync(
        join(dir, `config-${name}.json`),
        JSON.stringify({
          projects: PROJECTS,
          cache: `cache-${name}`,
          environments: [{ id: 'prod', tier: 'production' }],
          deployments: [{ format: 'waybill', path: `deploys-${name}.jsonl` }],
        }),
      );
    const [a, b] = await Promise.all([
      waybill(['harvest', '--config', 'config-a.json', '--data', 'shared']),
      waybill(['harvest', '--config', 'config-b.json', '--data', 'shared']),
    ]);
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    expect(`${a.out}${b.out}`).toMatch(
      /waiting for waybill harvest \(pid \d+ on .*, since .*\) to finish writing/,
    );
    const deployed = eventsOf('shared')
      .filter((e) => e.kind === 'deploy.success')
      .map((e) => e.data.deployment)
      .sort();
    expect(deployed).toEqual(['d-a', 'd-b']);
    expect((await verify('shared')).failures).toEqual([]);
    expect(existsSync(join(dir, 'shared/.lock'))).toBe(false);
  }, 120_000);

  it('a stale lock is named and taken over, and what the killed harvest left is removed; a live one is waited for, then refused', async () => {
    copy('base', 'locked');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
      encoding: 'utf8',
    });
    const deadPid = Number(gone.stdout);
    const lock = (pid: number) =>
      writeFileSync(
        join(dir, 'locked/.lock'),
        JSON.stringify({
          pid,
          host: hostname(),
          started: '2026-06-01T08:00:00.000Z',
          command: 'harvest',
          processStart: null,
          nonce: 'n',
        }),
      );
    lock(deadPid);
    writeFileSync(join(dir, 'locked/releases/lib/1.0.0.json.4242.0123456789ab.tmp'), 'half a file');
    const r = await waybill(['harvest', '--data', 'locked', '--config', 'config-a.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      `warning: took over the stale lock ${join(dir, 'locked/.lock')} of waybill harvest (pid ${deadPid} on ${hostname()}, since 2026-06-01T08:00:00.000Z): that process no longer runs`,
    );
    expect(existsSync(join(dir, 'locked/releases/lib/1.0.0.json.4242.0123456789ab.tmp'))).toBe(false);
    expect(existsSync(join(dir, 'locked/.lock'))).toBe(false);

    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      lock(sleeper.pid!);
      const refused = await waybill(['harvest', '--data', 'locked', '--config', 'config-a.json'], {
        WAYBILL_LOCK_WAIT: '1',
      });
      expect(refused.code).toBe(1);
      expect(refused.err).toContain(
        `error: ${join(dir, 'locked/.lock')}: the data folder ${join(dir, 'locked')} is locked by waybill harvest (pid ${sleeper.pid} on ${hostname()}, since 2026-06-01T08:00:00.000Z); waited 1 s`,
      );
      expect(readTree(join(dir, 'locked')).has('.lock')).toBe(true);
    } finally {
      sleeper.kill();
    }
  }, 120_000);
});
