// Support status of a project's version lines, from the config's `support`
// (`{ "lts": ["2.x"], "eol": { "1.x": "2026-06-30" } }`, projects/<id>.json). Keys name a major
// line the way people write it: `2.x`, `0.4.x`, `1.x` (which also covers 1.3rc1).
//
// "Today" is the day of site.json `harvestedAt` in the portal's time zone, never the clock: the
// same data must give the same page, and a portal rebuilt on every release says "ended" from the
// first build after the date.
import { compareVersions, majorLine } from '../../core/version.ts';
import { toZonedDate } from './civil-date.ts';
import { formatDay } from '../render/format.ts';
import { compareCodeUnits } from '../../core/compare.ts';

export interface SupportConfig {
  lts: readonly string[];
  eol: Readonly<Record<string, string>>;
}

export type SupportKind = 'supported' | 'lts' | 'eol' | 'ended';

export interface SupportBadge {
  kind: SupportKind;
  /** `Supported`, `LTS`, `End of life on 30 June 2027`, `Support ended 31 March 2026`. */
  text: string;
  /** The end-of-life day (`YYYY-MM-DD`) for `eol` and `ended`, for `<time datetime>`. */
  day?: string;
}

/** The major line of a release as filters and badges name it: `2.x`, `0.4.x` (the record's `major` + `.x`). */
export function releaseLine(release: { version: string; major: string | null }): string {
  // A record without `major` gets the harvest's own reading of the version (`1` for 1.3rc1).
  return `${release.major ?? majorLine(release.version) ?? release.version}.x`;
}

/** The numbers a line key names: `2.x` → [2], `0.4.x` → [0, 4], `v1` → null (not a line). */
export function lineNumbers(key: string): number[] | null {
  const m = /^v?(\d+(?:\.\d+)*)(?:\.[x*])?$/i.exec(key.trim());
  return m ? m[1]!.split('.').map(Number) : null;
}

/** The leading numbers of a version: `1.3rc1` → [1, 3], `2.0.0-rc.1` → [2, 0, 0]. */
function versionNumbers(version: string): number[] {
  const m = /^\d+(?:\.\d+)*/.exec(version);
  return m ? m[0].split('.').map(Number) : [];
}

/** True when the version belongs to the line `key` (`0.x` covers 0.4.1; `0.4.x` covers 0.4.1, not 0.5.0). */
export function inLine(key: string, version: string): boolean {
  const line = lineNumbers(key);
  if (!line) return false;
  const v = versionNumbers(version);
  return line.length <= v.length && line.every((n, i) => v[i] === n);
}

/** The most specific key that covers the version (`0.4.x` over `0.x`), or null. */
function matchingKey(keys: Iterable<string>, version: string): string | null {
  let best: string | null = null;
  for (const key of keys) {
    if (inLine(key, version) && (best === null || lineNumbers(key)!.length > lineNumbers(best)!.length))
      best = key;
  }
  return best;
}

export interface SupportContext {
  support: SupportConfig;
  /** The project's latest version (site data `latest`): its line is the one that is supported without saying so. */
  latest: string | null;
  /** `YYYY-MM-DD`: the day of the harvest in the portal's time zone (`supportToday`). */
  today: string;
}

/** The day `harvestedAt` falls on in the portal's time zone. */
export function supportToday(harvestedAt: string, timeZone: string): string {
  return toZonedDate(harvestedAt, timeZone);
}

/** True when the project has any support policy; without one, pages claim nothing about support. */
export function hasSupportPolicy(support: SupportConfig): boolean {
  return support.lts.length > 0 || Object.keys(support.eol).length > 0;
}

/** End of life for one day, relative to today: on the day itself the line is still supported. */
function eolBadge(day: string, today: string): SupportBadge {
  const formatted = formatDay(day);
  const text = formatted?.text ?? day;
  // Days compare as strings (`YYYY-MM-DD`); an unreadable day is never claimed to have passed.
  return formatted && day < today
    ? { kind: 'ended', text: `Support ended ${text}`, day }
    : { kind: 'eol', text: `End of life on ${text}`, ...(formatted ? { day } : {}) };
}

/**
 * The badges of the line a version belongs to, most important first: `Support ended …` alone;
 * otherwise `LTS` and/or `Supported` (the latest release's line), then `End of life on …`.
 * Empty when the project has no support policy, or says nothing about this line.
 */
export function supportBadges(version: string, ctx: SupportContext): SupportBadge[] {
  const { support, latest, today } = ctx;
  if (!hasSupportPolicy(support)) return [];
  const eolKey = matchingKey(Object.keys(support.eol), version);
  const eol = eolKey === null ? null : eolBadge(support.eol[eolKey]!, today);
  if (eol?.kind === 'ended') return [eol];
  const badges: SupportBadge[] = [];
  if (matchingKey(support.lts, version) !== null) badges.push({ kind: 'lts', text: 'LTS' });
  else if (latest !== null && sameLine(version, latest))
    badges.push({ kind: 'supported', text: 'Supported' });
  if (eol) badges.push(eol);
  return badges;
}

/** Same major line (`2.x` for SemVer majors ≥ 1, `0.4.x` below 1.0). */
function sameLine(a: string, b: string): boolean {
  const x = versionNumbers(a);
  const y = versionNumbers(b);
  const width = x[0] === 0 || y[0] === 0 ? 2 : 1;
  return x.length >= width && y.length >= width && x.slice(0, width).every((n, i) => y[i] === n);
}

export interface SupportRow {
  /** `2.x` */
  line: string;
  badges: SupportBadge[];
  /** The newest release of the line, or null when the policy names a line without releases. */
  newest: string | null;
}

/**
 * The supported-versions table of a project page: the latest release's line and every line the
 * policy names, newest line first. Empty without a policy.
 */
export function toSupportRows(versionsNewestFirst: readonly string[], ctx: SupportContext): SupportRow[] {
  if (!hasSupportPolicy(ctx.support)) return [];
  const keys = new Set<string>([...ctx.support.lts, ...Object.keys(ctx.support.eol)]);
  if (ctx.latest !== null) {
    const n = versionNumbers(ctx.latest);
    const current = `${n.slice(0, n[0] === 0 ? 2 : 1).join('.')}.x`;
    // The latest line is listed once, under the key the policy uses for it when there is one.
    if (![...keys].some((k) => inLine(k, ctx.latest!) && lineNumbers(k)!.length === (n[0] === 0 ? 2 : 1)))
      keys.add(current);
  }
  const rows = [...keys].map((line): SupportRow => {
    const newest = versionsNewestFirst.find((v) => inLine(line, v)) ?? null;
    return { line, newest, badges: lineBadges(line, ctx) };
  });
  return rows.sort((a, b) => compareLineKeys(b.line, a.line));
}

/** The badges of a line key itself (for the table): as its releases get them. */
function lineBadges(line: string, ctx: SupportContext): SupportBadge[] {
  const numbers = lineNumbers(line);
  if (!numbers) {
    // A key that names no numbers (`legacy`) cannot be matched to releases; show what it says.
    const badges: SupportBadge[] = [];
    if (ctx.support.lts.includes(line)) badges.push({ kind: 'lts', text: 'LTS' });
    if (line in ctx.support.eol) badges.push(eolBadge(ctx.support.eol[line]!, ctx.today));
    return badges;
  }
  // A representative version of the line: `2.x` → `2`, which inLine and sameLine read as [2].
  return supportBadges(numbers.join('.'), ctx);
}

function compareLineKeys(a: string, b: string): number {
  const x = lineNumbers(a);
  const y = lineNumbers(b);
  if (x && y) return compareVersions(x.join('.'), y.join('.')) || y.length - x.length;
  if (x) return 1;
  if (y) return -1;
  return compareCodeUnits(a, b);
}
