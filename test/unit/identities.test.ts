// The config's `identities`: one person under every name they go by, as the controls, the
// contributors and the production change export see them.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { identitiesUnambiguous } from '../../src/config/rules.ts';
import { ConfigSchema, type ConfigInput } from '../../src/schemas/config/config.ts';
import { evaluateControls } from '../../src/core/audit/controls.ts';
import { buildIdentityMap, formatActor } from '../../src/core/identities.ts';
import { mergeContributors } from '../../src/core/people.ts';
import type { Deployment } from '../../src/schemas/deployment.ts';
import type { Site } from '../../src/schemas/project.ts';
import { productionChanges } from '../../src/lib/audit/production-changes.ts';
import { readDataFolder } from '../../src/lib/model/data-folder.ts';
import { isAuthor } from '../../src/lib/delivery/deployment-view.ts';
import { buildPortal } from '../../src/lib/model/portal.ts';

const erin = { name: 'Erin Hoffmann', emails: ['erin@example.com'], aliases: ['erin', 'EHoffmann'] };
const map = buildIdentityMap([erin, { name: 'Bob Lee', emails: [], aliases: ['bob'] }]);

const deployment = (over: Partial<Deployment>): Deployment => ({
  id: 'd1',
  project: 'api',
  version: '1.0.0',
  ref: { version: '1.0.0', tag: null, sha: null },
  environment: 'prod',
  tier: 'production',
  status: 'success',
  at: '2026-03-02T09:00:00Z',
  startedAt: null,
  finishedAt: null,
  durationSeconds: null,
  actor: 'erin',
  approvers: ['ehoffmann'],
  url: null,
  description: null,
  rollback: false,
  attempts: [],
  source: { format: 'waybill', file: 'f', line: 1, pointer: '' },
  data: null,
  freeze: null,
  ...over,
});

describe('identity map', () => {
  it('finds the person by display name, address or alias, ignoring case and spaces', () => {
    for (const text of ['Erin Hoffmann', 'erin@EXAMPLE.com', ' erin ', 'ehoffmann'])
      expect(map.ofName(text)).toEqual({ index: 0, name: 'Erin Hoffmann' });
    expect(map.ofName('erin.h')).toBeNull();
    expect(map.ofName(null)).toBeNull();
    expect(map.ofPerson({ name: 'E. H.', email: 'erin@example.com' })?.name).toBe('Erin Hoffmann');
    expect(map.ofPerson({ name: 'Erin Hoffmann', email: 'other@example.com' })?.name).toBe('Erin Hoffmann');
    expect(buildIdentityMap([]).empty).toBe(true);
  });

  it('shows a mapped deployer by display name with the recorded name, anyone else as recorded', () => {
    expect(formatActor('ehoffmann', map)).toBe('Erin Hoffmann (ehoffmann)');
    expect(formatActor('erin hoffmann', map)).toBe('Erin Hoffmann');
    expect(formatActor('carol', map)).toBe('carol');
  });
});

describe('segregation of duties with identities', () => {
  const author = { name: 'Erin Hoffmann', email: 'erin.hoffmann@acme.example' };

  it('without identities, a deployer and an approver under different names are two people', () => {
    expect(evaluateControls([deployment({})], [author])).toEqual([]);
  });

  it('with identities, deployer, approver and author under three spellings are one person', () => {
    expect(
      evaluateControls([deployment({})], [{ name: 'E. Hoffmann', email: 'erin@example.com' }], map),
    ).toEqual([
      expect.objectContaining({
        control: 'sod',
        message:
          'Deployed to prod by Erin Hoffmann (erin), who also approved it and wrote changes in it: author, approver and deployer are one person.',
      }),
    ]);
  });

  it('a second, different person approving is still no finding', () => {
    expect(evaluateControls([deployment({ approvers: ['ehoffmann', 'bob'] })], [author], map)).toEqual([]);
  });

  it('a self-approval by a person who wrote nothing says no second person approved it', () => {
    expect(evaluateControls([deployment({ actor: 'bob', approvers: ['Bob Lee'] })], [author], map)).toEqual([
      expect.objectContaining({
        control: 'sod',
        message: 'Deployed to prod by Bob Lee (bob), who also approved it: no second person approved it.',
      }),
    ]);
  });
});

describe('contributors with identities', () => {
  const credits = [
    { name: 'Erin Hoffmann', email: 'erin.hoffmann@acme.example' },
    { name: 'E. Hoffmann', email: 'erin@example.com' },
    { name: 'Carol', email: 'carol@acme.example' },
  ];

  it('joins every name of a configured person into one contributor under the display name', () => {
    expect(mergeContributors(credits).map((c) => c.name)).toEqual(['Carol', 'E. Hoffmann', 'Erin Hoffmann']);
    const merged = mergeContributors(credits, [], map);
    expect(merged.map((c) => [c.name, c.commits])).toEqual([
      ['Erin Hoffmann', 2],
      ['Carol', 1],
    ]);
    // The keys later releases compare are names and addresses, never the config's order.
    expect(merged[0]!.keys.every((k) => k.startsWith('n:') || k.startsWith('e:'))).toBe(true);
  });
});

describe('config', () => {
  const base: ConfigInput = { projects: [{ id: 'api', name: 'API', repo: '.' }] };
  const parse = (identities: unknown) => ConfigSchema.safeParse({ ...base, identities });

  it('takes a name with optional emails and aliases, and refuses unknown keys and a blank name', () => {
    expect(parse([{ name: 'Erin Hoffmann' }]).data?.identities).toEqual([
      { name: 'Erin Hoffmann', emails: [], aliases: [] },
    ]);
    expect(parse([{ name: ' ' }]).success).toBe(false);
    expect(parse([{ name: 'Erin', alias: ['erin'] }]).success).toBe(false);
    expect(parse([{ name: 'Erin', emails: ['erin'] }]).success).toBe(false);
  });

  it('identitiesUnambiguous: a name listed for two people is a problem at its key path', () => {
    const config = ConfigSchema.parse({
      ...base,
      identities: [erin, { name: 'Erin Jones', aliases: ['Erin', 'ej'] }],
    });
    const problems = identitiesUnambiguous({ config, file: '/x/waybill.config.json', isFile: () => false });
    expect(problems).toEqual([
      expect.objectContaining({
        path: ['identities', 1, 'aliases', 0],
        message: expect.stringContaining('"Erin" is also listed for "Erin Hoffmann" (identities[0])'),
      }),
    ]);
  });
});

describe('deployers and approvers on the internal pages and in the export', () => {
  const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');
  const data = readDataFolder(SAMPLE);
  const portalWith = (identities: Site['identities'], audience: 'public' | 'internal' = 'internal') =>
    buildPortal({ ...data, site: { ...data.site, identities }, audience, base: '/', dataDir: SAMPLE });
  const people = [{ name: 'Grace Hopper', emails: [], aliases: ['ghopper'] }];

  it('the export names a mapped person by display name with the recorded name, and authors by display name', () => {
    const data2 = portalWith([
      { name: 'Countess Ada', emails: ['ada@acme.example'], aliases: ['Ada Lovelace'] },
    ]);
    const row = productionChanges(data2).find(
      (r) => r.project === 'api' && r.version === '1.1.0' && r.status === 'success',
    )!;
    expect(row.deployer).toBe('Countess Ada (Ada Lovelace)');
    expect(row.approvers).toEqual(['Grace Hopper']);
    expect(row.authors).toContain('Countess Ada');
    expect(row.authors).not.toContain('Ada Lovelace');
  });

  it('without identities, and for the public, names stay as recorded', () => {
    const row = productionChanges(portalWith(undefined)).find(
      (r) => r.project === 'api' && r.status === 'success',
    )!;
    expect(row.deployer).toBe('Grace Hopper');
    expect(portalWith(people, 'public').identities.empty).toBe(true);
  });

  it('the deployment log says the deployer also wrote a change when an identity joins the names', () => {
    const release = { changes: [{ author: { name: 'Erin Hoffmann', email: 'erin.hoffmann@acme.example' } }] };
    const map = buildIdentityMap([erin]);
    expect(isAuthor('ehoffmann', release as never)).toBe(false);
    expect(isAuthor('ehoffmann', release as never, map)).toBe(true);
  });
});
