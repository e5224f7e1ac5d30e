import { describe, expect, it } from 'vitest';
import { collectContributors, predictBump, predictNext, predictVersion } from '../../src/core/assemble.ts';
import { parseCommit } from '../../src/core/commits.ts';
import { bestNotesSource, cleanTagMessage, groupChanges, renderCommitNotes } from '../../src/core/notes.ts';

let n = 0;
const change = (message: string, author = { name: 'Ann', email: 'ann@example.com' }, parents = 1) =>
  parseCommit({
    hash: (++n).toString(16).padStart(40, 'a'),
    parents: Array.from({ length: parents }, () => 'f'.repeat(40)),
    author,
    committer: author,
    authorDate: '2026-01-01T10:00:00Z',
    committerDate: '2026-01-01T10:00:00Z',
    message,
  });

describe('grouped notes', () => {
  it('lists breaking changes first and once, then features, fixes and other changes, without merges', () => {
    const changes = [
      change('Update deps'),
      change("Merge branch 'x'", undefined, 2),
      change('fix(db): no crash'),
      change('feat!: new api\n\nBREAKING CHANGE: call v2'),
      change('feat: csv'),
    ];
    const { breaking, groups } = groupChanges(changes);
    expect(breaking.map((c) => c.subject)).toEqual(['new api']);
    expect(groups.map((g) => [g.title, g.changes.map((c) => c.subject)])).toEqual([
      ['Features', ['csv']],
      ['Bug fixes', ['no crash']],
      ['Other changes', ['Update deps']],
    ]);
    const md = renderCommitNotes(changes);
    expect(md.indexOf('### Breaking changes')).toBe(0);
    expect(md).toContain('call v2');
    expect(md).toContain('**db:** no crash');
    expect(md).not.toContain('Merge branch');
  });

  it('escapes Markdown and HTML in subjects so a commit cannot inject markup into the notes', () => {
    const md = renderCommitNotes([change('fix: <script>alert(1)</script> [x](javascript:alert(1))')]);
    expect(md).not.toMatch(/<script>/);
    expect(md).toContain('\\<script\\>');
    expect(md).toContain('\\[x\\](javascript:alert(1))');
  });

  it('says so when a release has no changes', () => {
    expect(renderCommitNotes([])).toBe('No changes.\n');
  });
});

describe('notes sources', () => {
  it('prefers overlay, then changelog, then tag message, then commits', () => {
    expect(bestNotesSource({ overlay: 'o', changelog: 'c', tag: 't' })).toBe('overlay');
    expect(bestNotesSource({ overlay: null, changelog: 'c', tag: 't' })).toBe('changelog');
    expect(bestNotesSource({ overlay: null, changelog: null, tag: 't' })).toBe('tag');
    expect(bestNotesSource({ overlay: null, changelog: null, tag: null })).toBe('commits');
  });

  it('drops the signature from a signed tag message', () => {
    expect(
      cleanTagMessage(
        'Release 1.0\n\nNotes.\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----\n',
      ),
    ).toBe('Release 1.0\n\nNotes.\n');
    expect(cleanTagMessage('-----BEGIN SSH SIGNATURE-----\nx\n')).toBeNull();
  });
});

describe('contributors', () => {
  it('counts authors and co-authors, one entry per e-mail, most commits first', () => {
    const bo = { name: 'Bo', email: 'bo@example.com' };
    const cs = [
      change('feat: a', bo),
      change('fix: b\n\nco-authored-by: Cy <cy@example.com>'),
      change('fix: c', bo),
      change("Merge branch 'x'", { name: 'Merger', email: 'm@example.com' }, 2),
    ];
    expect(collectContributors(cs)).toEqual([
      { name: 'Bo', email: 'bo@example.com', commits: 2, bot: false },
      { name: 'Ann', email: 'ann@example.com', commits: 1, bot: false },
      { name: 'Cy', email: 'cy@example.com', commits: 1, bot: false },
    ]);
  });
});

describe('bump prediction', () => {
  it('predicts major for breaking, minor for features, patch otherwise', () => {
    expect(predictBump([change('fix: a'), change('feat!: b')], '1.2.3')).toBe('major');
    expect(predictBump([change('fix: a'), change('feat: b')], '1.2.3')).toBe('minor');
    expect(predictBump([change('Update deps')], '1.2.3')).toBe('patch');
    expect(predictBump([], '1.2.3')).toBeNull();
  });

  it('before 1.0.0, breaking changes bump the minor', () => {
    expect(predictBump([change('feat!: b')], '0.4.1')).toBe('minor');
    expect(predictVersion('0.4.1', 'minor')).toBe('0.5.0');
  });

  it('predicts the version, finishing a prerelease line instead of skipping it', () => {
    expect(predictVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(predictVersion('2.0.0-rc.2', 'patch')).toBe('2.0.0');
    expect(predictVersion('1.1.0-rc.1', 'major')).toBe('2.0.0');
    expect(predictVersion('1.1.1-rc.1', 'minor')).toBe('1.2.0');
    expect(predictVersion('1.3rc1', 'minor')).toBeNull();
  });

  it('from a prerelease base, predicts the release that finishes its line, as a bump from the last final', () => {
    // sveltejs/kit's adapter-node: 6.0.0-next.8 is the newest tag, 5.5.7 the last final release.
    expect(predictNext([change('fix: a')], '6.0.0-next.8', '5.5.7')).toEqual({
      bump: 'major',
      predicted: '6.0.0',
      bumpFrom: '5.5.7',
      nextPrerelease: '6.0.0-next.9',
    });
    // A breaking change on a minor's release candidate goes past it.
    expect(predictNext([change('feat!: b')], '5.6.0-rc.1', '5.5.7')).toEqual({
      bump: 'major',
      predicted: '6.0.0',
      bumpFrom: '5.5.7',
      nextPrerelease: null,
    });
    expect(predictNext([change('feat: b')], '5.6.0-rc.1', '5.5.7')).toMatchObject({
      bump: 'minor',
      predicted: '5.6.0',
      nextPrerelease: '5.6.0-rc.2',
    });
    // From a final base, as before.
    expect(predictNext([change('feat: b')], '1.4.2', '1.4.2')).toEqual({
      bump: 'minor',
      predicted: '1.5.0',
      bumpFrom: '1.4.2',
      nextPrerelease: null,
    });
  });
});

describe('tag messages', () => {
  it('drops X.509 signatures and messages that only repeat the version', () => {
    expect(cleanTagMessage('Notes\n-----BEGIN SIGNED MESSAGE-----\nMIAG\n')).toBe('Notes\n');
    expect(cleanTagMessage('1.2.0\n', ['v1.2.0', '1.2.0'])).toBeNull();
    expect(cleanTagMessage('v1.2.0', ['v1.2.0', '1.2.0'])).toBeNull();
    expect(cleanTagMessage('1.2.0: faster exports', ['v1.2.0', '1.2.0'])).toBe('1.2.0: faster exports\n');
  });

  it('drops messages that say no more than the project and the version', () => {
    const numpy = ['v2.3.1', '2.3.1', 'numpy', 'NumPy'];
    for (const m of [
      'NumPy 2.3.1 release',
      'Release 2.3.1',
      'v2.3.1',
      'Version 2.3.1',
      'numpy v2.3.1',
      'Release NumPy 2.3.1.',
      'Tagging release 2.3.1\n',
    ])
      expect(cleanTagMessage(m, numpy), m).toBeNull();
    expect(cleanTagMessage('api 1.2.3', ['v1.2.3', '1.2.3', 'api', 'Acme API'])).toBeNull();
    expect(cleanTagMessage('Acme API 1.2.3', ['v1.2.3', '1.2.3', 'api', 'Acme API'])).toBeNull();
    expect(
      cleanTagMessage('@acme/core@1.2.3', ['@acme/core@1.2.3', '1.2.3', 'core', '@acme/core']),
    ).toBeNull();
    // Anything more is notes.
    expect(cleanTagMessage('NumPy 2.3.1 release\n\nFixes a crash in einsum.', numpy)).toBe(
      'NumPy 2.3.1 release\n\nFixes a crash in einsum.\n',
    );
    expect(cleanTagMessage('NumPy 2.3.1: security release', numpy)).toBe('NumPy 2.3.1: security release\n');
    expect(cleanTagMessage('Release 2.3.0', numpy)).toBe('Release 2.3.0\n'); // another version
    expect(
      cleanTagMessage('Kubernetes official release v1.28.0', ['v1.28.0', '1.28.0', 'k8s', 'Kubernetes']),
    ).toBeNull();
    expect(
      cleanTagMessage('Begin NumPy 2.6.0 development', ['v2.6.0.dev0', '2.6.0.dev0', '2.6.0', 'NumPy']),
    ).toBeNull();
  });
});

describe('subjects in the commit notes', () => {
  it('keep `code spans` and escape everything else', () => {
    const md = renderCommitNotes([change('refactor(auth): replace the `token` option with *magic* <b>')]);
    expect(md).toContain('replace the `token` option with \\*magic\\* \\<b\\>');
  });
});
