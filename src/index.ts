// `import { defineConfig } from 'waybill'`: the typed helper for waybill.config.ts and the
// config's types.
export { defineConfig } from './schemas/config/config.ts';
export type { Config, ConfigInput } from './schemas/config/config.ts';
export type { ProjectConfig, TagPattern } from './schemas/config/projects.ts';
