// The CI templates in examples/ci/ as a team copies them: they parse, every waybill command they
// run exists with those flags, the history is complete (no shallow clone), the cache restores the
// very folder the harvest writes (or the audit chain restarts), what is verified is what the
// published site was built from, and in the sharded variants every shard lands where the merge
// reads it. And their commands run, against the installed package (the last describe).
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { buildDemoConfig } from '../../src/demo/generate.ts';
import { packedTarball, ROOT } from '../helpers/package.ts';

const CI = resolve(import.meta.dirname, '../../examples/ci');
const TEMPLATES = {
  github: join(CI, 'github/release-portal.yml'),
  githubSharded: join(CI, 'github/release-portal-sharded.yml'),
  gitlab: join(CI, 'gitlab/.gitlab-ci.yml'),
  gitlabSharded: join(CI, 'gitlab/.gitlab-ci.sharded.yml'),
};

/**
 * The command line contract (docs/cli.md), sharding included: `harvest --project ID... --json`
 * and `merge <shard>... --data DIR`. Flag → whether it takes a value;
 * `args`: how many positional arguments (min, max).
 */
const CONTRACT: Record<string, { flags: Record<string, boolean>; args: [number, number] }> = {
  harvest: { flags: { '--config': true, '--data': true, '--project': true, '--json': false }, args: [0, 0] },
  build: {
    flags: { '--config': true, '--data': true, '--out': true, '--audience': true, '--no-harvest': false },
    args: [0, 0],
  },
  verify: { flags: { '--out': true, '--data': true, '--json': false }, args: [0, 0] },
  notes: { flags: { '--format': true, '--data': true }, args: [2, 2] },
  merge: { flags: { '--config': true, '--data': true, '--json': false }, args: [1, Infinity] },
  preview: { flags: {}, args: [0, 0] },
  init: { flags: { '--yes': false, '--force': false }, args: [0, 0] },
};

type Yaml = Record<string, any>;

function load(file: string): Yaml {
  const doc = parseDocument(readFileSync(file, 'utf8'), { uniqueKeys: true, prettyErrors: true });
  expect(
    doc.errors.map((e) => e.message),
    file,
  ).toEqual([]);
  expect(
    doc.warnings.map((e) => e.message),
    file,
  ).toEqual([]);
  return doc.toJS() as Yaml;
}

interface Invocation {
  verb: string;
  flags: Record<string, string | true>;
  /** Repeatable flags (`--project`), every value. */
  all: Record<string, string[]>;
  args: string[];
  line: string;
}

/** `npx waybill …` or `npm run waybill -- …` in a shell line, parsed; null for other lines. */
function parseWaybill(line: string): Invocation | null {
  const m = /(?:^|[;&|]\s*)(?:npx\s+waybill|npm\s+run\s+waybill\s+--)\s+(.*)$/.exec(line.trim());
  if (!m) return null;
  // A GitHub expression (`${{ matrix.project }}`) is one word to the shell once expanded.
  const words = m[1]!
    .replace(/\$\{\{\s*(.*?)\s*\}\}/g, '${{$1}}')
    .trim()
    .split(/\s+/);
  const verb = words.shift()!;
  const spec = CONTRACT[verb];
  if (!spec) throw new Error(`unknown verb "${verb}" in: ${line}`);
  const inv: Invocation = { verb, flags: {}, all: {}, args: [], line };
  while (words.length) {
    const w = words.shift()!;
    if (w.startsWith('--')) {
      const [name, inline] = w.split('=', 2) as [string, string | undefined];
      if (!(name in spec.flags)) throw new Error(`waybill ${verb} has no flag ${name}: ${line}`);
      let value: string | true = true;
      if (spec.flags[name]) {
        value = inline ?? words.shift() ?? '';
        if (value === '' || value.startsWith('--')) throw new Error(`${name} needs a value: ${line}`);
      }
      inv.flags[name] = value;
      (inv.all[name] ??= []).push(String(value));
    } else {
      inv.args.push(w);
    }
  }
  const [min, max] = spec.args;
  if (inv.args.length < min || inv.args.length > max)
    throw new Error(`waybill ${verb} takes ${min}..${max} arguments, got ${inv.args.length}: ${line}`);
  if (verb === 'verify' && inv.flags['--out'] && inv.flags['--data'])
    throw new Error(`verify takes --out or --data, not both: ${line}`);
  return inv;
}

/** Shell lines of a GitHub job's `run:` steps or a GitLab job's `script:`, in order. */
const linesOf = (scripts: unknown[]): string[] =>
  scripts
    .flatMap((s) => String(s).split('\n'))
    .map((l) => l.trim())
    .filter(Boolean);
const githubRuns = (job: Yaml): string[] =>
  linesOf((job.steps as Yaml[]).filter((s) => s.run).map((s) => s.run));
const gitlabScript = (job: Yaml): string[] => linesOf([...(job.before_script ?? []), ...(job.script ?? [])]);
const waybillIn = (lines: string[]) => lines.map(parseWaybill).filter((i): i is Invocation => i !== null);
const githubJobs = (wf: Yaml) => Object.entries(wf.jobs as Record<string, Yaml>);
const gitlabJobs = (p: Yaml) =>
  Object.entries(p).filter(
    ([k, v]) => typeof v === 'object' && v !== null && ('script' in v || 'trigger' in v),
  ) as [string, Yaml][];
const stepUsing = (job: Yaml, action: string): Yaml[] =>
  (job.steps as Yaml[]).filter((s) => typeof s.uses === 'string' && s.uses.startsWith(`${action}@`));
const asList = (v: unknown): string[] =>
  (Array.isArray(v) ? v.map(String) : String(v ?? '').split('\n'))
    .map((s) => s.trim().replace(/\/$/, ''))
    .filter(Boolean);
const DEMO_IDS = buildDemoConfig('/tmp/waybill-demo')
  .projects!.map((p) => p.id)
  .sort();

const tmp = mkdtempSync(join(tmpdir(), 'waybill-ci-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs shell lines in a fresh folder and lists what is there afterwards (for globs and renames). */
function shell(
  name: string,
  setup: string[],
  lines: string[],
  glob?: string,
): { dirs: string[]; expanded: string[] } {
  const dir = join(tmp, name);
  for (const d of setup) mkdirSync(join(dir, d), { recursive: true });
  for (const l of lines) {
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', l], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${l}\n${r.stderr}`);
  }
  const expanded = glob
    ? spawnSync('bash', ['-c', `printf '%s\\n' ${glob}`], { cwd: dir, encoding: 'utf8' })
        .stdout.split('\n')
        .filter(Boolean)
        .sort()
    : [];
  return { dirs: readdirSync(join(dir, 'shards')).sort(), expanded };
}

describe('the contract above', () => {
  it('is what the CLI accepts: every verb and flag appears in its --help', () => {
    const cli = resolve(import.meta.dirname, '../../scripts/waybill.ts');
    for (const [verb, { flags }] of Object.entries(CONTRACT)) {
      const help = spawnSync(process.execPath, [cli, verb, '--help'], { encoding: 'utf8' }).stdout;
      for (const flag of Object.keys(flags)) expect(help, `${verb} ${flag}`).toContain(flag);
    }
  });
});

describe('every template', () => {
  it.each(Object.entries(TEMPLATES))(
    '%s parses as YAML and runs only waybill verbs and flags that exist',
    (_, file) => {
      const y = load(file);
      const jobs = file.includes('github')
        ? githubJobs(y).map(([, j]) => githubRuns(j))
        : gitlabJobs(y).map(([, j]) => gitlabScript(j));
      const invocations = waybillIn(jobs.flat());
      // Not vacuous: each template harvests (or merges), builds and verifies.
      const verbs = new Set(invocations.map((i) => i.verb));
      expect(verbs).toContain('build');
      expect(verbs).toContain('verify');
      expect(verbs.has('harvest') || verbs.has('merge')).toBe(true);
    },
  );

  it('the line parser catches what a typo would break (so the test above can fail)', () => {
    expect(() => parseWaybill('npx waybill verfiy --out dist')).toThrow(/unknown verb "verfiy"/);
    expect(() => parseWaybill('npx waybill build --output dist')).toThrow(/no flag --output/);
    expect(() => parseWaybill('npx waybill harvest --data')).toThrow(/--data needs a value/);
    expect(() => parseWaybill('npx waybill merge --data content/data')).toThrow(/1\.\.Infinity arguments/);
    expect(() => parseWaybill('npx waybill verify --out dist --data content/data')).toThrow(/not both/);
    expect(parseWaybill('npm ci')).toBeNull();
    expect(
      parseWaybill('npm run waybill -- harvest --project a --project b --json')?.all['--project'],
    ).toEqual(['a', 'b']);
  });
});

/** The one job's waybill lines, in the order harvest/merge → build → verify, on the same folders. */
function expectPipeline(
  lines: string[],
  first: 'harvest' | 'merge',
): { data: string; out: string; invocations: Invocation[] } {
  const invocations = waybillIn(lines);
  const verbs = invocations.map((i) => i.verb);
  expect(verbs).toEqual([first, 'build', 'verify']);
  const [head, build, verify] = invocations as [Invocation, Invocation, Invocation];
  const data = head.flags['--data'] as string;
  expect(data, 'the data folder is named, not left to the working directory').toBeTruthy();
  // build reads the folder harvest/merge wrote; verify checks the folder build wrote.
  expect(build.flags['--data']).toBe(data);
  const out = build.flags['--out'] as string;
  expect(out).toBeTruthy();
  // verify checks what the site was built from: the data folder (a public site has no audit chain
  // in it), or the built folder itself.
  expect(verify.flags['--data'] === data || verify.flags['--out'] === out, verify.line).toBe(true);
  // After a merge the data folder is complete: building must not harvest every repository again.
  if (first === 'merge') expect(build.flags['--no-harvest'], 'build --no-harvest after merge').toBe(true);
  return { data, out, invocations };
}

describe('GitHub Actions', () => {
  for (const [name, file] of [
    ['release-portal.yml', TEMPLATES.github],
    ['release-portal-sharded.yml', TEMPLATES.githubSharded],
  ] as const) {
    describe(name, () => {
      const wf = load(file);
      const jobs = githubJobs(wf);

      it('runs on a tag push, on repository_dispatch from product repositories, and on a schedule', () => {
        expect(wf.on.push.tags).toBeDefined();
        expect(wf.on.push.branches).toBeUndefined();
        expect('repository_dispatch' in wf.on).toBe(true);
        expect(wf.on.schedule[0].cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
        // Runs queue instead of racing on the audit chain, and none is cancelled mid-publish.
        expect(wf.concurrency.group).toBeTruthy();
        expect(wf.concurrency['cancel-in-progress']).toBe(false);
      });

      it('checks out the whole history in every job that checks out', () => {
        const checkouts = jobs.flatMap(([, j]) => stepUsing(j, 'actions/checkout'));
        expect(checkouts.length).toBeGreaterThan(0);
        for (const c of checkouts) expect(c.with?.['fetch-depth']).toBe(0);
      });

      it('verifies the folder it built, uploads that folder to Pages, and deploys it with the Pages permissions', () => {
        const [buildName, buildJob] = jobs.find(
          ([, j]) => stepUsing(j, 'actions/upload-pages-artifact').length > 0,
        )!;
        const { out } = expectPipeline(githubRuns(buildJob), name.includes('sharded') ? 'merge' : 'harvest');
        const upload = stepUsing(buildJob, 'actions/upload-pages-artifact')[0]!;
        expect(upload.with.path).toBe(out);
        // The upload comes after verify: a failed verify publishes nothing.
        const steps = buildJob.steps as Yaml[];
        const verifyAt = steps.findIndex((s) => /waybill verify/.test(s.run ?? ''));
        expect(steps.indexOf(upload)).toBeGreaterThan(verifyAt);

        const [, deployJob] = jobs.find(([, j]) => stepUsing(j, 'actions/deploy-pages').length > 0)!;
        expect([deployJob.needs].flat()).toContain(buildName);
        const perms = { ...wf.permissions, ...deployJob.permissions };
        expect(perms).toMatchObject({ pages: 'write', 'id-token': 'write' });
        expect(deployJob.environment.name).toBe('github-pages');
      });

      it('restores the data folder the harvest writes from the newest cache entry, and saves a new one each run', () => {
        const [, job] = jobs.find(([, j]) => stepUsing(j, 'actions/upload-pages-artifact').length > 0)!;
        const { data } = expectPipeline(githubRuns(job), name.includes('sharded') ? 'merge' : 'harvest');
        const cache = stepUsing(job, 'actions/cache')[0]!;
        expect(cache, 'an actions/cache step').toBeDefined();
        expect(asList(cache.with.path)).toContain(data);
        // A fixed key is saved once and restored forever after: the chain would never advance.
        const key = String(cache.with.key);
        expect(key).toContain('${{ github.run_id }}');
        const prefixes = asList(cache.with['restore-keys']);
        expect(prefixes.length).toBeGreaterThan(0);
        for (const p of prefixes) expect(key.startsWith(p) && !p.includes('${{ github.run_id')).toBe(true);
        // Restored before the first waybill command reads the folder.
        const steps = job.steps as Yaml[];
        expect(steps.indexOf(cache)).toBeLessThan(steps.findIndex((s) => /waybill /.test(s.run ?? '')));
      });
    });
  }

  it('sharded: every configured project has a matrix entry, and every shard lands where `merge shards/*` reads it', () => {
    const wf = load(TEMPLATES.githubSharded);
    const jobs = githubJobs(wf);
    const [harvestName, harvestJob] = jobs.find(([, j]) => j.strategy?.matrix)!;
    const matrix = harvestJob.strategy.matrix as Record<string, string[]>;
    const [key, ids] = Object.entries(matrix)[0]!;
    expect([...ids].sort(), "the matrix lists the demo config's project ids").toEqual(DEMO_IDS);

    const substitute = (s: string, id: string) =>
      s.replace(new RegExp(`\\$\\{\\{\\s*matrix\\.${key}\\s*\\}\\}`, 'g'), id);
    const upload = stepUsing(harvestJob, 'actions/upload-artifact')[0]!;
    const shardDirs: string[] = [];
    for (const id of ids) {
      const [h] = waybillIn(githubRuns(harvestJob).map((l) => substitute(l, id)));
      expect(h!.verb).toBe('harvest');
      expect(h!.all['--project']).toEqual([id]);
      const dir = h!.flags['--data'] as string;
      shardDirs.push(dir);
      // The artifact is the shard folder, hidden files (.state, the incremental state) included.
      expect(substitute(String(upload.with.path), id)).toBe(dir);
      expect(upload.with['include-hidden-files']).toBe(true);
    }
    expect(new Set(shardDirs).size).toBe(ids.length);

    const [, mergeJob] = jobs.find(([, j]) => waybillIn(githubRuns(j)).some((i) => i.verb === 'merge'))!;
    expect([mergeJob.needs].flat()).toContain(harvestName);
    const download = stepUsing(mergeJob, 'actions/download-artifact')[0]!;
    // download-artifact puts each artifact in <path>/<artifact name>; replay that, then the
    // job's own shell steps up to the merge, then expand the merge's arguments as bash would.
    const names = ids.map((id) => substitute(String(upload.with.name), id));
    const pattern = new RegExp(
      `^${String(download.with.pattern ?? '*')
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')}$`,
    );
    for (const n of names) expect(n).toMatch(pattern);
    const runs = githubRuns(mergeJob);
    const mergeAt = runs.findIndex((l) => /waybill merge/.test(l));
    const merge = parseWaybill(runs[mergeAt]!)!;
    const result = shell(
      'github-shards',
      names.map((n) => join(String(download.with.path), n)),
      runs.slice(0, mergeAt).filter((l) => !/^npm |waybill/.test(l)),
      merge.args.join(' '),
    );
    expect(result.expanded).toEqual([...shardDirs].sort());
    expectPipeline(runs, 'merge');
  });
});

describe('GitLab CI', () => {
  for (const [name, file] of [
    ['.gitlab-ci.yml', TEMPLATES.gitlab],
    ['.gitlab-ci.sharded.yml', TEMPLATES.gitlabSharded],
  ] as const) {
    describe(name, () => {
      const p = load(file);

      it('fetches the whole history and every tag', () => {
        expect(String(p.variables.GIT_DEPTH)).toBe('0');
        for (const [, job] of gitlabJobs(p))
          if (job.variables?.GIT_DEPTH !== undefined) expect(String(job.variables.GIT_DEPTH)).toBe('0');
      });

      it('runs on tags, on triggers and multi-project pipelines from product repositories, and on a schedule', () => {
        const rules = (p.workflow.rules as Yaml[]).map((r) => r.if as string);
        expect(rules).toContain('$CI_COMMIT_TAG');
        for (const source of ['trigger', 'pipeline', 'schedule'])
          expect(rules).toContain(`$CI_PIPELINE_SOURCE == "${source}"`);
      });

      it('the pages job builds into public/, verifies it, publishes it, and keeps the data folder in the cache', () => {
        const pages = p.pages as Yaml;
        expect(pages, 'a job named pages').toBeDefined();
        const { data, out } = expectPipeline(
          gitlabScript(pages),
          name.includes('sharded') ? 'merge' : 'harvest',
        );
        expect(out).toBe('public');
        expect(asList(pages.artifacts.paths)).toContain('public');
        const caches = [pages.cache].flat() as Yaml[];
        const dataCache = caches.find((c) => asList(c.paths).includes(data));
        expect(dataCache, `a cache entry with ${data}`).toBeDefined();
        // One key across runs, so each run restores what the last one saved; never only pulled.
        expect(String(dataCache!.key)).not.toMatch(/\$CI_(PIPELINE|JOB)_ID|\$CI_COMMIT_(SHA|REF)/);
        expect(dataCache!.policy ?? 'pull-push').toBe('pull-push');
        // Runs that would append to the same chain never overlap.
        expect(pages.resource_group).toBeTruthy();
      });
    });
  }

  it('sharded: every configured project has a matrix entry, and the pages job merges exactly the shards the matrix wrote', () => {
    const p = load(TEMPLATES.gitlabSharded);
    const [harvestName, harvestJob] = gitlabJobs(p).find(([, j]) => j.parallel?.matrix)!;
    const entry = (harvestJob.parallel.matrix as Record<string, string[]>[])[0]!;
    const [variable, ids] = Object.entries(entry)[0]!;
    expect([...ids].sort()).toEqual(DEMO_IDS);
    const substitute = (s: string, id: string) => s.replace(new RegExp(`\\$\\{?${variable}\\}?`, 'g'), id);

    const shardDirs: string[] = [];
    for (const id of ids) {
      const [h] = waybillIn(gitlabScript(harvestJob).map((l) => substitute(l, id)));
      expect(h!.all['--project']).toEqual([id]);
      const dir = h!.flags['--data'] as string;
      shardDirs.push(dir);
      // GitLab artifacts keep their paths, so the shard reappears at the same place downstream.
      expect(asList(harvestJob.artifacts.paths).map((a) => substitute(a, id))).toContain(dir);
    }
    expect(new Set(shardDirs).size).toBe(ids.length);

    const pages = p.pages as Yaml;
    const stageOrder = p.stages as string[];
    expect(stageOrder.indexOf(pages.stage)).toBeGreaterThan(stageOrder.indexOf(harvestJob.stage));
    if (pages.needs)
      expect([pages.needs].flat().map((n: string | Yaml) => (typeof n === 'string' ? n : n.job))).toContain(
        harvestName,
      );
    const merge = waybillIn(gitlabScript(pages)).find((i) => i.verb === 'merge')!;
    const result = shell('gitlab-shards', shardDirs, [], merge.args.join(' '));
    expect(result.expanded).toEqual([...shardDirs].sort());
  });
});

/**
 * The templates' own shell lines, run in a portal repository that has waybill installed from the
 * tarball `npm pack` makes (test/helpers/package.ts), as a team's repository has it from the
 * registry: `npm ci` from its lock, then `npx waybill …`. The repository's own node_modules/.bin
 * is taken off PATH, so `npx waybill` can only be the installed package (and `node` the node@24 it
 * brings: this machine has Node 20). No config: the bundled demo, whose project ids the sharded
 * matrices list.
 */
describe('the templates’ commands, against the installed package', () => {
  const portal = join(tmp, 'portal');
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((d) => !d.startsWith(join(ROOT, 'node_modules')))
    .join(delimiter);
  const env = { ...process.env, PATH: path, CI: 'true', SOURCE_DATE_EPOCH: '1795000000', TZ: 'UTC' };
  const sh = (line: string) => {
    const r = spawnSync('bash', ['-euo', 'pipefail', '-c', line], { cwd: portal, encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`${line} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
    return `${r.stdout}${r.stderr}`;
  };

  beforeAll(() => {
    const tarball = packedTarball();
    mkdirSync(portal, { recursive: true });
    writeFileSync(join(portal, 'package.json'), '{ "name": "acme-release-portal", "private": true }\n');
    // What `npm install --save-dev waybill node@24` commits: package.json and the lock.
    sh(
      `npm install --package-lock-only --save-dev --no-audit --no-fund --prefer-offline ${JSON.stringify(tarball)} node@24`,
    );
  }, 900_000);

  it('GitHub Actions (release-portal.yml): npm ci, harvest, build and verify publish a verified site', () => {
    const [, job] = githubJobs(load(TEMPLATES.github)).find(
      ([, j]) => stepUsing(j, 'actions/upload-pages-artifact').length > 0,
    )!;
    const lines = githubRuns(job);
    expect(lines[0]).toBe('npm ci');
    const out = lines.map(sh).join('\n');
    expect(out).toMatch(/verify: ok: \d+ audit events and \d+ evidence records/);
    const upload = stepUsing(job, 'actions/upload-pages-artifact')[0]!;
    expect(existsSync(join(portal, String(upload.with.path), 'index.html'))).toBe(true);
    expect(realpathSync(join(portal, 'node_modules/.bin/waybill'))).toBe(
      join(portal, 'node_modules/waybill/bin/waybill.js'),
    );
  }, 600_000);

  it('GitLab CI (.gitlab-ci.yml): its waybill lines build and verify public/', () => {
    const lines = gitlabScript(load(TEMPLATES.gitlab).pages as Yaml);
    // Its install line is `npm ci` with a cache folder for the runner; the portal has that install.
    expect(lines[0]).toMatch(/^npm ci\b/);
    const out = lines.slice(1).map(sh).join('\n');
    expect(out).toMatch(/verify: ok: /);
    expect(existsSync(join(portal, 'public/index.html'))).toBe(true);
  }, 600_000);

  it('GitHub Actions, sharded: one harvest per matrix entry, the merge of the downloaded shards, build and verify', () => {
    const jobs = githubJobs(load(TEMPLATES.githubSharded));
    const [, harvestJob] = jobs.find(([, j]) => j.strategy?.matrix)!;
    const [key, ids] = Object.entries(harvestJob.strategy.matrix as Record<string, string[]>)[0]!;
    const upload = stepUsing(harvestJob, 'actions/upload-artifact')[0]!;
    const [, mergeJob] = jobs.find(([, j]) => waybillIn(githubRuns(j)).some((i) => i.verb === 'merge'))!;
    const download = stepUsing(mergeJob, 'actions/download-artifact')[0]!;
    const substitute = (s: string, id: string) =>
      s.replace(new RegExp(`\\$\\{\\{\\s*matrix\\.${key}\\s*\\}\\}`, 'g'), id);
    rmSync(join(portal, 'content/data'), { recursive: true, force: true });
    for (const id of ids) {
      for (const line of githubRuns(harvestJob).filter((l) => /waybill/.test(l))) sh(substitute(line, id));
      // What upload-artifact and download-artifact do between the jobs: the shard folder moves to
      // <download path>/<artifact name>.
      const shard = substitute(String(upload.with.path), id);
      const dest = join(String(download.with.path), substitute(String(upload.with.name), id));
      sh(
        `mkdir -p ${JSON.stringify(String(download.with.path))} && mv ${JSON.stringify(shard)} ${JSON.stringify(dest)}`,
      );
    }
    const out = githubRuns(mergeJob)
      .filter((l) => !/^npm /.test(l))
      .map(sh)
      .join('\n');
    expect(out).toMatch(/verify: ok: /);
  }, 600_000);
});
