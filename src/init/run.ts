// `waybill init`: reads what is in the current folder (a git repository, or several beside each
// other), has src/init/plan.ts turn it into a config, and writes it. The only part of init/ that
// does I/O.
import { existsSync, globSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { findConfig } from '../config/load.ts';
import { InputError } from '../errors/index.ts';
import { existAt, ignoredPaths, isRepository, readRemoteUrl, readTags } from '../harvest/git.ts';
import {
  checksOf,
  finishProjects,
  proposeAll,
  renderConfig,
  type RepoFacts,
  type WorkspacePackage,
} from './plan.ts';

export const INIT_CONFIG = 'waybill.config.json';

export interface InitPlan {
  /** The file to write. */
  file: string;
  text: string;
  /** What was found and what was guessed or left out, one line each. */
  found: string[];
  notes: string[];
  /** What a build writes here that git in this folder does not ignore yet (`dist/`, `.waybill-cache/`). */
  unignored: string[];
}

/** What `waybill build` writes beside the config that does not belong in git: the site and the caches. */
const BUILD_OUTPUT = ['dist/', '.waybill-cache/'];

/** A config already here is kept unless `--force`: the error says how to replace it. */
export function assertNoConfig(cwd: string, force: boolean): void {
  const existing = findConfig(cwd);
  if (!existing) return;
  // init writes JSON; a .ts or .mjs config beside it would still be the one used (findConfig).
  if (existing !== join(resolve(cwd), INIT_CONFIG))
    throw new InputError(`a config already exists: ${existing}`, {
      fix: `edit it, or remove it and run \`waybill init\` again (it writes ${INIT_CONFIG}, which ${basename(existing)} would take precedence over)`,
    });
  if (!force)
    throw new InputError(`a config already exists: ${existing}`, {
      fix: 'edit it, or run `waybill init --force` to replace it with a new guess',
    });
}

/**
 * Looks at `cwd`: a git repository, or folders in it that are (`api/`, `web/`), and plans the
 * config. `timezone` is the one the config gets (the machine's, as a starting point).
 */
export async function planInit(cwd: string, timezone: string): Promise<InitPlan> {
  const root = resolve(cwd);
  let repos: string[];
  if (await isRepository(root)) repos = [root];
  else {
    repos = [];
    for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)))
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
        if (await isRepository(join(root, entry.name))) repos.push(join(root, entry.name));
    if (repos.length === 0)
      throw new InputError(`${root} is not a git repository, and none of the folders in it is one`, {
        fix: 'run `waybill init` in a repository, or in a folder that holds repositories side by side (api/, web/)',
      });
  }
  const facts = await Promise.all(repos.map((dir) => readRepoFacts(dir, root)));
  const proposal = proposeAll(facts);
  // Each project's path and changelog as they are at its newest tag, in one git process per repository.
  const exists = new Set<string>();
  for (const dir of repos) {
    const repo = relative(root, dir).split(sep).join('/') || '.';
    const checks = proposal.projects.filter((p) => p.repo === repo).flatMap(checksOf);
    const found = await existAt(dir, checks);
    checks.forEach((c, i) => found[i] && exists.add(`${repo}\0${c.rev}\0${c.path}`));
  }
  const finished = finishProjects(proposal, (project, rev, path) =>
    exists.has(`${project.repo}\0${rev}\0${path}`),
  );
  const single = facts.length === 1 ? facts[0]! : null;
  const title = `${single?.packageName?.replace(/^@[^/]+\//, '') ?? basename(root)} releases`;
  return {
    file: join(root, INIT_CONFIG),
    text: renderConfig({
      title,
      timezone,
      timezoneWhy:
        "this machine's time zone; dates and calendars use it, never the time zone of the build machine",
      projects: finished.projects,
    }),
    found: proposal.found,
    notes: [...proposal.notes, ...finished.notes],
    unignored: await unignoredOutput(root),
  };
}

/** The build output git would track in `root`; nothing when `root` is not inside a work tree. */
async function unignoredOutput(root: string): Promise<string[]> {
  const ignored = await ignoredPaths(root, BUILD_OUTPUT);
  return ignored ? BUILD_OUTPUT.filter((p) => !ignored.has(p)) : [];
}

/** Writes the planned config; refuses to replace one unless `force` (checked again: one may have appeared meanwhile). */
export function writeInit(plan: InitPlan, force: boolean): void {
  assertNoConfig(dirname(plan.file), force);
  writeFileSync(plan.file, plan.text);
}

function readJson(file: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

/** Tags, remote, workspaces and changesets of one repository (`dir`), relative to the config folder `root`. */
async function readRepoFacts(dir: string, root: string): Promise<RepoFacts> {
  const pkg = readJson(join(dir, 'package.json'));
  // npm and yarn: `workspaces` (a list, or yarn's `{ packages }`); pnpm: pnpm-workspace.yaml.
  let globs: string[] = [];
  let workspaces: string | null = null;
  const ws = pkg?.workspaces;
  const wsList = Array.isArray(ws)
    ? strings(ws)
    : strings((ws as { packages?: unknown } | undefined)?.packages);
  if (wsList.length) {
    globs = wsList;
    workspaces = 'package.json workspaces';
  } else if (existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const yaml = parseYaml(readFileSync(join(dir, 'pnpm-workspace.yaml'), 'utf8')) as {
      packages?: unknown;
    } | null;
    globs = strings(yaml?.packages);
    workspaces = 'pnpm-workspace.yaml';
  }
  const packages: WorkspacePackage[] = [];
  const excluded = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  const seen = new Set<string>();
  for (const pattern of globs.filter((g) => !g.startsWith('!'))) {
    for (const match of globSync(pattern, { cwd: dir })) {
      const path = (typeof match === 'string' ? match : String(match))
        .split(sep)
        .join('/')
        .replace(/\/$/, '');
      if (seen.has(path) || path.split('/').includes('node_modules')) continue;
      if (excluded.some((e) => matchesGlob(path, e))) continue;
      if (!statSync(join(dir, path)).isDirectory()) continue;
      const manifest = readJson(join(dir, path, 'package.json'));
      if (typeof manifest?.name !== 'string') continue;
      seen.add(path);
      packages.push({ path, name: manifest.name, private: manifest.private === true });
    }
  }
  packages.sort((a, b) => (a.path < b.path ? -1 : 1));
  const changesetConfig = existsSync(join(dir, '.changeset', 'config.json'))
    ? (readJson(join(dir, '.changeset', 'config.json')) ?? {})
    : null;
  const tags = (await readTags(dir)).filter((t) => t.peeledType === 'commit').map((t) => t.name);
  return {
    repo: relative(root, dir).split(sep).join('/') || '.',
    folder: basename(dir),
    tags,
    remote: await readRemoteUrl(dir),
    packageName: typeof pkg?.name === 'string' ? pkg.name : null,
    workspaces,
    packages,
    changesets: changesetConfig
      ? {
          ignore: strings(changesetConfig.ignore),
          // changesets tags private packages only with `privatePackages: { tag: true }`.
          tagPrivate: (changesetConfig.privatePackages as { tag?: unknown } | undefined)?.tag === true,
        }
      : null,
  };
}

/** A folder matches an exclusion of a workspace list (`!packages/internal-*`). */
function matchesGlob(path: string, pattern: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('/')
      .map((part) =>
        part === '**'
          ? '.*'
          : part
              .replace(/[.+^${}()|[\]\\]/g, '\\$&')
              .replace(/\*/g, '[^/]*')
              .replace(/\?/g, '[^/]'),
      )
      .join('/')}$`,
  );
  return re.test(path.split(sep).join('/'));
}
