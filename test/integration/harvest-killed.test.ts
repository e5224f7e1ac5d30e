// Fault injection: a harvest killed with SIGKILL at any moment, then run again, must leave the
// data folder byte for byte as one uninterrupted harvest does, and `waybill verify` must hold. The
// repository has hundreds of tags (annotated and lightweight, a changelog, SBOMs, deployments with
// findings, a signing key), and the harvests are both a first harvest into an empty folder and an
// incremental one after tags were added, moved and deleted. The kill times are spread over the
// whole run, measured first; they are seeded, so a failure names its seed and repeats.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { buildRepo, gitEnv, type Step } from '../../src/demo/git-builder.ts';
import { harvest } from '../../src/harvest/harvest.ts';
import { verifyFolder } from '../../src/verify/verify.ts';
import { readTree } from '../helpers/data-folder.ts';

const dir = mkdtempSync(join(tmpdir(), 'waybill-killed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const EPOCH = '1780000000';
const TAGS = 200;
/** How many killed harvests, half of them first harvests and half incremental ones. */
const KILLS = Number(process.env.WAYBILL_KILLS ?? 12);

const git = (...args: string[]) => {
  const r = spawnSync('git', args, { cwd: join(dir, 'repo'), env: gitEnv(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};
const sbom = (version: string, i: number) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    metadata: { component: { type: 'library', name: 'lib', version } },
    components: [
      {
        type: 'library',
        name: 'left-pad',
        version: `1.${i % 7}.0`,
        purl: `pkg:npm/left-pad@1.${i % 7}.0`,
        licenses: [{ license: { id: 'MIT' } }],
      },
    ],
  });

/** A seeded generator (a linear congruential one): the same seed, the same kill times. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/**
 * A harvest's progress line that says git was read (`<repo>: N commits read`): from about there on
 * it writes the data folder. Timing from it keeps kills inside the writes however busy the machine.
 */
const READ = / commits? read/;

/**
 * `waybill harvest` in its own process, killed with SIGKILL `kill.ms` after it started (`from:
 * 'start'`) or after it said it read git (`from: 'read'`), unless it ended first. Returns how long
 * it ran and when it said it read git.
 */
function harvestProcess(
  data: string,
  kill: { from: 'start' | 'read'; ms: number } | null,
): Promise<{ code: number | null; signal: string | null; ms: number; readAt: number | null; err: string }> {
  return new Promise((done) => {
    const started = Date.now();
    const child = spawn(process.execPath, [cli, 'harvest', '--data', data], {
      cwd: dir,
      env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: EPOCH },
    });
    let err = '';
    let out = '';
    let readAt: number | null = null;
    let timer: NodeJS.Timeout | null = null;
    const arm = () => (timer = setTimeout(() => child.kill('SIGKILL'), kill!.ms));
    if (kill?.from === 'start') arm();
    child.stderr.on('data', (b) => (err += b));
    child.stdout.on('data', (b) => {
      out += b;
      if (readAt === null && READ.test(out)) {
        readAt = Date.now() - started;
        if (kill?.from === 'read') arm();
      }
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal, ms: Date.now() - started, readAt, err });
    });
  });
}

/** The harvest that finishes the killed one: in this process, as the next CI run would (same config, same "now"). */
async function finish(data: string): Promise<string[]> {
  const warnings: string[] = [];
  const loaded = await loadConfig(join(dir, 'waybill.config.json'), dir);
  await harvest(loaded, {
    now: new Date(Number(EPOCH) * 1000),
    dataDir: join(dir, data),
    log: () => {},
    warn: (l) => warnings.push(l),
  });
  return warnings;
}

function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter(
    (k) => !a.get(k)?.equals(b.get(k) ?? Buffer.alloc(0)),
  );
}

/** The data folder and the cache a kill starts from. */
function prepare(kind: 'cold' | 'incremental', name: string): string {
  rmSync(join(dir, name), { recursive: true, force: true });
  rmSync(join(dir, '.waybill-cache'), { recursive: true, force: true });
  if (kind === 'incremental') {
    cpSync(join(dir, 'before'), join(dir, name), { recursive: true });
    cpSync(join(dir, 'before-cache'), join(dir, '.waybill-cache'), { recursive: true });
  }
  return name;
}

const reference = { cold: new Map<string, Buffer>(), incremental: new Map<string, Buffer>() };
/** The uninterrupted runs: until git was read, and from then to the end (ms). */
const phases = { cold: { reading: 0, writing: 0 }, incremental: { reading: 0, writing: 0 } };

beforeAll(async () => {
  const steps: Step[] = [];
  let changelog = '# Changelog\n';
  for (let i = 0; i < TAGS; i++) {
    const version = `${1 + Math.floor(i / 100)}.${Math.floor(i / 10) % 10}.${i % 10}`;
    changelog = changelog.replace('# Changelog\n', `# Changelog\n\n## ${version}\n\n- change ${i}\n`);
    steps.push({
      commit: `${i % 3 === 0 ? 'feat' : 'fix'}: change ${i}`,
      files: { [`src/f${i % 17}.txt`]: `${i}\n`, 'CHANGELOG.md': changelog },
      author: { name: `Dev ${i % 5}`, email: `dev${i % 5}@acme.example` },
    });
    if (i % 4 === 0) steps.push({ commit: `chore: tidy ${i}`, files: { README: `${i}\n` } });
    steps.push(
      i % 2 === 0
        ? { tag: `v${version}`, annotated: { message: `Release ${version}` } }
        : { tag: `v${version}` },
    );
  }
  await buildRepo(join(dir, 'repo'), steps);
  mkdirSync(join(dir, 'sboms'));
  mkdirSync(join(dir, 'keys'));
  const versions = git('tag', '-l')
    .split('\n')
    .map((t) => t.slice(1));
  versions.forEach((v, i) => i % 5 === 0 && writeFileSync(join(dir, `sboms/lib-${v}.cdx.json`), sbom(v, i)));
  writeFileSync(
    join(dir, 'deploys.jsonl'),
    versions
      .filter((_, i) => i % 9 === 0)
      .map((v, i) =>
        JSON.stringify({
          at: new Date(Date.UTC(2026, 0, 1) + i * 3600_000).toISOString(),
          project: 'lib',
          version: v,
          environment: i % 2 ? 'staging' : 'prod',
          status: i % 11 === 0 ? 'failed' : 'success',
          actor: `dev${i % 5}`,
          approvers: i % 4 === 0 ? [] : [`dev${(i + 1) % 5}`],
          id: `d-${i}`,
        }),
      )
      .join('\n') + '\n',
  );
  expect(
    spawnSync('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      'audit@acme.example',
      '-f',
      join(dir, 'keys/audit'),
    ]).status,
  ).toBe(0);
  writeFileSync(
    join(dir, 'allowed_signers'),
    `audit@acme.example ${readFileSync(join(dir, 'keys/audit.pub'), 'utf8')}`,
  );
  writeFileSync(
    join(dir, 'waybill.config.json'),
    JSON.stringify({
      projects: [
        {
          id: 'lib',
          name: 'Lib',
          repo: './repo',
          changelog: 'CHANGELOG.md',
          sboms: 'sboms/lib-{version}.cdx.json',
        },
      ],
      environments: [
        { id: 'prod', tier: 'production' },
        { id: 'staging', tier: 'staging' },
      ],
      deployments: [{ format: 'waybill', path: 'deploys.jsonl' }],
      audit: { signingKey: 'keys/audit' },
    }),
  );

  // The folder an incremental harvest starts from: the repository with its last 30 tags not yet
  // made, two of the rest elsewhere, and one since deleted. (Tag objects stay in the repository
  // when their refs go, so the refs are put back exactly.)
  const later = versions.slice(-30);
  const moved = [versions[40]!, versions[41]!];
  const deleted = versions[50]!;
  const ref = new Map([...later, ...moved, deleted].map((v) => [v, git('rev-parse', `refs/tags/v${v}`)]));
  for (const v of later) git('update-ref', '-d', `refs/tags/v${v}`);
  for (const v of moved) git('update-ref', `refs/tags/v${v}`, git('rev-parse', `v${v}^{commit}~1`));
  rmSync(join(dir, '.waybill-cache'), { recursive: true, force: true });
  const first = await harvestProcess('before', null);
  expect(first.code, first.err).toBe(0);
  cpSync(join(dir, '.waybill-cache'), join(dir, 'before-cache'), { recursive: true });
  // Now: the 30 new tags, the two moved back where they belong, one deleted.
  for (const v of [...later, ...moved]) git('update-ref', `refs/tags/v${v}`, ref.get(v)!);
  git('update-ref', '-d', `refs/tags/v${deleted}`);

  // The uninterrupted runs, timed.
  for (const kind of ['cold', 'incremental'] as const) {
    const name = prepare(kind, `reference-${kind}`);
    const r = await harvestProcess(name, null);
    expect(r.code, r.err).toBe(0);
    expect(r.readAt).not.toBeNull();
    phases[kind] = { reading: r.readAt!, writing: r.ms - r.readAt! };
    reference[kind] = readTree(join(dir, name));
    expect(
      (await verifyFolder({ dataDir: join(dir, name), allowedSigners: join(dir, 'allowed_signers') }))
        .failures,
    ).toEqual([]);
  }
  const events = readFileSync(join(dir, 'reference-incremental/audit.jsonl'), 'utf8');
  expect(events).toContain('"kind":"tag.moved"');
  expect(events).toContain('"kind":"tag.deleted"');
}, 600_000);

describe('a harvest killed at any moment', () => {
  it(`is finished by the next harvest to the bytes of an uninterrupted one, and verifies (${KILLS} kills)`, async () => {
    const seed = Number(process.env.WAYBILL_KILL_SEED ?? 20260601);
    const next = random(seed);
    const failures: string[] = [];
    const outcomes: string[] = [];
    const start = { cold: new Map<string, Buffer>(), incremental: readTree(join(dir, 'before')) };
    for (let k = 0; k < KILLS; k++) {
      const kind = k % 2 === 0 ? 'cold' : 'incremental';
      // One kill in three while it starts and reads git, two while it writes, and a little past
      // the end (a kill after the end is a harvest that finished): the whole run is covered.
      const from = k % 3 === 0 ? 'start' : 'read';
      const at = Math.round(next() * (from === 'start' ? phases[kind].reading : phases[kind].writing * 1.1));
      const name = prepare(kind, `killed-${k}`);
      const killed = await harvestProcess(name, { from, ms: at });
      // What the kill left: the folder as it started, part written, or finished.
      const left = existsSync(join(dir, name)) ? readTree(join(dir, name)) : new Map<string, Buffer>();
      left.delete('.lock');
      const state = !differences(start[kind], left).length
        ? 'untouched'
        : differences(reference[kind], left).length
          ? 'partial'
          : 'complete';
      outcomes.push(
        `${kind} killed ${at} ms after it ${from === 'start' ? 'started' : 'read git'}: ${killed.signal ?? `exit ${killed.code}`}, ${state}`,
      );
      await finish(name);
      const diff = differences(reference[kind], readTree(join(dir, name)));
      const verify = await verifyFolder({
        dataDir: join(dir, name),
        allowedSigners: join(dir, 'allowed_signers'),
      });
      if (diff.length || verify.failures.length)
        failures.push(
          `seed ${seed}, kill ${k} (${outcomes.at(-1)}): ${[...diff.slice(0, 5), ...verify.failures.slice(0, 3).map((f) => `${f.where}: ${f.message}`)].join('; ')}`,
        );
      rmSync(join(dir, name), { recursive: true, force: true });
    }
    expect(failures).toEqual([]);
    // The kills landed while the harvests were writing, not only before they started or after they ended.
    expect(outcomes.filter((o) => o.endsWith('partial')).length, outcomes.join('\n')).toBeGreaterThanOrEqual(
      KILLS / 4,
    );
  }, 900_000);
});
