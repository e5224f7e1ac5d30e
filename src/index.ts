// `import { defineConfig } from 'waybill'`: the typed helper for waybill.config.ts and the
// config's types.
export { defineConfig } from './config/schema.ts';
export type { Config, ConfigInput, ProjectConfig, TagPattern } from './config/schema.ts';
