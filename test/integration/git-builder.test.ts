// The repository builder (src/demo/git-builder.ts) and the demo it generates. Every test
// builds its own repositories under the system temp folder; none reads this repository's history.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare as pep440Compare, explain as pep440Explain } from '@renovatebot/pep440';
import semver from 'semver';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buildRepo,
  formatGitDate,
  parseGitDate,
  runGit,
  writeLargeHistory,
} from '../../src/demo/git-builder.ts';
import type { Step } from '../../src/demo/git-builder.ts';
import { DEMO_FACTS } from '../../src/demo/facts.ts';
import type { ReleaseFact } from '../../src/demo/facts.ts';
import { generateDemo } from '../../src/demo/generate.ts';
import { ConfigSchema } from '../../src/schemas/config/config.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-git-builder-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => join(root, `${name}-${n++}`);

const git = async (dir: string, ...args: string[]) => (await runGit(dir, args)).trim();
const lines = (s: string) => (s === '' ? [] : s.split('\n'));

const ann = { name: 'Ann Example', email: 'ann@example.com' };
const bo = { name: 'Bo Example', email: 'bo@example.com' };

/** A bit of everything the builder does. */
const sample: Step[] = [
  {
    commit: 'feat: first\n\nBody text.',
    id: 'first',
    files: { 'README.md': '# demo\n', 'src/a.ts': 'a\n' },
    author: ann,
    date: '2026-01-05T09:00:00+01:00',
  },
  { tag: 'v1.0.0', annotated: { message: 'One', tagger: ann, date: '2026-01-05T10:00:00+01:00' } },
  { tag: 'v1.0.0-light' },
  { tag: 'v1.0.0-tag-of-tag', annotated: { message: 'A tag of the tag' }, target: 'v1.0.0' },
  { tag: 'blob-annotated', annotated: { message: 'A file' }, target: 'blob:README.md' },
  { tag: 'blob-light', target: 'blob:src/a.ts' },
  { tag: 'tree-annotated', annotated: { message: 'A folder' }, target: 'tree:src' },
  { tag: 'tree-light', target: 'tree:' },
  { branch: 'topic' },
  { commit: 'feat: on topic', files: { 'b.txt': 'b\n' }, author: bo, date: '2026-01-06T08:00:00-05:00' },
  { checkout: 'main' },
  { commit: 'fix: on main', files: { 'README.md': '# demo, fixed\n' } },
  { commit: "Merge branch 'topic'", merge: ['topic'] },
  { deleteBranch: 'topic' },
  {
    commit: (sha) => `Revert "feat: first"\n\nThis reverts commit ${sha('first')}.`,
    files: { 'src/a.ts': null },
  },
  { tag: 'v1.1.0' },
];

describe('buildRepo', () => {
  it('gives the same SHAs every time for the same steps', async () => {
    const a = await buildRepo(fresh('same'), sample);
    const b = await buildRepo(fresh('same'), sample);
    expect(b.head).toBe(a.head);
    expect(b.commits).toEqual(a.commits);
    expect(b.tags).toEqual(a.tags);
    expect(await git(b.dir, 'for-each-ref', '--format=%(objectname) %(refname)')).toBe(
      await git(a.dir, 'for-each-ref', '--format=%(objectname) %(refname)'),
    );
    expect(a.head).toMatch(/^[0-9a-f]{40}$/);
    expect(await git(a.dir, 'rev-parse', 'HEAD')).toBe(a.head);
  });

  it('makes annotated tags as tag objects and lightweight tags as plain refs', async () => {
    const repo = await buildRepo(fresh('tags'), sample);
    expect(await git(repo.dir, 'cat-file', '-t', 'refs/tags/v1.0.0')).toBe('tag');
    expect(await git(repo.dir, 'cat-file', '-t', 'refs/tags/v1.0.0-light')).toBe('commit');
    expect(await git(repo.dir, 'rev-parse', 'v1.0.0^{commit}')).toBe(repo.commits.first);
    expect(await git(repo.dir, 'rev-parse', 'v1.0.0-light')).toBe(repo.commits.first);
    const tag = await git(repo.dir, 'cat-file', '-p', 'v1.0.0');
    expect(tag).toBe(
      `object ${repo.commits.first}\ntype commit\ntag v1.0.0\ntagger Ann Example <ann@example.com> 1767603600 +0100\n\nOne`,
    );
  });

  it('makes a tag of a tag that peels to the commit', async () => {
    const repo = await buildRepo(fresh('tag-of-tag'), sample);
    const object = await git(repo.dir, 'cat-file', '-p', 'v1.0.0-tag-of-tag');
    expect(object).toContain(`object ${repo.tags['v1.0.0']}\ntype tag\ntag v1.0.0-tag-of-tag\n`);
    expect(await git(repo.dir, 'rev-parse', 'v1.0.0-tag-of-tag^{}')).toBe(repo.commits.first);
  });

  it('tags blobs and trees, annotated and lightweight', async () => {
    const repo = await buildRepo(fresh('blob'), sample);
    const refs = await git(
      repo.dir,
      'for-each-ref',
      '--format=%(refname:short) %(objecttype) %(*objecttype)',
      'refs/tags/blob-*',
      'refs/tags/tree-*',
    );
    expect(lines(refs).map((l) => l.trimEnd())).toEqual([
      'blob-annotated tag blob',
      'blob-light blob',
      'tree-annotated tag tree',
      'tree-light tree',
    ]);
    expect(await git(repo.dir, 'rev-parse', 'blob-annotated^{}')).toBe(
      await git(repo.dir, 'rev-parse', `${repo.commits.first}:README.md`),
    );
    expect(await git(repo.dir, 'rev-parse', 'tree-annotated^{}')).toBe(
      await git(repo.dir, 'rev-parse', `${repo.commits.first}:src`),
    );
    expect(await git(repo.dir, 'rev-parse', 'tree-light')).toBe(
      await git(repo.dir, 'rev-parse', `${repo.commits.first}^{tree}`),
    );
  });

  it('merges with two parents and a tree holding both sides, and deletes the merged branch', async () => {
    const repo = await buildRepo(fresh('merge'), sample);
    const merge = await git(repo.dir, 'rev-parse', 'HEAD~1');
    expect(
      lines(await git(repo.dir, 'rev-list', '--parents', '-n', '1', merge))
        .at(0)
        ?.split(' '),
    ).toHaveLength(3);
    expect(await git(repo.dir, 'show', `${merge}:b.txt`)).toBe('b');
    expect(await git(repo.dir, 'show', `${merge}:README.md`)).toBe('# demo, fixed');
    expect(await git(repo.dir, 'branch', '--format=%(refname:short)')).toBe('main');
    expect(await git(repo.dir, 'rev-list', '--count', '--merges', 'HEAD')).toBe('1');
  });

  it('refuses a merge where both sides changed a file, unless the step resolves it', async () => {
    const conflict: Step[] = [
      { commit: 'base', files: { f: '0\n' } },
      { branch: 'x' },
      { commit: 'theirs', files: { f: '1\n' } },
      { checkout: 'main' },
      { commit: 'ours', files: { f: '2\n' } },
    ];
    await expect(
      buildRepo(fresh('conflict'), [...conflict, { commit: 'merge', merge: ['x'] }]),
    ).rejects.toThrow(/step 5 .*merge conflict on "f"/);
    const ok = await buildRepo(fresh('resolved'), [
      ...conflict,
      { commit: 'merge', merge: ['x'], files: { f: '3\n' } },
    ]);
    expect(await git(ok.dir, 'show', 'HEAD:f')).toBe('3');
  });

  it("puts the reverted commit's full SHA in the revert message and checks HEAD out", async () => {
    const repo = await buildRepo(fresh('revert'), sample);
    expect(await git(repo.dir, 'log', '-1', '--format=%B')).toBe(
      `Revert "feat: first"\n\nThis reverts commit ${repo.commits.first}.`,
    );
    expect(await git(repo.dir, 'status', '--porcelain')).toBe('');
    expect(readFileSync(join(repo.dir, 'b.txt'), 'utf8')).toBe('b\n');
  });

  it("pins dates whatever the machine's time zone is", async () => {
    const saved = process.env.TZ;
    const heads: string[] = [];
    try {
      for (const tz of ['Pacific/Chatham', 'America/Los_Angeles', 'UTC']) {
        process.env.TZ = tz;
        heads.push((await buildRepo(fresh('tz'), sample)).head);
      }
    } finally {
      process.env.TZ = saved;
    }
    expect(new Set(heads).size).toBe(1);
    expect(new Set(heads).size).toBe(1);
  });

  it('dates steps without a date by a clock: the last date plus stepSeconds, in its offset', async () => {
    const repo = await buildRepo(fresh('dates'), sample);
    const at = (fmt: string, rev: string) => git(repo.dir, 'log', '-1', `--format=${fmt}`, rev);
    expect(await at('%aI %cI', 'HEAD~1^2')).toBe('2026-01-06T08:00:00-05:00 2026-01-06T08:00:00-05:00'); // explicit
    expect(await at('%aI', 'HEAD~2')).toBe('2026-01-06T09:00:00-05:00');
    expect(await at('%aI', 'HEAD~1')).toBe('2026-01-06T10:00:00-05:00');
    expect(await at('%aI', 'HEAD')).toBe('2026-01-06T11:00:00-05:00');
    const tagger = (t: string) =>
      git(repo.dir, 'for-each-ref', '--format=%(taggerdate:iso-strict)', `refs/tags/${t}`);
    expect(await tagger('v1.0.0')).toBe('2026-01-05T10:00:00+01:00'); // explicit
    expect(await tagger('v1.0.0-tag-of-tag')).toBe('2026-01-05T11:00:00+01:00');
    expect(await tagger('tree-annotated')).toBe('2026-01-05T13:00:00+01:00');

    const clocked = await buildRepo(
      fresh('clock'),
      [{ commit: 'a' }, { commit: 'b' }, { commit: 'c', committerDate: '2026-06-01T00:00:00Z' }],
      {
        startDate: '2026-05-01T12:00:00+02:00',
        stepSeconds: 60,
        defaultAuthor: ann,
      },
    );
    expect(lines(await git(clocked.dir, 'log', '--format=%an %aI %cI'))).toEqual([
      'Ann Example 2026-05-01T12:02:00+02:00 2026-06-01T00:00:00+00:00',
      'Ann Example 2026-05-01T12:01:00+02:00 2026-05-01T12:01:00+02:00',
      'Ann Example 2026-05-01T12:00:00+02:00 2026-05-01T12:00:00+02:00',
    ]);
  });

  it('refuses dates without an offset, unknown refs and a non-empty directory', async () => {
    await expect(
      buildRepo(fresh('bad-date'), [{ commit: 'x', date: '2026-01-05T09:00:00' }]),
    ).rejects.toThrow(/explicit offset/);
    await expect(
      buildRepo(fresh('bad-ref'), [{ commit: 'x' }, { tag: 'v1', target: 'nope' }]),
    ).rejects.toThrow(/unknown ref "nope"/);
    const dir = fresh('non-empty');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'x');
    await expect(buildRepo(dir, [{ commit: 'x' }])).rejects.toThrow(/not empty/);
  });

  it('ignores GIT_DIR and other GIT_* variables a git hook would pass down', async () => {
    const saved = { ...process.env };
    const victim = await buildRepo(fresh('victim'), [{ commit: 'victim' }]);
    try {
      process.env.GIT_DIR = join(victim.dir, '.git');
      process.env.GIT_AUTHOR_NAME = 'Someone Else';
      process.env.GIT_AUTHOR_DATE = '2001-01-01T00:00:00Z';
      const repo = await buildRepo(fresh('hooked'), sample);
      expect(repo.head).toBe((await buildRepo(fresh('hooked'), sample)).head);
    } finally {
      for (const k of ['GIT_DIR', 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_DATE']) delete process.env[k];
      Object.assign(process.env, saved);
    }
    expect(await git(victim.dir, 'rev-list', '--count', 'HEAD')).toBe('1');
    expect(await git(victim.dir, 'tag')).toBe('');
  });
});

describe('dates', () => {
  it("parses ISO 8601 with an offset into git's raw form and back", () => {
    expect(parseGitDate('2026-03-02T10:15:00+01:00')).toEqual({ epoch: 1772442900, tz: '+0100' });
    expect(parseGitDate('2026-03-02T09:15:00Z')).toEqual({ epoch: 1772442900, tz: '+0000' });
    expect(parseGitDate('2026-07-08T14:20:00-04:00')).toEqual({ epoch: 1783534800, tz: '-0400' });
    expect(formatGitDate({ epoch: 1783534800, tz: '-0400' })).toBe('2026-07-08T14:20:00-04:00');
    expect(() => parseGitDate('2026-02-30T10:00:00+01:00')).toThrow(/no such day/);
  });
});

describe('writeLargeHistory', () => {
  it('streams a deterministic history with the requested commits, tags and merges', async () => {
    const opts = { commits: 600, tags: 30, packages: 5, mergeEvery: 10 };
    const a = await writeLargeHistory(fresh('large'), opts);
    const b = await writeLargeHistory(fresh('large'), opts);
    expect(b.head).toBe(a.head);
    expect(await git(a.dir, 'rev-list', '--count', '--all')).toBe('600');
    expect(Number(await git(a.dir, 'rev-list', '--count', '--merges', 'HEAD'))).toBeGreaterThan(50);
    expect(lines(await git(a.dir, 'tag'))).toHaveLength(30);
    expect(a.tags).toHaveLength(30);
    expect(a.tags.slice(0, 6)).toEqual([
      '@bench/pkg-01@1.0.0',
      '@bench/pkg-02@1.0.0',
      '@bench/pkg-03@1.0.0',
      '@bench/pkg-04@1.0.0',
      '@bench/pkg-05@1.0.0',
      '@bench/pkg-01@1.0.1',
    ]);
    expect(await git(a.dir, 'rev-parse', `${a.tags.at(-1)}^{commit}`)).toBe(a.head);
    expect(await git(a.dir, 'cat-file', '-t', a.tags[0])).toBe('tag');
    expect(await git(a.dir, 'cat-file', '-t', a.tags[1])).toBe('commit');
    expect(a.projects[0]).toEqual({ id: 'pkg-01', tags: '@bench/pkg-01@{version}', path: 'packages/pkg-01' });
    expect(await git(a.dir, 'branch', '--format=%(refname:short)')).toBe('main');
  });
});

// ---------------------------------------------------------------------------------------------

/**
 * Version order of the rules, independently of src/core/version.ts: SemVer precedence when both
 * are SemVer, PEP 440 when both parse as it and either has a pre-, post- or dev-release part, else
 * GNU `sort -V`.
 */
function compare(a: string, b: string): number {
  if (semver.valid(a) === a && semver.valid(b) === b) return semver.compare(a, b);
  const [pa, pb] = [pep440Explain(a), pep440Explain(b)];
  const special = (p: typeof pa) => p !== null && (p.pre !== null || p.post !== null || p.dev !== null);
  if (pa && pb && (special(pa) || special(pb))) return pep440Compare(a, b);
  const sorted = spawnSync('sort', ['-V'], { input: `${a}\n${b}\n`, encoding: 'utf8' }).stdout.split('\n')[0];
  return a === b ? 0 : sorted === a ? -1 : 1;
}

describe('the demo', () => {
  const first = fresh('demo');
  const second = fresh('demo');
  const refsOf = async (dir: string) => {
    const out: Record<string, string> = {};
    for (const repo of ['acme-sdk', 'acme-api', 'acme-platform'])
      out[repo] = await git(
        join(dir, repo),
        'for-each-ref',
        '--format=%(objectname) %(objecttype) %(refname) %(*objectname)',
      );
    return out;
  };

  it('generates identical repositories every time, also when regenerated in place', async () => {
    const a = await generateDemo(first);
    await generateDemo(second);
    const refs = await refsOf(first);
    expect(await refsOf(second)).toEqual(refs);
    writeFileSync(join(first, 'acme-sdk', 'stray.txt'), 'left over');
    await generateDemo(first);
    expect(await refsOf(first)).toEqual(refs);
    expect(existsSync(join(first, 'acme-sdk', 'stray.txt'))).toBe(false);
    expect(a.configPath).toBe(join(first, 'waybill.config.json'));
  });

  it('writes a config that the schema accepts, pointing at the three repositories', () => {
    const config = ConfigSchema.parse(JSON.parse(readFileSync(join(first, 'waybill.config.json'), 'utf8')));
    expect(config.title).toBe('Acme releases');
    expect(config.timezone).toBe('Europe/Berlin');
    expect(config.projects.map((p) => [p.id, p.repo, p.tags, p.path ?? null])).toEqual(
      DEMO_FACTS.map((f) => [f.id, `./${f.repo}`, f.tags, f.path ?? null]),
    );
  });

  it('keeps the injection attempt in acme-api verbatim', async () => {
    const subjects = await git(join(first, 'acme-api'), 'log', '--format=%s');
    expect(subjects).toContain(
      'fix: escape <script>alert(1)</script> and <img src=x onerror=alert(2)> [x](javascript:alert(3))',
    );
  });

  it('reverts the cache commit inside sdk 1.1.0, quoting its full SHA', async () => {
    const dir = join(first, 'acme-sdk');
    const log = lines(await git(dir, 'log', '--format=%H %s', 'v1.0.0..v1.1.0'));
    const cache = log.find((l) => l.endsWith(' feat(cache): add an in-memory response cache'))!.split(' ')[0];
    expect(await git(dir, 'log', '-1', '--format=%B', '--grep=^Revert', 'v1.1.0')).toContain(
      `This reverts commit ${cache}.`,
    );
  });

  for (const fact of DEMO_FACTS) {
    describe(`${fact.id} (${fact.repo}${fact.path ? `, ${fact.path}` : ''})`, () => {
      const dir = () => join(first, fact.repo);
      const path = fact.path ? ['--', fact.path] : [];
      const byVersion = new Map(fact.releases.map((r) => [r.version, r]));
      const tagOf = (v: string | null) => (v === null ? null : byVersion.get(v)!.tag);

      it('has exactly the listed tags for its pattern, and the skipped ones do not peel to a commit', async () => {
        const [prefix, suffix] = fact.tags.split('{version}');
        const names = lines(await git(dir(), 'tag', '--list')).filter(
          (t) =>
            t.startsWith(prefix) &&
            t.endsWith(suffix) &&
            /^[0-9][^\s/]*$/.test(t.slice(prefix.length, t.length - suffix.length)),
        );
        expect(names.sort()).toEqual([...fact.releases.map((r) => r.tag), ...fact.skippedTags].sort());
        for (const t of fact.skippedTags)
          expect(await git(dir(), 'cat-file', '-t', `${t}^{}`)).not.toBe('commit');
      });

      it.each(fact.releases.map((r) => [r.tag, r] as [string, ReleaseFact]))(
        '%s: type, date, commits and previous agree with git',
        async (_tag, r) => {
          const ref = `refs/tags/${r.tag}`;
          expect(await git(dir(), 'cat-file', '-t', ref)).toBe(r.annotated ? 'tag' : 'commit');
          const date = r.annotated
            ? await git(dir(), 'for-each-ref', '--format=%(taggerdate:iso-strict)', ref)
            : await git(dir(), 'log', '-1', '--format=%cI', `${ref}^{commit}`);
          expect(date).toBe(r.date);
          expect(fact.tags.replace('{version}', r.version)).toBe(r.tag);
          expect(semver.valid(r.version) === r.version).toBe(r.semver);
          // A SemVer prerelease, or (for other versions) a PEP 440 pre- or dev-release.
          const pep = pep440Explain(r.version);
          expect(
            r.semver
              ? semver.prerelease(r.version) !== null
              : pep !== null && (pep.pre !== null || pep.dev !== null),
          ).toBe(r.prerelease);

          const prev = tagOf(r.previous);
          const range = prev ? [`${prev}..${r.tag}`] : [r.tag];
          expect(Number(await git(dir(), 'rev-list', '--count', ...range, ...path))).toBe(r.commitCount);
          expect(Number(await git(dir(), 'rev-list', '--count', '--merges', ...range, ...path))).toBe(
            r.mergeCount,
          );
          const messages = (await git(dir(), 'log', '-z', '--format=%B', ...range, ...path)).split('\0');
          const breaking = messages.filter(
            (m) => /^[a-z]+(\([^)]*\))?!:/.test(m) || /^BREAKING[ -]CHANGE:/m.test(m),
          );
          expect(breaking).toHaveLength(r.breakingCount);

          // previous(r): the highest lower version among the releases that existed when r came out
          // (release date not later than r's), final ones only for a final release; any branch.
          const candidates: string[] = [];
          for (const o of fact.releases) {
            if (o === r || compare(o.version, r.version) >= 0 || (!r.prerelease && o.prerelease)) continue;
            if (Date.parse(o.date) <= Date.parse(r.date)) candidates.push(o.version);
          }
          candidates.sort(compare);
          expect(candidates.at(-1) ?? null).toBe(r.previous);
        },
      );

      it('has the listed unreleased commits after its newest release', async () => {
        const newest = [...fact.releases].sort((a, b) => compare(a.version, b.version)).at(-1)!;
        expect(Number(await git(dir(), 'rev-list', '--count', `${newest.tag}..HEAD`, ...path))).toBe(
          fact.unreleased,
        );
      });
    });
  }

  it('covers every project of the config with facts', () => {
    expect(DEMO_FACTS.map((f) => f.id)).toEqual(['sdk', 'api', 'core', 'cli', 'web']);
  });
});
