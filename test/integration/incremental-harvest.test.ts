// An incremental harvest keeps the releases it already wrote when only tags that came out later
// (or the branch head) arrived, and assembles only the new ones: the data folder must be byte for byte what
// a cold harvest of the same repositories writes (the audit chain aside, which records two runs).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../helpers/data-folder.ts';
import { buildRepo, gitEnv } from '../../src/demo/git-builder.ts';
import { ConfigSchema } from '../../src/schemas/config/config.ts';
import { harvest } from '../../src/harvest/harvest.ts';

const dir = mkdtempSync(join(tmpdir(), 'waybill-incremental-'));
const git = (...args: string[]) =>
  spawnSync('git', args, { cwd: join(dir, 'repo'), env: gitEnv(), encoding: 'utf8' }).stdout.trim();
const ada = { name: 'Ada Lovelace', email: 'ada@acme.example' };
const grace = { name: 'Grace Hopper', email: 'grace@acme.example' };
const linus = { name: 'Linus T', email: 'linus@acme.example' };

const sbom = (version: string, deps: [string, string][]) =>
  JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    version: 1,
    metadata: { component: { type: 'library', name: 'lib', version } },
    components: deps.map(([name, v]) => ({
      type: 'library',
      name,
      version: v,
      purl: `pkg:npm/${name}@${v}`,
      licenses: [{ license: { id: 'MIT' } }],
    })),
  });

const config = (cache = '.waybill-cache/repos') =>
  ConfigSchema.parse({
    cache,
    projects: [
      {
        id: 'lib',
        name: 'Lib',
        repo: './repo',
        tags: 'lib@{version}',
        path: 'packages/lib',
        changelog: 'CHANGELOG.md',
        sboms: 'sboms/lib-{version}.cdx.json',
      },
      { id: 'app', name: 'App', repo: './repo', tags: 'app@{version}', path: 'packages/app' },
    ],
  });
// A cold harvest has its own cache folder: nothing of the incremental runs' path cache reaches it.
const run = (data: string, at: string, log: (line: string) => void = () => {}) =>
  harvest(
    {
      config: config(data.startsWith('cold') ? `cache-${data}` : undefined),
      file: join(dir, 'waybill.config.json'),
      dir,
    },
    { now: new Date(at), dataDir: join(dir, data), log },
  );
/** Runs an incremental harvest into `inc` and a cold one into `cold-<name>`; the lines the incremental one logged. */
async function incrementalAndCold(
  name: string,
  at: string,
): Promise<{ lines: string[]; inc: Map<string, Buffer>; cold: Map<string, Buffer> }> {
  const lines: string[] = [];
  await run('inc', at, (l) => lines.push(l));
  await run(`cold-${name}`, at);
  return { lines, inc: readTree(join(dir, 'inc')), cold: readTree(join(dir, `cold-${name}`)) };
}
/** Every file a cold harvest writes, the incremental harvest wrote the same (the audit chain records different runs). */
function expectSameAsCold({ inc, cold }: { inc: Map<string, Buffer>; cold: Map<string, Buffer> }) {
  for (const [rel, bytes] of cold)
    if (rel !== 'audit.jsonl') expect(inc.get(rel)?.toString(), rel).toBe(bytes.toString());
}
/** A commit changing one file, by Ada, at a pinned date. */
function commit(message: string, file: string, content: string, date: string) {
  writeFileSync(join(dir, 'repo', file), content);
  git('add', file);
  const env = {
    ...gitEnv(),
    GIT_AUTHOR_NAME: ada.name,
    GIT_AUTHOR_EMAIL: ada.email,
    GIT_COMMITTER_NAME: ada.name,
    GIT_COMMITTER_EMAIL: ada.email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
  const r = spawnSync('git', ['commit', '-q', '-m', message], {
    cwd: join(dir, 'repo'),
    env,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
}
const historyCache = () => {
  const folder = join(dir, '.waybill-cache/repos/.history');
  const files = readdirSync(folder);
  expect(files).toHaveLength(1);
  return join(folder, files[0]);
};
const readLine = (lines: string[]) => lines.find((l) => / commits? read/.test(l)) ?? '';

let newest = { main: '', lib: '', app: '' };

beforeAll(async () => {
  const changelog = (sections: string[]) => ({
    'packages/lib/CHANGELOG.md': `# Changelog\n\n${sections.join('\n')}`,
  });
  await buildRepo(join(dir, 'repo'), [
    {
      commit: 'feat(lib): parse',
      files: { 'packages/lib/a': '1\n', ...changelog(['## 1.0.0\n\n- parse\n']) },
      author: ada,
    },
    { commit: 'feat(app): screen', files: { 'packages/app/a': '1\n' }, author: grace },
    { tag: 'lib@1.0.0', annotated: { message: 'lib 1.0.0' } },
    { tag: 'app@1.0.0' },
    {
      commit: 'fix(lib): quoting',
      files: { 'packages/lib/a': '2\n', ...changelog(['## 1.1.0\n\n- quoting\n', '## 1.0.0\n\n- parse\n']) },
      author: grace,
    },
    { tag: 'lib@1.1.0' },
    { commit: 'chore: unrelated root file', files: { README: 'x\n' }, author: ada },
    // What the second harvest finds new: one lib release by a first-time contributor, an app commit.
    {
      commit: 'feat(lib)!: streaming',
      files: {
        'packages/lib/a': '3\n',
        ...changelog(['## 2.0.0\n\n- streaming\n', '## 1.1.0\n\n- quoting\n', '## 1.0.0\n\n- parse\n']),
      },
      author: linus,
    },
    { tag: 'lib@2.0.0', annotated: { message: 'lib 2.0.0' } },
    { commit: 'feat(app): second screen', files: { 'packages/app/a': '2\n' }, author: ada },
  ]);
  mkdirSync(join(dir, 'sboms'));
  writeFileSync(join(dir, 'sboms/lib-1.0.0.cdx.json'), sbom('1.0.0', [['left-pad', '1.0.0']]));
  writeFileSync(join(dir, 'sboms/lib-1.1.0.cdx.json'), sbom('1.1.0', [['left-pad', '1.1.0']]));
  writeFileSync(
    join(dir, 'sboms/lib-2.0.0.cdx.json'),
    sbom('2.0.0', [
      ['left-pad', '1.1.0'],
      ['stream', '3.0.0'],
    ]),
  );
  newest = { main: git('rev-parse', 'HEAD'), lib: git('rev-parse', 'refs/tags/lib@2.0.0'), app: '' };
}, 60_000);

describe('an incremental harvest', () => {
  it('writes, for one new tag and a moved branch head, exactly what a cold harvest writes', async () => {
    // The state an earlier harvest saw: no lib@2.0.0 yet, main two commits back.
    const before = git('rev-parse', 'HEAD~2');
    git('update-ref', '-d', 'refs/tags/lib@2.0.0');
    git('update-ref', 'refs/heads/main', before);
    await run('inc', '2026-06-01T00:00:00Z');
    const first = readTree(join(dir, 'inc'));
    git('update-ref', 'refs/tags/lib@2.0.0', newest.lib);
    git('update-ref', 'refs/heads/main', newest.main);
    // A harvest that assembled the older releases again would read their commits' messages, which
    // the cached graph does not hold, and say so.
    const lines: string[] = [];
    const summaries = await run('inc', '2026-06-02T00:00:00Z', (l) => lines.push(l));
    expect(lines.filter((l) => /older commits? read/.test(l))).toEqual([]);
    expect(lines.some((l) => /commits? read \(\d+ more from the cache/.test(l))).toBe(true);
    expect(summaries.map((s) => [s.id, s.releases, s.added, s.changed])).toEqual([
      ['lib', 3, 1, 1],
      ['app', 1, 0, 0],
    ]);
    await run('cold', '2026-06-02T00:00:00Z');
    const inc = readTree(join(dir, 'inc'));
    const cold = readTree(join(dir, 'cold'));
    expect([...inc.keys()]).toEqual([...cold.keys()]);
    for (const [rel, bytes] of cold)
      if (rel !== 'audit.jsonl') expect(inc.get(rel)!.toString(), rel).toBe(bytes.toString());
    // The kept releases were not written again, and the new one has what depends on the others.
    expect(inc.get('releases/lib/1.1.0.json')!.equals(first.get('releases/lib/1.1.0.json')!)).toBe(true);
    const v2 = JSON.parse(inc.get('releases/lib/2.0.0.json')!.toString());
    expect(v2).toMatchObject({ previous: '1.1.0', notes: { best: 'changelog', changelog: '- streaming\n' } });
    expect(v2.contributors).toEqual([
      { name: 'Linus T', email: 'linus@acme.example', commits: 1, firstTime: true, bot: false },
    ]);
    expect(readdirSync(join(dir, '.waybill-cache/repos/.paths'))).toHaveLength(1); // the path cache was used
    expect(JSON.parse(inc.get('sboms/lib/2.0.0.json')!.toString()).diff).toMatchObject({
      against: '1.1.0',
      added: [expect.objectContaining({ name: 'stream' })],
    });
  });

  it('assembles everything again when a new tag dates from before released versions (a lightweight tag on an old commit)', async () => {
    git('tag', 'lib@1.0.1', 'refs/tags/lib@1.0.0');
    try {
      const s = await run('inc', '2026-06-03T00:00:00Z');
      expect(s[0]).toMatchObject({ id: 'lib', releases: 4, added: 1 });
      await run('cold2', '2026-06-03T00:00:00Z');
      const inc = readTree(join(dir, 'inc'));
      for (const [rel, bytes] of readTree(join(dir, 'cold2')))
        if (rel !== 'audit.jsonl') expect(inc.get(rel)!.toString(), rel).toBe(bytes.toString());
    } finally {
      git('tag', '-d', 'lib@1.0.1');
    }
  });

  it('reads only the commits since the last harvest; the rest of the graph comes from its cache', async () => {
    commit('feat(lib): batching', 'packages/lib/b', '1\n', '2026-06-04T10:00:00Z');
    git('tag', 'lib@2.1.0');
    const result = await incrementalAndCold('cached', '2026-06-04T12:00:00Z');
    expect(readLine(result.lines)).toMatch(/: 1 commit read \(6 more from the cache of the last harvest\)$/);
    expectSameAsCold(result);
    expect(JSON.parse(result.inc.get('releases/lib/2.1.0.json')!.toString())).toMatchObject({
      previous: '2.0.0',
      commitCount: 1,
      changes: [expect.objectContaining({ subject: 'batching' })],
    });
  });

  it('writes what a cold harvest writes after a branch is rewritten and a tag moved (older messages read as needed)', async () => {
    git('reset', '-q', '--hard', 'HEAD~1');
    commit('feat(lib): batching, done right', 'packages/lib/b', '2\n', '2026-06-05T10:00:00Z');
    git('tag', '-f', 'lib@2.1.0');
    const result = await incrementalAndCold('rewritten', '2026-06-05T12:00:00Z');
    // The tag moved, so every lib release is assembled again: from the cached graph and the
    // messages of the commits they need, not from a new read of the history.
    expect(readLine(result.lines)).toMatch(/: 1 commit read \(6 more from the cache/);
    expect(result.lines.some((l) => / older commits read for releases assembled again$/.test(l))).toBe(true);
    expectSameAsCold(result);
    expect(JSON.parse(result.inc.get('releases/lib/2.1.0.json')!.toString()).changes).toEqual([
      expect.objectContaining({ subject: 'batching, done right' }),
    ]);
  });

  it('reads the whole history again when the cache names a commit git does not have, or is damaged', async () => {
    // The newest cached commit replaced by one no repository has (a history rewritten and pruned),
    // in a cache file that is otherwise whole (its digest matches).
    const file = historyCache();
    const bytes = readFileSync(file);
    const start = bytes.indexOf(0x0a) + 1;
    const header = JSON.parse(bytes.toString('utf8', 0, start - 1));
    const body = bytes.subarray(start);
    body.write('e'.repeat(40), 0, 'latin1');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(
          JSON.stringify({ ...header, sha256: createHash('sha256').update(body).digest('hex') }) + '\n',
        ),
        body,
      ]),
    );
    commit('fix(lib): flush on close', 'packages/lib/b', '3\n', '2026-06-06T10:00:00Z');
    git('tag', 'lib@2.1.1');
    const result = await incrementalAndCold('pruned', '2026-06-06T12:00:00Z');
    expect(readLine(result.lines)).toMatch(/: 8 commits read$/);
    expectSameAsCold(result);

    // One byte changed (a cached commit's parent): the digest no longer matches.
    const damaged = readFileSync(file);
    damaged[damaged.length - 1] ^= 1;
    writeFileSync(file, damaged);
    commit('fix(lib): flush twice', 'packages/lib/b', '4\n', '2026-06-07T10:00:00Z');
    git('tag', 'lib@2.1.2');
    const again = await incrementalAndCold('damaged', '2026-06-07T12:00:00Z');
    expect(readLine(again.lines)).toMatch(/: 9 commits read$/);
    expectSameAsCold(again);
    // and the cache written again serves the next harvest.
    commit('fix(lib): flush three times', 'packages/lib/b', '5\n', '2026-06-08T10:00:00Z');
    git('tag', 'lib@2.1.3');
    const last = await incrementalAndCold('rewritten-cache', '2026-06-08T12:00:00Z');
    expect(readLine(last.lines)).toMatch(/: 1 commit read \(9 more from the cache/);
    expectSameAsCold(last);
  });

  it('keeps every release when a patch of an older line is tagged after newer releases (a maintenance branch)', async () => {
    git('checkout', '-q', '-b', 'lib-1.1', 'refs/tags/lib@1.1.0');
    try {
      commit('fix(lib): backported quoting fix', 'packages/lib/a', '2b\n', '2026-06-09T10:00:00Z');
      git('tag', 'lib@1.1.1');
      const lines: string[] = [];
      const s = await run('inc', '2026-06-09T12:00:00Z', (l) => lines.push(l));
      // Only the new release was written: its previous (1.1.0) and first-time contributors depend
      // only on releases that came out before it, and it changes nothing of theirs.
      expect(s[0]).toMatchObject({ id: 'lib', added: 1, changed: 1 });
      expect(lines.some((l) => /older commits? read/.test(l))).toBe(false);
      await run('cold-maintenance', '2026-06-09T12:00:00Z');
      expectSameAsCold({ inc: readTree(join(dir, 'inc')), cold: readTree(join(dir, 'cold-maintenance')) });
      expect(JSON.parse(readFileSync(join(dir, 'inc/releases/lib/1.1.1.json'), 'utf8'))).toMatchObject({
        previous: '1.1.0',
        commitCount: 1,
      });
    } finally {
      git('checkout', '-q', 'main');
    }
  });
});
