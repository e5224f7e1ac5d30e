// Tag patterns: which tags are releases of a project, and the version each one names.
import type { TagPattern } from '../config/schema.ts';

/** `{version}`: starts with a digit, no whitespace, no "/" (PRODUCT.md). */
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
