// Fixture repositories harvested end to end (git → data folder), each compared with its golden
// summary in test/fixtures/golden/. Run with UPDATE_GOLDEN=1 to rewrite them, then review the diff.
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { InputError } from '../../src/errors/index.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRepo } from '../../src/demo/git-builder.ts';
import { ConfigSchema } from '../../src/schemas/config/config.ts';
import { compareVersions } from '../../src/core/version.ts';
import { harvest } from '../../src/harvest/harvest.ts';
import { NextSchema, ProjectSchema } from '../../src/schemas/project.ts';
import { ReleaseSchema, type Release } from '../../src/schemas/release.ts';
import { fixtures } from '../fixtures/repos/index.ts';
import { FIXTURE_NOW as NOW, harvestFixture as harvestAt } from '../helpers/fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-harvest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const goldenDir = new URL('../fixtures/golden/', import.meta.url).pathname;

const harvestFixture = (name: string, dataDir?: string) => harvestAt(root, name, dataDir);

const readJson = (f: string) => JSON.parse(readFileSync(f, 'utf8'));

/** What a reviewer wants to see of a release: the facts the rules define, not every byte. */
function summarize(r: Release) {
  return {
    version: r.version,
    tag: r.tag,
    date: r.date,
    previous: r.previous,
    contains: r.contains,
    received: r.received.length,
    prerelease: r.prerelease,
    semver: r.semver,
    major: r.major,
    annotated: r.tagObject !== null,
    commitCount: r.commitCount,
    breakingCount: r.breakingCount,
    changes: r.changes.map(
      (c) =>
        `${c.merge ? '[merge] ' : ''}${c.type ?? '(plain)'}${c.scope ? `(${c.scope})` : ''}${c.breaking ? '!' : ''}: ${c.subject}${c.refs.length ? ` refs ${c.refs.map((x) => x.raw).join(' ')}` : ''}${c.pull ? ` pull ${c.pull.raw}` : ''}`,
    ),
    reverted: r.reverted.map((x) => x.subject),
    contributors: r.contributors.map(
      (c) => `${c.name} (${c.commits})${c.firstTime ? ' first-time' : ''}${c.bot ? ' bot' : ''}`,
    ),
    notes: {
      best: r.notes.best,
      changelog: r.notes.changelog,
      tag: r.notes.tag,
      highlights: r.notes.highlights,
    },
  };
}

function snapshot(data: string) {
  const projects = readdirSync(join(data, 'projects'))
    .sort()
    .map((f) => ProjectSchema.parse(readJson(join(data, 'projects', f))));
  return Object.fromEntries(
    projects.map((p) => {
      const dir = join(data, 'releases', p.id);
      const releases = (existsSync(dir) ? readdirSync(dir) : []).map((f) =>
        ReleaseSchema.parse(readJson(join(dir, f))),
      );
      releases.sort((a, b) => compareVersions(a.version, b.version));
      const nextFile = join(data, 'next', `${p.id}.json`);
      const next = existsSync(nextFile) ? NextSchema.parse(readJson(nextFile)) : null;
      return [
        p.id,
        {
          latest: p.latest,
          releaseCount: p.releaseCount,
          skipped: p.skipped,
          releases: releases.map(summarize),
          next: next && {
            base: next.base,
            commitCount: next.commitCount,
            bump: next.bump,
            predicted: next.predicted,
            bumpFrom: next.bumpFrom,
            nextPrerelease: next.nextPrerelease,
            changes: next.changes.map((c) => `${c.type}: ${c.subject}`),
            contributors: next.contributors.map(
              (c) => `${c.name}${c.firstTime ? ' first-time' : ''}${c.bot ? ' bot' : ''}`,
            ),
          },
        },
      ];
    }),
  );
}

describe('harvest of fixture repositories (golden files)', () => {
  for (const [name, fx] of Object.entries(fixtures)) {
    it(`${name}: ${fx.about}`, async () => {
      const { data } = await harvestFixture(name);
      const actual = JSON.stringify(snapshot(data), null, 2) + '\n';
      const golden = join(goldenDir, `${name}.json`);
      if (process.env.UPDATE_GOLDEN) writeFileSync(golden, actual);
      else if (!existsSync(golden)) {
        // A new fixture's expected output is written once to be reviewed, and never passes by
        // itself: the run that wrote it fails.
        if (!process.env.CI) writeFileSync(golden, actual);
        throw new Error(
          `no golden file ${golden}` +
            (process.env.CI ? '' : ': written now from this run; review it, commit it and run again'),
        );
      }
      expect(actual).toBe(readFileSync(golden, 'utf8'));
    });
  }
});

/** Every file under `dir`, relative path → bytes. */
function tree(dir: string, base = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const f = join(dir, e.name);
    if (e.isDirectory()) tree(f, base, out);
    else out[f.slice(base.length + 1)] = readFileSync(f, 'utf8');
  }
  return out;
}

describe('settings that match nothing', () => {
  it('say so: a commitTypes prefix no commit uses is a warning naming the setting, on every harvest', async () => {
    const data = join(root, 'commit-types-warning');
    const { summaries, log } = await harvestFixture('project-commit-types', data);
    const warning =
      'commitTypes "Refactoring" matches no commit of the project\'s releases or unreleased commits (projects[0].commitTypes): check its spelling, as written before ": " in the commit subjects';
    expect(summaries[0]!.warnings).toEqual([warning]);
    expect(log).toContain(`app: ${warning}`);
    // The project is not read again, and the warning stays.
    const again = await harvestFixture('project-commit-types', data);
    expect(again.summaries[0]).toMatchObject({ unchanged: true, warnings: [warning] });
  });
});

describe('harvest output', () => {
  it("is byte-identical for the same input, whatever the machine's time zone", async () => {
    const a = await harvestFixture('monorepo-paths', join(root, 'same-a'));
    const tz = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      await harvestFixture('monorepo-paths', join(root, 'same-b'));
    } finally {
      process.env.TZ = tz;
    }
    const ta = tree(a.data);
    expect(Object.keys(ta).length).toBeGreaterThan(5);
    expect(tree(join(root, 'same-b'))).toEqual(ta);
  });

  it('writes records that the content collections accept (the same schemas) and sorted, 2-space JSON', async () => {
    const { data } = await harvestFixture('prerelease-chain');
    const text = readFileSync(join(data, 'releases/lib/2.0.0.json'), 'utf8');
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + '\n');
    expect(ReleaseSchema.parse(JSON.parse(text)).version).toBe('2.0.0');
  });

  it('does not read an unchanged project again, and re-reads it when a tag appears', async () => {
    const name = 'annotated-and-lightweight-tags';
    const data = join(root, 'incremental');
    const first = await harvestFixture(name, data);
    expect(first.log.some((l) => l.startsWith('reading'))).toBe(true);
    const before = tree(data);
    const second = await harvestFixture(name, data);
    expect(second.log.filter((l) => l.startsWith('reading'))).toEqual([]);
    expect(second.summaries[0]).toMatchObject({ unchanged: true, releases: 2 });
    expect(tree(data)).toEqual(before);

    const { runGit } = await import('../../src/demo/git-builder.ts');
    await runGit(join(first.dir, 'lib'), ['tag', 'v1.0.2', 'HEAD~1']);
    const third = await harvestFixture(name, data);
    expect(third.summaries[0]).toMatchObject({ unchanged: false, releases: 3 });
    expect(existsSync(join(data, 'releases/lib/1.0.2.json'))).toBe(true);
    await runGit(join(first.dir, 'lib'), ['tag', '-d', 'v1.0.2']);
  });

  it('fails with the project and the fix when a repository is missing', async () => {
    const config = ConfigSchema.parse({ projects: [{ id: 'ghost', name: 'Ghost', repo: './nowhere' }] });
    await expect(
      harvest(
        { config, file: join(root, 'x.json'), dir: root },
        { now: NOW, dataDir: join(root, 'ghost-data'), log: () => {} },
      ),
    ).rejects.toThrow(/nowhere does not exist/);
  });
});

describe('repositories given as clone URLs', () => {
  it('clones into the cache folder on the first run and fetches new tags on the next', async () => {
    const { runGit } = await import('../../src/demo/git-builder.ts');
    const upstream = join(root, 'upstream');
    await buildRepo(upstream, [{ commit: 'feat: one', files: { a: '1\n' } }, { tag: 'v1.0.0' }]);
    const config = ConfigSchema.parse({
      projects: [{ id: 'remote', name: 'Remote', repo: `file://${upstream}` }],
      cache: 'cache',
    });
    const dataDir = join(root, 'remote-data');
    const run = () =>
      harvest(
        { config, file: join(root, 'remote.json'), dir: join(root, 'remote-home') },
        { now: NOW, dataDir, log: () => {} },
      );
    expect((await run())[0].releases).toBe(1);
    expect(
      readdirSync(join(root, 'remote-home', 'cache')).some(
        (d) => d.startsWith('upstream-') && d.endsWith('.git'),
      ),
    ).toBe(true);

    await runGit(upstream, [
      '-c',
      'user.name=T',
      '-c',
      'user.email=t@example.com',
      'commit',
      '--allow-empty',
      '-q',
      '-m',
      'fix: two',
    ]);
    await runGit(upstream, ['tag', 'v1.0.1']);
    const second = await run();
    expect(second[0]).toMatchObject({ releases: 2, unchanged: false });
    expect(
      ReleaseSchema.parse(readJson(join(dataDir, 'releases/remote/1.0.1.json'))).changes.map(
        (c) => c.subject,
      ),
    ).toEqual(['two']);
  });

  it('names the project and the URL when a clone fails', async () => {
    const config = ConfigSchema.parse({
      projects: [{ id: 'gone', name: 'Gone', repo: `file://${join(root, 'no-such-repo')}` }],
      cache: 'cache',
    });
    await expect(
      harvest(
        { config, file: join(root, 'gone.json'), dir: join(root, 'gone-home') },
        { now: NOW, dataDir: join(root, 'gone-data'), log: () => {} },
      ),
    ).rejects.toThrow(/could not clone file:\/\/.*no-such-repo/);
  });
});

describe('incremental harvest safety', () => {
  it('reads a project again when a release file was deleted or the state file is corrupt', async () => {
    const name = 'prerelease-chain';
    const data = join(root, 'safety');
    const first = await harvestFixture(name, data);
    expect(first.summaries[0].unchanged).toBe(false);
    rmSync(join(data, 'releases/lib/2.0.0.json'));
    const second = await harvestFixture(name, data);
    expect(second.summaries[0].unchanged).toBe(false);
    expect(existsSync(join(data, 'releases/lib/2.0.0.json'))).toBe(true);
    writeFileSync(join(data, '.state/lib.json'), '{ not json');
    const third = await harvestFixture(name, data);
    expect(third.summaries[0].unchanged).toBe(false);
    expect((await harvestFixture(name, data)).summaries[0].unchanged).toBe(true);
  });

  it('never writes clone-URL credentials into the data folder', async () => {
    const upstream = join(root, 'cred-upstream');
    await buildRepo(upstream, [{ commit: 'feat: one', files: { a: '1\n' } }, { tag: 'v1.0.0' }]);
    const { displayRepo } = await import('../../src/harvest/repos.ts');
    expect(displayRepo('https://user:s3cret@forge.example/acme/api.git')).toBe(
      'https://forge.example/acme/api.git',
    );
    expect(displayRepo('../api')).toBe('../api');
    const config = ConfigSchema.parse({
      projects: [{ id: 'cred', name: 'Cred', repo: `file://user:s3cret@localhost${upstream}` }],
      cache: 'cache',
    });
    const dataDir = join(root, 'cred-data');
    const log: string[] = [];
    const [summary] = await harvest(
      { config, file: join(root, 'cred.json'), dir: join(root, 'cred-home') },
      { now: NOW, dataDir, log: (l) => log.push(l) },
    );
    expect(summary.releases).toBe(1);
    expect(readJson(join(dataDir, 'projects/cred.json')).repo).toBe(`file://localhost${upstream}`);
    for (const text of [...Object.values(tree(dataDir)), ...log]) expect(text).not.toContain('s3cret');
  });
});

describe('bills of materials', () => {
  const pair = new URL('../fixtures/sbom/pairs/cyclonedx-release-to-release/', import.meta.url).pathname;
  const invalid = new URL(
    '../fixtures/sbom/corpus/cyclonedx/invalid/invalid-component-type-1.6.json',
    import.meta.url,
  ).pathname;

  async function sbomRepo(name: string, files: Record<string, string>) {
    const dir = join(root, name);
    await buildRepo(join(dir, 'lib'), [
      { commit: 'feat: one', files: { a: '1\n' } },
      { tag: 'v1.0.0' },
      { commit: 'feat: two', files: { a: '2\n' } },
      { tag: 'v1.1.0' },
      { commit: 'fix: three', files: { a: '3\n' } },
      { tag: 'v1.2.0' },
    ]);
    mkdirSync(join(dir, 'sboms'));
    for (const [to, from] of Object.entries(files)) writeFileSync(join(dir, 'sboms', to), readFileSync(from));
    return dir;
  }

  it('are normalized per release, diffed against the previous release, and the original kept', async () => {
    const dir = await sbomRepo('sbom-ok', {
      'lib-1.0.0.cdx.json': join(pair, 'previous.cdx.json'),
      'lib-1.1.0.cdx.json': join(pair, 'current.cdx.json'),
    });
    const config = ConfigSchema.parse({
      projects: [{ id: 'lib', name: 'Lib', repo: './lib', sboms: 'sboms/lib-{version}.cdx.json' }],
    });
    const dataDir = join(dir, 'data');
    const [summary] = await harvest(
      { config, file: join(dir, 'waybill.config.json'), dir },
      { now: NOW, dataDir, log: () => {} },
    );
    expect(summary.sboms).toBe(2);
    const { SbomSchema } = await import('../../src/schemas/sbom.ts');
    const first = SbomSchema.parse(readJson(join(dataDir, 'sboms/lib/1.0.0.json')));
    const second = SbomSchema.parse(readJson(join(dataDir, 'sboms/lib/1.1.0.json')));
    expect(first.status).toBe('accepted');
    expect(second.status === 'accepted' && second.diff.against).toBe('1.0.0');
    const expected = readJson(join(pair, 'expected-diff.json'));
    expect(second.status === 'accepted' && { ...second.diff, against: null }).toEqual({
      ...expected,
      against: null,
    });
    // The original document, byte for byte, with its digest.
    expect(
      readFileSync(join(dataDir, 'sboms/lib/1.1.0.original.json')).equals(
        readFileSync(join(pair, 'current.cdx.json')),
      ),
    ).toBe(true);
    const { createHash } = await import('node:crypto');
    expect(second.status === 'accepted' && second.sha256).toBe(
      createHash('sha256')
        .update(readFileSync(join(pair, 'current.cdx.json')))
        .digest('hex'),
    );
    // A release without an SBOM file has none.
    expect(existsSync(join(dataDir, 'sboms/lib/1.2.0.json'))).toBe(false);
  });

  it('fail a strict harvest naming every rejected file and pointer, and are shown as rejected when not strict', async () => {
    const dir = await sbomRepo('sbom-bad', {
      'lib-1.0.0.cdx.json': join(pair, 'previous.cdx.json'),
      'lib-1.1.0.cdx.json': invalid,
      'lib-1.2.0.cdx.json': invalid,
    });
    const base = {
      projects: [{ id: 'lib', name: 'Lib', repo: './lib', sboms: 'sboms/lib-{version}.cdx.json' }],
    };
    const run = (strict: boolean) =>
      harvest(
        { config: ConfigSchema.parse({ ...base, strict }), file: join(dir, 'waybill.config.json'), dir },
        { now: NOW, dataDir: join(dir, `data-${strict}`), log: () => {} },
      );
    const error = await run(true).then(
      () => null,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    const text = (error as InputError).format();
    expect(text).toContain(`${join(dir, 'sboms/lib-1.1.0.cdx.json')} at /components/0/type`);
    expect(text).toContain(`${join(dir, 'sboms/lib-1.2.0.cdx.json')} at /components/0/type`);
    // Nothing marks the project done, so the next strict run fails again.
    expect(existsSync(join(dir, 'data-true/.state/lib.json'))).toBe(false);

    await run(false);
    const { SbomSchema } = await import('../../src/schemas/sbom.ts');
    const rejected = SbomSchema.parse(readJson(join(dir, 'data-false/sboms/lib/1.1.0.json')));
    expect(rejected.status).toBe('rejected');
    expect(rejected.status === 'rejected' && rejected.problems[0].pointer).toBe('/components/0/type');
    expect(SbomSchema.parse(readJson(join(dir, 'data-false/sboms/lib/1.0.0.json'))).status).toBe('accepted');
  });
});

describe('deployments', () => {
  it('are tied to releases by version, tag or commit, keep unknown versions, and report bad lines by file and line', async () => {
    const dir = join(root, 'deploys');
    const repo = await buildRepo(join(dir, 'lib'), [
      { commit: 'feat: one', files: { a: '1\n' } },
      { tag: 'v1.0.0' },
      { commit: 'feat: two', files: { a: '2\n' } },
      { tag: 'v1.1.0' },
    ]);
    mkdirSync(join(dir, 'deploys'));
    const line = (o: object) => JSON.stringify(o);
    writeFileSync(
      join(dir, 'deploys/prod.jsonl'),
      [
        line({
          at: '2026-02-01T10:00:00Z',
          project: 'lib',
          version: '1.0.0',
          environment: 'production',
          status: 'success',
          actor: 'ann',
          approvers: ['bo'],
          id: 'd1',
        }),
        line({
          at: '2026-02-02T10:00:00Z',
          project: 'lib',
          tag: 'v1.1.0',
          environment: 'production',
          status: 'failed',
          actor: 'ann',
          approvers: [],
          id: 'd2',
        }),
        '{ this is not json',
        line({
          at: '2026-02-03T10:00:00Z',
          project: 'lib',
          sha: repo.head.slice(0, 10),
          environment: 'production',
          status: 'success',
          actor: 'cy',
          approvers: ['bo'],
          id: 'd3',
        }),
        line({
          at: '2026-02-04T10:00:00Z',
          project: 'lib',
          sha: 'deadbeefdeadbeef',
          environment: 'staging',
          status: 'success',
          actor: 'cy',
          approvers: [],
          id: 'd4',
        }),
        line({
          at: '2026-02-05T10:00:00Z',
          project: 'lbi',
          version: '1.0.0',
          environment: 'staging',
          status: 'success',
          actor: 'cy',
          approvers: [],
          id: 'd5',
        }),
      ].join('\n') + '\n',
    );
    const base = {
      projects: [{ id: 'lib', name: 'Lib', repo: './lib' }],
      environments: [{ id: 'production', tier: 'production' }],
      deployments: [{ format: 'waybill', path: 'deploys/*.jsonl' }],
    };
    const run = (strict: boolean) =>
      harvest(
        { config: ConfigSchema.parse({ ...base, strict }), file: join(dir, 'waybill.config.json'), dir },
        { now: NOW, dataDir: join(dir, `data-${strict}`), log: () => {} },
      );

    const error = await run(true).then(
      () => null,
      (e: Error) => e,
    );
    expect((error as InputError).format()).toContain(`deploys/prod.jsonl:3`);

    await run(false);
    const { DeploymentsSchema } = await import('../../src/schemas/deployment.ts');
    const file = DeploymentsSchema.parse(readJson(join(dir, 'data-false/deployments.json')));
    expect(file.deployments.map((d) => [d.id, d.version, d.status, d.tier])).toEqual([
      ['d1', '1.0.0', 'success', 'production'],
      ['d2', '1.1.0', 'failed', 'production'],
      ['d3', '1.1.0', 'success', 'production'],
      ['d4', null, 'success', 'other'],
    ]);
    expect(file.deployments[3].ref.sha).toBe('deadbeefdeadbeef');
    // The broken line and the record of an unknown project ("lbi", a typo) are reported, not dropped.
    expect(file.problems.map((p) => p.line)).toEqual([3, 6]);
    expect(file.problems[1].message).toContain('"lbi"');
    expect(file.deployments[0].source).toMatchObject({ format: 'waybill', line: 1 });
  });
});
