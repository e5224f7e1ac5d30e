// What the calendar shows beside releases: freeze windows and release trains (docs/calendar.md).
import { z } from 'astro/zod';
import { IdSchema } from './id.ts';

const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'a local date and time like 2026-12-19T18:00');
export const FreezeConfigSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .describe(
        "The freeze's name, shown on the calendar; its ids there are made from it, so each is used once.",
      ),
    start: localDateTime
      .optional()
      .describe("A fixed window's start: a local date and time like `2026-12-19T18:00`."),
    end: localDateTime.optional().describe("A fixed window's end, after its start: a local date and time."),
    cron: z
      .object({
        start: z
          .string()
          .describe(
            'When each weekly window starts: `minute hour * * weekday`, like `"0 18 * * 5"` (Friday 18:00).',
          ),
        end: z.string().describe('When it ends, in the same form, like `"0 8 * * 1"` (Monday 08:00).'),
      })
      .strict()
      .optional()
      .describe("A weekly window instead of a fixed one, in GitLab's freeze-period form."),
    timezone: z
      .string()
      .optional()
      .describe("IANA time zone of the window's local times; default: the config's `timezone`."),
    environments: z
      .array(z.string())
      .optional()
      .describe('The ids of the environments the freeze applies to; default: every environment.'),
  })
  .strict()
  .refine((f) => (f.start && f.end) !== undefined || f.cron !== undefined, {
    message: 'either "start" and "end", or "cron": { "start", "end" }',
  });

export const GroupConfigSchema = z
  .object({
    id: IdSchema.describe('Used in URLs (`/groups/<id>/`): lower-case letters, digits and `-`, unique.'),
    name: z.string().min(1).describe('Display name.'),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-11-20')
      .describe('The day of the release, `YYYY-MM-DD`.'),
    members: z
      .record(z.string(), z.string())
      .describe('The version of each project in the group, like `{ "api": "2.3.0", "web": "1.8.0" }`.'),
  })
  .strict();

export const calendarSettings = {
  freezes: z
    .array(FreezeConfigSchema)
    .default([])
    .describe(
      'Windows when nothing should be deployed, fixed or weekly; a deployment that finished inside one for its environment is flagged (see [calendar.md](calendar.md#freezes)).',
    ),
  groups: z
    .array(GroupConfigSchema)
    .default([])
    .describe(
      'Release trains: member versions of several projects released as one, with a page of their own (`/groups/<id>/`) and combined notes (see [calendar.md](calendar.md#release-trains)).',
    ),
};
