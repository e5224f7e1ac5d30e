// People of a release: .mailmap identities (checked against git itself), then one person per name
// and address, bots apart (docs/releases-from-git.md, "People").
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isBot, mapPerson, mergeContributors, parseMailmap } from '../../src/core/people.ts';

// Every line form of gitmailmap(5), with case differences, comments, overrides and a name-specific
// mapping beside an address-only one (as in git's t4203-mailmap.sh).
const MAILMAP = `# A comment
Rich Harris <richard.a.harris@gmail.com>
Rich Harris <rich.harris@vercel.com> <hello@rich-harris.dev>
<jane@acme.example> <jane@old-laptop.local>
Jane Doe <jane@acme.example> jdoe <JDOE@Build.Example>
Other Author <other@acme.example> nick1 <bugs@company.xx>
Santa Claus <santa.claus@northpole.xx> <me@company.xx>
Some Dude <some@dude.xx>         nick1 <bugs@company.xx>
CTO <cto@company.xx>
 Spaced Name  <spaced@acme.example>   # trailing text is ignored
Override <first@acme.example>
Overridden <first@acme.example>
`;

const IDENTITIES = [
  { name: 'Rich Harris', email: 'richard.a.harris@gmail.com' },
  { name: 'Richard Harris', email: 'Richard.A.Harris@GMAIL.com' },
  { name: 'Rich', email: 'hello@rich-harris.dev' },
  { name: 'jane', email: 'jane@old-laptop.local' },
  { name: 'JDoe', email: 'jdoe@build.example' },
  { name: 'someone else', email: 'jdoe@build.example' },
  { name: 'nick1', email: 'bugs@company.xx' },
  { name: 'nick2', email: 'bugs@company.xx' },
  { name: 'santa', email: 'me@company.xx' },
  { name: 'boss', email: 'cto@company.xx' },
  { name: 'x', email: 'spaced@acme.example' },
  { name: 'y', email: 'first@acme.example' },
  { name: 'Nobody', email: 'nobody@acme.example' },
];

describe('.mailmap', () => {
  it.runIf(spawnSync('git', ['--version']).status === 0)(
    'maps every identity as `git check-mailmap` does',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'waybill-mailmap-'));
      try {
        spawnSync('git', ['init', '-q', dir]);
        writeFileSync(join(dir, '.mailmap'), MAILMAP);
        const out = spawnSync(
          'git',
          [
            '-c',
            'mailmap.file=',
            '-c',
            'mailmap.blob=',
            'check-mailmap',
            ...IDENTITIES.map((p) => `${p.name} <${p.email}>`),
          ],
          { cwd: dir, encoding: 'utf8' },
        );
        expect(out.status, out.stderr).toBe(0);
        const byGit = out.stdout.trim().split('\n');
        const map = parseMailmap(MAILMAP);
        expect(IDENTITIES.map((p) => mapPerson(map, p)).map((p) => `${p.name} <${p.email}>`)).toEqual(byGit);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('leaves everyone as they are without one', () => {
    expect(mapPerson(null, IDENTITIES[0])).toBe(IDENTITIES[0]);
    expect(mapPerson(parseMailmap(''), IDENTITIES[0])).toBe(IDENTITIES[0]);
  });
});

describe('contributors', () => {
  const rich1 = { name: 'Rich Harris', email: 'richard.a.harris@gmail.com' };
  const rich2 = { name: 'Rich Harris', email: 'hello@rich-harris.dev' };
  const ben = { name: 'Ben McCann', email: 'ben@example.com' };

  it('are one person per name and per address, named as on most of their commits', () => {
    const credits = [
      rich1,
      rich1,
      rich2,
      ben,
      ben,
      { name: 'benmccann', email: 'BEN@example.com' },
      rich2,
      rich2,
    ];
    expect(mergeContributors(credits).map(({ keys: _, ...c }) => c)).toEqual([
      { name: 'Rich Harris', email: 'hello@rich-harris.dev', commits: 5, bot: false },
      { name: 'Ben McCann', email: 'ben@example.com', commits: 3, bot: false },
    ]);
  });

  it('joins identities through a shared name or address, transitively', () => {
    const a = { name: 'A', email: 'one@x' };
    const b = { name: 'A', email: 'two@x' };
    const c = { name: 'Alias', email: 'two@x' };
    const [only, ...rest] = mergeContributors([a, b, c]);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ commits: 3, keys: ['e:one@x', 'e:two@x', 'n:a', 'n:alias'] });
  });

  it('lists bots after people', () => {
    const people = mergeContributors(
      [
        { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' },
        { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com' },
        ben,
        { name: 'release-bot', email: 'release@ci.acme.example' },
      ],
      ['*@ci.acme.example'],
    );
    expect(people.map((p) => [p.name, p.bot])).toEqual([
      ['Ben McCann', false],
      ['dependabot[bot]', true],
      ['release-bot', true],
    ]);
  });
});

describe('bots', () => {
  it('are GitHub Apps, Dependabot and Renovate, and whatever the `bots` setting names', () => {
    for (const p of [
      { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' },
      { name: 'renovate[bot]', email: '29139614+renovate[bot]@users.noreply.github.com' },
      { name: 'Renovate Bot', email: 'bot@renovateapp.com' },
      { name: 'dependabot-preview', email: 'support@dependabot.com' },
    ])
      expect(isBot(p), p.name).toBe(true);
    expect(isBot({ name: 'Rich Harris', email: 'rich@example.com' })).toBe(false);
    expect(isBot({ name: 'Robert Bot', email: 'robert@example.com' })).toBe(false);
    expect(isBot({ name: 'ci-release', email: 'x@acme.example' }, ['CI-*'])).toBe(true);
    expect(isBot({ name: 'Jenkins', email: 'jenkins@ci.acme.example' }, ['*@ci.acme.example'])).toBe(true);
    // A pattern is matched whole, its dots literal.
    expect(isBot({ name: 'Jenkins', email: 'jenkins@ciXacme.example' }, ['*@ci.acme.example'])).toBe(false);
  });
});
