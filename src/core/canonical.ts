// RFC 8785 (JSON Canonicalization Scheme) and SHA-256: the bytes that evidence digests and the
// audit chain's hashes are taken over. Canonicalization is the `canonicalize` package (by the
// RFC's author); this module only fixes how waybill calls it.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The RFC 8785 form of a JSON value: sorted keys, no whitespace, ECMAScript number form. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('not a JSON value');
  return text;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
