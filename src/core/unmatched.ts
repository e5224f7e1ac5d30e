// Settings that match nothing, said out loud: a tag pattern no tag fits, a `path` or `changelog`
// that exists at none of the release tags, an `sboms` pattern no file fits, a deployment source
// that reads no file or names no project. Each harvest reports them per project, as warnings, or
// with `"strict": true` as errors, all at once (docs/getting-started.md). Pure: the harvest says
// what it saw.
import type { TagPattern } from '../schemas/config/projects.ts';
import { InputError } from '../errors/index.ts';
import { splitTag } from './tags.ts';
import { compareVersions } from './version.ts';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const quoteList = (items: string[]) =>
  items.length <= 1
    ? items.map((s) => `"${s}"`).join('')
    : `${items
        .slice(0, -1)
        .map((s) => `"${s}"`)
        .join(', ')} and "${items.at(-1)}"`;

/** Edit distance (insertions, deletions, substitutions). */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/** A tag with its version as `{version}` (`v1.2.0` → `v{version}`), to compare with a tag pattern. */
function shapeOf(tag: string): { shape: string; version: string } {
  const split = splitTag(tag);
  return split ? { shape: `${split.prefix}{version}`, version: split.version } : { shape: tag, version: '' };
}

/**
 * The tags nearest to a pattern, at most `count`: tags grouped by shape, the shapes nearest the
 * pattern (by edit distance) first, the highest versions of each first.
 */
export function closestTags(pattern: TagPattern, tags: string[], count = 3): string[] {
  const target = typeof pattern === 'string' ? pattern : pattern.regex;
  const shapes = new Map<string, { tag: string; version: string }[]>();
  for (const tag of tags) {
    const { shape, version } = shapeOf(tag);
    shapes.set(shape, [...(shapes.get(shape) ?? []), { tag, version }]);
  }
  return [...shapes]
    .map(([shape, list]) => ({ distance: editDistance(shape, target), shape, list }))
    .sort((a, b) => a.distance - b.distance || b.list.length - a.list.length || (a.shape < b.shape ? -1 : 1))
    .flatMap(({ list }) =>
      list
        .sort((a, b) => compareVersions(b.version, a.version) || (a.tag < b.tag ? -1 : 1))
        .map((t) => t.tag),
    )
    .slice(0, count);
}

/** Where a project setting is, as the config errors name it. */
const at = (project: { id: string; index: number }, key: string) =>
  `project "${project.id}" (projects[${project.index}].${key})`;

export interface ProjectRef {
  id: string;
  index: number;
}

/** The tag pattern matches none of the repository's tags. */
export function tagsMatchNothing(
  project: ProjectRef,
  pattern: TagPattern,
  repo: string,
  tags: string[],
): InputError {
  const shown = typeof pattern === 'string' ? `"${pattern}"` : `{"regex": ${JSON.stringify(pattern.regex)}}`;
  if (tags.length === 0)
    return new InputError(`the tag pattern ${shown} matches no tag: ${repo} has no tags`, {
      where: at(project, 'tags'),
      fix: 'tag a release (`git tag v1.0.0` and push it), or check "repo"',
    });
  const closest = closestTags(pattern, tags);
  return new InputError(
    `the tag pattern ${shown} matches none of the ${plural(tags.length, 'tag')} of ${repo}; the closest are ${quoteList(closest)}`,
    {
      where: at(project, 'tags'),
      fix: `set "tags" to how the release tags are named, "{version}" for the version (for ${quoteList(closest.slice(0, 1))}: "${shapeOf(closest[0]!).shape}")`,
    },
  );
}

/** The `path` folder exists at none of the release tags. */
export function pathAtNoTag(project: ProjectRef, path: string, releases: number): InputError {
  return new InputError(
    `the folder "${path}" exists at none of the ${plural(releases, 'release tag')}, so no commit touches it`,
    {
      where: at(project, 'path'),
      fix: 'set "path" to the folder as it is at those tags, relative to the repository root, or remove it',
    },
  );
}

/** The changelog exists at none of the release tags; `file` is where it was looked for (under `path`). */
export function changelogAtNoTag(
  project: ProjectRef & { path?: string },
  changelog: string,
  file: string,
  releases: number,
): InputError {
  return new InputError(
    `the changelog "${changelog}" exists at none of the ${plural(releases, 'release tag')}: looked for ${file}${project.path ? ` ("changelog" is relative to "path")` : ' from the repository root'}`,
    {
      where: at(project, 'changelog'),
      fix: `name the file as it is at those tags${project.path ? `, relative to "${project.path}"` : ''}, or remove "changelog" (the notes then come from tag messages and commits)`,
    },
  );
}

/** The `sboms` pattern names no existing file for any release; `files` are what it named, by version order. */
export function sbomsMatchNothing(
  project: ProjectRef,
  pattern: string,
  files: string[],
  configDir: string,
): InputError {
  const newest = files.at(-1)!;
  return new InputError(
    `"${pattern}" matches no file: none of the ${plural(files.length, 'release')} has one (looked for ${newest}${files.length > 1 ? ` and ${plural(files.length - 1, 'other')}` : ''}, relative to ${configDir})`,
    {
      where: at(project, 'sboms'),
      fix: 'correct the pattern ("{version}" is the version without the tag prefix, like 1.2.0), or remove "sboms"',
    },
  );
}

/** A deployment source whose path or glob matches no file. */
export function deploymentsNoFile(index: number, path: string, configDir: string): InputError {
  return new InputError(`"${path}" matches no file (relative to ${configDir})`, {
    where: `deployments[${index}].path`,
    fix: 'correct the path or the pattern, or remove the source',
  });
}

/** A deployment source whose `project` is not a project of the config. */
export function deploymentsNoProject(index: number, project: string, ids: string[]): InputError {
  return new InputError(`"${project}" is not a project of this config`, {
    where: `deployments[${index}].project`,
    fix: `use one of: ${ids.join(', ')}`,
  });
}
