// The audit chain: an append-only JSON Lines log in which every entry carries the hash of the one
// before it. Pure functions over events and lines; src/harvest/audit.ts reads and writes the file.
//
// Each line is the RFC 8785 canonical JSON of the entry, `hash` included, so every byte of the
// file is covered: a changed value breaks its hash, changed whitespace or key order breaks the
// canonical form, a removed or reordered line breaks `seq` and `prev`.
import { AuditEventSchema, AuditKindSchema, type AuditEvent, type AuditKind } from '../../schemas/audit.ts';
import { canonicalJson, sha256Hex } from '../canonical.ts';
import { compareCodeUnits } from '../compare.ts';

/** An event before it is chained. */
export type NewAuditEvent = Omit<AuditEvent, 'seq' | 'prev' | 'hash'>;

/** SHA-256 of the canonical JSON of the entry without its `hash`. */
export function hashEntry(entry: Omit<AuditEvent, 'hash'>): string {
  const { seq, at, kind, project, version, data, prev } = entry;
  return sha256Hex(canonicalJson({ seq, at, kind, project, version, data, prev }));
}

/** One line of `audit.jsonl` (without the newline). */
export function serializeEvent(event: AuditEvent): string {
  return canonicalJson(event);
}

const KIND_ORDER = AuditKindSchema.options;

/**
 * The order of the events one harvest appends: by time, then project, version, kind and the
 * record they name. A total order over the events' own fields, so the same inputs append the
 * same lines whichever way they were harvested (one run, or shards merged).
 */
export function compareNewEvents(a: NewAuditEvent, b: NewAuditEvent): number {
  return (
    Date.parse(a.at) - Date.parse(b.at) ||
    compareCodeUnits(a.project, b.project) ||
    compareCodeUnits(a.version ?? '', b.version ?? '') ||
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    compareCodeUnits(canonicalJson(a.data), canonicalJson(b.data))
  );
}

/** Chains `events` (sorted first) after `head`: the last entry of the existing chain, or null. */
export function chainEvents(
  head: Pick<AuditEvent, 'seq' | 'hash'> | null,
  events: NewAuditEvent[],
): AuditEvent[] {
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? null;
  return [...events].sort(compareNewEvents).map((e) => {
    const entry = {
      seq: ++seq,
      at: e.at,
      kind: e.kind,
      project: e.project,
      version: e.version,
      data: e.data,
      prev,
    };
    const hash = hashEntry(entry);
    prev = hash;
    return { ...entry, hash };
  });
}

export interface ChainFailure {
  /** 1-based line of the log. */
  line: number;
  message: string;
}

/**
 * Checks every line of a log: JSON, the entry's shape, canonical form, `seq`, `prev` and `hash`.
 * Returns the events that parsed and every failure; an empty failure list means the chain holds.
 */
export function verifyChain(text: string): { events: AuditEvent[]; failures: ChainFailure[] } {
  const failures: ChainFailure[] = [];
  const events: AuditEvent[] = [];
  if (text === '') return { events, failures };
  if (!text.endsWith('\n'))
    failures.push({
      line: text.split('\n').length,
      message: 'the last line has no newline: the file was cut short or edited',
    });
  const lines = text.replace(/\n$/, '').split('\n');
  let prev: string | null = null;
  lines.forEach((line, i) => {
    const n = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      failures.push({ line: n, message: 'not valid JSON' });
      prev = null;
      return;
    }
    const parsed = AuditEventSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      failures.push({
        line: n,
        message: `not an audit event: ${issue.path.join('.') || '(entry)'}: ${issue.message}`,
      });
      prev = null;
      return;
    }
    const e = parsed.data;
    const problems: string[] = [];
    if (canonicalJson(value) !== line) problems.push('not in RFC 8785 canonical form (the line was edited)');
    if (e.seq !== n) problems.push(`seq is ${e.seq}, expected ${n} (a line was removed, added or moved)`);
    if (n === 1 ? e.prev !== null : e.prev !== prev)
      problems.push(
        n === 1 ? 'the first entry must have prev null' : `prev does not match the hash of line ${n - 1}`,
      );
    const expected = hashEntry(e);
    if (e.hash !== expected)
      problems.push(
        `hash ${e.hash.slice(0, 12)}… does not match the entry (expected ${expected.slice(0, 12)}…): the entry was changed`,
      );
    for (const message of problems) failures.push({ line: n, message });
    events.push(e);
    prev = e.hash;
  });
  return { events, failures };
}

/** Parses a log that is known to hold (e.g. just verified): the events in order. */
export function parseChain(text: string): AuditEvent[] {
  return text === ''
    ? []
    : text
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => AuditEventSchema.parse(JSON.parse(l)));
}

export type { AuditEvent, AuditKind };
