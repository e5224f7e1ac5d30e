// The config's cross-field rules: what the zod schema cannot say about one field alone (an id
// used twice, a freeze naming an environment the config does not list, a date that does not exist,
// a logo that is neither a file nor an https URL). Each rule is a named function of the parsed
// config; `checkConfigRules` runs them all when the config is loaded, before any repository is
// read or any file written, and every problem is reported at once (docs/config-rules.md).
import { existsSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { InputError } from '../errors/index.ts';
import { parseWeeklyCron, toFreezeId } from '../core/freezes.ts';
import type { Config } from '../schemas/config/config.ts';
import { formatPath } from '../errors/issues.ts';

/** What a rule may look at: the parsed config, and whether a path (relative to the config) is a file. */
export interface RuleInput {
  config: Config;
  /** Absolute path of the config file, for messages. */
  file: string;
  /** Whether `path`, relative to the config file's folder, is an existing file. */
  isFile: (path: string) => boolean;
}

/** One problem: the key path it is about, what is wrong, and the fix. */
export interface RuleProblem {
  path: (string | number)[];
  message: string;
  fix: string;
}

export type ConfigRule = (input: RuleInput) => RuleProblem[];

const quoted = (ids: readonly string[]) => ids.map((i) => JSON.stringify(i)).join(', ');

/** The ids of projects, environments and groups, and the names of freezes, are each used once. */
export function uniqueIds({ config }: RuleInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  const check = (list: 'projects' | 'environments' | 'groups', what: string) => {
    const seen = new Map<string, number>();
    config[list].forEach((item, i) => {
      const first = seen.get(item.id);
      if (first === undefined) seen.set(item.id, i);
      else
        out.push({
          path: [list, i, 'id'],
          message: `expected a unique ${what} id; "${item.id}" is also ${list}[${first}]`,
          fix: `give each ${what} its own id`,
        });
    });
  };
  check('projects', 'project');
  check('environments', 'environment');
  check('groups', 'group');
  // A freeze's id (its anchor on the calendar and its iCalendar UID) is made from its name.
  const freezes = new Map<string, number>();
  config.freezes.forEach((f, i) => {
    const id = toFreezeId(f.name);
    const first = freezes.get(id);
    if (first === undefined) freezes.set(id, i);
    else
      out.push({
        path: ['freezes', i, 'name'],
        message: `expected a freeze name of its own; "${f.name}" reads the same as freezes[${first}] ("${config.freezes[first]!.name}") in the calendar's ids`,
        fix: 'give each freeze a different name',
      });
  });
  return out;
}

/** Every project a group lists is a project of the config, and its date is a real day. */
export function groupMembersExist({ config }: RuleInput): RuleProblem[] {
  const ids = config.projects.map((p) => p.id);
  return config.groups.flatMap((g, i) => [
    ...Object.keys(g.members)
      .filter((project) => !ids.includes(project))
      .map((project) => ({
        path: ['groups', i, 'members', project],
        message: `group "${g.id}" names the project "${project}", which the config does not define`,
        fix: `use one of ${quoted(ids)}`,
      })),
    ...dateProblem(g.date, ['groups', i, 'date']),
  ]);
}

/** `support.eol` dates are real days. */
export function supportDatesValid({ config }: RuleInput): RuleProblem[] {
  return config.projects.flatMap((p, i) =>
    Object.entries(p.support.eol).flatMap(([line, date]) =>
      dateProblem(date, ['projects', i, 'support', 'eol', line]),
    ),
  );
}

function dateProblem(date: string, path: (string | number)[]): RuleProblem[] {
  try {
    Temporal.PlainDate.from(date, { overflow: 'reject' });
    return [];
  } catch {
    return [
      {
        path,
        message: `"${date}" is not a day of the calendar`,
        fix: 'give a date that exists, like 2026-02-28 (YYYY-MM-DD)',
      },
    ];
  }
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * A fixed freeze window: `start` and `end` are real local times in the freeze's zone (not 30
 * February, not a time the clocks skip when daylight saving time begins) and the end is after the
 * start; its zone is an IANA time zone.
 */
export function freezeWindowsValid({ config }: RuleInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  config.freezes.forEach((f, i) => {
    const tz = f.timezone ?? config.timezone;
    if (f.timezone !== undefined && !isTimeZone(f.timezone)) {
      out.push({
        path: ['freezes', i, 'timezone'],
        message: `freeze "${f.name}": "${f.timezone}" is not an IANA time zone`,
        fix: 'use a name like "Europe/Berlin" or "UTC"',
      });
      return;
    }
    if (f.cron || f.start === undefined || f.end === undefined) return;
    const at = (key: 'start' | 'end'): Temporal.ZonedDateTime | null => {
      const text = f[key]!;
      let local: Temporal.PlainDateTime;
      try {
        local = Temporal.PlainDateTime.from(text, { overflow: 'reject' });
      } catch {
        out.push({
          path: ['freezes', i, key],
          message: `freeze "${f.name}": "${text}" is not a date and time of the calendar`,
          fix: 'give a local date and time that exists, like 2026-12-19T18:00',
        });
        return null;
      }
      const zoned = local.toZonedDateTime(tz, { disambiguation: 'compatible' });
      if (!zoned.toPlainDateTime().equals(local)) {
        // A spring-forward gap: the wall clock jumps from `before` to `after`, so `text` never shows.
        const change = zoned.getTimeZoneTransition('previous')!;
        const hm = (t: Temporal.PlainDateTime) => t.toPlainTime().toString({ smallestUnit: 'minute' });
        // The last wall-clock time before the change, rounded up: 01:59:59.999… reads 02:00.
        const before = hm(
          change
            .subtract({ nanoseconds: 1 })
            .toPlainDateTime()
            .round({ smallestUnit: 'minute', roundingMode: 'ceil' }),
        );
        out.push({
          path: ['freezes', i, key],
          message: `freeze "${f.name}": ${text} does not exist in ${tz}: on ${local.toPlainDate()} the clocks go forward from ${before} to ${hm(change.toPlainDateTime())} (daylight saving time begins), so that wall-clock time never happens`,
          fix: `use ${hm(change.toPlainDateTime())} (the first time that exists after the change) or a time before ${before}`,
        });
        return null;
      }
      return zoned;
    };
    const start = at('start');
    const end = at('end');
    if (start && end && Temporal.ZonedDateTime.compare(end, start) <= 0)
      out.push({
        path: ['freezes', i, 'end'],
        message: `freeze "${f.name}": it ends (${f.end}) before it starts (${f.start})`,
        fix: "give an end after the start, both local times in the freeze's time zone",
      });
  });
  return out;
}

/** A weekly freeze's cron pair is in the one shape a weekly window needs, and not empty. */
export function cronValid({ config }: RuleInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  config.freezes.forEach((f, i) => {
    if (!f.cron) return;
    const parsed = (['start', 'end'] as const).map((key) => {
      try {
        return parseWeeklyCron(f.cron![key], `freezes[${i}].cron.${key}`, f.name);
      } catch (e) {
        const err = e as InputError;
        out.push({ path: ['freezes', i, 'cron', key], message: err.message, fix: err.fix ?? '' });
        return null;
      }
    });
    const [s, e] = parsed;
    if (s && e && s.dayOfWeek === e.dayOfWeek && s.hour === e.hour && s.minute === e.minute)
      out.push({
        path: ['freezes', i, 'cron'],
        message: `freeze "${f.name}": the cron start and end are the same time, so the window is empty or never ends`,
        fix: 'give an end time after the start, e.g. { "start": "0 18 * * 5", "end": "0 8 * * 1" }',
      });
  });
  return out;
}

/**
 * Every environment a freeze names is an environment of the config: a misspelt id would match no
 * deployment, and a deployment inside the freeze would not be flagged.
 */
export function freezeEnvironmentsKnown({ config }: RuleInput): RuleProblem[] {
  const ids = config.environments.map((e) => e.id);
  return config.freezes.flatMap((f, i) =>
    (f.environments ?? []).flatMap((env, j) =>
      ids.includes(env)
        ? []
        : [unknownEnvironment(['freezes', i, 'environments', j], env, ids, `freeze "${f.name}"`)],
    ),
  );
}

function unknownEnvironment(path: (string | number)[], env: string, ids: string[], who: string): RuleProblem {
  return {
    path,
    message: `${who} names the environment "${env}", which "environments" does not define`,
    fix: ids.length
      ? `use one of ${quoted(ids)}, or add { "id": "${env}", "tier": "…" } to "environments"`
      : `add { "id": "${env}", "tier": "production" } (or the tier it is) to "environments"`,
  };
}

/**
 * A deployment source's `environment` is in `environments`. (Its `project` naming no project is a
 * setting that matches nothing: src/harvest/settings-check.ts warns, or with `strict` fails.)
 */
export function deploymentSourcesKnown({ config }: RuleInput): RuleProblem[] {
  const envs = config.environments.map((e) => e.id);
  return config.deployments.flatMap((d, i) =>
    d.environment !== undefined && !envs.includes(d.environment)
      ? [
          unknownEnvironment(
            ['deployments', i, 'environment'],
            d.environment,
            envs,
            `the deployment source "${d.path}"`,
          ),
        ]
      : [],
  );
}

/** The image types a logo may be (the site serves the file as it is). */
export const LOGO_EXTENSIONS = ['.svg', '.png', '.jpg', '.jpeg', '.webp', '.gif'];

/** `logo` is an https URL, or an image file that exists (relative to the config file). */
export function logoIsFileOrHttps({ config, isFile }: RuleInput): RuleProblem[] {
  const logo = config.logo;
  if (logo === undefined) return [];
  if (/^https:\/\/[^/\s]+/i.test(logo)) return [];
  const problem = (message: string, fix: string): RuleProblem[] => [{ path: ['logo'], message, fix }];
  if (/^http:\/\//i.test(logo))
    return problem(
      `"${logo}" is an http:// URL: browsers block it on a portal served over https, and anyone on the way can replace it`,
      `use its https:// address ("${logo.replace(/^http:/i, 'https:')}"), or copy the image next to the config and give its path`,
    );
  if (/^[a-z][a-z0-9+.-]*:/i.test(logo) || logo.startsWith('//'))
    return problem(
      `"${logo}" is neither an https URL nor a file path`,
      'give an https:// URL, or the path of an image file relative to the config file',
    );
  if (!LOGO_EXTENSIONS.includes(extname(logo).toLowerCase()))
    return problem(
      `"${logo}" is not an image file`,
      `use an ${LOGO_EXTENSIONS.join(', ')} file, or an https URL`,
    );
  if (!isFile(logo))
    return problem(
      `the logo file "${logo}" does not exist`,
      'give a path relative to the config file, or an https URL',
    );
  return [];
}

/**
 * A name, address or alias listed for two people in `identities`: a deployer named by it could be
 * either, so the controls could not say who they are.
 */
export function identitiesUnambiguous({ config }: RuleInput): RuleProblem[] {
  const out: RuleProblem[] = [];
  const seen = new Map<string, number>();
  config.identities.forEach((entry, i) => {
    const texts: [string, (string | number)[]][] = [
      [entry.name, ['identities', i, 'name']],
      ...entry.emails.map((e, j): [string, (string | number)[]] => [e, ['identities', i, 'emails', j]]),
      ...entry.aliases.map((a, j): [string, (string | number)[]] => [a, ['identities', i, 'aliases', j]]),
    ];
    const own = new Set<string>();
    for (const [text, path] of texts) {
      const key = text.trim().toLowerCase();
      if (own.has(key)) continue;
      own.add(key);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, i);
      else
        out.push({
          path,
          message: `expected each name to belong to one person; "${text}" is also listed for "${config.identities[first]!.name}" (identities[${first}])`,
          fix: 'keep the name under the one person it belongs to',
        });
    }
  });
  return out;
}

/** Every rule, in the order its problems are listed. */
export const CONFIG_RULES: readonly ConfigRule[] = [
  uniqueIds,
  groupMembersExist,
  supportDatesValid,
  freezeWindowsValid,
  cronValid,
  freezeEnvironmentsKnown,
  deploymentSourcesKnown,
  logoIsFileOrHttps,
  identitiesUnambiguous,
];

/** Every problem of every rule, each naming the config file and the key path. */
export function checkConfigRules(input: RuleInput): InputError[] {
  return CONFIG_RULES.flatMap((rule) => rule(input)).map(
    (p) => new InputError(p.message, { where: `${input.file}: ${formatPath(p.path)}`, fix: p.fix }),
  );
}

/** The file-system half of `RuleInput`: whether a path relative to `dir` is a file. */
export function fileCheck(dir: string): (path: string) => boolean {
  return (path) => {
    const abs = resolve(dir, path);
    return existsSync(abs) && statSync(abs).isFile();
  };
}
