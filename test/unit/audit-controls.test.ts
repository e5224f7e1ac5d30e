// Controls on production changes: approval, segregation of duties, freezes.
import { describe, expect, it } from 'vitest';
import { evaluateControls, identities } from '../../src/core/audit/controls.ts';
import type { Deployment } from '../../src/schemas/deployment.ts';

const d = (over: Partial<Deployment>): Deployment => ({
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
  actor: 'alice',
  approvers: ['bob'],
  url: null,
  description: null,
  rollback: false,
  attempts: [],
  source: { format: 'waybill', file: 'f', line: 1, pointer: '' },
  data: null,
  freeze: null,
  ...over,
});
const alice = { name: 'Alice Schmidt', email: 'alice@acme.example' };

describe('controls', () => {
  it('passes a production change approved by someone other than its deployer', () => {
    expect(evaluateControls([d({})], [alice])).toEqual([]);
    // An approver who wrote some commits is not a finding on its own.
    expect(evaluateControls([d({ approvers: ['alice@acme.example'], actor: 'carol' })], [alice])).toEqual([]);
  });

  it('finds a production change without approval', () => {
    expect(evaluateControls([d({ approvers: [] })], [])).toEqual([
      expect.objectContaining({
        control: 'approval',
        deployment: 'd1',
        message: 'Deployed to prod by alice without any approval.',
      }),
    ]);
  });

  it('finds a self-approved change, and says when its deployer also wrote it', () => {
    const [f] = evaluateControls([d({ actor: 'Alice', approvers: ['alice'] })], [alice]);
    expect(f).toMatchObject({
      control: 'sod',
      message: expect.stringContaining('author, approver and deployer are one person'),
    });
    const [g] = evaluateControls([d({ actor: 'dave', approvers: ['Dave'] })], [alice]);
    expect(g!.message).toContain('no second person approved it');
  });

  it('applies approval controls to production only, not to cancelled attempts; freezes to every tier', () => {
    expect(
      evaluateControls([d({ tier: 'staging', approvers: [] }), d({ status: 'canceled', approvers: [] })], []),
    ).toEqual([]);
    expect(evaluateControls([d({ tier: 'staging', freeze: { name: 'Launch week' } })], [])).toEqual([
      expect.objectContaining({
        control: 'freeze',
        message: 'Deployed to prod during the freeze "Launch week".',
      }),
    ]);
  });

  it('knows a person by name, e-mail and handle (a GitHub noreply address included)', () => {
    expect([...identities({ name: 'Bob O', email: '123+bobo@users.noreply.github.com' })]).toEqual(
      expect.arrayContaining(['bob o', 'bobo']),
    );
  });
});
