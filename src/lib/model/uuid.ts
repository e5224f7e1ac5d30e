// Name-based UUIDs (RFC 9562 §5.5): the same name gives the same UUID in every build, so what is
// named by one (an iCalendar UID, an SBOM's serial number) stays stable across rebuilds.
import { createHash } from 'node:crypto';

// The RFC 9562 namespace for names that are URLs, the default; waybill's names are URL-like
// (`waybill:<host>:<project>:<slug>`).
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/** A name-based (SHA-1) UUID, version 5, RFC 9562 §5.5. */
export function uuidV5(name: string, namespace = URL_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
