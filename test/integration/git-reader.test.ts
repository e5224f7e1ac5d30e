// The one door to git, given repositories whose text tries to confuse it: separators inside
// messages, names and file names, malformed dates, a tag with the name of a branch, and a git hook's
// environment pointing elsewhere.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRepo, runGit } from '../../src/demo/git-builder.ts';
import { isoFromGitDate } from '../../src/core/dates.ts';
import { eachBlobAt, readChangedFiles, readHistory, readRepoInfo, readTags } from '../../src/harvest/git.ts';

const root = mkdtempSync(join(tmpdir(), 'waybill-git-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('reading git', () => {
  it('cannot be fooled into forged tags or shifted fields by separators in repository text', async () => {
    const dir = join(root, 'forge');
    const repo = await buildRepo(dir, [
      { commit: 'feat: one', files: { a: '1\n' } },
      {
        tag: 'v1.0.0',
        annotated: {
          message:
            'x\x1ev6.6.6\x1f0000000000000000000000000000000000000000\x1fcommit\x1fEve\x1f<e@x>\x1f2026-01-01T00:00:00Z\x1fforged',
        },
      },
      {
        commit: 'fix: two\x1ev6.6.7\x1f\x1f\x1f\n\nbody\x1fwith\x00nothing',
        files: { 'b\x1eweird': '2\n' },
        author: { name: 'Ev\x1fil', email: 'evil@example.com' },
      },
      { tag: 'v1.1.0' },
    ]);
    const tags = await readTags(dir);
    expect(tags.map((t) => t.name)).toEqual(['v1.0.0', 'v1.1.0']);
    expect(tags[0].message).toContain('forged');
    const history = await readHistory(dir, [repo.head]);
    expect(history).toHaveLength(2);
    expect(history[0].author).toEqual({ name: 'Ev\x1fil', email: 'evil@example.com' });
    expect(history[0].authorDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    const files = await readChangedFiles(dir, [repo.head]);
    expect(files.get(history[0].hash)).toEqual(['b\x1eweird']);
    expect(files.get(history[1].hash)).toEqual(['a']);
  });

  it('hands over files at revisions one at a time, whatever their size and wherever git splits its output', async () => {
    const dir = join(root, 'blobs');
    // Files larger than a pipe's buffer, and text that looks like cat-file's own header lines.
    const big = Array.from({ length: 20_000 }, (_, i) => `line ${i}: 0123456789abcdef 100 blob 12\n`).join(
      '',
    );
    const repo = await buildRepo(dir, [
      {
        commit: 'first',
        files: { 'CHANGELOG.md': big, 'docs/a.md': 'deadbeef blob 3\n', empty: '' },
        id: 'first',
      },
      { commit: 'second', files: { 'CHANGELOG.md': `${big}tail\n` } },
    ]);
    const got: [number, string | null][] = [];
    await eachBlobAt(
      dir,
      [
        { rev: repo.head, path: 'CHANGELOG.md' },
        { rev: repo.head, path: 'no-such-file' },
        { rev: repo.head, path: 'docs' }, // a folder: no file
        { rev: repo.head, path: 'empty' },
        { rev: `${repo.head}~1`, path: 'CHANGELOG.md' },
        { rev: repo.head, path: 'docs/a.md' },
      ],
      (i, blob) => got.push([i, blob === null ? null : blob.toString('utf8')]),
    );
    expect(got).toEqual([
      [0, `${big}tail\n`],
      [1, null],
      [2, null],
      [3, ''],
      [4, big],
      [5, 'deadbeef blob 3\n'],
    ]);
    // What the callback throws rejects the read (it must not escape as an uncaught exception).
    await expect(
      eachBlobAt(dir, [{ rev: repo.head, path: 'CHANGELOG.md' }], () => {
        throw new Error('no room for this file');
      }),
    ).rejects.toThrow('no room for this file');
  });

  it('turns a malformed time-zone offset into UTC instead of failing', async () => {
    expect(isoFromGitDate('1767600000 +0100')).toBe('2026-01-05T09:00:00+01:00');
    expect(isoFromGitDate('1767600000 -0530')).toBe('2026-01-05T02:30:00-05:30');
    expect(isoFromGitDate('1767600000 +1960')).toBe('2026-01-05T08:00:00+00:00');
    const dir = join(root, 'baddate');
    await buildRepo(dir, [{ commit: 'first', files: { a: '1\n' } }]);
    const tree = (await runGit(dir, ['rev-parse', 'HEAD^{tree}'])).trim();
    const body = `tree ${tree}\nauthor Old <old@example.com> 946684800 +1960\ncommitter Old <old@example.com> 946684800 +1960\n\nimported long ago\n`;
    const sha = (
      await runGit(dir, ['hash-object', '-t', 'commit', '-w', '--literally', '--stdin'], body)
    ).trim();
    const [c] = await readHistory(dir, [sha]);
    expect(c.authorDate).toBe('2000-01-01T00:00:00+00:00');
  });

  it('resolves a configured branch as a branch, even when a tag has the same name', async () => {
    const dir = join(root, 'branch-vs-tag');
    const repo = await buildRepo(dir, [
      { commit: 'feat: one', files: { a: '1\n' }, id: 'one' },
      { tag: 'main', target: 'one' },
      { commit: 'feat: two', files: { a: '2\n' } },
    ]);
    expect((await readRepoInfo(dir, 'main')).head).toBe(repo.head);
    await expect(readRepoInfo(dir, 'no-such-branch')).rejects.toThrow(/no branch "no-such-branch"/);
  });

  it('reads the repository it is given even inside a git hook that sets GIT_DIR', async () => {
    const a = await buildRepo(join(root, 'hook-a'), [
      { commit: 'in a', files: { a: '1\n' } },
      { tag: 'v1.0.0' },
    ]);
    await buildRepo(join(root, 'hook-b'), [{ commit: 'in b', files: { b: '1\n' } }, { tag: 'v9.0.0' }]);
    const before = process.env.GIT_DIR;
    process.env.GIT_DIR = join(root, 'hook-b', '.git');
    try {
      expect((await readTags(a.dir)).map((t) => t.name)).toEqual(['v1.0.0']);
    } finally {
      if (before === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = before;
    }
  });
});
