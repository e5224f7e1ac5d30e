// The `waybill` command line: verbs, flags and exit codes (docs/cli.md).
// 0 ok, 1 bad input (the message names the file, the field and the fix), 2 usage error.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { DataError, GitError, InputError, toInputErrors, VerifyFailed } from '../errors/index.ts';
import { findConfig, loadConfig, parseJsonFile, type LoadedConfig } from '../config/load.ts';
import { harvest } from '../harvest/harvest.ts';
import type { ProjectSummary } from '../harvest/job.ts';
import { lockWaitFrom, waitUntilUnlocked, withDataLock } from '../harvest/lock.ts';
import { WAYBILL_VERSION } from '../harvest/data-format.ts';
import { dataPaths, DEFAULT_DATA_DIR, toSlug } from '../schemas/layout.ts';
import { ReleaseSchema } from '../schemas/release.ts';
import { makeRedactor } from '../core/privacy.ts';
import type { CliEnv } from './env.ts';
import { publishedMarkdown } from '../lib/release/notes.ts';
import { createReporter, type Reporter } from './reporter.ts';

/** The package root: where astro.config.mjs and src/ are. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** "Now": SOURCE_DATE_EPOCH (the reproducible-builds convention) when set, else the clock. */
export function resolveNow(env: Record<string, string | undefined>, clock: () => Date): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return clock();
  if (!/^\d+$/.test(epoch))
    throw new InputError(`SOURCE_DATE_EPOCH is "${epoch}"`, {
      where: 'environment',
      fix: 'set it to whole seconds since 1970-01-01 UTC, e.g. `git log -1 --format=%ct`',
    });
  // Dates are written as ISO 8601 with a four-digit year: 9999-12-31T23:59:59Z is the last one.
  if (Number(epoch) > MAX_EPOCH)
    throw new InputError(
      `SOURCE_DATE_EPOCH is ${epoch}, which is after the year 9999 (the largest is ${MAX_EPOCH})`,
      {
        where: 'environment',
        fix: 'set it to whole seconds since 1970-01-01 UTC, not milliseconds or nanoseconds, e.g. `git log -1 --format=%ct`',
      },
    );
  return new Date(Number(epoch) * 1000);
}

/** 9999-12-31T23:59:59Z in seconds. */
const MAX_EPOCH = 253_402_300_799;

interface CommonOptions {
  config?: string;
  data?: string;
  /** `harvest --project`: only these projects, into a shard for `waybill merge`. */
  project?: string[];
  /** Machine-readable summary on stdout; progress goes to stderr. */
  json?: boolean;
}

/** The config named by --config, else the one in the current folder, else the bundled demo. */
async function resolveConfig(opts: CommonOptions, cli: CliEnv, rep: Reporter): Promise<LoadedConfig> {
  if (opts.config) return loadConfig(opts.config, cli.cwd);
  const found = findConfig(cli.cwd);
  if (found) return loadConfig(found, cli.cwd);
  rep.info('No waybill.config.{ts,mjs,json} here: using the bundled demo (`waybill init` writes one).');
  const { generateDemo } = await import('../demo/generate.ts');
  // Written under the current folder, like every cache: never into an installed package.
  const { configPath } = await generateDemo(join(cli.cwd, '.waybill-cache', 'demo'));
  const loaded = await loadConfig(configPath, cli.cwd);
  demoConfigs.add(loaded);
  return loaded;
}

/** Configs that are the bundled demo: their first harvest into a folder also writes the demo's earlier history. */
const demoConfigs = new WeakSet<LoadedConfig>();

function dataDirOf(opts: CommonOptions, cli: CliEnv): string {
  return resolve(cli.cwd, opts.data ?? DEFAULT_DATA_DIR);
}

/** What every verb that writes or reads a data folder takes from the environment: the lock's wait and the signing key. */
function fromEnvironment(cli: CliEnv, rep: Reporter) {
  const key = cli.env.WAYBILL_AUDIT_SIGNING_KEY;
  return {
    warn: (l: string) => rep.warn(l),
    lockWaitMs: lockWaitFrom(cli.env),
    signingKey: key ? resolve(cli.cwd, key) : null,
  };
}

/** One line per project, for logs: releases, new since the last run, warnings. */
function printSummary(rep: Reporter, summaries: ProjectSummary[]): void {
  for (const s of summaries) {
    const parts = [`${s.releases} release${s.releases === 1 ? '' : 's'}`];
    parts.push(s.unchanged ? 'unchanged' : `${s.added} new, ${s.changed} written`);
    if (s.warnings.length) parts.push(`${s.warnings.length} warning${s.warnings.length === 1 ? '' : 's'}`);
    if (s.unreleased) parts.push(`${s.unreleased} unreleased commit${s.unreleased === 1 ? '' : 's'}`);
    if (s.sboms) parts.push(`${s.sboms} SBOM${s.sboms === 1 ? '' : 's'}`);
    rep.info(`${s.id}: ${parts.join(', ')}`);
  }
}

async function runHarvest(opts: CommonOptions, cli: CliEnv, rep: Reporter) {
  // Every input is checked before anything is written (the demo included).
  const now = resolveNow(cli.env, cli.clock);
  const loaded = await resolveConfig(opts, cli, rep);
  const dataDir = dataDirOf(opts, cli);
  if (demoConfigs.has(loaded) && !opts.project) {
    const { prepareDemoHistory } = await import('../demo/history.ts');
    await prepareDemoHistory(loaded, dataDir, (l) => rep.step(l));
  }
  const summaries = await harvest(loaded, {
    ...fromEnvironment(cli, rep),
    now,
    dataDir,
    only: opts.project,
    log: (l) => (/skipped tag|SBOM rejected/.test(l) ? rep.warn(l) : rep.step(l)),
    warn: (l) => rep.warn(l),
  });
  rep.done();
  if (opts.json)
    cli.stdout.write(
      JSON.stringify({ data: dataDir, shard: Boolean(opts.project), projects: summaries }, null, 2) + '\n',
    );
  else printSummary(rep, summaries);
  return { loaded, dataDir, summaries };
}

/** With --json, stdout carries only the JSON document: progress and summaries go to stderr. */
function reporterFor(opts: { json?: boolean }, cli: CliEnv, rep: Reporter): Reporter {
  return opts.json ? createReporter(cli.stderr, cli.stderr) : rep;
}

export async function main(argv: string[], cli: CliEnv): Promise<number> {
  const rep = createReporter(cli.stdout, cli.stderr);
  const program = new Command('waybill')
    .description('A release portal from the history in your repositories.')
    .version(WAYBILL_VERSION, '-v, --version', 'print the version of waybill')
    .exitOverride()
    .configureOutput({ writeOut: (s) => cli.stdout.write(s), writeErr: (s) => cli.stderr.write(s) })
    .showHelpAfterError('(run `waybill --help` for the verbs and their flags)');

  const config = () =>
    new Option(
      '--config <file>',
      'waybill.config.{ts,mjs,json}; default: the one in the current folder, else the demo',
    );
  const data = () =>
    new Option(
      '--data <dir>',
      `data folder harvest writes and the site reads (default: ${DEFAULT_DATA_DIR})`,
    );

  program
    .command('harvest')
    .description('read every source and write normalized content; unchanged projects are not re-read')
    .addOption(config())
    .addOption(data())
    .option(
      '--project <id>',
      'harvest only this project (repeatable) into a shard folder for `waybill merge`',
      (v: string, acc: string[] = []) => [...acc, v],
    )
    .option('--json', 'print the summary as JSON on stdout (progress goes to stderr)')
    .action(async (opts: CommonOptions) => {
      await runHarvest(opts, cli, reporterFor(opts, cli, rep));
    });

  program
    .command('merge')
    .description('merge shard folders (harvest --project) into one data folder, then finish the harvest')
    .argument('<shard...>', 'shard folders written by `waybill harvest --project <id> --data <shard>`')
    .addOption(config())
    .addOption(data())
    .option('--json', 'print the summary as JSON on stdout')
    .action(async (shardDirs: string[], opts: CommonOptions) => {
      const r = reporterFor(opts, cli, rep);
      const now = resolveNow(cli.env, cli.clock);
      const loaded = await resolveConfig(opts, cli, r);
      const dataDir = dataDirOf(opts, cli);
      const { mergeShards } = await import('../harvest/merge.ts');
      const merged = await mergeShards(loaded, {
        ...fromEnvironment(cli, r),
        shards: shardDirs.map((d) => resolve(cli.cwd, d)),
        dataDir,
        now,
        log: (l) => r.step(l),
      });
      r.done();
      if (opts.json) cli.stdout.write(JSON.stringify({ data: dataDir, ...merged }, null, 2) + '\n');
      else
        for (const p of merged.projects)
          r.info(`${p.id}: ${p.shard ? `from ${p.shard}` : 'kept from the data folder'}`);
    });

  program
    .command('verify')
    .description(
      're-check every evidence digest and the audit chain; non-zero exit on any mismatch, naming it',
    )
    .addOption(
      new Option('--out <dir>', 'an internal build to check (its api/v1/audit.jsonl and evidence)').conflicts(
        'data',
      ),
    )
    .addOption(data())
    .option(
      '--allowed-signers <file>',
      'SSH allowed-signers file: every signed head must verify against it, and every entry be covered by one',
    )
    .option('--head <hash>', 'a head kept elsewhere (<hash> or <line>:<hash>): the chain must hold it')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (opts: CommonOptions & { out?: string; allowedSigners?: string; head?: string }) => {
      const { verifyFolder } = await import('../verify/verify.ts');
      const checks = {
        allowedSigners: opts.allowedSigners ? resolve(cli.cwd, opts.allowedSigners) : undefined,
        head: opts.head,
      };
      let report;
      if (opts.out) report = await verifyFolder({ ...checks, outDir: resolve(cli.cwd, opts.out) });
      else {
        // A harvest writing the folder right now would make it look broken: wait for it to finish.
        const dataDir = dataDirOf(opts, cli);
        const env = fromEnvironment(cli, rep);
        await waitUntilUnlocked(dataDir, { waitMs: env.lockWaitMs, log: (l) => rep.step(l), warn: env.warn });
        report = await verifyFolder({ ...checks, dataDir });
      }
      if (opts.json)
        cli.stdout.write(JSON.stringify({ ok: report.failures.length === 0, ...report }, null, 2) + '\n');
      else {
        for (const f of report.failures) cli.stderr.write(`FAIL ${f.where}: ${f.message}\n`);
        for (const n of report.notices) cli.stderr.write(`note: ${n}\n`);
        const what = `${report.events} audit event${report.events === 1 ? '' : 's'} and ${report.evidence} evidence record${report.evidence === 1 ? '' : 's'} in ${report.root}`;
        if (report.failures.length)
          cli.stderr.write(
            `verify: ${report.failures.length} failure${report.failures.length === 1 ? '' : 's'} in ${what}\n`,
          );
        else {
          rep.info(`verify: ok: ${what}`);
          if (report.head) rep.info(`head: ${report.head.seq}:${report.head.hash}`);
          if (report.signed)
            rep.info(
              `signed: line ${report.signed.seq} on ${report.signed.at} by ${report.signed.key}${report.signed.principal ? ` (${report.signed.principal})` : report.signed.signer ? ` (${report.signed.signer}, not checked)` : ''}`,
            );
        }
      }
      if (report.failures.length) throw new VerifyFailed();
    });

  program
    .command('build')
    .description('harvest, then build the site, then the search index')
    .addOption(config())
    .addOption(data())
    .option('--out <dir>', 'output folder', 'dist')
    .addOption(
      new Option('--audience <audience>', 'who the site is for (default: the config\'s "audience")').choices([
        'public',
        'internal',
      ]),
    )
    .option(
      '--no-harvest',
      'build from the data folder as it is (after `waybill merge`, or a harvest in an earlier step)',
    )
    .action(
      async (opts: CommonOptions & { out: string; audience?: 'public' | 'internal'; harvest: boolean }) => {
        const env = fromEnvironment(cli, rep);
        const site = async (loaded: LoadedConfig, dataDir: string) => {
          const { buildSite } = await import('../site/build.ts');
          const outDir = resolve(cli.cwd, opts.out);
          await buildSite({
            dataDir,
            outDir,
            audience: opts.audience ?? loaded.config.audience,
            site: loaded.config.site,
            root: PACKAGE_ROOT,
            cwd: cli.cwd,
            reporter: rep,
          });
          rep.info(`built ${outDir}`);
        };
        const lock = { waitMs: env.lockWaitMs, log: (l: string) => rep.step(l), warn: env.warn };
        if (!opts.harvest) {
          // Reads only: waits for a harvest writing the folder, without locking it.
          const dataDir = dataDirOf(opts, cli);
          await waitUntilUnlocked(dataDir, lock);
          return site(await resolveConfig(opts, cli, rep), dataDir);
        }
        // The harvest and the site from what it wrote, with no other harvest in between.
        await withDataLock(dataDirOf(opts, cli), { ...lock, command: 'build' }, async () => {
          const { loaded, dataDir } = await runHarvest(opts, cli, rep);
          await site(loaded, dataDir);
        });
      },
    );

  program
    .command('notes')
    .description("print one release's notes (for a forge's release body)")
    .argument('<project>', 'project id')
    .argument('<version>', 'version, as captured from the tag (2.3.0, not v2.3.0)')
    .addOption(new Option('--format <format>', 'md or json').choices(['md', 'json']).default('md'))
    .addOption(data())
    .action((project: string, version: string, opts: CommonOptions & { format: 'md' | 'json' }) => {
      const dataDir = dataDirOf(opts, cli);
      const file = join(dataDir, dataPaths.release(project, toSlug(version)));
      if (!existsSync(file)) {
        throw new InputError(`no release ${project} ${version} in ${dataDir}`, {
          where: file,
          fix: 'run `waybill harvest` first, and check the project id and the version (without the tag prefix)',
        });
      }
      const json = parseJsonFile(file, readFileSync(file, 'utf8'));
      const parsed = ReleaseSchema.safeParse(json);
      if (!parsed.success)
        throw toInputErrors(
          file,
          parsed.error,
          json,
          'run `waybill harvest` again to rewrite the data folder',
        );
      const release = parsed.data;
      // What the public release page shows: the same source, e-mail addresses hidden (a forge's
      // release body is usually public).
      const published = publishedMarkdown(release.notes, makeRedactor('public'));
      if (opts.format === 'json') {
        cli.stdout.write(
          JSON.stringify(
            {
              project,
              version: release.version,
              tag: release.tag,
              source: published.source,
              highlights: published.highlights,
              markdown: published.markdown,
            },
            null,
            2,
          ) + '\n',
        );
      } else {
        const highlights = published.highlights.map((h) => `- ${h}`).join('\n');
        cli.stdout.write((highlights ? `${highlights}\n\n` : '') + published.markdown.replace(/\n*$/, '\n'));
      }
    });

  const query = program
    .command('query')
    .description('which releases ship a component or carry a license (exit 1 when none does)');
  for (const [kind, arg, what] of [
    [
      'component',
      '<purl-or-name>',
      'a purl (pkg:npm/lodash: every version; pkg:npm/lodash@4.17.21) or a name, ignoring case',
    ],
    [
      'license',
      '<id>',
      'an SPDX id (MIT), an expression, or a license name; expressions with it as a term match too',
    ],
  ] as const)
    query
      .command(kind)
      .description(
        `the releases whose SBOM ${kind === 'component' ? 'ships the component' : 'carries the license'}`,
      )
      .argument(arg, what)
      .addOption(data())
      .addOption(
        new Option('--audience <audience>', 'whose view: internal (default) or public')
          .choices(['public', 'internal'])
          .default('internal'),
      )
      .option('--json', 'print the answer as JSON')
      .action(async (term: string, opts: CommonOptions & { audience: 'public' | 'internal' }) => {
        const { runQuery } = await import('./query.ts');
        cli.stdout.write(
          runQuery(kind, term, {
            dataDir: dataDirOf(opts, cli),
            audience: opts.audience,
            json: Boolean(opts.json),
          }),
        );
      });

  program
    .command('init')
    .description(
      'detect the tags, workspaces, changesets, changelogs and forge here (or in the repositories beside each other here) and write waybill.config.json',
    )
    .option('--yes', 'write without asking (for scripts)')
    .option('--force', 'replace an existing config')
    .action(async (opts: { yes?: boolean; force?: boolean }) => {
      const { runInitCommand } = await import('./init.ts');
      await runInitCommand(cli, { yes: Boolean(opts.yes), force: Boolean(opts.force) });
    });

  program
    .command('preview')
    .description('serve the built site')
    .option('--out <dir>', 'the built site', 'dist')
    .option('--port <port>', 'port', '4321')
    .action(async (opts: { out: string; port: string }) => {
      const outDir = resolve(cli.cwd, opts.out);
      if (!existsSync(join(outDir, 'index.html')))
        throw new InputError(`no built site in ${outDir}`, { fix: 'run `waybill build` first' });
      const { previewSite } = await import('../site/build.ts');
      await previewSite({ root: PACKAGE_ROOT, cwd: cli.cwd, outDir, port: Number(opts.port) });
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    rep.done();
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof VerifyFailed) return 1;
    if (e instanceof InputError) {
      cli.stderr.write(`error: ${e.format()}\n`);
      return 1;
    }
    // A data folder the site cannot read (a file edited by hand, or written by something else):
    // the message names the file and the field. (The site's child process sends it back as a
    // DataError of this process: src/site/build.ts reviveError.)
    if (e instanceof DataError) {
      cli.stderr.write(`error: ${e.message}\n`);
      return 1;
    }
    if (e instanceof GitError) {
      // A repository git itself cannot read (missing objects, a corrupt pack): bad input, not a bug.
      cli.stderr.write(
        `error: ${e.message}\n  fix: check that repository with \`git fsck\`, or re-clone it\n`,
      );
      return 1;
    }
    // A BugError (a broken invariant of waybill's own), or anything no branch above knows.
    cli.stderr.write(
      `internal error: ${(e as Error).stack ?? e}\nThis is a bug in waybill; please report it with the command you ran.\n`,
    );
    return 1;
  }
}
