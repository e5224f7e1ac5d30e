import { describe, expect, it } from 'vitest';
import { EMAIL_PLACEHOLDER, makeRedactor, redactEmails } from '../../src/lib/privacy.ts';
import { readAudience, readBuildEnv } from '../../src/lib/env.ts';

describe('e-mail redaction for the public audience', () => {
  it('replaces addresses in trailers, autolinks, mailto links and prose', () => {
    expect(redactEmails('Signed-off-by: Ada <ada.l+x@acme.example>')).toBe(
      `Signed-off-by: Ada <${EMAIL_PLACEHOLDER}>`,
    );
    expect(redactEmails('[mail](mailto:security@acme.example)')).toBe(`[mail](mailto:${EMAIL_PLACEHOLDER})`);
    expect(redactEmails('write to a@b.co.uk or C_D@sub.example.org.')).toBe(
      `write to ${EMAIL_PLACEHOLDER} or ${EMAIL_PLACEHOLDER}.`,
    );
  });

  it('leaves npm-style tags and scoped versions alone', () => {
    for (const s of [
      '@acme/api@1.2.0',
      'v1.0.0',
      'user@host',
      'git@github.com:acme/api.git'.replace('github.com', 'forge'),
    ]) {
      expect(redactEmails(s)).toBe(s);
    }
  });

  it('is the identity for the internal audience', () => {
    expect(makeRedactor('internal')('a@b.example')).toBe('a@b.example');
    expect(makeRedactor('public')('a@b.example')).toBe(EMAIL_PLACEHOLDER);
  });
});

describe('build environment', () => {
  it('defaults to content/data under the root and the public audience', () => {
    expect(readBuildEnv({}, '/repo')).toEqual({ dataDir: '/repo/content/data', audience: 'public' });
  });
  it('takes WAYBILL_DATA (absolute, or relative to the root) and WAYBILL_AUDIENCE', () => {
    expect(readBuildEnv({ WAYBILL_DATA: '/data', WAYBILL_AUDIENCE: 'internal' }, '/repo')).toEqual({
      dataDir: '/data',
      audience: 'internal',
    });
    expect(readBuildEnv({ WAYBILL_DATA: 'x/data' }, '/repo').dataDir).toBe('/repo/x/data');
  });
  it('refuses an unknown audience instead of guessing', () => {
    expect(() => readAudience({ WAYBILL_AUDIENCE: 'Internal ' })).toThrow(/expected "public" or "internal"/);
    expect(() => readAudience({ WAYBILL_AUDIENCE: 'private' })).toThrow(/WAYBILL_AUDIENCE is "private"/);
  });
});
