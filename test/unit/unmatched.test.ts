// The closest tags a harvest names when a tag pattern matches none: tags of the shape nearest the
// pattern first, the highest versions of each shape first.
import { describe, expect, it } from 'vitest';
import { closestTags, editDistance } from '../../src/core/unmatched.ts';

describe('closestTags', () => {
  const tags = ['v1.0.0', 'v1.10.0', 'v1.2.0', 'api@2.0.0', 'api@1.0.0', 'release-3', 'nightly'];

  it('names the tags of the nearest shape, highest version first', () => {
    expect(closestTags('V{version}', tags)).toEqual(['v1.10.0', 'v1.2.0', 'v1.0.0']);
    expect(closestTags('apii@{version}', tags)).toEqual(['api@2.0.0', 'api@1.0.0', 'v1.10.0']);
    expect(closestTags('release_{version}', tags, 1)).toEqual(['release-3']);
  });

  it('compares a regex pattern by its text', () => {
    expect(closestTags({ regex: '^api-(?<version>.+)$' }, tags, 2)).toEqual(['api@2.0.0', 'api@1.0.0']);
  });

  it('measures edits', () => {
    expect(editDistance('v{version}', 'v{version}')).toBe(0);
    expect(editDistance('web-v{version}', 'v{version}')).toBe(4);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
