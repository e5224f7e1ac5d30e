import { describe, expect, it } from 'vitest';
import { compileTagPattern } from '../../src/core/tags.ts';

describe('tag patterns', () => {
  it('captures the version of v{version} tags', () => {
    const m = compileTagPattern('v{version}');
    expect(m('v1.2.3')).toBe('1.2.3');
    expect(m('v2.0.0-rc.1')).toBe('2.0.0-rc.1');
    expect(m('1.2.3')).toBeNull();
    expect(m('vnext')).toBeNull();
  });

  it('treats the rest of the pattern literally (scoped package tags)', () => {
    const m = compileTagPattern('@acme/api@{version}');
    expect(m('@acme/api@2.3.0')).toBe('2.3.0');
    expect(m('@acme/apiX2.3.0')).toBeNull();
    expect(m('@acme/web@2.3.0')).toBeNull();
  });

  it('rejects versions with "/" or whitespace and versions not starting with a digit', () => {
    const m = compileTagPattern('v{version}');
    expect(m('v1.0/hotfix')).toBeNull();
    expect(m('v1.0 final')).toBeNull();
    expect(m('v.1')).toBeNull();
  });

  it('uses the named group of a regex pattern', () => {
    const m = compileTagPattern({ regex: '^release-(?<version>\\d+\\.\\d+)(?:-final)?$' });
    expect(m('release-4.2')).toBe('4.2');
    expect(m('release-4.2-final')).toBe('4.2');
    expect(m('release-x')).toBeNull();
  });
});
