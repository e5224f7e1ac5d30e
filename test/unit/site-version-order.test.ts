import { describe, expect, it } from 'vitest';
import { compareReleasesNewestFirst, compareVersions } from '../../src/lib/model/version-order.ts';

// The order itself is src/core/version.ts's and tested there; these pin what the pages rely on.
describe('release order on pages', () => {
  it('puts a prerelease below its release and compares numbers numerically', () => {
    const sorted = ['1.10.0', '1.2.0', '1.2.0-rc.10', '1.2.0-rc.2', '1.2.0-alpha', '0.9.9'].sort(
      compareVersions,
    );
    expect(sorted).toEqual(['0.9.9', '1.2.0-alpha', '1.2.0-rc.2', '1.2.0-rc.10', '1.2.0', '1.10.0']);
  });

  it('orders other versions as GNU sort -V does', () => {
    // Expected order from `printf '%s\n' … | sort -V` (GNU coreutils).
    const gnu = ['1.0', '1.2', '1.3~rc1', '1.3', '1.3-final', '1.3.0', '1.3.1', '1.3_1', '1.10', '2'];
    expect([...gnu].reverse().sort(compareVersions)).toEqual(gnu);
  });

  it('orders Python-style versions by PEP 440: 1.3rc1 is a prerelease of 1.3, not a release after it', () => {
    const pep440 = [
      '1.0rc1',
      '1.0',
      '1.2',
      '1.3.dev0',
      '1.3a',
      '1.3rc1',
      '1.3rc2',
      '1.3rc10',
      '1.3',
      '1.3.post1',
      '1.3.1',
      '1.10',
    ];
    expect([...pep440].reverse().sort(compareVersions)).toEqual(pep440);
  });

  it('sorts releases newest first with a total order', () => {
    const releases = [
      { version: '1.2.0+a', tag: 'v1.2.0+a' },
      { version: '1.3.0', tag: 'v1.3.0' },
      { version: '1.2.0+b', tag: 'v1.2.0+b' },
      { version: '1.3rc1', tag: 'web-1.3rc1' },
      { version: '1.3.0', tag: 'release-1.3.0' },
    ];
    expect(releases.sort(compareReleasesNewestFirst).map((r) => r.tag)).toEqual([
      'release-1.3.0',
      'v1.3.0',
      'web-1.3rc1',
      'v1.2.0+b',
      'v1.2.0+a',
    ]);
  });
});
