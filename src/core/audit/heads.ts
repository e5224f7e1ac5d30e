// Signed heads of the audit chain (docs/audit.md, "Signed heads"): after a harvest appends to the
// chain, its last entry's hash is signed with the audit key and kept in `audit.heads.jsonl`. A
// head's hash covers every entry before it, so one good signature proves the chain up to it; the
// heads of successive harvests say from where a chain was rewritten. Pure: the signatures are
// checked by src/harvest/ssh-keygen.ts and their results passed in.
import { AuditHeadSchema, type AuditEvent, type AuditHead } from '../../schemas/audit.ts';
import { canonicalJson } from '../canonical.ts';

/** The message a head's signature signs: its hash and a newline, as `echo <hash>` writes it. */
export const headMessage = (hash: string) => `${hash}\n`;

export interface HeadFailure {
  /** Which file: the chain (`audit.jsonl`) or the heads (`audit.heads.jsonl`). */
  file: 'chain' | 'heads';
  /** 1-based line of that file, or null for the file as a whole. */
  line: number | null;
  message: string;
}

/** One line of the heads file. */
export const serializeHead = (head: AuditHead) => canonicalJson(head);

/** Parses `audit.heads.jsonl`: every line JSON, a head, canonical, and heads in increasing `seq`. */
export function parseHeads(text: string): { heads: AuditHead[]; failures: HeadFailure[] } {
  const heads: AuditHead[] = [];
  const failures: HeadFailure[] = [];
  if (text === '') return { heads, failures };
  const fail = (line: number, message: string) => failures.push({ file: 'heads', line, message });
  if (!text.endsWith('\n'))
    fail(text.split('\n').length, 'the last line has no newline: the file was cut short');
  text
    .replace(/\n$/, '')
    .split('\n')
    .forEach((line, i) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return fail(i + 1, 'not valid JSON');
      }
      const parsed = AuditHeadSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return fail(i + 1, `not a signed head: ${issue.path.join('.') || '(line)'}: ${issue.message}`);
      }
      if (canonicalJson(value) !== line) fail(i + 1, 'not in RFC 8785 canonical form (the line was edited)');
      const previous = heads.at(-1);
      if (previous && parsed.data.seq <= previous.seq)
        fail(
          i + 1,
          `head of line ${parsed.data.seq} after the head of line ${previous.seq}: heads are appended in chain order`,
        );
      heads.push(parsed.data);
    });
  return { heads, failures };
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;
const who = (h: AuditHead) => `${h.key}${h.signer ? ` (${h.signer})` : ''}`;
const lines = (a: number, b: number) => (a === b ? `line ${a}` : `lines ${a}–${b}`);

/**
 * Checks the chain against its heads. `good[i]` says whether the signature of `heads[i]` verified
 * (null: signatures were not checked, every head counts). With `requireSigned`, every entry must
 * be covered by a good head: entries after the last one were appended without the key.
 *
 * A head that does not match the chain names the first entry no good head vouches for: the one
 * after the last good head that still matches. When every harvest signs its head, that is the
 * first entry of the harvest whose entries were changed.
 */
export function checkHeads(
  events: Pick<AuditEvent, 'seq' | 'hash'>[],
  heads: AuditHead[],
  good: boolean[] | null,
  requireSigned: boolean,
): HeadFailure[] {
  const failures: HeadFailure[] = [];
  const n = events.length;
  let covered = 0; // entries 1..covered are vouched for by a good head that matches
  for (const [i, head] of heads.entries()) {
    if (good && !good[i]) continue; // reported by the caller with the signature's own message
    if (events[head.seq - 1]?.hash === head.hash) {
      covered = Math.max(covered, head.seq);
      continue;
    }
    const from = covered + 1;
    const signed = `the head ${good ? 'signed' : 'recorded'} on ${head.at} by ${who(head)}${good ? '' : ' (signature not checked)'}`;
    if (head.seq > n) {
      // Cut: every later head names a line that is gone too; the last one says how much.
      const last = heads.filter((h, j) => !good || good[j]).at(-1)!.seq;
      failures.push({
        file: 'chain',
        line: Math.min(from, n + 1),
        message:
          `the chain ends at line ${n}, but ${signed} is line ${head.seq} (${short(head.hash)}): ${lines(n + 1, last)} ${n + 1 === last ? 'was' : 'were'} deleted` +
          (from <= n
            ? `, and ${lines(from, n)} may have been rewritten (no head that holds covers them)`
            : ''),
      });
    } else {
      failures.push({
        file: 'chain',
        line: from,
        message:
          `the chain was rewritten from ${from === head.seq ? `line ${from}` : `one of ${lines(from, head.seq)}`}: line ${head.seq}'s hash is ${short(events[head.seq - 1]!.hash)}, but ${signed} is ${short(head.hash)}` +
          (covered ? `; the last head that holds is line ${covered}` : '; no earlier head holds'),
      });
    }
    return failures; // later heads follow from this one
  }
  if (requireSigned && covered < n)
    failures.push({
      file: 'chain',
      line: covered + 1,
      message: `${lines(covered + 1, n)} ${covered + 1 === n ? 'is' : 'are'} not covered by a signed head: appended by a harvest without the signing key, or forged`,
    });
  return failures;
}
