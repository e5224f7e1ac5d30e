// The `identities` setting end to end: a release written, approved and deployed by one person who
// goes by three names (the git author "Erin Hoffmann", the deployer "erin", the approver
// "ehoffmann"). Without the setting the deployment looks approved by a second person; with it,
// the segregation-of-duties finding is in the evidence record and the audit chain, and the
// release credits one contributor however many addresses the person committed with.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRepo } from '../../src/demo/git-builder.ts';

const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'waybill-identities-'));
const EPOCH = { SOURCE_DATE_EPOCH: '1780000000' }; // 2026-05-28T20:26:40Z
const waybill = (args: string[]) => {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', TZ: 'UTC', ...EPOCH },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const json = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

const ERIN = { name: 'Erin Hoffmann', email: 'erin.hoffmann@acme.example' };
const ERIN_AT_HOME = { name: 'E. Hoffmann', email: 'erin@home.example' };

function writeConfig(file: string, identities: unknown[] | undefined) {
  writeFileSync(
    join(dir, file),
    JSON.stringify({
      projects: [{ id: 'lib', name: 'Lib', repo: './lib' }],
      environments: [{ id: 'prod', tier: 'production' }],
      deployments: [{ format: 'waybill', path: 'deploys.jsonl' }],
      ...(identities ? { identities } : {}),
    }),
  );
}

beforeAll(async () => {
  await buildRepo(join(dir, 'lib'), [
    { commit: 'feat: csv export', files: { a: '1\n' }, author: ERIN, date: '2026-04-01T09:00:00+02:00' },
    { commit: 'fix: quoting', files: { a: '2\n' }, author: ERIN_AT_HOME, date: '2026-04-02T09:00:00+02:00' },
    { tag: 'v1.0.0', date: '2026-04-03T09:00:00+02:00' },
  ]);
  writeFileSync(
    join(dir, 'deploys.jsonl'),
    JSON.stringify({
      at: '2026-04-04T10:00:00Z',
      project: 'lib',
      version: '1.0.0',
      environment: 'prod',
      status: 'success',
      actor: 'erin',
      approvers: ['ehoffmann'],
      id: 'd-1',
    }) + '\n',
  );
  writeConfig('plain.config.json', undefined);
  writeConfig('people.config.json', [
    {
      name: 'Erin Hoffmann',
      emails: ['erin.hoffmann@acme.example', 'erin@home.example'],
      aliases: ['erin', 'ehoffmann'],
    },
  ]);
}, 60_000);

describe('identities: one person under three names', () => {
  it('without the setting, "erin" deploying what "ehoffmann" approved is no finding, and the author is two people', () => {
    const r = waybill(['harvest', '--config', 'plain.config.json', '--data', 'plain']);
    expect(r.code, r.err).toBe(0);
    expect(json('plain/evidence/lib/1.0.0.json').findings).toEqual([]);
    const release = json('plain/releases/lib/1.0.0.json');
    expect(release.contributors.map((c: { name: string }) => c.name).sort()).toEqual([
      'E. Hoffmann',
      'Erin Hoffmann',
    ]);
  });

  it('with the setting, the segregation-of-duties finding names the person, and the chain records it', () => {
    const r = waybill(['harvest', '--config', 'people.config.json', '--data', 'people']);
    expect(r.code, r.err).toBe(0);
    expect(json('people/evidence/lib/1.0.0.json').findings).toEqual([
      expect.objectContaining({
        control: 'sod',
        deployment: 'd-1',
        message:
          'Deployed to prod by Erin Hoffmann (erin), who also approved it and wrote changes in it: author, approver and deployer are one person.',
      }),
    ]);
    const kinds = readFileSync(join(dir, 'people/audit.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).kind);
    expect(kinds).toContain('sod.violation');
    // Both addresses are one contributor, under the configured name.
    const release = json('people/releases/lib/1.0.0.json');
    expect(release.contributors).toEqual([expect.objectContaining({ name: 'Erin Hoffmann', commits: 2 })]);
    const verify = waybill(['verify', '--data', 'people']);
    expect(verify.code, verify.err).toBe(0);
  });

  it('adding the setting to a harvested folder evaluates the controls again: the finding is appended', () => {
    const r = waybill(['harvest', '--config', 'people.config.json', '--data', 'plain']);
    expect(r.code, r.err).toBe(0);
    expect(json('plain/evidence/lib/1.0.0.json').findings).toEqual([
      expect.objectContaining({ control: 'sod' }),
    ]);
    expect(json('plain/releases/lib/1.0.0.json').contributors).toEqual([
      expect.objectContaining({ name: 'Erin Hoffmann', commits: 2 }),
    ]);
    const verify = waybill(['verify', '--data', 'plain']);
    expect(verify.code, verify.err).toBe(0);
  });
});
