// The native JSON Lines log (docs/deployments.md): each good line is a record that keeps its file and line;
// each bad line is a problem naming the file, the line, the field, what was expected and what was
// found; blank lines are ignored.
import { describe, expect, it } from 'vitest';
import {
  formatDeploymentProblem,
  parseWaybillDeployments,
  toIsoDateTime,
} from '../../src/core/deployments/index.ts';

const FILE = 'deploys/2026.jsonl';
const good = {
  at: '2026-11-20T14:03:00Z',
  project: 'api',
  version: '2.3.0',
  environment: 'production',
  status: 'success',
  actor: 'ana',
  approvers: ['ben'],
  url: 'https://ci.example/1',
  id: 'deploy-1',
  description: 'Release 2.3.0',
  data: { ticket: 'CHG-7' },
};
const line = (o: Record<string, unknown>) => JSON.stringify(o);

describe('parseWaybillDeployments', () => {
  it('reads the documented record, with every field', () => {
    const { records, problems } = parseWaybillDeployments(`${line(good)}\n`, FILE);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      {
        id: 'deploy-1',
        project: 'api',
        environment: 'production',
        status: 'success',
        at: '2026-11-20T14:03:00Z',
        startedAt: null,
        finishedAt: null,
        ref: { version: '2.3.0', tag: null, sha: null, name: null, moreShas: [] },
        actor: 'ana',
        approvers: ['ben'],
        url: 'https://ci.example/1',
        description: 'Release 2.3.0',
        data: { ticket: 'CHG-7' },
        source: { format: 'waybill', file: FILE, line: 1, pointer: '' },
      },
    ]);
  });

  it('ignores blank lines, reads CRLF files and a byte order mark, and counts lines as an editor does', () => {
    const text = `\uFEFF${line(good)}\r\n\r\n   \r\n${line({ ...good, id: 'deploy-2', status: 'started' })}\r\n`;
    const { records, problems } = parseWaybillDeployments(text, FILE);
    expect(problems).toEqual([]);
    expect(records.map((r) => [r.id, r.source.line])).toEqual([
      ['deploy-1', 1],
      ['deploy-2', 4],
    ]);
  });

  it('optional fields may be missing or null; tag or sha may name what was deployed', () => {
    const { records, problems } = parseWaybillDeployments(
      line({
        at: good.at,
        project: 'api',
        environment: 'staging',
        status: 'failed',
        id: 'x',
        sha: 'ABCDEF1',
        tag: 'v2.3.0',
        actor: null,
      }),
      FILE,
    );
    expect(problems).toEqual([]);
    expect(records[0]).toMatchObject({
      actor: null,
      approvers: [],
      url: null,
      description: null,
      data: null,
      ref: { version: null, tag: 'v2.3.0', sha: 'abcdef1' },
    });
  });

  it('the source config supplies a project and environment that the lines leave out', () => {
    const { records, problems } = parseWaybillDeployments(
      line({ at: good.at, status: 'success', id: 'x', version: '1.0.0' }),
      FILE,
      { project: 'web', environment: 'staging' },
    );
    expect(problems).toEqual([]);
    expect([records[0].project, records[0].environment]).toEqual(['web', 'staging']);
  });

  it('reports each malformed line with the file, its line, and what was expected and found; good lines still count', () => {
    const text = [
      line(good), // 1
      '{"at": "2026-11-20T14:03:00Z", "project": "api",', // 2: cut off
      '', // 3
      line({ ...good, id: 'd3', status: 'ok' }), // 4
      line({ ...good, id: 'd5', at: '2026-11-20 14:03' }), // 5: no offset
      '[1, 2]', // 6
      line({ ...good, id: 'd7', approver: ['ben'] }), // 7: a typo
      line({ ...good, id: 'd8', version: undefined }), // 8: nothing says what was deployed
      line({ ...good, id: undefined }), // 9
      line({ ...good, id: 'd10', sha: 'main' }), // 10
      line({ ...good, id: 'd11', at: '2026-02-30T10:00:00Z' }), // 11: no such day
      line({ ...good, id: 'd12' }), // 12
    ].join('\n');
    const { records, problems } = parseWaybillDeployments(text, FILE);
    expect(records.map((r) => [r.id, r.source.line])).toEqual([
      ['deploy-1', 1],
      ['d12', 12],
    ]);
    expect(problems.map((p) => [p.file, p.line, p.pointer])).toEqual([
      [FILE, 2, ''],
      [FILE, 4, '/status'],
      [FILE, 5, '/at'],
      [FILE, 6, ''],
      [FILE, 7, '/approver'],
      [FILE, 8, ''],
      [FILE, 9, '/id'],
      [FILE, 10, '/sha'],
      [FILE, 11, '/at'],
    ]);
    const msg = problems.map((p) => p.message);
    expect(msg[0]).toMatch(
      /^not valid JSON at column 49: expected a property name in double quotes, found the end of the line; expected one deployment record per line, like \{"at"/,
    );
    expect(msg[1]).toBe(
      'expected "status" to be one of "started", "success", "failed", "rolled_back", "canceled", found "ok"',
    );
    expect(msg[2]).toMatch(
      /^expected "at" to be an ISO 8601 date and time with its UTC offset, like "2026-11-20T14:03:00Z".*, found "2026-11-20 14:03"; add the UTC offset/,
    );
    expect(msg[3]).toMatch(/^expected a JSON object per line, like \{.*\}, found an array of 2 items$/);
    expect(msg[4]).toMatch(
      /^unexpected property "approver": a waybill record has at, project, version, .*; put anything else under "data"$/,
    );
    expect(msg[5]).toBe('expected "version", "tag" or "sha" to say what was deployed, found none of them');
    expect(msg[6]).toBe(
      'expected "id": a string naming the deployment (the lines of one deployment share it), found nothing',
    );
    expect(msg[7]).toBe('expected "sha" to be a commit SHA of 7 to 64 hex digits, found "main"');
    expect(formatDeploymentProblem(problems[1])).toBe(`${FILE}:4 (/status): ${msg[1]}`);
  });

  it('a line with several faults reports each of them', () => {
    const { records, problems } = parseWaybillDeployments(
      line({ at: 'yesterday', status: 'done', version: 3, approvers: 'ben', data: [] }),
      FILE,
    );
    expect(records).toEqual([]);
    expect(problems.map((p) => p.pointer)).toEqual([
      '/at',
      '/project',
      '/environment',
      '/status',
      '/id',
      '/version',
      '/approvers',
      '/data',
    ]);
    expect(problems.every((p) => p.line === 1 && p.file === FILE)).toBe(true);
  });
});

describe('toIsoDateTime', () => {
  it.each([
    ['2026-11-20T14:03:00Z', '2026-11-20T14:03:00Z'],
    ['2016-08-11T07:36:40.222Z', '2016-08-11T07:36:40.222Z'],
    ['2016-08-11T13:28:26.000+02:00', '2016-08-11T13:28:26.000+02:00'],
    // GitLab webhooks (Ruby's Time#to_s): the same instant as 2021-04-28T19:50:00Z.
    ['2021-04-28 21:50:00 +0200', '2021-04-28T21:50:00+02:00'],
    ['2016-08-12 15:23:28 UTC', '2016-08-12T15:23:28Z'],
    ['2026-11-20T14:03Z', '2026-11-20T14:03:00Z'],
    ['2024-02-29T00:00:00-05:30', '2024-02-29T00:00:00-05:30'],
  ])('%s → %s', (input, expected) => {
    expect(toIsoDateTime(input)).toBe(expected);
  });

  it('the GitLab webhook time is the instant 2021-04-28T19:50:00Z', () => {
    expect(Date.parse(toIsoDateTime('2021-04-28 21:50:00 +0200')!)).toBe(Date.parse('2021-04-28T19:50:00Z'));
  });

  it.each([
    '2026-11-20T14:03:00',
    '2026-11-20',
    '2023-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-20T24:00:00Z',
    '2026-11-20T10:00:00+15:00',
    'now',
  ])('refuses %s', (input) => {
    expect(toIsoDateTime(input)).toBeNull();
  });
});
