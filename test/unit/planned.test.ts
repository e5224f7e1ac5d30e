import { describe, expect, it } from 'vitest';
import { InputErrors } from '../../src/errors/index.ts';
import { buildGroups, buildPlanned, type RawPlanned } from '../../src/core/planned.ts';
import type { Planned } from '../../src/schemas/calendar.ts';

const releases = new Map([
  ['sdk', new Set(['2.1.0'])],
  ['api', new Set<string>()],
]);
const file = (
  data: Record<string, unknown>,
  source = 'content/planned/x.md',
  body = 'Notes\n',
): RawPlanned => ({ source, data, body });
const ok = { project: 'sdk', version: '2.2.0', date: '2026-12-08', status: 'tentative' };
const build = (files: RawPlanned[], previous: Planned[] = []) =>
  buildPlanned({ files, projects: ['sdk', 'api'], releases, previous });
const errorsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    return (e as InputErrors).errors.map((x) => x.format().split('\n')[0]!);
  }
  throw new Error('did not throw');
};

describe('planned releases', () => {
  it('reports every problem of every file: file, field, expected, found', () => {
    expect(
      errorsOf(() =>
        build([
          file({ project: 'sdk', version: 2.2, date: '2026-13-01', status: 'maybe' }, 'content/planned/a.md'),
          file(
            { project: 'nope', version: '1', date: '2026-12-01', status: 'confirmed' },
            'content/planned/b.md',
          ),
          file({ ...ok, owner: 'x' }, 'content/planned/c.md'),
          file({ version: '1.0.0', date: '2026-12-01', status: 'confirmed' }, 'content/planned/d.md'),
        ]),
      ),
    ).toEqual([
      'content/planned/a.md: version: expected a string, found number 2.2',
      'content/planned/a.md: date: expected a real calendar date like 2026-12-01, found string "2026-13-01"',
      'content/planned/a.md: status: expected one of "tentative", "confirmed", "cancelled", found string "maybe"',
      'content/planned/b.md: project: expected a project id from the config (sdk, api), found "nope"',
      'content/planned/c.md: expected no key "owner" (it is not a setting; check its spelling)',
      'content/planned/d.md: project: expected a string, found nothing',
    ]);
  });

  it('refuses the same version planned twice', () => {
    expect(
      errorsOf(() => build([file(ok, 'content/planned/a.md'), file(ok, 'content/planned/b.md')])),
    ).toEqual(['content/planned/b.md: sdk 2.2.0 is also planned in content/planned/a.md']);
  });

  it('takes a YAML timestamp as its UTC day, and marks a version that exists as shipped', () => {
    const out = build([
      file({ ...ok, date: new Date('2026-12-08T00:00:00Z') }, 'content/planned/a.md', '\n'),
      file({ ...ok, version: '2.1.0', date: '2026-07-15' }, 'content/planned/b.md'),
    ]);
    expect(out.map((p) => [p.version, p.date, p.shipped, p.notes])).toEqual([
      ['2.1.0', '2026-07-15', true, 'Notes\n'],
      ['2.2.0', '2026-12-08', false, ''],
    ]);
  });

  it('bumps the sequence and keeps the old date when the date moved since the previous harvest', () => {
    const [first] = build([file(ok)]);
    expect(first).toMatchObject({ sequence: 0, previousDates: [] });
    const [same] = build([file({ ...ok, status: 'confirmed' })], [first!]);
    expect(same).toMatchObject({ sequence: 0, previousDates: [], status: 'confirmed' });
    const [moved] = build([file({ ...ok, date: '2026-12-15' })], [first!]);
    expect(moved).toMatchObject({ sequence: 1, previousDates: ['2026-12-08'] });
    const [back] = build([file(ok)], [moved!]);
    expect(back).toMatchObject({ sequence: 2, previousDates: ['2026-12-08', '2026-12-15'] });
  });
});

describe('group releases', () => {
  it('mark members released, sorted by date, id and project', () => {
    expect(
      buildGroups(
        [
          { id: 'b', name: 'B', date: '2026-12-01', members: { sdk: '2.2.0', api: '1.0.0' } },
          { id: 'a', name: 'A', date: '2026-12-01', members: { sdk: '2.1.0' } },
        ],
        { projects: ['sdk', 'api'], releases },
      ),
    ).toEqual([
      {
        id: 'a',
        name: 'A',
        date: '2026-12-01',
        members: [{ project: 'sdk', version: '2.1.0', released: true }],
      },
      {
        id: 'b',
        name: 'B',
        date: '2026-12-01',
        members: [
          { project: 'api', version: '1.0.0', released: false },
          { project: 'sdk', version: '2.2.0', released: false },
        ],
      },
    ]);
  });

  it('name an unknown project by its key', () => {
    expect(
      errorsOf(() =>
        buildGroups([{ id: 'g', name: 'G', date: '2026-12-01', members: { sdk: '1', web: '2' } }], {
          projects: ['sdk', 'api'],
          releases,
        }),
      ),
    ).toEqual(['groups[0].members.web: group "g" names the project "web", which the config does not define']);
  });
});
