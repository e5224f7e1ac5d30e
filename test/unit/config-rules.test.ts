// The config's cross-field rules (src/config/rules.ts): each named rule on its own, and all of
// them at once through loadConfig, every problem naming the file and the key path, with the fix.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import {
  checkConfigRules,
  cronValid,
  deploymentSourcesKnown,
  freezeEnvironmentsKnown,
  freezeWindowsValid,
  groupMembersExist,
  logoIsFileOrHttps,
  supportDatesValid,
  uniqueIds,
  type RuleInput,
} from '../../src/config/rules.ts';
import { ConfigSchema, type ConfigInput } from '../../src/schemas/config/config.ts';
import { InputError } from '../../src/errors/index.ts';

const base: ConfigInput = {
  timezone: 'Europe/Berlin',
  projects: [
    { id: 'api', name: 'API', repo: '.' },
    { id: 'web', name: 'Web', repo: '.' },
  ],
  environments: [
    { id: 'production', tier: 'production' },
    { id: 'staging', tier: 'staging' },
  ],
};
const input = (over: Partial<ConfigInput>, files: string[] = []): RuleInput => ({
  config: ConfigSchema.parse({ ...base, ...over }),
  file: '/x/waybill.config.json',
  isFile: (p) => files.includes(p),
});
const paths = (problems: { path: (string | number)[] }[]) => problems.map((p) => p.path.join('.'));

describe('config rules', () => {
  it('uniqueIds: projects, environments and groups use an id once; freezes a name once', () => {
    const problems = uniqueIds(
      input({
        projects: [...base.projects, { id: 'api', name: 'Again', repo: '.' }],
        environments: [{ id: 'production' }, { id: 'production' }],
        groups: [
          { id: 'g', name: 'G', date: '2026-01-01', members: {} },
          { id: 'g', name: 'H', date: '2026-01-02', members: {} },
        ],
        freezes: [
          { name: 'Year end', start: '2026-12-19T18:00', end: '2027-01-04T08:00' },
          { name: 'year-end', start: '2027-12-19T18:00', end: '2028-01-04T08:00' },
        ],
      }),
    );
    expect(paths(problems)).toEqual(['projects.2.id', 'environments.1.id', 'groups.1.id', 'freezes.1.name']);
    expect(problems[0]!.message).toBe('expected a unique project id; "api" is also projects[0]');
    expect(problems[3]!.message).toContain('reads the same as freezes[0] ("Year end")');
  });

  it('groupMembersExist: a group names projects of the config, on a day that exists', () => {
    const problems = groupMembersExist(
      input({
        groups: [{ id: 'g', name: 'G', date: '2026-02-30', members: { api: '1.0.0', wbe: '2.0.0' } }],
      }),
    );
    expect(paths(problems)).toEqual(['groups.0.members.wbe', 'groups.0.date']);
    expect(problems[0]!.fix).toBe('use one of "api", "web"');
    expect(problems[1]!.message).toBe('"2026-02-30" is not a day of the calendar');
  });

  it('supportDatesValid: an end-of-life date exists', () => {
    const c = input({});
    c.config.projects[0]!.support.eol = { '1.x': '2026-13-01' };
    expect(paths(supportDatesValid(c))).toEqual(['projects.0.support.eol.1.x']);
  });

  it('freezeWindowsValid: 30 February is not a date', () => {
    const [p] = freezeWindowsValid(
      input({ freezes: [{ name: 'F', start: '2026-02-30T18:00', end: '2026-03-02T08:00' }] }),
    );
    expect(p).toMatchObject({ path: ['freezes', 0, 'start'] });
    expect(p!.message).toBe('freeze "F": "2026-02-30T18:00" is not a date and time of the calendar');
  });

  it('freezeWindowsValid: a start in the spring-forward gap says the wall-clock time does not exist that day', () => {
    const [p] = freezeWindowsValid(
      input({ freezes: [{ name: 'Night', start: '2026-03-29T02:30', end: '2026-03-29T06:00' }] }),
    );
    expect(p).toMatchObject({ path: ['freezes', 0, 'start'] });
    expect(p!.message).toBe(
      'freeze "Night": 2026-03-29T02:30 does not exist in Europe/Berlin: on 2026-03-29 the clocks go forward from 02:00 to 03:00 (daylight saving time begins), so that wall-clock time never happens',
    );
    expect(p!.fix).toBe('use 03:00 (the first time that exists after the change) or a time before 02:00');
    // The freeze's own zone counts, not the config's: New York changes on 8 March.
    expect(
      freezeWindowsValid(
        input({
          freezes: [
            { name: 'N', start: '2026-03-29T02:30', end: '2026-03-29T06:00', timezone: 'America/New_York' },
          ],
        }),
      ),
    ).toEqual([]);
    expect(
      paths(
        freezeWindowsValid(
          input({
            freezes: [
              { name: 'N', start: '2026-03-08T02:15', end: '2026-03-08T06:00', timezone: 'America/New_York' },
            ],
          }),
        ),
      ),
    ).toEqual(['freezes.0.start']);
    // The autumn overlap happens twice, it does not fail to happen: allowed (the earlier one counts).
    expect(
      freezeWindowsValid(
        input({ freezes: [{ name: 'O', start: '2026-10-25T02:30', end: '2026-10-25T06:00' }] }),
      ),
    ).toEqual([]);
  });

  it('freezeWindowsValid: an end before the start, and a time zone that does not exist', () => {
    expect(
      paths(
        freezeWindowsValid(
          input({
            freezes: [
              { name: 'A', start: '2026-12-19T18:00', end: '2026-12-19T08:00' },
              { name: 'B', start: '2026-12-19T18:00', end: '2026-12-20T08:00', timezone: 'Mars/Olympus' },
            ],
          }),
        ),
      ),
    ).toEqual(['freezes.0.end', 'freezes.1.timezone']);
  });

  it('cronValid: each cron a weekly time, start and end not the same', () => {
    const problems = cronValid(
      input({
        freezes: [
          { name: 'A', cron: { start: '0 18 * * 5', end: '0 8 * * 1' } },
          { name: 'B', cron: { start: '*/5 18 * * 5', end: '0 25 * * 1' } },
          { name: 'C', cron: { start: '0 18 * * 5', end: '0 18 * * 5' } },
        ],
      }),
    );
    expect(paths(problems)).toEqual(['freezes.1.cron.start', 'freezes.1.cron.end', 'freezes.2.cron']);
    expect(problems[0]!.message).toBe(
      'freeze "B": the cron "*/5 18 * * 5" is not a weekly time waybill understands',
    );
    expect(problems[0]!.fix).toContain('"0 18 * * 5" for Friday 18:00');
  });

  it('freezeEnvironmentsKnown: a freeze on an environment the config does not list is an error, not ignored', () => {
    const [p] = freezeEnvironmentsKnown(
      input({
        freezes: [
          {
            name: 'Y',
            start: '2026-12-19T18:00',
            end: '2027-01-04T08:00',
            environments: ['production', 'prod'],
          },
        ],
      }),
    );
    expect(p).toMatchObject({ path: ['freezes', 0, 'environments', 1] });
    expect(p!.message).toBe('freeze "Y" names the environment "prod", which "environments" does not define');
    expect(p!.fix).toBe(
      'use one of "production", "staging", or add { "id": "prod", "tier": "…" } to "environments"',
    );
  });

  it('deploymentSourcesKnown: a source names an environment of the config (its project is a settings check)', () => {
    const problems = deploymentSourcesKnown(
      input({
        deployments: [
          { format: 'argocd', path: 'a.json', project: 'api', environment: 'production' },
          { format: 'argocd', path: 'b.json', project: 'apo', environment: 'prod' },
        ],
      }),
    );
    expect(paths(problems)).toEqual(['deployments.1.environment']);
  });

  it('logoIsFileOrHttps: an https URL or an image file that exists; http:// is refused, not taken for a path', () => {
    const check = (logo: string, files: string[] = []) => logoIsFileOrHttps(input({ logo }, files));
    expect(check('https://cdn.example/logo.svg')).toEqual([]);
    expect(check('assets/logo.svg', ['assets/logo.svg'])).toEqual([]);
    const [http] = check('http://cdn.example/logo.svg');
    expect(http!.message).toContain('is an http:// URL');
    expect(http!.fix).toContain('"https://cdn.example/logo.svg"');
    expect(check('data:image/svg+xml;base64,AAAA')[0]!.message).toContain(
      'neither an https URL nor a file path',
    );
    expect(check('assets/logo.txt', ['assets/logo.txt'])[0]!.message).toBe(
      '"assets/logo.txt" is not an image file',
    );
    expect(check('assets/missing.svg')[0]!.message).toBe('the logo file "assets/missing.svg" does not exist');
  });

  it('checkConfigRules: every problem of every rule, each naming the file and the key path', () => {
    const errors = checkConfigRules(
      input({
        logo: 'http://x.example/l.png',
        freezes: [{ name: 'F', start: '2026-02-30T18:00', end: '2026-03-02T08:00', environments: ['qa'] }],
      }),
    );
    expect(errors.map((e) => e.where)).toEqual([
      '/x/waybill.config.json: freezes[0].start',
      '/x/waybill.config.json: freezes[0].environments[0]',
      '/x/waybill.config.json: logo',
    ]);
    expect(errors.every((e) => e instanceof InputError && e.fix)).toBe(true);
  });
});

describe('loadConfig runs the rules', () => {
  it('lists every rule problem at once, after the schema passed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waybill-rules-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'logo.svg'), '<svg/>');
    const file = join(dir, 'waybill.config.json');
    writeFileSync(
      file,
      JSON.stringify({
        ...base,
        logo: 'assets/logo.svg',
        freezes: [
          { name: 'Weekends', cron: { start: '0 18 * * 5', end: '0 8 * * 8' }, environments: ['prod'] },
        ],
        groups: [{ id: 'g', name: 'G', date: '2026-06-01', members: { cli: '1.0.0' } }],
      }),
    );
    const error = await loadConfig(file, dir).then(
      () => null,
      (e: InputError) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    const text = error!.format();
    expect(text).toMatch(/^3 problems:/);
    expect(text).toContain(`${file}: groups[0].members.cli: group "g" names the project "cli"`);
    expect(text).toContain(`${file}: freezes[0].cron.end: freeze "Weekends": the cron "0 8 * * 8"`);
    expect(text).toContain(
      `${file}: freezes[0].environments[0]: freeze "Weekends" names the environment "prod"`,
    );
    // The logo exists: no problem for it.
    expect(text).not.toContain('logo');
  });
});
