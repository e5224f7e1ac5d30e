// `waybill init`: tag patterns guessed from the tags a repository has. Pure.
import { compareVersions } from '../core/version.ts';

/** `{version}` as a tag pattern captures it: starts with a digit, no whitespace or "/". */
const VERSION = /^\d[^\s/]*$/;
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
    return VERSION.test(version) ? { prefix: tag.slice(0, at + 1), version } : null;
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
    if (VERSION.test(version)) return { prefix: tag.slice(0, i), version };
  }
  return null;
}

export interface TagGroup {
  /** The tag pattern: `<prefix>{version}`. */
  pattern: string;
  prefix: string;
  /** The tags of the group, highest version first. */
  tags: string[];
  /** The highest version's tag. */
  newest: string;
}

/** Tags grouped by prefix, each group's tags highest version first; groups with the most tags first (then by pattern). */
export function groupTags(tags: string[]): { groups: TagGroup[]; other: string[] } {
  const byPrefix = new Map<string, { tag: string; version: string }[]>();
  const other: string[] = [];
  for (const tag of tags) {
    const split = splitTag(tag);
    if (!split) {
      other.push(tag);
      continue;
    }
    const list = byPrefix.get(split.prefix) ?? [];
    list.push({ tag, version: split.version });
    byPrefix.set(split.prefix, list);
  }
  const groups = [...byPrefix].map(([prefix, list]): TagGroup => {
    const sorted = list.sort((a, b) => compareVersions(b.version, a.version) || (a.tag < b.tag ? -1 : 1));
    return {
      pattern: `${prefix}{version}`,
      prefix,
      tags: sorted.map((t) => t.tag),
      newest: sorted[0]!.tag,
    };
  });
  groups.sort((a, b) => b.tags.length - a.tags.length || (a.pattern < b.pattern ? -1 : 1));
  return { groups, other: other.sort() };
}

/** `12 tags, like "v1.2.0"` */
export function describeGroup(group: TagGroup): string {
  return `${group.tags.length} tag${group.tags.length === 1 ? '' : 's'}, like "${group.newest}"`;
}
