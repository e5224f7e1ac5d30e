// `waybill init [--yes] [--force]`: prints what src/init/run.ts found and guessed, asks on a
// terminal, writes the config.
import { createInterface } from 'node:readline/promises';
import { relative } from 'node:path';
import { assertNoConfig, planInit, writeInit } from '../init/run.ts';
import type { CliEnv } from './env.ts';

/** The time zone the config starts with: TZ when it names one, else the machine's, else UTC. */
function machineTimeZone(env: Record<string, string | undefined>): string {
  const candidates = [env.TZ?.replace(/^:/, ''), Intl.DateTimeFormat().resolvedOptions().timeZone];
  for (const tz of candidates) {
    if (!tz) continue;
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return tz === 'Etc/UTC' ? 'UTC' : tz;
    } catch {
      // not an IANA zone
    }
  }
  return 'UTC';
}

export async function runInitCommand(cli: CliEnv, opts: { yes: boolean; force: boolean }): Promise<void> {
  assertNoConfig(cli.cwd, opts.force);
  const plan = await planInit(cli.cwd, machineTimeZone(cli.env));
  const out = (line: string) => cli.stdout.write(`${line}\n`);
  out('Found:');
  for (const line of plan.found) out(`  ${line}`);
  if (plan.notes.length) {
    out('Left out or not settled:');
    for (const line of plan.notes) out(`  ${line}`);
  }
  const name = relative(cli.cwd, plan.file);
  out(`\n${name}, with each guess explained in a comment:\n`);
  cli.stdout.write(plan.text);
  if (!opts.yes && cli.stdin?.isTTY && cli.stdout.isTTY) {
    const rl = createInterface({ input: cli.stdin, output: cli.stdout });
    const answer = (await rl.question(`\nWrite ${name}? [Y/n] `)).trim().toLowerCase();
    rl.close();
    if (answer !== '' && answer !== 'y' && answer !== 'yes') {
      out('Nothing written.');
      return;
    }
  }
  writeInit(plan, opts.force);
  out(
    `\nWrote ${name}. Next: \`npx waybill build\` (harvest, site, search index into dist/), then \`npx waybill preview\`.`,
  );
  if (plan.unignored.length)
    out(
      `Keep what the build writes out of git: add ${plan.unignored.join(' and ')} to .gitignore (the data folder, content/data/, is yours to commit or keep in a CI cache; docs/ci.md).`,
    );
}
