import { describe, expect, it } from 'vitest';
import { CHANGE_GROUPS, groupChanges, groupIndexOf, orderChanges } from '../../src/core/notes.ts';

const c = (id: string, type: string | null, breaking = false, merge = false) => ({
  id,
  type,
  breaking,
  merge,
});

describe('change groups', () => {
  it('are the contract order with "Other changes" last', () => {
    expect(CHANGE_GROUPS.map((g) => g.title)).toEqual([
      'Features',
      'API changes',
      'Bug fixes',
      'Security',
      'Performance',
      'Deprecations',
      'Reverts',
      'Documentation',
      'Refactoring',
      'Build & CI',
      'Other changes',
    ]);
  });

  it('map build and ci together, and null, unknown and chore-like types to "Other changes"', () => {
    expect(CHANGE_GROUPS[groupIndexOf('build')]!.title).toBe('Build & CI');
    expect(CHANGE_GROUPS[groupIndexOf('ci')]!.title).toBe('Build & CI');
    for (const t of [null, 'chore', 'test', 'wip', ''])
      expect(CHANGE_GROUPS[groupIndexOf(t)]!.title).toBe('Other changes');
    expect(CHANGE_GROUPS[groupIndexOf('FEAT')]!.title).toBe('Features');
  });
});

describe('groupChanges', () => {
  const changes = [
    c('1', 'fix'),
    c('2', 'feat', true),
    c('3', null),
    c('4', 'feat'),
    c('5', 'ci'),
    c('6', 'fix', true),
    c('7', null, false, true),
    c('8', 'feat'),
  ];

  it('puts breaking changes first, once, and groups the rest in contract order keeping git log order', () => {
    const g = groupChanges(changes);
    expect(g.breaking.map((x) => x.id)).toEqual(['2', '6']);
    expect(g.groups.map((x) => [x.title, x.changes.map((y) => y.id)])).toEqual([
      ['Features', ['4', '8']],
      ['Bug fixes', ['1']],
      ['Build & CI', ['5']],
      ['Other changes', ['3']],
    ]);
  });

  it('leaves merges out (they count in commitCount, they are not changes)', () => {
    expect(orderChanges(changes).map((x) => x.id)).not.toContain('7');
  });

  it('orders the flat list exactly as the page shows it', () => {
    const g = groupChanges(changes);
    expect(orderChanges(changes).map((x) => x.id)).toEqual(
      [...g.breaking, ...g.groups.flatMap((x) => x.changes)].map((x) => x.id),
    );
  });

  it('returns no groups for no changes', () => {
    expect(groupChanges([])).toEqual({ breaking: [], groups: [] });
  });
});
