// JSON files that carry their own digest (the `.state` files of a data folder): a file edited by
// hand, cut short or damaged does not check, and is rebuilt from git with a warning instead of
// being trusted (docs/audit.md, "Caches"). The digest is the SHA-256 of the RFC 8785 canonical JSON
// of the value without it, so it does not depend on how the file is indented.
import { canonicalJson, sha256Hex } from '../core/canonical.ts';

const FIELD = 'digest';

/** The file's text: the value's fields, then `digest`. `pretty` indents it (for files people read). */
export function sealJson(value: Record<string, unknown>, pretty = true): string {
  const sealed = { ...value, [FIELD]: sha256Hex(canonicalJson(value)) };
  return (pretty ? JSON.stringify(sealed, null, 2) : canonicalJson(sealed)) + '\n';
}

export type Unsealed = { ok: true; value: Record<string, unknown> } | { ok: false; why: string };

/** The value of a sealed file, or why it does not check. */
export function unsealJson(text: string): Unsealed {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, why: 'it is not valid JSON' };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { ok: false, why: 'it is not a JSON object' };
  const { [FIELD]: digest, ...value } = parsed as Record<string, unknown>;
  if (typeof digest !== 'string')
    return { ok: false, why: 'it has no digest (written by an older waybill, or by hand)' };
  if (sha256Hex(canonicalJson(value)) !== digest)
    return { ok: false, why: 'its digest does not match its content (edited or damaged)' };
  return { ok: true, value };
}
