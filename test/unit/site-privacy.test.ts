import { describe, expect, it } from 'vitest';
import { EMAIL_PLACEHOLDER, makeRedactor, redactEmails } from '../../src/core/privacy.ts';
import { readAudience, readBuildEnv } from '../../src/lib/model/env.ts';

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

  it('hides addresses in any script whole, not cut after the last ASCII letter', () => {
    expect(redactEmails('Jörg Müller <jörg.müller@firma.example>')).toBe(
      `Jörg Müller <${EMAIL_PLACEHOLDER}>`,
    );
    expect(redactEmails('Иван Петров <иван.петров@пример.рф>')).toBe(`Иван Петров <${EMAIL_PLACEHOLDER}>`);
    expect(redactEmails('张伟 <张伟@例子.广告>')).toBe(`张伟 <${EMAIL_PLACEHOLDER}>`);
    expect(redactEmails('José <jose@exämple.xn--p1ai>')).toBe(`José <${EMAIL_PLACEHOLDER}>`);
    // The full-width at sign reads as one.
    expect(redactEmails('ａｄａ＠corp.example')).toBe(EMAIL_PLACEHOLDER);
  });

  it('hides root@localhost, the address a misconfigured git writes, but not a longer host name', () => {
    expect(redactEmails('Author: root <root@localhost>')).toBe(`Author: root <${EMAIL_PLACEHOLDER}>`);
    expect(redactEmails('root@LOCALHOST.')).toBe(`${EMAIL_PLACEHOLDER}.`);
    expect(redactEmails('ssh deploy@localhostname')).toBe('ssh deploy@localhostname');
  });

  it('hides addresses that only form when Markdown is read, with the Markdown around them', () => {
    expect(redactEmails('ask name@[corp.example](https://x.example) now')).toBe(
      `ask ${EMAIL_PLACEHOLDER} now`,
    );
    expect(redactEmails('ask name@**corp**.example')).toBe(`ask ${EMAIL_PLACEHOLDER}`);
    expect(redactEmails('ask name@corp\\.example')).toBe(`ask ${EMAIL_PLACEHOLDER}`);
    expect(redactEmails('ask alice&#64;corp&period;example')).toBe(`ask ${EMAIL_PLACEHOLDER}`);
    expect(redactEmails('in `ops@corp.example` code')).toBe(`in \`${EMAIL_PLACEHOLDER}\` code`);
    // Markdown that forms no address is left as it was.
    expect(redactEmails('see @acme/[api](https://x.example) and `a@b`')).toBe(
      'see @acme/[api](https://x.example) and `a@b`',
    );
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
