// `waybill init`: tag patterns guessed from the tags a repository has. Pure.
import { splitTag } from '../core/tags.ts';
import { compareVersions } from '../core/version.ts';

export { splitTag };

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
