import { describe, expect, it } from 'vitest';
import { fillLinkTemplate, makeLinker, shortHash } from '../../src/lib/model/links.ts';
import { absoluteUrl, makePaths } from '../../src/lib/model/urls.ts';

describe('link templates', () => {
  const linker = makeLinker({
    commit: 'https://forge.example/acme/api/commit/{hash}',
    compare: 'https://forge.example/acme/api/compare/{from}...{to}',
    issue: 'https://forge.example/acme/api/issues/{id}',
  });

  it('fills {hash}, {from}/{to} and {id}', () => {
    expect(linker.commit('a'.repeat(40))).toBe(`https://forge.example/acme/api/commit/${'a'.repeat(40)}`);
    expect(linker.compare('v1.0.0', 'v1.1.0')).toBe('https://forge.example/acme/api/compare/v1.0.0...v1.1.0');
    expect(linker.issue({ issue: '12', repository: null })).toBe('https://forge.example/acme/api/issues/12');
  });

  it('encodes every value with encodeURIComponent', () => {
    expect(linker.compare('@acme/api@1.0.0', 'v1.2.0+build.5')).toBe(
      'https://forge.example/acme/api/compare/%40acme%2Fapi%401.0.0...v1.2.0%2Bbuild.5',
    );
    expect(linker.issue({ issue: '1"><script>', repository: null })).toBe(
      'https://forge.example/acme/api/issues/1%22%3E%3Cscript%3E',
    );
  });

  it('gives no compare link for the first release and no issue link for another repository', () => {
    expect(linker.compare(null, 'v1.0.0')).toBeNull();
    expect(linker.issue({ issue: '7', repository: 'acme/web' })).toBeNull();
  });

  it('drops templates that are not absolute http(s) URLs', () => {
    for (const t of [
      'javascript:alert(1)//{hash}',
      'JAVASCRIPT:alert(1)',
      ' javascript:x{hash}',
      'data:text/html,{hash}',
      '//forge.example/{hash}',
      '/commit/{hash}',
      'ftp://forge.example/{hash}',
      'https//forge/{hash}',
    ]) {
      expect(fillLinkTemplate(t, { hash: 'abc' }), t).toBeNull();
    }
    expect(fillLinkTemplate('HTTPS://forge.example/{hash}', { hash: 'abc' })).toBe(
      'HTTPS://forge.example/abc',
    );
  });

  it('drops a template with a placeholder it cannot fill, and a missing template', () => {
    expect(fillLinkTemplate('https://forge.example/{owner}/{hash}', { hash: 'abc' })).toBeNull();
    expect(fillLinkTemplate(undefined, { hash: 'abc' })).toBeNull();
    expect(makeLinker({}).commit('abc')).toBeNull();
  });

  it('shortens hashes to seven characters', () => {
    expect(shortHash('0123456789abcdef0123456789abcdef01234567')).toBe('0123456');
  });
});

describe('site paths', () => {
  it('end pages in "/" and include the base', () => {
    const root = makePaths('/');
    expect(root.release('api', '1.2.0_build.5')).toBe('/projects/api/1.2.0_build.5/');
    expect(root.next('api')).toBe('/projects/api/next/');
    expect(root.apiRelease('web', '1.3rc1')).toBe('/api/v1/projects/web/releases/1.3rc1.json');
    expect(makePaths('/docs').project('api')).toBe('/docs/projects/api/');
    expect(makePaths('/docs/').apiIndex).toBe('/docs/api/v1/index.json');
  });

  it('are absolute when site.json has a site, root-relative otherwise', () => {
    expect(absoluteUrl('/projects/api/', 'https://releases.acme.example')).toBe(
      'https://releases.acme.example/projects/api/',
    );
    expect(absoluteUrl('/projects/api/', 'https://releases.acme.example/')).toBe(
      'https://releases.acme.example/projects/api/',
    );
    expect(absoluteUrl('/projects/api/', null)).toBe('/projects/api/');
  });
});
