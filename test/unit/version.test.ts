import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  fileVersionCompare,
  isPrerelease,
  isSemVer,
  majorLine,
} from '../../src/core/version.ts';

const sorted = (vs: string[]) => [...vs].sort(compareVersions);
// sort -V breaks ties byte-wise, like compareVersions does.
const fileVersionCompareTotal = (a: string, b: string) =>
  fileVersionCompare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

describe('version order', () => {
  it('orders SemVer versions by precedence, prereleases before their release', () => {
    expect(sorted(['2.0.0', '2.0.0-rc.2', '1.10.0', '2.0.0-rc.10', '1.9.0', '2.0.0-alpha'])).toEqual([
      '1.9.0',
      '1.10.0',
      '2.0.0-alpha',
      '2.0.0-rc.2',
      '2.0.0-rc.10',
      '2.0.0',
    ]);
  });

  it('orders versions that are not SemVer as GNU sort -V does', () => {
    // Expected order as printed by `printf '%s\n' ... | sort -V` (GNU coreutils).
    expect(sorted(['1.0rc1', '1.0', '1.0.1', '0.9', '1.0a', '2.39', '2.4'])).toEqual([
      '0.9',
      '1.0',
      '1.0a',
      '1.0rc1',
      '1.0.1',
      '2.4',
      '2.39',
    ]);
  });

  it.runIf(spawnSync('sort', ['-V'], { input: '' }).status === 0)(
    "agrees with the machine's `sort -V` on real-world version strings",
    () => {
      const versions = [
        '1.0rc1',
        '1.0',
        '1.0.1',
        '1.0b2',
        '1.0-1',
        '1.0_1',
        '1.0~beta',
        '2.6.32-5-amd64',
        '2.6.32',
        '10.0',
        '9.10',
        '9.9a',
        '1.2.3.4',
        '1.2.3-4',
        '0.0.1',
        '2023.10',
        '2023.9.1',
        '5.0.0.dev1',
        '5.0.0a1',
        '5.0.0rc2',
        '1.2.3p1',
        '3.11.0+deb',
        '0.99',
        '4.2-final',
      ];
      const gnu = spawnSync('sort', ['-V'], {
        input: versions.join('\n') + '\n',
        encoding: 'utf8',
        env: { LC_ALL: 'C' },
      })
        .stdout.trim()
        .split('\n');
      expect([...versions].sort(fileVersionCompareTotal)).toEqual(gnu);
    },
  );

  it('puts "~" before everything, as Debian and sort -V do', () => {
    expect(fileVersionCompare('1.0~rc1', '1.0')).toBeLessThan(0);
  });

  it('compares a SemVer version with a non-SemVer one by sort -V', () => {
    expect(compareVersions('1.2', '1.2.0')).toBeLessThan(0);
    expect(compareVersions('1.3rc1', '1.2.0')).toBeGreaterThan(0);
  });

  it('is a total order: versions equal by precedence still differ (build metadata)', () => {
    expect(compareVersions('1.0.0+a', '1.0.0+b')).toBeLessThan(0);
    expect(compareVersions('1.0.0+b', '1.0.0+a')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
  });

  it('ignores leading zeros in numbers like sort -V', () => {
    expect(fileVersionCompare('1.01', '1.1')).toBe(0);
    expect(compareVersions('1.01', '1.1')).not.toBe(0);
  });
});

describe('version facts', () => {
  it('knows SemVer from non-SemVer and prereleases from finals', () => {
    expect(isSemVer('2.0.0-rc.1')).toBe(true);
    expect(isSemVer('v2.0.0')).toBe(false);
    expect(isSemVer('1.3rc1')).toBe(false);
    expect(isPrerelease('2.0.0-rc.1')).toBe(true);
    expect(isPrerelease('2.0.0+build.5')).toBe(false);
    // Versions that are not SemVer count as final releases (PRODUCT.md).
    expect(isPrerelease('1.0rc1')).toBe(false);
  });

  it('names the major line, with 0.x lines split by minor', () => {
    expect(majorLine('2.3.1')).toBe('2');
    expect(majorLine('0.4.1')).toBe('0.4');
    expect(majorLine('1.3rc1')).toBe('1');
    expect(majorLine('007.1')).toBe('7');
  });
});
