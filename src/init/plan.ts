// `waybill init`: from what is in a repository (or in several beside each other) to the projects
// of a config, and what was found and guessed on the way. Pure: src/init/run.ts reads the facts.
import { FORGE_NAMES, forgeLinks, forgeOf, parseRemote, type ProjectLinks } from './forge.ts';
import { describeGroup, groupTags, type TagGroup } from './tags.ts';

/** A package of a workspace (npm, yarn or pnpm). */
export interface WorkspacePackage {
  /** Folder relative to the repository root, with "/". */
  path: string;
  name: string;
  private: boolean;
}

/** What src/init/run.ts read of one repository. */
export interface RepoFacts {
  /** The repository relative to the config file: "." or "api". */
  repo: string;
  /** The repository folder's own name. */
  folder: string;
  /** Tag names that point (peeled) at commits. */
  tags: string[];
  /** The `origin` remote's URL, or null. */
  remote: string | null;
  /** The root package.json's `name`, or null. */
  packageName: string | null;
  /** Where the workspace package list came from (`package.json workspaces`, `pnpm-workspace.yaml`), or null. */
  workspaces: string | null;
  packages: WorkspacePackage[];
  /** `.changeset/config.json`, when there is one: its `ignore` list and whether private packages are tagged. */
  changesets: { ignore: string[]; tagPrivate: boolean } | null;
}

/** A project as `waybill init` proposes it, each guess with the reason it is written down. */
export interface ProposedProject {
  id: string;
  name: string;
  repo: string;
  tags: string;
  tagsWhy: string;
  /** The newest tag the pattern matches, where `path` and the changelog are looked for; null when no tag matches yet. */
  newest: string | null;
  path: string | null;
  pathWhy: string | null;
  links: ProjectLinks | null;
  linksWhy: string | null;
}

export interface Proposal {
  projects: ProposedProject[];
  /** What init found, one line each. */
  found: string[];
  /** What it could not settle, one line each (things left out, ambiguities). */
  notes: string[];
}

/** File names tried for a changelog, in this order. */
export const CHANGELOG_NAMES = ['CHANGELOG.md', 'CHANGES.md', 'HISTORY.md', 'NEWS.md', 'changelog.md'];

/** `@acme/core` → `core`; anything else lower-cased with runs of other characters as "-". */
export function projectId(name: string): string {
  const base = name.replace(/^@[^/]+\//, '');
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'project'
  );
}

/** Ids made unique: a second `core` becomes its scope's (`other-core`), else `core-2`. */
function uniqueIds(projects: ProposedProject[]): void {
  const seen = new Set<string>();
  for (const p of projects) {
    let id = p.id;
    if (seen.has(id)) {
      const scope = /^@([^/]+)\//.exec(p.name)?.[1];
      id = scope ? projectId(`${scope}-${id}`) : id;
      for (let n = 2; seen.has(id); n++) id = `${p.id}-${n}`;
    }
    seen.add(id);
    p.id = id;
  }
}

/** The links of a repository's projects, from its `origin` remote. */
function linksOf(
  facts: RepoFacts,
  label: string,
  found: string[],
  notes: string[],
): Pick<ProposedProject, 'links' | 'linksWhy'> {
  if (!facts.remote) {
    notes.push(`${label}: no "origin" remote, so no commit, compare or issue links (add "links" by hand)`);
    return { links: null, linksWhy: null };
  }
  const remote = parseRemote(facts.remote);
  const kind = remote && forgeOf(remote.host);
  if (!remote || !kind) {
    notes.push(
      `${label}: origin is ${remote ? remote.web : 'not a URL of a forge'}, a forge init does not know, so no links (add "links" by hand)`,
    );
    return { links: null, linksWhy: null };
  }
  found.push(`${label}: ${FORGE_NAMES[kind]} repository ${remote.web} (the origin remote)`);
  return { links: forgeLinks(kind, remote.web), linksWhy: `${FORGE_NAMES[kind]}, from the origin remote` };
}

/**
 * The projects of one repository. Workspace packages with tags named after them
 * (`<name>@<version>`, as changesets and lerna tag them) become one project each, with their
 * `path`; the tags left over, if any, are the repository's own releases (the most common tag
 * shape wins, and the others are named in the notes). Without tags, a changesets monorepo still
 * gets one project per package it will tag, and any other repository one project with `v{version}`.
 */
export function proposeRepo(facts: RepoFacts): Proposal {
  // What each line is about: the repository here, or one of those beside each other.
  const label = facts.repo === '.' ? 'this repository' : facts.repo;
  const found: string[] = [];
  const notes: string[] = [];
  const { groups, other } = groupTags(facts.tags);
  const byPrefix = new Map(groups.map((g) => [g.prefix, g]));
  const links = linksOf(facts, label, found, notes);
  const projects: ProposedProject[] = [];
  found.push(
    facts.tags.length
      ? `${label}: ${facts.tags.length} tag${facts.tags.length === 1 ? '' : 's'} (${groups
          .slice(0, 4)
          .map((g) => `${g.tags.length} like "${g.newest}"`)
          .join(', ')}${groups.length > 4 ? ', …' : ''})`
      : `${label}: no tags yet`,
  );
  if (facts.workspaces)
    found.push(`${label}: ${facts.packages.length} workspace packages (${facts.workspaces})`);
  if (facts.changesets) found.push(`${label}: changesets (.changeset/config.json)`);

  const used = new Set<string>();
  const ignored = new Set(facts.changesets?.ignore ?? []);
  const untagged: string[] = [];
  for (const pkg of facts.packages) {
    if (ignored.has(pkg.name)) {
      notes.push(`${label}: ${pkg.name} left out: changesets ignores it`);
      continue;
    }
    const group = byPrefix.get(`${pkg.name}@`);
    if (group) used.add(group.prefix);
    else if (facts.tags.length > 0 || (pkg.private && !facts.changesets?.tagPrivate) || !facts.changesets) {
      untagged.push(pkg.name);
      continue;
    }
    projects.push({
      id: projectId(pkg.name),
      name: pkg.name,
      repo: facts.repo,
      tags: `${pkg.name}@{version}`,
      tagsWhy: group
        ? `${describeGroup(group)}${facts.changesets ? ', as changesets tags a package' : ''}`
        : 'as changesets will tag it; no tags yet',
      newest: group?.newest ?? null,
      path: pkg.path,
      pathWhy: `the package's folder (${facts.workspaces})`,
      ...links,
    });
  }
  if (untagged.length)
    notes.push(
      `${label}: left out, no tags like "<name>@1.0.0" yet: ${untagged.join(', ')} (add them when they have releases)`,
    );

  // The repository's own releases: the most common of the other tag shapes.
  const rest = groups.filter((g) => !used.has(g.prefix));
  const own: TagGroup | undefined = rest[0];
  if (own || projects.length === 0) {
    const name = facts.packageName ?? facts.folder;
    const others = rest.slice(1);
    projects.push({
      id: projectId(name),
      name,
      repo: facts.repo,
      tags: own?.pattern ?? 'v{version}',
      tagsWhy: own
        ? `${describeGroup(own)}${others.length ? `; the other tags (${others.map((g) => `"${g.pattern}"`).join(', ')}) are left out` : ''}`
        : 'no tags yet: the usual shape, "v1.2.3"',
      newest: own?.newest ?? null,
      path: null,
      pathWhy: null,
      ...links,
    });
  }
  if (other.length)
    notes.push(
      `${label}: ${other.length} tag${other.length === 1 ? '' : 's'} without a version, left out (like "${other[0]}")`,
    );
  return { projects, found, notes };
}

/** Every repository's projects, with ids unique across them. */
export function proposeAll(repos: RepoFacts[]): Proposal {
  const all: Proposal = { projects: [], found: [], notes: [] };
  for (const facts of repos) {
    const p = proposeRepo(facts);
    all.projects.push(...p.projects);
    all.found.push(...p.found);
    all.notes.push(...p.notes);
  }
  uniqueIds(all.projects);
  return all;
}

/** What to look for at each project's newest tag: its `path`, and the changelog names (under `path`). */
export function checksOf(project: ProposedProject): { rev: string; path: string }[] {
  if (!project.newest) return [];
  const base = project.path ? `${project.path}/` : '';
  return [
    ...(project.path ? [{ rev: project.newest, path: project.path }] : []),
    ...CHANGELOG_NAMES.map((name) => ({ rev: project.newest!, path: `${base}${name}` })),
  ];
}

/** A project as it goes into the config, each key with the comment that says where it came from. */
export interface PlannedProject {
  entries: { key: string; value: unknown; comment?: string }[];
}

/**
 * The config's projects, from the proposal and what exists at each project's newest tag
 * (`exists(project, rev, path)`): a `path` missing there is left out (the harvest would find no commits),
 * and the changelog is the first of CHANGELOG_NAMES present there.
 */
export function finishProjects(
  proposal: Proposal,
  exists: (project: ProposedProject, rev: string, path: string) => boolean,
): { projects: PlannedProject[]; notes: string[] } {
  const notes: string[] = [];
  const projects = proposal.projects.map((p): PlannedProject => {
    const entries: PlannedProject['entries'] = [
      { key: 'id', value: p.id },
      { key: 'name', value: p.name },
      { key: 'repo', value: p.repo },
      { key: 'tags', value: p.tags, comment: p.tagsWhy },
    ];
    let path = p.path;
    if (path && p.newest && !exists(p, p.newest, path)) {
      notes.push(`${p.id}: ${path} does not exist at ${p.newest}, so "path" is left out`);
      path = null;
    }
    if (path) entries.push({ key: 'path', value: path, comment: p.pathWhy ?? undefined });
    const changelog = p.newest
      ? CHANGELOG_NAMES.find((name) => exists(p, p.newest!, path ? `${path}/${name}` : name))
      : undefined;
    if (changelog)
      entries.push({
        key: 'changelog',
        value: changelog,
        comment: `found at ${p.newest}${path ? `; relative to "path"` : ''}`,
      });
    else if (p.newest)
      notes.push(`${p.id}: no changelog at ${p.newest}, so the notes come from tag messages and commits`);
    if (p.links) entries.push({ key: 'links', value: p.links, comment: p.linksWhy ?? undefined });
    return { entries };
  });
  return { projects, notes };
}

/** The JSON text of a value at an indentation, its first line not indented. */
function json(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).split('\n').join(`\n${indent}`);
}

/** Entries as the lines of a JSONC object's body, each comment on the line above its key. */
function body(entries: { key: string; value: unknown; comment?: string }[], indent: string): string[] {
  return entries.flatMap((e, i) => [
    ...(e.comment ? [`${indent}// ${e.comment}`] : []),
    `${indent}${JSON.stringify(e.key)}: ${json(e.value, indent)}${i < entries.length - 1 ? ',' : ''}`,
  ]);
}

/** The config file `waybill init` writes: JSON with a comment on every guess. */
export function renderConfig(opts: {
  title: string;
  timezone: string;
  timezoneWhy: string;
  projects: PlannedProject[];
}): string {
  const lines = [
    '// The release portal of these repositories, written by `waybill init`: check the guesses in the',
    '// comments, then run `npx waybill build`. Every setting is described in',
    '// node_modules/waybill/docs/configuration.md and, for your editor, in the schema below. Paths are',
    '// relative to this file.',
    '{',
    ...body(
      [
        { key: '$schema', value: './node_modules/waybill/waybill.config.schema.json' },
        { key: 'title', value: opts.title },
        { key: 'timezone', value: opts.timezone, comment: opts.timezoneWhy },
        {
          key: 'strict',
          value: true,
          comment:
            'a setting that matches nothing, a bad SBOM or deployment record fails the harvest; false: warn and go on',
        },
      ],
      '  ',
    ).map((l, i, all) => (i === all.length - 1 ? `${l},` : l)),
    '  "projects": [',
    ...opts.projects.flatMap((p, i) => [
      '    {',
      ...body(p.entries, '      '),
      `    }${i < opts.projects.length - 1 ? ',' : ''}`,
    ]),
    '  ]',
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
