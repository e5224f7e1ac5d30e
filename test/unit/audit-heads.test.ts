// Signed heads against the chain (pure: the signatures' verdicts are passed in): which entry a
// rewrite is named by, a cut chain, entries no signed head covers, the heads file's own form; and
// the archived evidence rule for a tag moved away and back. The commands the site shows are the
// ones docs/audit.md gives.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chainEvents, type NewAuditEvent } from '../../src/core/audit/chain.ts';
import { evidenceMismatch, foldChain } from '../../src/core/audit/events.ts';
import { checkHeads, headMessage, parseHeads, serializeHead } from '../../src/core/audit/heads.ts';
import { verifyCommands } from '../../src/lib/audit/audit-heads.ts';
import type { AuditHead } from '../../src/schemas/audit.ts';

const event = (i: number): NewAuditEvent => ({
  at: `2026-03-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
  kind: 'release.published',
  project: 'api',
  version: `1.${i}.0`,
  data: {
    tag: `v1.${i}.0`,
    commit: String(i).repeat(40).slice(0, 40),
    evidence: String(i).repeat(64).slice(0, 64),
  },
});
const chain = chainEvents(
  null,
  Array.from({ length: 6 }, (_, i) => event(i)),
);
const head = (seq: number, hash = chain[seq - 1]!.hash): AuditHead => ({
  seq,
  hash,
  at: `2026-04-0${seq}T00:00:00.000Z`,
  key: 'SHA256:abcdefABCDEF0123456789+/abcdefABCDEF0123456',
  signer: 'audit@acme.example',
  signature: '-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n',
});
/** The chain rewritten from `line` on (another commit there), every hash after it recomputed. */
const rewrittenFrom = (line: number) => [
  ...chain.slice(0, line - 1),
  ...chainEvents(chain[line - 2] ?? null, [
    { ...event(line - 1), data: { ...event(line - 1).data, commit: 'f'.repeat(40) } },
    ...Array.from({ length: chain.length - line }, (_, i) => event(line + i)),
  ]),
];

describe('signed heads against the chain', () => {
  it('hold when every head matches its line, and sign the hash and a newline', () => {
    expect(checkHeads(chain, [head(2), head(4), head(6)], [true, true, true], true)).toEqual([]);
    expect(headMessage(chain[5]!.hash)).toBe(`${chain[5]!.hash}\n`);
  });

  it('name the first rewritten entry when every harvest signed its head', () => {
    const forged = rewrittenFrom(4);
    expect(forged.slice(0, 3)).toEqual(chain.slice(0, 3));
    expect(forged[3]!.hash).not.toBe(chain[3]!.hash);
    const heads = [1, 2, 3, 4, 5, 6].map((n) => head(n));
    expect(
      checkHeads(
        forged,
        heads,
        heads.map(() => true),
        true,
      ),
    ).toEqual([
      {
        file: 'chain',
        line: 4,
        message: `the chain was rewritten from line 4: line 4's hash is ${forged[3]!.hash.slice(0, 12)}…, but the head signed on 2026-04-04T00:00:00.000Z by ${heads[0]!.key} (audit@acme.example) is ${chain[3]!.hash.slice(0, 12)}…; the last head that holds is line 3`,
      },
    ]);
  });

  it('name the span a rewrite hides in when harvests appended several entries each', () => {
    const failures = checkHeads(rewrittenFrom(4), [head(2), head(5)], [true, true], true);
    expect(failures).toEqual([
      expect.objectContaining({
        line: 3,
        message: expect.stringMatching(/^the chain was rewritten from one of lines 3–5: line 5's hash/),
      }),
    ]);
  });

  it('name the lines deleted from the end, and what no head that holds covers before them', () => {
    expect(checkHeads(chain.slice(0, 4), [head(2), head(4), head(6)], null, false)).toEqual([
      expect.objectContaining({
        line: 5,
        message: expect.stringMatching(
          /^the chain ends at line 4, but the head recorded on .* \(signature not checked\) is line 6 \([0-9a-f]{12}…\): lines 5–6 were deleted$/,
        ),
      }),
    ]);
    expect(checkHeads(chain.slice(0, 3), [head(2), head(4)], [true, true], true)[0]).toMatchObject({
      line: 3,
      message: expect.stringMatching(
        /: line 4 was deleted, and line 3 may have been rewritten \(no head that holds covers them\)$/,
      ),
    });
  });

  it('name entries after the last good head, and ignore heads whose signature failed', () => {
    expect(checkHeads(chain, [head(2), head(4)], [true, true], true)).toEqual([
      {
        file: 'chain',
        line: 5,
        message:
          'lines 5–6 are not covered by a signed head: appended by a harvest without the signing key, or forged',
      },
    ]);
    expect(checkHeads(chain, [head(2), head(6)], [true, false], true)[0]).toMatchObject({ line: 3 });
    // Without --allowed-signers, an unsigned tail is not a failure.
    expect(checkHeads(chain, [head(2)], null, false)).toEqual([]);
  });

  it('parse the heads file strictly: canonical lines, in chain order', () => {
    const text = [head(2), head(4)].map((h) => serializeHead(h) + '\n').join('');
    expect(parseHeads(text)).toEqual({ heads: [head(2), head(4)], failures: [] });
    const reordered = [head(4), head(2)].map((h) => serializeHead(h) + '\n').join('');
    expect(parseHeads(reordered).failures).toEqual([
      {
        file: 'heads',
        line: 2,
        message: 'head of line 2 after the head of line 4: heads are appended in chain order',
      },
    ]);
    expect(parseHeads(JSON.stringify(head(2), null, 1).replace(/\n/g, '') + '\n').failures).toEqual([
      { file: 'heads', line: 1, message: 'not in RFC 8785 canonical form (the line was edited)' },
    ]);
    expect(parseHeads(serializeHead(head(2))).failures[0]).toMatchObject({
      message: expect.stringMatching(/no newline/),
    });
    expect(parseHeads('{"seq":1}\n').failures[0]!.message).toMatch(/^not a signed head: hash: /);
  });
});

describe('a record kept in the archive', () => {
  it('matches any digest the chain recorded for its commit: a tag moved away and back has two', () => {
    const A = 'a'.repeat(40);
    const B = 'b'.repeat(40);
    const [d1, d2, d3] = ['1', '2', '3'].map((c) => c.repeat(64));
    const events = chainEvents(null, [
      {
        at: '2026-03-01T00:00:00Z',
        kind: 'release.published',
        project: 'api',
        version: '1.0.0',
        data: { tag: 'v1.0.0', commit: A, evidence: d1 },
      },
      {
        at: '2026-03-02T00:00:00Z',
        kind: 'tag.moved',
        project: 'api',
        version: '1.0.0',
        data: { tag: 'v1.0.0', from: A, to: B, evidence: d2 },
      },
      {
        at: '2026-03-03T00:00:00Z',
        kind: 'tag.moved',
        project: 'api',
        version: '1.0.0',
        data: { tag: 'v1.0.0', from: B, to: A, evidence: d3 },
      },
    ]);
    const state = foldChain(events);
    const record = { project: 'api', version: '1.0.0', commit: A };
    expect(evidenceMismatch(state, record, d3, 'audit.jsonl')).toBeNull();
    expect(evidenceMismatch(state, record, d1, 'audit.jsonl')).toMatch(
      /does not match 333333333333… recorded at audit\.jsonl:3/,
    );
    expect(evidenceMismatch(state, record, d1, 'audit.jsonl', true)).toBeNull();
    expect(evidenceMismatch(state, record, d2, 'audit.jsonl', true)).toMatch(
      /^SHA-256 222222222222… is none of the digests audit\.jsonl recorded for api 1\.0\.0 at aaaaaaaaaaaa: the kept record was changed$/,
    );
  });
});

describe('the commands the site shows for checking a head by hand', () => {
  it('are the lines docs/audit.md gives, with the line and hash filled in', () => {
    const docs = readFileSync(new URL('../../docs/audit.md', import.meta.url), 'utf8');
    const block = docs.split('<!-- verify-head-by-hand')[1]!.split('```sh\n')[1]!.split('```')[0]!;
    const fill = (line: string) =>
      line.replaceAll('"$N.sig"', '42.sig').replaceAll('"$HASH"', 'f'.repeat(64));
    const documented = block
      .split('\n')
      .filter((l) => l.startsWith('ssh-keygen') || l.startsWith('echo'))
      .map(fill);
    expect(verifyCommands({ seq: 42, hash: 'f'.repeat(64) })).toEqual(documented);
  });
});
