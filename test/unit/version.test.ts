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

  it('orders versions that are neither SemVer nor PEP 440 pre-, post- or dev-releases as GNU sort -V does', () => {
    // Expected order as printed by `printf '%s\n' ... | sort -V` (GNU coreutils).
    expect(
      sorted(['1.0-final', '1.0', '1.0.1', '0.9', '1.0_1', '2.39', '2.4', '4.2-final', '1.0~rc1']),
    ).toEqual(['0.9', '1.0~rc1', '1.0', '1.0-final', '1.0.1', '1.0_1', '2.4', '2.39', '4.2-final']);
  });

  it('orders Python versions by PEP 440: pre-releases before their release, post-releases after', () => {
    expect(
      sorted(['3.12.0', '3.12.0rc1', '3.12.0a1', '3.12.0.post1', '3.12.0b2', '3.11.5', '3.12.1']),
    ).toEqual(['3.11.5', '3.12.0a1', '3.12.0b2', '3.12.0rc1', '3.12.0', '3.12.0.post1', '3.12.1']);
  });

  it('puts a PEP 440 dev-release before every pre-release of its version (numpy tags 2.6.0.dev0)', () => {
    expect(sorted(['2.6.0rc1', '2.6.0', '2.6.0.dev0', '2.6.0b1', '2.5.9', '2.5.10'])).toEqual([
      '2.5.9',
      '2.5.10',
      '2.6.0.dev0',
      '2.6.0b1',
      '2.6.0rc1',
      '2.6.0',
    ]);
    // sort -V alone would put all three above 2.3.0; numpy's 2.3.1 follows 2.3.0, not 2.3.0rc1.
    expect(sorted(['2.3.0rc1', '2.3.1', '2.3.0', '2.3.0.dev0'])).toEqual([
      '2.3.0.dev0',
      '2.3.0rc1',
      '2.3.0',
      '2.3.1',
    ]);
  });

  it('keeps SemVer precedence for two SemVer versions even where PEP 440 could read them', () => {
    // PEP 440 reads 1.0.0-1 as the post-release 1.0.0.post1; SemVer as a prerelease of 1.0.0.
    expect(compareVersions('1.0.0-1', '1.0.0')).toBeLessThan(0);
    expect(sorted(['1.29.0', '1.29.0-alpha.0', '1.28.4', '1.29.0-rc.1', '1.29.0-beta.0'])).toEqual([
      '1.28.4',
      '1.29.0-alpha.0',
      '1.29.0-beta.0',
      '1.29.0-rc.1',
      '1.29.0',
    ]);
  });

  // The three rules agree wherever a project's tags mix the schemes they cover (SemVer with
  // PEP 440, SemVer with plain `1.2` versions); docs/releases-from-git.md says where they cannot.
  it('is one order over the version schemes real projects mix: any input order sorts the same', () => {
    const versions = [
      '1.0.0',
      '1.0.0-rc.1',
      '1.0.0rc2',
      '1.0.0-beta',
      '1.0.0.post1',
      '1.0.0.dev0',
      '1.0',
      '1.0.1',
      '0.9',
      '1.0a1',
      '2.0.0-next.8',
      '2.0.0',
      '1.10',
      '1.9.9',
      '2023.10',
      '2023.9.1',
      '2.6.32-5-amd64',
    ];
    const reference = sorted(versions);
    let seed = 7;
    for (let round = 0; round < 50; round++) {
      const shuffled = [...versions];
      for (let i = shuffled.length - 1; i > 0; i--) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        const j = seed % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
      }
      expect(sorted(shuffled)).toEqual(reference);
    }
    // Transitive on every triple, antisymmetric on every pair.
    for (const a of versions)
      for (const b of versions) {
        expect(Math.sign(compareVersions(a, b)) + Math.sign(compareVersions(b, a))).toBe(0);
        for (const c of versions)
          if (compareVersions(a, b) < 0 && compareVersions(b, c) < 0)
            expect(compareVersions(a, c)).toBeLessThan(0);
      }
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
    // PEP 440 pre- and dev-releases are prereleases; other versions that are not SemVer are finals.
    expect(isPrerelease('1.0rc1')).toBe(true);
    expect(isPrerelease('3.12.0a1')).toBe(true);
    expect(isPrerelease('2.6.0.dev0')).toBe(true);
    expect(isPrerelease('1.0.post1')).toBe(false);
    expect(isPrerelease('1.2')).toBe(false);
    expect(isPrerelease('1.0-final')).toBe(false);
    expect(isPrerelease('4.2-final')).toBe(false);
  });

  it('names the major line, with 0.x lines split by minor', () => {
    expect(majorLine('2.3.1')).toBe('2');
    expect(majorLine('0.4.1')).toBe('0.4');
    expect(majorLine('1.3rc1')).toBe('1');
    expect(majorLine('007.1')).toBe('7');
  });
});
