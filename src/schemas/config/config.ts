// waybill.config.ts / .mjs / .json: one schema per area of the config, each field described
// where it is declared. `npm run schema` writes the JSON Schema and the reference tables of
// docs/configuration.md from them.
import { z } from 'astro/zod';
import { auditSettings } from './audit.ts';
import { calendarSettings } from './calendar.ts';
import { deploymentSettings } from './deployments.ts';
import { identitySettings } from './identities.ts';
import { portalSettings } from './portal.ts';
import { projectSettings } from './projects.ts';

/** waybill.config.ts / .mjs / .json. Paths are relative to the config file. */
export const ConfigSchema = z
  .object({
    ...portalSettings,
    ...auditSettings,
    ...projectSettings,
    ...deploymentSettings,
    ...calendarSettings,
    ...identitySettings,
  })
  // Cross-field rules (ids used once, groups and freezes naming what exists, …) are named
  // functions in src/config/rules.ts, run when the config is loaded.
  .strict();
export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Typed helper for `waybill.config.ts`: `export default defineConfig({ ... })`. */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config;
}
