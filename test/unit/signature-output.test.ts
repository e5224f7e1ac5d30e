// The parsers of `git verify-tag --raw` output (src/harvest/signatures.ts) and the signature split
// of tag messages (src/harvest/git.ts), on output captured from git 2.39 with gpg 2.2 and
// OpenSSH 9.2, and on the lines GnuPG's doc/DETAILS documents for expired and revoked keys.
import { describe, expect, it } from 'vitest';
import { splitTagSignature } from '../../src/harvest/git.ts';
import { parseGpgStatus, parseSshOutput } from '../../src/harvest/signatures.ts';

const FPR = 'F6A765BA190918F9AF5BA1867A245509B73954B6';
const gpg = (...lines: string[]) => lines.map((l) => `[GNUPG:] ${l}`).join('\n') + '\n';

describe('GPG status lines', () => {
  it('good: GOODSIG and VALIDSIG with exit 0, the user id and the primary key fingerprint', () => {
    const out = gpg(
      'NEWSIG rel@acme.example',
      `KEY_CONSIDERED ${FPR} 0`,
      'SIG_ID x 2026-02-01 1769936400',
      'GOODSIG 7A245509B73954B6 Rel Ease <rel@acme.example>',
      `VALIDSIG 1111111111111111111111111111111111111111 2026-02-01 1769936400 0 4 0 22 8 00 ${FPR}`,
      'TRUST_UNDEFINED 0 pgp',
    );
    expect(parseGpgStatus(out, 0)).toEqual({
      status: 'good',
      kind: 'gpg',
      signer: 'Rel Ease <rel@acme.example>',
      key: FPR,
    });
    // The same lines with a failing exit code are not taken as good.
    expect(parseGpgStatus(out, 1).status).toBe('bad');
  });

  it('bad: BADSIG, and an expired or revoked key or signature', () => {
    for (const word of ['BADSIG', 'EXPKEYSIG', 'REVKEYSIG', 'EXPSIG']) {
      expect(
        parseGpgStatus(gpg('NEWSIG', `${word} 7A245509B73954B6 Rel Ease <rel@acme.example>`), 1),
      ).toEqual({
        status: 'bad',
        kind: 'gpg',
        signer: 'Rel Ease <rel@acme.example>',
        key: '7A245509B73954B6',
      });
    }
  });

  it('unknown key: ERRSIG with NO_PUBKEY', () => {
    expect(
      parseGpgStatus(
        gpg(
          'NEWSIG rel@acme.example',
          `ERRSIG 7A245509B73954B6 22 8 00 1795330319 9 ${FPR}`,
          'NO_PUBKEY 7A245509B73954B6',
        ),
        1,
      ),
    ).toEqual({ status: 'unknown-key', kind: 'gpg', signer: null, key: FPR });
    expect(parseGpgStatus(gpg('ERRSIG 7A245509B73954B6 22 8 00 1795330319 9 -'), 1).key).toBe('-');
  });

  it('bad when gpg said nothing it verified (a mangled signature block, an unsupported algorithm)', () => {
    expect(parseGpgStatus('', 1).status).toBe('bad');
    expect(parseGpgStatus(gpg('NODATA 4'), 1).status).toBe('bad');
    expect(parseGpgStatus(gpg('ERRSIG 7A245509B73954B6 99 8 00 1795330319 4 -'), 1)).toEqual({
      status: 'bad',
      kind: 'gpg',
      signer: null,
      key: '7A245509B73954B6',
    });
  });
});

describe('SSH output', () => {
  it('good: exit 0 and a principal', () => {
    expect(
      parseSshOutput(
        'Good "git" signature for rel@acme.example with ED25519 key SHA256:i9vvrKPSaM5Tc+bZMnPYZHOU7+ORCCJ30fsNG9YK6W8\n',
        0,
      ),
    ).toEqual({
      status: 'good',
      kind: 'ssh',
      signer: 'rel@acme.example',
      key: 'SHA256:i9vvrKPSaM5Tc+bZMnPYZHOU7+ORCCJ30fsNG9YK6W8',
    });
    expect(parseSshOutput('Good "git" signature for a with b with ED25519 key SHA256:x\n', 0).signer).toBe(
      'a with b',
    );
  });

  it('unknown key: git prints "Good" for the intact signature, then "No principal matched."', () => {
    expect(
      parseSshOutput(
        'Good "git" signature with ED25519 key SHA256:cgaEMkXu4A5+Tay4MxSQs//uMHOWNlJVPSnV84fQHig\nNo principal matched.\n',
        1,
      ),
    ).toEqual({
      status: 'unknown-key',
      kind: 'ssh',
      signer: null,
      key: 'SHA256:cgaEMkXu4A5+Tay4MxSQs//uMHOWNlJVPSnV84fQHig',
    });
  });

  it('bad: a signature that does not verify, with or without a known key', () => {
    expect(
      parseSshOutput('Could not verify signature.\nSignature verification failed: incorrect signature\n', 1)
        .status,
    ).toBe('bad');
    expect(
      parseSshOutput('Signature verification failed: incorrect signature\nNo principal matched.\n', 1).status,
    ).toBe('bad');
    expect(
      parseSshOutput('Good "git" signature for rel@acme.example with ED25519 key SHA256:x\n', 1).status,
    ).toBe('bad');
    expect(parseSshOutput('', 1)).toEqual({ status: 'bad', kind: 'ssh', signer: null, key: null });
  });
});

describe('splitting the signature off a tag message', () => {
  it('finds the kind and keeps the message before it', () => {
    expect(
      splitTagSignature('Release 1\n-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n'),
    ).toEqual({ message: 'Release 1\n', signed: 'gpg' });
    expect(
      splitTagSignature(
        'Release 1\n\nBody\n-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n',
      ),
    ).toEqual({ message: 'Release 1\n\nBody\n', signed: 'ssh' });
    expect(splitTagSignature('Release 1\n')).toEqual({ message: 'Release 1\n', signed: null });
  });

  it('splits at the last armour line, as git does, and only at the start of a line', () => {
    const quoted =
      'Quote:\n-----BEGIN PGP SIGNATURE-----\nnot one\n-----BEGIN SSH SIGNATURE-----\nU1NI\n-----END SSH SIGNATURE-----\n';
    expect(splitTagSignature(quoted)).toEqual({
      message: 'Quote:\n-----BEGIN PGP SIGNATURE-----\nnot one\n',
      signed: 'ssh',
    });
    expect(splitTagSignature('see  -----BEGIN PGP SIGNATURE----- here\n')).toEqual({
      message: 'see  -----BEGIN PGP SIGNATURE----- here\n',
      signed: null,
    });
  });
});
