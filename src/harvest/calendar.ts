// The calendar's records (docs/calendar.md): `freezes.json` (the config's freezes expanded over the
// horizon), `planned.json` (the hand-written `content/planned/*.md`) and `groups.json` (the
// config's group releases). Read after every release is written, since `shipped` and `released`
// depend on them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import matter from 'gray-matter';
import { parse as parseYaml } from 'yaml';
import { z } from 'astro/zod';
import { Temporal } from 'temporal-polyfill';
import type { Config } from '../schemas/config/config.ts';
import { InputError } from '../errors/index.ts';
import { expandFreezes, freezeHorizon } from '../core/freezes.ts';
import { buildGroups, buildPlanned, type RawPlanned } from '../core/planned.ts';
import { FreezesSchema, GroupSchema, PlannedSchema, type Planned } from '../schemas/calendar.ts';
import { dataPaths } from '../schemas/layout.ts';
import type { ReleaseRef } from '../schemas/state.ts';
import { writeRecord } from './write.ts';

/** `project` → its versions, and the earliest release date of all. */
export function indexReleases(
  releases: readonly ReleaseRef[],
  projects: string[],
): { versions: Map<string, Set<string>>; first: string | null } {
  const versions = new Map(projects.map((p) => [p, new Set<string>()]));
  let first: { at: Temporal.Instant; text: string } | null = null;
  for (const r of releases) {
    versions.get(r.project)?.add(r.version);
    const at = Temporal.Instant.from(r.date);
    if (first === null || Temporal.Instant.compare(at, first.at) < 0) first = { at, text: r.date };
  }
  return { versions, first: first?.text ?? null };
}

/** `<planned>/*.md` (sorted by name) with their front matter and body; paths relative to the config. */
export function readPlannedFiles(plannedDir: string, configDir: string): RawPlanned[] {
  if (!existsSync(plannedDir)) return [];
  return readdirSync(plannedDir)
    .sort()
    .filter((n) => n.endsWith('.md') && n !== 'README.md')
    .map((name) => {
      const file = join(plannedDir, name);
      const source = relative(configDir, file).split(sep).join('/');
      try {
        // YAML 1.2's core schema (the `yaml` package's default): `date: 2026-02-30` stays the text it
        // is, where gray-matter's YAML 1.1 reader would make it a timestamp and roll it to 2 March.
        const parsed = matter(readFileSync(file, 'utf8'), {
          engines: { yaml: (text: string) => (parseYaml(text) ?? {}) as object },
        });
        return { source, data: parsed.data as Record<string, unknown>, body: parsed.content };
      } catch (e) {
        throw new InputError(
          `has front matter that is not valid YAML: ${(e as Error).message.split('\n')[0]}`,
          { where: source, fix: 'correct the YAML between the --- lines' },
        );
      }
    });
}

/** The last harvest's planned releases, for SEQUENCE; none when the file is missing or unreadable. */
function readPreviousPlanned(dataDir: string): Planned[] {
  try {
    const parsed = z
      .array(PlannedSchema)
      .safeParse(JSON.parse(readFileSync(join(dataDir, dataPaths.planned), 'utf8')));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** Writes `freezes.json`, `planned.json` and `groups.json`; returns how many of each. */
export function harvestCalendar(
  config: Config,
  configDir: string,
  dataDir: string,
  now: Date,
  index: readonly ReleaseRef[],
): { freezes: number; planned: number; groups: number } {
  const projects = config.projects.map((p) => p.id);
  const releases = indexReleases(index, projects);
  const horizon = freezeHorizon(releases.first, Temporal.Instant.fromEpochMilliseconds(now.getTime()));
  const freezes = expandFreezes(config.freezes, { timezone: config.timezone, horizon });
  const planned = buildPlanned({
    files: readPlannedFiles(resolve(configDir, config.planned), configDir),
    projects,
    releases: releases.versions,
    previous: readPreviousPlanned(dataDir),
  });
  const groups = buildGroups(config.groups, { projects, releases: releases.versions });
  const zoned = (i: Temporal.Instant) =>
    i.toZonedDateTimeISO(config.timezone).toString({ timeZoneName: 'never', smallestUnit: 'second' });
  writeRecord(dataDir, dataPaths.freezes, FreezesSchema, {
    horizon: { from: zoned(horizon.from), to: zoned(horizon.to) },
    freezes,
  });
  writeRecord(dataDir, dataPaths.planned, z.array(PlannedSchema), planned);
  writeRecord(dataDir, dataPaths.groups, z.array(GroupSchema), groups);
  return { freezes: freezes.length, planned: planned.length, groups: groups.length };
}
