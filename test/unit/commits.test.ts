import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cancelReverts, parseCommit, parseTrailers, type RawCommit } from '../../src/core/commits.ts';

const corpus = (name: string) =>
  readFileSync(new URL(`../fixtures/corpus/commits/${name}`, import.meta.url), 'utf8');
const who = { name: 'Ann', email: 'ann@example.com' };
let n = 0;
const raw = (message: string, extra: Partial<RawCommit> = {}): RawCommit => ({
  hash: (++n).toString(16).padStart(40, '0'),
  parents: ['f'.repeat(40)],
  author: who,
  committer: who,
  authorDate: '2026-01-01T10:00:00+01:00',
  committerDate: '2026-01-01T10:00:00+01:00',
  message,
  ...extra,
});

describe('parseCommit', () => {
  it('reads type, scope, breaking notes and references of a real commit (conventional-changelog log1)', () => {
    const c = parseCommit(raw(corpus('conventional-commits-parser__log1.txt')));
    expect(c).toMatchObject({
      type: 'feat',
      scope: 'ngMessages',
      subject: 'provide support for dynamic message resolution',
      breaking: true,
    });
    expect(c.breakingNotes[0]).toMatch(/^The `ngMessagesInclude` attribute is now its own directive/);
    expect(c.refs.map((r) => [r.action, r.issue])).toEqual([
      ['closes', '10036'],
      ['closes', '9338'],
    ]);
    expect(c.body).toMatch(/^Prior to this fix/);
    expect(c.body).not.toMatch(/BREAKING/);
  });

  it('keeps every reference keyword of a real commit (log3) and does not treat "BREAKING NEWS" as breaking', () => {
    const c = parseCommit(raw(corpus('conventional-commits-parser__log3.txt')));
    expect(c.refs.map((r) => r.issue)).toEqual(['10036', '10000', '13233', '9338']);
    expect(c.breaking).toBe(false);
  });

  it('marks "type!:" headers breaking even without a note', () => {
    const c = parseCommit(raw('feat(api)!: drop the v1 endpoints'));
    expect(c).toMatchObject({
      type: 'feat',
      scope: 'api',
      subject: 'drop the v1 endpoints',
      breaking: true,
      breakingNotes: [],
    });
  });

  it('accepts BREAKING-CHANGE with a hyphen, as the spec allows', () => {
    expect(parseCommit(raw('fix: x\n\nBREAKING-CHANGE: config key renamed')).breakingNotes).toEqual([
      'config key renamed',
    ]);
  });

  it('keeps a plain commit whole, with no type, for "Other changes"', () => {
    expect(parseCommit(raw('Update deps\n\nbumps lodash'))).toMatchObject({
      type: null,
      scope: null,
      subject: 'Update deps',
      body: 'bumps lodash',
    });
  });

  it('lower-cases the type so "Feat:" groups with "feat:"', () => {
    expect(parseCommit(raw('Feat: shout')).type).toBe('feat');
  });

  it('reads trailers and leaves them out of the body', () => {
    const c = parseCommit(
      raw(
        'feat: pair\n\nWe paired.\n\nCo-authored-by: Bo <bo@example.com>\nSigned-off-by: Ann <ann@example.com>\nRefs: #44\nChangelog: added',
      ),
    );
    expect(c.trailers).toEqual({
      'Co-authored-by': ['Bo <bo@example.com>'],
      'Signed-off-by': ['Ann <ann@example.com>'],
      Refs: ['#44'],
      Changelog: ['added'],
    });
    expect(c.body).toBe('We paired.');
  });

  it('does not mistake a "key: value" paragraph in the middle of a body for trailers', () => {
    const { trailers } = parseTrailers('fix: x\n\nNote: this is prose.\n\nAnd more prose here.');
    expect(trailers).toEqual({});
  });

  it('reads references to other repositories', () => {
    expect(parseCommit(raw('fix: x\n\nFixes acme/web#3')).refs).toEqual([
      { issue: '3', action: 'fixes', repository: 'acme/web', raw: 'acme/web#3' },
    ]);
  });

  it('flags merges and git revert commits', () => {
    expect(
      parseCommit(raw("Merge branch 'feature'", { parents: ['a'.repeat(40), 'b'.repeat(40)] })).merge,
    ).toBe(true);
    expect(parseCommit(raw('Revert "feat: x"\n\nThis reverts commit abcdef1234567.')).type).toBe('revert');
  });

  it('survives an empty message (conventional-changelog bad_commit)', () => {
    expect(parseCommit(raw(corpus('conventional-commits-parser__bad_commit.txt')))).toMatchObject({
      type: null,
      subject: '',
    });
  });
});

describe('cancelReverts', () => {
  const build = (messages: string[]) => {
    // git log order: newest first.
    const raws = messages.map((m) => raw(m)).reverse();
    return {
      raws,
      changes: raws.map((r) => parseCommit(r)),
      messages: new Map(raws.map((r) => [r.hash, r.message])),
    };
  };

  it('drops a commit and its revert when both are in the release', () => {
    const { raws, changes, messages } = build(['feat: a', 'feat: b', 'x']);
    const b = raws[1];
    const revert = raw(`Revert "feat: b"\n\nThis reverts commit ${b.hash}.`);
    const all = [parseCommit(revert), ...changes];
    messages.set(revert.hash, revert.message);
    const { kept, cancelled } = cancelReverts(all, messages);
    expect(kept.map((c) => c.subject)).toEqual(['x', 'a']);
    expect(cancelled).toEqual([{ hash: b.hash, subject: 'b', revertedBy: revert.hash }]);
  });

  it('matches an abbreviated hash in the revert message', () => {
    const a = raw('feat: a');
    const r = raw(`Revert "feat: a"\n\nThis reverts commit ${a.hash.slice(-12).padStart(12, '0')}.`);
    // Abbreviated hashes are prefixes; make a real prefix.
    r.message = `Revert "feat: a"\n\nThis reverts commit ${a.hash.slice(0, 12)}.`;
    const { kept } = cancelReverts(
      [parseCommit(r), parseCommit(a)],
      new Map([
        [a.hash, a.message],
        [r.hash, r.message],
      ]),
    );
    expect(kept).toEqual([]);
  });

  it('keeps a revert of a commit from an earlier release', () => {
    const r = raw('Revert "feat: old"\n\nThis reverts commit 1234567890abcdef1234567890abcdef12345678.');
    const { kept } = cancelReverts([parseCommit(r)], new Map([[r.hash, r.message]]));
    expect(kept.map((c) => c.type)).toEqual(['revert']);
  });

  it('brings a change back when its revert is reverted', () => {
    const a = raw('feat: a');
    const r1 = raw(`Revert "feat: a"\n\nThis reverts commit ${a.hash}.`);
    const r2 = raw(`Revert "Revert "feat: a""\n\nThis reverts commit ${r1.hash}.`);
    const all = [r2, r1, a];
    const { kept } = cancelReverts(
      all.map((c) => parseCommit(c)),
      new Map(all.map((c) => [c.hash, c.message])),
    );
    // r1 cancels a; r2 reverts r1, so a is back and the two reverts cancel each other.
    expect(kept.map((c) => c.hash)).toEqual([a.hash]);
  });

  it('does not cancel anything for a fix that mentions a commit it partly reverts', () => {
    const a = raw('feat: a');
    const fix = raw(`fix: tone down a\n\nThis reverts commit ${a.hash} partially, keeping the API.`);
    const { kept } = cancelReverts(
      [parseCommit(fix), parseCommit(a)],
      new Map([
        [a.hash, a.message],
        [fix.hash, fix.message],
      ]),
    );
    expect(kept.map((c) => c.subject)).toEqual(['tone down a', 'a']);
  });
});

describe('commit edge cases', () => {
  it('only the upper-case BREAKING CHANGE token is breaking, as the spec says', () => {
    expect(parseCommit(raw('docs: explain\n\n* breaking change: none here')).breaking).toBe(false);
  });

  it('keeps a one-paragraph body of "Key: value" prose as body, not trailers', () => {
    const c = parseCommit(raw('fix: port\n\nWarning: this changes the default port.'));
    expect(c.body).toBe('Warning: this changes the default port.');
    expect(c.trailers).toEqual({});
    expect(parseCommit(raw('Merge pull request #45 from a/b\n\nfeat: thing')).trailers).toEqual({});
  });

  it('reads a mixed last paragraph as trailers when it has a key git writes', () => {
    expect(
      parseCommit(raw('fix: x\n\nSome text.\n\nCloses #4\nSigned-off-by: Ann <ann@example.com>')).trailers,
    ).toEqual({ 'Signed-off-by': ['Ann <ann@example.com>'] });
  });
});

describe('references', () => {
  it('are written in canonical form, never with the prose (or addresses) around them', () => {
    expect(parseCommit(raw('fix: reply to jane.doe@corp.example about #12')).refs.map((r) => r.raw)).toEqual([
      '#12',
    ]);
  });
});
