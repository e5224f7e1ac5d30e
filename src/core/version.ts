// Version order (docs/releases-from-git.md, "Version order"): two versions that are both valid
// SemVer compare by SemVer precedence; two that both parse as PEP 440, where either uses its pre-,
// post- or dev-release forms, compare by PEP 440; any other pair compares as GNU `sort -V` would.
// Ties (equal precedence, different strings) are broken by the strings, so the order is total.
import { compare as pep440Compare, explain as pep440Explain } from '@renovatebot/pep440';
import semver from 'semver';

/** What the order needs to know of a version string, worked out once per string. */
interface Facts {
  semver: boolean;
  semverPrerelease: boolean;
  /** Parses as PEP 440. */
  pep440: boolean;
  /** A PEP 440 version with a pre-, post- or dev-release part (`3.12.0a1`, `1.0.post1`, `2.6.0.dev0`). */
  pep440Special: boolean;
  /** A PEP 440 pre- or dev-release. */
  pep440Prerelease: boolean;
}

// Sorting 50,000 tags (or an SBOM's component versions) asks about the same strings many times.
const cache = new Map<string, Facts>();
const CACHE_LIMIT = 100_000;

function factsOf(v: string): Facts {
  let f = cache.get(v);
  if (f) return f;
  const isSem = semver.valid(v, { loose: false }) === v;
  // PEP 440 allows a leading "v" and surrounding spaces; versions here start with a digit already.
  const pep = /^[0-9]/.test(v) ? pep440Explain(v) : null;
  f = {
    semver: isSem,
    semverPrerelease: isSem && semver.prerelease(v) !== null,
    pep440: pep !== null,
    pep440Special: pep !== null && (pep.pre !== null || pep.post !== null || pep.dev !== null),
    pep440Prerelease: pep !== null && (pep.pre !== null || pep.dev !== null),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(v, f);
  return f;
}

/** True when `v` is a valid SemVer 2.0 version (no leading "v", no loose forms). */
export function isSemVer(v: string): boolean {
  return factsOf(v).semver;
}

/**
 * A prerelease is a SemVer version with a prerelease part (`2.0.0-rc.1`), or a PEP 440 pre- or
 * dev-release (`3.12.0rc1`, `2.6.0.dev0`). Other versions count as final releases (`1.2`, `1.0-1`
 * as SemVer reads it, `1.0.post1`).
 */
export function isPrerelease(v: string): boolean {
  const f = factsOf(v);
  return f.semver ? f.semverPrerelease : f.pep440Prerelease;
}

/**
 * The major line a version belongs to: `2` for 2.3.0, `0.4` for 0.4.1 (before 1.0.0 the minor
 * is the breaking line), the leading number for versions that are not SemVer (`1` for 1.3rc1).
 */
export function majorLine(v: string): string | null {
  if (isSemVer(v)) {
    const major = semver.major(v);
    return major === 0 ? `0.${semver.minor(v)}` : String(major);
  }
  return /^(\d+)/.exec(v)?.[1]?.replace(/^0+(?=\d)/, '') ?? null;
}

/** Negative when a < b, positive when a > b, 0 only for identical strings. */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const fa = factsOf(a);
  const fb = factsOf(b);
  let c: number;
  if (fa.semver && fb.semver) c = semver.compare(a, b);
  else if (fa.pep440 && fb.pep440 && (fa.pep440Special || fb.pep440Special)) c = pep440Compare(a, b);
  else c = fileVersionCompare(a, b);
  // Equal precedence (build metadata or a local version differs, `1.0` and `1.0.0` in PEP 440):
  // the strings decide, so the order is total.
  if (c !== 0) return c < 0 ? -1 : 1;
  return a < b ? -1 : 1;
}

// --- GNU sort -V -------------------------------------------------------------------------------
// A port of gnulib's filevercmp() (lib/filevercmp.c), which `sort -V` uses: the Debian version
// comparison (verrevcmp) applied to the names without their "file suffix", then to the whole names.

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Weight of a non-digit character: letters sort before other characters; "~" before everything. */
function order(s: string, i: number, len: number): number {
  if (i >= len) return 0;
  const c = s.charCodeAt(i);
  if (isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 126 /* ~ */) return -1;
  return c + 256;
}

function verrevcmp(a: string, alen: number, b: string, blen: number): number {
  let i = 0;
  let j = 0;
  while (i < alen || j < blen) {
    let firstDiff = 0;
    while ((i < alen && !isDigit(a.charCodeAt(i))) || (j < blen && !isDigit(b.charCodeAt(j)))) {
      const ac = order(a, i, alen);
      const bc = order(b, j, blen);
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (i < alen && a.charCodeAt(i) === 48) i++;
    while (j < blen && b.charCodeAt(j) === 48) j++;
    while (i < alen && j < blen && isDigit(a.charCodeAt(i)) && isDigit(b.charCodeAt(j))) {
      if (!firstDiff) firstDiff = a.charCodeAt(i) - b.charCodeAt(j);
      i++;
      j++;
    }
    if (i < alen && isDigit(a.charCodeAt(i))) return 1;
    if (j < blen && isDigit(b.charCodeAt(j))) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

/** Length of `s` without its suffix: the longest match of `(\.[A-Za-z~][A-Za-z0-9~]*)*$`. */
function prefixLength(s: string): number {
  const m = /(?:\.[A-Za-z~][A-Za-z0-9~]*)*$/.exec(s);
  return m ? m.index : s.length;
}

/** GNU `sort -V` order of two strings (without its final byte-wise tie-break). */
export function fileVersionCompare(a: string, b: string): number {
  if (a === b) return 0;
  const ap = prefixLength(a);
  const bp = prefixLength(b);
  const onePass = ap === a.length && bp === b.length;
  const r = verrevcmp(a, ap, b, bp);
  return r || onePass ? r : verrevcmp(a, a.length, b, b.length);
}
