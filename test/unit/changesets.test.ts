// Breaking changes that a changesets changelog declares under "Major Changes"
// (docs/releases-from-git.md, "Breaking changes"), in the two changelog formats changesets writes.
import { describe, expect, it } from 'vitest';
import { changesetEntries, majorChanges, matchMajorChanges } from '../../src/core/changesets.ts';

// @changesets/cli's default format (as in packages/*/CHANGELOG.md of most changesets repositories).
const DEFAULT_FORMAT = `## 2.0.0

### Major Changes

- 5a3c5e1: Remove the \`legacy\` option.

  Migrate by passing \`mode: "modern"\` instead.

- 0b21f4d: Drop Node 16.

### Minor Changes

- 9e0e7c2: Add \`stream()\`.

### Patch Changes

- Updated dependencies [5a3c5e1]
  - @acme/core@2.0.0
`;

// @changesets/changelog-github, as sveltejs/kit writes it.
const GITHUB_FORMAT = `## 2.0.0

### Major Changes

- breaking: remove \`resolvePath\` in favour of \`resolveRoute\` ([#11265](https://github.com/sveltejs/kit/pull/11265))

- [#11084](https://github.com/sveltejs/kit/pull/11084) [\`c0b6c2a\`](https://github.com/sveltejs/kit/commit/c0b6c2a8bd4c5c8cb5e1d5a5a9e9b0f7f1a5c8e2) Thanks [@Rich-Harris](https://github.com/Rich-Harris)! - breaking: require Node 18.13

### Patch Changes

- fix: a thing ([#11300](https://github.com/sveltejs/kit/pull/11300))
`;

describe('Major Changes entries', () => {
  it('are read with the commit each names, its migration text kept', () => {
    expect(majorChanges(DEFAULT_FORMAT)).toEqual([
      {
        text: 'Remove the `legacy` option.\n\n  Migrate by passing `mode: "modern"` instead.',
        hashes: ['5a3c5e1'],
        pulls: [],
      },
      { text: 'Drop Node 16.', hashes: ['0b21f4d'], pulls: [] },
    ]);
  });

  it('are read in the GitHub format, with their pull requests and commits', () => {
    expect(majorChanges(GITHUB_FORMAT)).toEqual([
      {
        text: 'breaking: remove `resolvePath` in favour of `resolveRoute` ([#11265](https://github.com/sveltejs/kit/pull/11265))',
        hashes: [],
        pulls: ['11265'],
      },
      {
        text: 'breaking: require Node 18.13',
        hashes: ['c0b6c2a', 'c0b6c2a8bd4c5c8cb5e1d5a5a9e9b0f7f1a5c8e2'],
        pulls: ['11084'],
      },
    ]);
  });

  it('are none without a Major Changes heading', () => {
    expect(majorChanges('## 1.2.0\n\n### Minor Changes\n\n- abc1234: Add x.\n')).toEqual([]);
    expect(majorChanges(null)).toEqual([]);
  });

  it('name the changes of the release by commit, else by pull request', () => {
    const a = { hash: '5a3c5e1'.padEnd(40, '0'), pull: null, merge: false };
    const b = { hash: 'ffffff1'.padEnd(40, '0'), pull: { id: '11265' }, merge: false };
    const { named, unmatched } = matchMajorChanges(
      [...majorChanges(DEFAULT_FORMAT), ...majorChanges(GITHUB_FORMAT)],
      [a, b],
    );
    expect([...named.keys()]).toEqual([a, b]);
    // "Drop Node 16" names a commit that is not in the release; the second kit entry neither.
    expect(unmatched.map((e) => e.text)).toEqual(['Drop Node 16.', 'breaking: require Node 18.13']);
  });
});

describe('changeset entries', () => {
  it('carry the bump of the heading they are under', () => {
    const section =
      '## 0.4.0\n\n### Minor Changes\n\n- 8093d93: Commands wait for the bus.\n\n### Patch Changes\n\n- Updated dependencies [8093d93]\n';
    expect(changesetEntries(section).map((e) => [e.bump, e.hashes])).toEqual([
      ['minor', ['8093d93']],
      ['patch', []],
    ]);
    expect(changesetEntries('## 1.0.0\n\nJust prose.\n')).toEqual([]);
  });
});
