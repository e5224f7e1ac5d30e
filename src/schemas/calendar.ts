import { z } from 'astro/zod';
import { DateTimeSchema, TimeZoneSchema } from './commit.ts';

/** A local date and time without offset, as the config writes freezes: `2026-12-19T18:00`. */
const LocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);

/**
 * A freeze from the config, with its windows expanded to instants over the calendar's horizon
 * (`freezes.json` in the data folder). Weekly windows keep their local wall-clock times across
 * daylight-saving changes (Friday 18:00 to Monday 08:00 stays that, local).
 */
export const FreezeSchema = z.object({
  /** Stable id: the name, lower-cased, with `-` for anything outside [a-z0-9]. */
  id: z.string(),
  name: z.string(),
  timezone: TimeZoneSchema,
  /** Environments it applies to; null: all. */
  environments: z.array(z.string()).nullable(),
  kind: z.enum(['fixed', 'weekly']),
  /** For fixed windows. */
  start: LocalDateTime.nullable(),
  end: LocalDateTime.nullable(),
  /** For weekly windows: the cron pair as configured (`0 18 * * 5`, `0 8 * * 1`). */
  cron: z.object({ start: z.string(), end: z.string() }).nullable(),
  /** Every window that overlaps the horizon, as instants with the zone's offset, oldest first. */
  windows: z.array(z.object({ start: DateTimeSchema, end: DateTimeSchema })),
});
export type Freeze = z.infer<typeof FreezeSchema>;

export const FreezesSchema = z.object({
  /** The span the windows were expanded over: from the first release to a year after "now". */
  horizon: z.object({ from: DateTimeSchema, to: DateTimeSchema }),
  freezes: z.array(FreezeSchema),
});
export type Freezes = z.infer<typeof FreezesSchema>;

/** A hand-written planned release (`content/planned/*.md`), as harvest normalizes it: `planned.json`. */
export const PlannedSchema = z.object({
  project: z.string(),
  version: z.string(),
  /** The planned day, `2026-12-01`, in the portal's time zone. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  status: z.enum(['tentative', 'confirmed', 'cancelled']),
  /** Markdown (untrusted) notes. */
  notes: z.string(),
  /** The file it came from, relative to the config. */
  source: z.string(),
  /** iCalendar SEQUENCE: 0, bumped each time a harvest sees the planned date move. */
  sequence: z.number().int().nonnegative(),
  /** The dates it had before, oldest first. */
  previousDates: z.array(z.string()),
  /** True once a tag with this version exists: then it shows as shipped. */
  shipped: z.boolean(),
});
export type Planned = z.infer<typeof PlannedSchema>;

/** A group release (release train) from the config, with its members as released (`groups.json`). */
export const GroupSchema = z.object({
  id: z.string(),
  name: z.string(),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** project id → version; `released` says whether that version exists as a release. */
  members: z.array(z.object({ project: z.string(), version: z.string(), released: z.boolean() })),
});
export type Group = z.infer<typeof GroupSchema>;
