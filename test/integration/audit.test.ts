// Evidence and the audit chain end to end, through the command line as CI runs it: verify holds on
// an untouched harvest and fails, naming the file or line, after any change; a moved or deleted
// tag is recorded and its old record kept; sharded harvests merge into the same bytes as one
// harvest; a broken chain or a newer data folder is refused.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../helpers/data-folder.ts';
import { buildRepo, gitEnv } from '../../src/demo/git-builder.ts';

const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'waybill-audit-'));
const EPOCH = { SOURCE_DATE_EPOCH: '1780000000' }; // 2026-05-28T20:26:40Z
const LATER = { SOURCE_DATE_EPOCH: '1780086400' };
const env = (extra: Record<string, string>) => ({ ...process.env, CI: 'true', ...extra });
const waybill = (args: string[], extra: Record<string, string> = EPOCH) => {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: dir, encoding: 'utf8', env: env(extra) });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const waybillAsync = (args: string[]) =>
  new Promise<{ code: number | null; err: string }>((done) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: dir, env: env(EPOCH) });
    let err = '';
    child.stderr.on('data', (b) => (err += b));
    child.on('close', (code) => done({ code, err }));
  });
const git = (repo: string, ...args: string[]) =>
  spawnSync('git', args, { cwd: join(dir, repo), env: gitEnv(), encoding: 'utf8' }).stdout.trim();
const events = (data: string) =>
  readFileSync(join(dir, data, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));

beforeAll(async () => {
  const who = { name: 'Alice Schmidt', email: 'alice@acme.example' };
  await buildRepo(join(dir, 'lib'), [
    { commit: 'feat: csv export', files: { a: '1\n' }, author: who },
    { tag: 'v1.0.0', annotated: { message: 'First release' } },
    { commit: 'fix: quoting', files: { a: '2\n' } },
    { tag: 'v1.1.0' },
    { commit: 'feat: json export', files: { a: '3\n' } },
  ]);
  await buildRepo(join(dir, 'app'), [
    { commit: 'feat: first screen', files: { b: '1\n' } },
    { tag: 'v2.0.0' },
  ]);
  writeFileSync(
    join(dir, 'deploys.jsonl'),
    [
      {
        at: '2026-05-01T10:00:00Z',
        project: 'lib',
        version: '1.0.0',
        environment: 'prod',
        status: 'success',
        actor: 'alice',
        approvers: ['bob'],
        id: 'd-1',
      },
      {
        at: '2026-05-02T10:00:00Z',
        project: 'lib',
        version: '1.1.0',
        environment: 'prod',
        status: 'success',
        actor: 'carol',
        approvers: ['carol'],
        id: 'd-2',
      },
      {
        at: '2026-05-03T10:00:00Z',
        project: 'app',
        version: '2.0.0',
        environment: 'prod',
        status: 'success',
        actor: 'dave',
        approvers: [],
        id: 'd-3',
      },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'waybill.config.json'),
    JSON.stringify({
      projects: [
        { id: 'lib', name: 'Lib', repo: './lib' },
        { id: 'app', name: 'App', repo: './app' },
      ],
      environments: [{ id: 'prod', tier: 'production' }],
      deployments: [{ format: 'waybill', path: 'deploys.jsonl' }],
    }),
  );
}, 60_000);

describe('evidence and the audit chain', () => {
  it('verify holds on an untouched harvest, and the chain records releases, deployments and findings', () => {
    expect(waybill(['harvest', '--data', 'one']).code).toBe(0);
    const ok = waybill(['verify', '--data', 'one']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/verify: ok: \d+ audit events and 3 evidence records/);
    const kinds = events('one').map((e) => `${e.kind} ${e.project} ${e.version}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'release.published lib 1.0.0',
        'release.published lib 1.1.0',
        'release.published app 2.0.0',
        'deploy.success lib 1.0.0',
        'sod.violation lib 1.1.0',
        'approval.missing app 2.0.0',
      ]),
    );
    const evidence = JSON.parse(readFileSync(join(dir, 'one/evidence/lib/1.0.0.json'), 'utf8'));
    expect(evidence).toMatchObject({
      format: 'waybill.evidence/2',
      tag: { name: 'v1.0.0', message: 'First release\n', signature: { status: 'unsigned' } },
      commits: [{ subject: 'csv export', author: { name: 'Alice Schmidt' } }],
      deployments: [{ id: 'd-1', actor: 'alice', approvers: ['bob'] }],
      findings: [],
    });
    // A second harvest with nothing new appends nothing.
    const before = readFileSync(join(dir, 'one/audit.jsonl'));
    expect(waybill(['harvest', '--data', 'one'], LATER).code).toBe(0);
    expect(readFileSync(join(dir, 'one/audit.jsonl')).equals(before)).toBe(true);
  });

  it('verify fails, naming the file or the line, after one byte of an evidence record or of the log changes', () => {
    const flip = (rel: string, at: (text: string) => number) => {
      cpSync(join(dir, 'one'), join(dir, 'bad'), { recursive: true });
      const file = join(dir, 'bad', rel);
      const buf = readFileSync(file);
      const i = at(buf.toString('latin1'));
      buf[i] = buf[i]! ^ 1;
      writeFileSync(file, buf);
      const r = waybill(['verify', '--data', 'bad']);
      rmSync(join(dir, 'bad'), { recursive: true });
      return r;
    };
    const evidence = flip('evidence/lib/1.1.0.json', (t) => t.indexOf('quoting'));
    expect(evidence.code).toBe(1);
    expect(evidence.err).toMatch(
      /FAIL evidence\/lib\/1\.1\.0\.json: SHA-256 [0-9a-f]{12}… does not match [0-9a-f]{12}… recorded at audit\.jsonl:\d+/,
    );
    const log = flip('audit.jsonl', (t) => t.indexOf('\n') + 1 + t.split('\n')[1]!.indexOf('"at":"') + 8);
    expect(log.code).toBe(1);
    expect(log.err).toMatch(/FAIL audit\.jsonl:2: hash [0-9a-f]{12}… does not match the entry/);
    expect(log.err).toMatch(
      /FAIL audit\.jsonl:3: prev does not match the hash of line 2|verify: \d+ failures?/,
    );
  });

  it('a moved tag is recorded with both commits, its old record kept byte for byte, and the chain still verifies', () => {
    cpSync(join(dir, 'one'), join(dir, 'moved'), { recursive: true });
    const oldRecord = readFileSync(join(dir, 'moved/releases/lib/1.1.0.json'));
    const oldEvidence = readFileSync(join(dir, 'moved/evidence/lib/1.1.0.json'));
    const from = git('lib', 'rev-parse', 'v1.1.0^{commit}');
    git('lib', 'tag', '-f', 'v1.1.0', 'HEAD');
    const to = git('lib', 'rev-parse', 'HEAD');
    try {
      expect(waybill(['harvest', '--data', 'moved'], LATER).code).toBe(0);
      const moved = events('moved').filter((e) => e.kind === 'tag.moved');
      expect(moved).toEqual([
        expect.objectContaining({
          at: '2026-05-29T20:26:40.000Z',
          project: 'lib',
          version: '1.1.0',
          data: expect.objectContaining({
            tag: 'v1.1.0',
            from,
            to,
            archived: `archive/lib/1.1.0/${from}.json`,
          }),
        }),
      ]);
      expect(readFileSync(join(dir, 'moved/archive/lib/1.1.0', `${from}.json`)).equals(oldRecord)).toBe(true);
      expect(
        readFileSync(join(dir, 'moved/archive/lib/1.1.0', `${from}.evidence.json`)).equals(oldEvidence),
      ).toBe(true);
      expect(JSON.parse(readFileSync(join(dir, 'moved/releases/lib/1.1.0.json'), 'utf8')).commit).toBe(to);
      const v = waybill(['verify', '--data', 'moved']);
      expect(v.code, v.err).toBe(0);
      expect(v.out).toMatch(/and 4 evidence records/); // three live, one archived

      // Then deleted: recorded, kept, still verifies.
      git('lib', 'tag', '-d', 'v1.1.0');
      expect(waybill(['harvest', '--data', 'moved'], { SOURCE_DATE_EPOCH: '1780172800' }).code).toBe(0);
      expect(events('moved').filter((e) => e.kind === 'tag.deleted')).toEqual([
        expect.objectContaining({
          project: 'lib',
          version: '1.1.0',
          data: { tag: 'v1.1.0', commit: to, archived: `archive/lib/1.1.0/${to}.json` },
        }),
      ]);
      expect(existsSync(join(dir, 'moved/releases/lib/1.1.0.json'))).toBe(false);
      expect(waybill(['verify', '--data', 'moved']).code).toBe(0);
    } finally {
      git('lib', 'tag', '-f', 'v1.1.0', from);
    }
  });

  it('a harvest refuses to append to a broken chain', () => {
    cpSync(join(dir, 'one'), join(dir, 'broken'), { recursive: true });
    const file = join(dir, 'broken/audit.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"deploy.success"', '"deploy.failed"'));
    const r = waybill(['harvest', '--data', 'broken']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the audit chain .*broken\/audit\.jsonl does not verify: line \d+: hash/);
    expect(r.err).toMatch(/fix: restore the data folder from its last good copy/);
  });

  it('sharded harvests run in parallel and merged equal one harvest byte for byte', async () => {
    const [a, b] = await Promise.all([
      waybillAsync(['harvest', '--project', 'lib', '--data', 'shards/lib']),
      waybillAsync(['harvest', '--project', 'app', '--data', 'shards/app']),
    ]);
    expect(a.code, a.err).toBe(0);
    expect(b.code, b.err).toBe(0);
    expect(existsSync(join(dir, 'shards/lib/audit.jsonl'))).toBe(false); // the chain is the merge's
    const m = waybill(['merge', 'shards/lib', 'shards/app', '--data', 'merged']);
    expect(m.code, m.err).toBe(0);
    expect(waybill(['harvest', '--data', 'single']).code).toBe(0); // the same "now" as the shards
    const one = readTree(join(dir, 'single'));
    const merged = readTree(join(dir, 'merged'));
    expect([...merged.keys()]).toEqual([...one.keys()]);
    for (const [rel, bytes] of one) expect(merged.get(rel)!.equals(bytes), rel).toBe(true);
  });

  it("merge refuses shards that disagree about a release, and a chain that is not the data folder's", () => {
    cpSync(join(dir, 'shards/lib'), join(dir, 'shards/lib2'), { recursive: true });
    const rec = join(dir, 'shards/lib2/releases/lib/1.0.0.json');
    writeFileSync(rec, readFileSync(rec, 'utf8').replace('csv export', 'CSV export'));
    const r = waybill(['merge', 'shards/lib', 'shards/lib2', 'shards/app', '--data', 'merged2']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /the shards .*shards\/lib and .*shards\/lib2 disagree about the release lib 1\.0\.0 \(releases\/lib\/1\.0\.0\.json\)/,
    );

    cpSync(join(dir, 'one/audit.jsonl'), join(dir, 'shards/app/audit.jsonl'));
    const c = waybill(['merge', 'shards/lib', 'shards/app', '--data', 'empty']);
    expect(c.code).toBe(1);
    expect(c.err).toMatch(/the audit chain of the shard .*shards\/app is ahead of the data folder's/);
    rmSync(join(dir, 'shards/app/audit.jsonl'));
    expect(waybill(['merge', 'shards/nowhere', '--data', 'empty']).err).toMatch(
      /shards\/nowhere is not a shard/,
    );
  });

  it('harvest --json prints one summary per project for machines', () => {
    const r = waybill(['harvest', '--data', 'one', '--json'], LATER);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({
      projects: [
        { id: 'lib', releases: 2, added: 0, unchanged: true, warnings: [] },
        { id: 'app', releases: 1 },
      ],
    });
  });

  it('a data folder written by a newer waybill is refused with its version', () => {
    cpSync(join(dir, 'one'), join(dir, 'newer'), { recursive: true });
    const site = join(dir, 'newer/site.json');
    writeFileSync(
      site,
      readFileSync(site, 'utf8')
        .replace(/"format": \d+/, '"format": 99')
        .replace(/"generator": "[^"]+"/, '"generator": "waybill 9.0.0"'),
    );
    const r = waybill(['harvest', '--data', 'newer']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /the data folder was written by waybill 9\.0\.0 \(data format 99\); this is waybill [\d.]+, which reads format \d+ and older/,
    );
    expect(r.err).toMatch(/fix: upgrade waybill/);
  });
});
