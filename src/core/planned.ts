// Planned releases (`content/planned/*.md`) and group releases (config `groups`), as the calendar
// shows them (docs/calendar.md). Pure: the files' text, the releases that exist and the previous
// `planned.json` are passed in.
import { z } from 'astro/zod';
import type { GroupConfigSchema } from '../schemas/config/calendar.ts';
import { InputError, InputErrors, toInputErrors } from '../errors/index.ts';
import type { Group, Planned } from '../schemas/calendar.ts';
import { Temporal } from 'temporal-polyfill';
import { compareCodeUnits } from './compare.ts';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-12-01')
  .refine((s) => {
    try {
      Temporal.PlainDate.from(s, { overflow: 'reject' });
      return true;
    } catch {
      return false;
    }
  }, 'a real calendar date like 2026-12-01');

/** The front matter of a planned release. */
export const PlannedFrontMatterSchema = z
  .object({
    /** A project id from the config. */
    project: z.string().min(1),
    /** The version it will have, as the tag's `{version}` will capture it. @example "2.2.0" */
    version: z.string().min(1),
    /** The planned day in the portal's time zone. @example "2026-12-01" */
    date: isoDate,
    status: z.enum(['tentative', 'confirmed', 'cancelled']),
  })
  .strict();

/** A planned-release file as read: its path (relative to the config), front matter and body. */
export interface RawPlanned {
  source: string;
  data: Record<string, unknown>;
  body: string;
}

/**
 * YAML reads an unquoted `2026-12-01` as a timestamp (midnight UTC); the day it names is its UTC
 * date, which no time zone moves. Numbers (`version: 2.2`) are left for the schema to refuse.
 */
function normalizeYaml(data: Record<string, unknown>): Record<string, unknown> {
  const d = data.date;
  return d instanceof Date && !Number.isNaN(d.getTime())
    ? { ...data, date: d.toISOString().slice(0, 10) }
    : data;
}

const key = (project: string, version: string) => `${project}\0${version}`;

/**
 * Planned releases, checked and sorted by date, project, version. `shipped` once the version
 * exists; `sequence` (iCalendar SEQUENCE, RFC 5545 §3.8.7.4) is the previous harvest's plus one
 * when the date moved, with the old date kept in `previousDates`. Every problem of every file is
 * reported at once.
 */
export function buildPlanned(input: {
  files: RawPlanned[];
  projects: string[];
  /** `project` → versions that exist as releases. */
  releases: Map<string, Set<string>>;
  /** The last harvest's `planned.json`, or [] when there is none. */
  previous: Planned[];
}): Planned[] {
  const problems: InputError[] = [];
  const seen = new Map<string, string>();
  const previous = new Map(input.previous.map((p) => [key(p.project, p.version), p]));
  const out: Planned[] = [];
  for (const file of input.files) {
    const data = normalizeYaml(file.data);
    const fm = PlannedFrontMatterSchema.safeParse(data);
    if (!fm.success) {
      problems.push(
        ...toInputErrors(
          file.source,
          fm.error,
          data,
          'front matter holds project, version, date (YYYY-MM-DD) and status (tentative, confirmed or cancelled); quote a version like "2.2"',
        ).errors,
      );
      continue;
    }
    const { project, version, date, status } = fm.data;
    if (!input.projects.includes(project)) {
      problems.push(
        new InputError(
          `expected a project id from the config (${input.projects.join(', ')}), found "${project}"`,
          {
            where: `${file.source}: project`,
            fix: 'name a configured project, or add the project to the config',
          },
        ),
      );
      continue;
    }
    const k = key(project, version);
    if (seen.has(k)) {
      problems.push(
        new InputError(`${project} ${version} is also planned in ${seen.get(k)}`, {
          where: file.source,
          fix: 'keep one file per planned version',
        }),
      );
      continue;
    }
    seen.set(k, file.source);
    const before = previous.get(k);
    const moved = before !== undefined && before.date !== date;
    out.push({
      project,
      version,
      date,
      status,
      notes: file.body.trim() === '' ? '' : `${file.body.trim()}\n`,
      source: file.source,
      sequence: before === undefined ? 0 : before.sequence + (moved ? 1 : 0),
      previousDates:
        before === undefined ? [] : moved ? [...before.previousDates, before.date] : before.previousDates,
      shipped: input.releases.get(project)?.has(version) ?? false,
    });
  }
  if (problems.length) throw new InputErrors(problems);
  return out.sort(
    (a, b) =>
      compareCodeUnits(a.date, b.date) ||
      compareCodeUnits(a.project, b.project) ||
      compareCodeUnits(a.version, b.version),
  );
}

export type GroupConfig = z.infer<typeof GroupConfigSchema>;

/**
 * Group releases (release trains) from the config, sorted by date then id, members by project;
 * each member `released` once its version exists. A member naming an unknown project fails.
 */
export function buildGroups(
  groups: GroupConfig[],
  input: { projects: string[]; releases: Map<string, Set<string>> },
): Group[] {
  const problems: InputError[] = [];
  const out = groups.map((g, i): Group => {
    for (const project of Object.keys(g.members)) {
      if (!input.projects.includes(project)) {
        problems.push(
          new InputError(`group "${g.id}" names the project "${project}", which the config does not define`, {
            where: `groups[${i}].members.${project}`,
            fix: `use one of ${input.projects.join(', ')}`,
          }),
        );
      }
    }
    const members = Object.entries(g.members)
      .map(([project, version]) => ({
        project,
        version,
        released: input.releases.get(project)?.has(version) ?? false,
      }))
      .sort((a, b) => compareCodeUnits(a.project, b.project));
    return { id: g.id, name: g.name, date: g.date, members };
  });
  if (problems.length) throw new InputErrors(problems);
  return out.sort((a, b) => compareCodeUnits(a.date, b.date) || compareCodeUnits(a.id, b.id));
}
