// Support badges from a project's `support` policy, relative to the harvest day, never the clock.
import { describe, expect, it } from 'vitest';
import { toZonedDate } from '../../src/lib/model/civil-date.ts';
import { formatDay } from '../../src/lib/render/format.ts';
import {
  inLine,
  lineNumbers,
  releaseLine,
  supportBadges,
  supportToday,
  toSupportRows,
  type SupportContext,
} from '../../src/lib/model/support.ts';

const policy = { lts: ['1.x'], eol: { '0.x': '2026-03-31', '1.x': '2027-06-30' } };
const ctx = (over: Partial<SupportContext> = {}): SupportContext => ({
  support: policy,
  latest: '2.1.0',
  today: '2026-11-19',
  ...over,
});
const texts = (version: string, c = ctx()) => supportBadges(version, c).map((b) => `${b.kind}: ${b.text}`);

describe('major lines', () => {
  it("are the record's major plus .x, or the harvest's reading of a version without one", () => {
    expect(releaseLine({ version: '2.3.0', major: '2' })).toBe('2.x');
    expect(releaseLine({ version: '0.4.1', major: '0.4' })).toBe('0.4.x');
    expect(releaseLine({ version: '1.3rc1', major: null })).toBe('1.x');
  });

  it('cover versions by their leading numbers, prereleases and non-SemVer versions included', () => {
    expect(lineNumbers('2.x')).toEqual([2]);
    expect(lineNumbers('0.4.x')).toEqual([0, 4]);
    expect(lineNumbers('legacy')).toBeNull();
    expect(inLine('1.x', '1.3rc1')).toBe(true);
    expect(inLine('2.x', '2.0.0-rc.1')).toBe(true);
    expect(inLine('0.x', '0.4.1')).toBe(true);
    expect(inLine('0.4.x', '0.5.0')).toBe(false);
    expect(inLine('1.x', '10.0.0')).toBe(false);
  });
});

describe('support badges', () => {
  it('mark the latest line supported, LTS lines, and end-of-life days still ahead', () => {
    expect(texts('2.0.0')).toEqual(['supported: Supported']);
    expect(texts('1.4.1')).toEqual(['lts: LTS', 'eol: End of life on 30 June 2027']);
    expect(texts('1.3rc1')).toEqual(['lts: LTS', 'eol: End of life on 30 June 2027']);
  });

  it('say "ended" once the harvest day is past the end-of-life day, and only that', () => {
    expect(texts('0.2.0')).toEqual(['ended: Support ended 31 March 2026']);
    expect(supportBadges('0.2.0', ctx())[0]!.day).toBe('2026-03-31');
    // On the day itself the line is still supported; the day after, it is not.
    expect(texts('0.2.0', ctx({ today: '2026-03-31' }))).toEqual(['eol: End of life on 31 March 2026']);
    expect(texts('0.2.0', ctx({ today: '2026-04-01' }))).toEqual(['ended: Support ended 31 March 2026']);
    expect(texts('1.4.1', ctx({ today: '2027-07-01' }))).toEqual(['ended: Support ended 30 June 2027']);
  });

  it('take the most specific key, and claim nothing without a policy or about an unnamed old line', () => {
    const c = ctx({
      support: { lts: [], eol: { '0.x': '2026-01-01', '0.4.x': '2027-01-01' } },
      latest: '0.5.0',
    });
    expect(texts('0.4.2', c)).toEqual(['eol: End of life on 1 January 2027']);
    expect(texts('0.3.0', c)).toEqual(['ended: Support ended 1 January 2026']);
    // The broad key still speaks for the lines it covers that have no key of their own.
    expect(texts('0.5.1', c)).toEqual(['ended: Support ended 1 January 2026']);
    expect(texts('2.0.0', ctx({ support: { lts: [], eol: {} } }))).toEqual([]);
    expect(texts('1.0.0', ctx({ support: { lts: ['3.x'], eol: {} } }))).toEqual([]);
  });

  it('show an unreadable end-of-life day as written and never call it passed', () => {
    expect(texts('1.0.0', ctx({ support: { lts: [], eol: { '1.x': 'mid 2026' } } }))).toEqual([
      'eol: End of life on mid 2026',
    ]);
    expect(formatDay('2026-02-30')).toBeNull();
  });

  it('count "today" in the portal\'s time zone: 23:30 UTC on 31 March is already 1 April in Berlin', () => {
    expect(supportToday('2026-03-31T23:30:00Z', 'Europe/Berlin')).toBe('2026-04-01');
    expect(supportToday('2026-03-31T23:30:00Z', 'America/New_York')).toBe('2026-03-31');
    expect(toZonedDate('2026-01-05T00:00:00+14:00', 'UTC')).toBe('2026-01-04');
    // The end-of-life day itself is a calendar day: formatted as written, whatever the zone.
    expect(formatDay('2026-06-30')).toEqual({ iso: '2026-06-30', text: '30 June 2026' });
  });
});

describe('the supported-versions table', () => {
  it('lists the latest line and every line of the policy, newest first, with the newest release of each', () => {
    const versions = ['2.1.0', '2.0.0', '2.0.0-rc.1', '1.4.1', '1.4.0', '0.2.0', '0.1.0'];
    expect(
      toSupportRows(versions, ctx()).map((r) => [r.line, r.newest, r.badges.map((b) => b.text)]),
    ).toEqual([
      ['2.x', '2.1.0', ['Supported']],
      ['1.x', '1.4.1', ['LTS', 'End of life on 30 June 2027']],
      ['0.x', '0.2.0', ['Support ended 31 March 2026']],
    ]);
  });

  it('adds the 0.y line of a pre-1.0 project next to a broader key, and lists keys it cannot match as written', () => {
    const rows = toSupportRows(
      ['0.5.0', '0.4.0'],
      ctx({ support: { lts: ['legacy'], eol: { '0.x': '2027-01-01' } }, latest: '0.5.0' }),
    );
    expect(rows.map((r) => [r.line, r.newest, r.badges.map((b) => b.text)])).toEqual([
      ['0.5.x', '0.5.0', ['Supported', 'End of life on 1 January 2027']],
      ['0.x', '0.5.0', ['End of life on 1 January 2027']],
      ['legacy', null, ['LTS']],
    ]);
    expect(toSupportRows(['1.0.0'], ctx({ support: { lts: [], eol: {} } }))).toEqual([]);
  });
});
