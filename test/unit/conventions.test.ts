// Which convention a commit header follows, and what is left of it as the subject
// (docs/releases-from-git.md, "Kinds of change"). Headers are taken from real projects.
import { describe, expect, it } from 'vitest';
import { parseCommit } from '../../src/core/commits.ts';
import { classifyHeader, unusedCommitTypes } from '../../src/core/conventions.ts';
import { groupTitleOf } from '../../src/core/notes.ts';

const kind = (header: string, commitTypes?: Record<string, never> | Parameters<typeof classifyHeader>[1]) => {
  const k = classifyHeader(header, commitTypes);
  return { type: k.type, scope: k.scope, subject: k.subject, breaking: k.breaking };
};

describe('Conventional Commits', () => {
  it('reads type, scope and "!", in any case of the type', () => {
    expect(kind('feat(api)!: drop v1')).toEqual({
      type: 'feat',
      scope: 'api',
      subject: 'drop v1',
      breaking: true,
    });
    expect(kind('Fix: something')).toEqual({
      type: 'fix',
      scope: null,
      subject: 'something',
      breaking: false,
    });
    expect(kind('DOCS: typo')).toMatchObject({ type: 'docs', subject: 'typo' });
  });

  it('counts a `breaking:` type as breaking (sveltejs/kit writes them)', () => {
    expect(kind('breaking: remove `resolvePath`')).toEqual({
      type: 'breaking',
      scope: null,
      subject: 'remove `resolvePath`',
      breaking: true,
    });
  });
});

describe('component prefixes (git, Linux, Go, etcd)', () => {
  it('keeps the component as the scope, with no type', () => {
    expect(kind('etcdserver: add cluster id check')).toEqual({
      type: null,
      scope: 'etcdserver',
      subject: 'add cluster id check',
      breaking: false,
    });
    expect(kind('net/http: reject invalid header names')).toMatchObject({ scope: 'net/http', type: null });
    expect(kind('drm/i915/gt: fix a use-after-free')).toMatchObject({ scope: 'drm/i915/gt' });
    expect(kind('cmd/{go,vet}: update vendored x/tools')).toMatchObject({ scope: 'cmd/{go,vet}' });
    expect(kind('net/http, net/url: reject control characters')).toMatchObject({
      scope: 'net/http, net/url',
      subject: 'reject control characters',
    });
    expect(kind('t/README: mention the test-lib helpers')).toMatchObject({ scope: 't/README' });
    expect(kind('README: typo')).toMatchObject({ type: null, scope: 'README', subject: 'typo' });
    expect(kind('*: gofmt')).toMatchObject({ scope: '*' });
  });
});

describe('numpy and SciPy categories', () => {
  it('map to change types', () => {
    expect(kind('BUG: fix the dtype of np.sum on empty arrays')).toEqual({
      type: 'fix',
      scope: null,
      subject: 'fix the dtype of np.sum on empty arrays',
      breaking: false,
    });
    const types = ['ENH', 'MAINT', 'DOC', 'TST', 'BLD', 'API', 'DEP', 'REV', 'PERF', 'STY'].map(
      (c) => kind(`${c}: x`).type,
    );
    expect(types).toEqual([
      'feat',
      'chore',
      'doc',
      'test',
      'build',
      'api',
      'deprecate',
      'revert',
      'perf',
      'style',
    ]);
    expect(groupTitleOf(kind('API: add np.unstack').type)).toBe('API changes');
    expect(groupTitleOf(kind('DEP: expire the np.int alias').type)).toBe('Deprecations');
  });

  it('take the most telling of several categories (`BUG,DOC:`)', () => {
    expect(kind('BUG,DOC: correct the einsum docstring')).toMatchObject({
      type: 'fix',
      subject: 'correct the einsum docstring',
    });
    expect(kind('DOC, ENH: new examples')).toMatchObject({ type: 'feat' });
    expect(kind('MAINT/TST: tidy')).toMatchObject({ type: 'test' });
  });
});

describe('a project’s own prefixes (commitTypes)', () => {
  it('map to change types, as written or ignoring case, before any other convention', () => {
    const types = { Enhancement: 'feat', Breaking: 'breaking', etcdserver: 'fix', chore: 'build' } as const;
    expect(kind('Enhancement: faster export', types)).toEqual({
      type: 'feat',
      scope: null,
      subject: 'faster export',
      breaking: false,
    });
    expect(kind('enhancement: lower case', types)).toMatchObject({ type: 'feat' });
    expect(kind('Breaking: new config format', types)).toMatchObject({ type: 'breaking', breaking: true });
    expect(kind('etcdserver: a component mapped', types)).toMatchObject({ type: 'fix', scope: null });
    expect(kind('chore(deps): bump', types)).toMatchObject({ type: 'build', scope: 'deps' });
  });
});

describe('subjects that fit no convention', () => {
  it('are kept whole, prefix and all', () => {
    for (const header of [
      'Fix typo: x',
      "Merge branch 'release-3.5' into main",
      'Merge pull request #16119 from user/branch',
      'Revert "etcdserver: add cluster id check"',
      'See https://example.com/a: b',
      'https://example.com/issue/12 is fixed',
      'JIRA-123: fix the login',
      'gh-100001: Add the sys.monitoring namespace',
      'bpo-4567: Fix the tokenizer',
      'Bump lodash from 4.17.20 to 4.17.21',
      'Update README.md',
      '1: first',
    ])
      expect(kind(header), header).toEqual({ type: null, scope: null, subject: header, breaking: false });
  });

  it('are listed under "Other changes", and a git revert is a revert', () => {
    const raw = (message: string) => ({
      hash: 'a'.repeat(40),
      parents: ['b'.repeat(40)],
      author: { name: 'A', email: 'a@x' },
      committer: { name: 'A', email: 'a@x' },
      authorDate: '2026-01-01T00:00:00Z',
      committerDate: '2026-01-01T00:00:00Z',
      message,
    });
    expect(groupTitleOf(parseCommit(raw('Fix typo: x')).type)).toBe('Other changes');
    expect(parseCommit(raw('Fix typo: x')).subject).toBe('Fix typo: x');
    expect(parseCommit(raw('Revert "etcdserver: add x"')).type).toBe('revert');
    expect(parseCommit(raw('MAINT: tidy'), { commitTypes: { MAINT: 'build' } }).type).toBe('build');
  });
});

describe('commitTypes that match nothing', () => {
  it('are found, whatever the case or scope of the commits that do match', () => {
    expect(
      unusedCommitTypes({ Enhancement: 'feat', Bugfix: 'fix', Tweak: 'chore' }, [
        'enhancement: faster',
        'Bugfix(ui)!: header row',
        'Tweaks: nope',
        'Tweak the colours',
      ]),
    ).toEqual(['Tweak']);
    expect(unusedCommitTypes(undefined, ['x: y'])).toEqual([]);
  });
});
