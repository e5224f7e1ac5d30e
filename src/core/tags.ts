// Tag patterns: which tags are releases of a project, and the version each one names.
import type { TagPattern } from '../schemas/config/projects.ts';

/** `{version}`: starts with a digit, no whitespace, no "/" (docs/configuration.md, "tags"). */
const VERSION = '[0-9][^\\s/]*';

const VERSION_RE = new RegExp(`^${VERSION}$`);

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Turns a tag pattern into a function from a tag name to its version, or null when it does not match. */
export function compileTagPattern(pattern: TagPattern): (tag: string) => string | null {
  let re: RegExp;
  if (typeof pattern === 'string') {
    const [before, after] = pattern.split('{version}');
    re = new RegExp(`^${escapeRegExp(before)}(?<version>${VERSION})${escapeRegExp(after)}$`);
  } else {
    re = new RegExp(pattern.regex);
  }
  return (tag) => {
    const version = re.exec(tag)?.groups?.version;
    if (version === undefined || !VERSION_RE.test(version)) return null;
    return version;
  };
}

const ALNUM = /[A-Za-z0-9]/;

/**
 * A tag's prefix and version: `v1.2.3` → `v` + `1.2.3`, `@acme/core@1.2.0` → `@acme/core@` +
 * `1.2.0`, `release-1.2` → `release-` + `1.2`, `api-v2.0.0` → `api-v` + `2.0.0`; null when no
 * part of it reads as a version. After an `@` (npm's `name@version`) the version is what follows
 * the last one; otherwise it starts at the first digit that begins a word (or follows a word
 * `v`), so digits inside a name (`s3-client-1.0.0`) stay in the prefix.
 */
export function splitTag(tag: string): { prefix: string; version: string } | null {
  const at = tag.lastIndexOf('@');
  if (at > 0) {
    const version = tag.slice(at + 1);
    return VERSION_RE.test(version) ? { prefix: tag.slice(0, at + 1), version } : null;
  }
  for (let i = 0; i < tag.length; i++) {
    if (!/\d/.test(tag[i]!)) continue;
    const before = tag[i - 1];
    const startsWord =
      before === undefined ||
      !ALNUM.test(before) ||
      (/[vV]/.test(before) && (i === 1 || !ALNUM.test(tag[i - 2]!)));
    if (!startsWord) continue;
    const version = tag.slice(i);
    if (VERSION_RE.test(version)) return { prefix: tag.slice(0, i), version };
  }
  return null;
}
