// RFC 8785 (JSON Canonicalization Scheme) and SHA-256: the bytes that evidence digests and the
// audit chain's hashes are taken over.
//
// RFC 8785 was designed so that ECMAScript's own JSON.stringify gives its number and string forms;
// what it adds is object keys sorted by UTF-16 code units, which is Array#sort's default order.
// The `canonicalize` package (by the RFC's author) is the oracle in the unit tests; this writer is
// a few times faster, which matters for a harvest that canonicalizes every commit of every release.
import { createHash } from 'node:crypto';

/** The RFC 8785 form of a JSON value: keys sorted by UTF-16 code units, no whitespace, ECMAScript number form. */
export function canonicalJson(value: unknown): string {
  // Fast: JSON.stringify over a copy with sorted keys. But JavaScript objects enumerate
  // integer-like keys ("1", "42") first whatever order they were added in, so a value that has
  // any is written out by hand instead.
  const state = { indexKey: false };
  const sorted = sortKeys(value, state);
  const text = state.indexKey ? write(value) : JSON.stringify(sorted);
  if (text === undefined) throw new TypeError('not a JSON value');
  return text;
}

const INDEX_KEY = /^(?:0|[1-9]\d*)$/;

function sortKeys(value: unknown, state: { indexKey: boolean }): unknown {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new TypeError(`${value} is not a JSON number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => sortKeys(v, state));
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
    return sortKeys((value as { toJSON(): unknown }).toJSON(), state);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (INDEX_KEY.test(key)) state.indexKey = true;
    out[key] = sortKeys((value as Record<string, unknown>)[key], state);
  }
  return out;
}

function write(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => write(v) ?? 'null').join(',')}]`;
      if (typeof (value as { toJSON?: unknown }).toJSON === 'function')
        return write((value as { toJSON(): unknown }).toJSON());
      const parts: string[] = [];
      for (const key of Object.keys(value).sort()) {
        const v = write((value as Record<string, unknown>)[key]);
        if (v !== undefined) parts.push(`${JSON.stringify(key)}:${v}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined; // undefined, functions, symbols: left out, as JSON does
  }
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
