// `npm run schema`: regenerates waybill.config.schema.json and the reference tables of
// docs/configuration.md from the zod config schema (src/schemas/config/).
// A unit test fails when the committed files and the schema drift apart.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema, JSON_SCHEMA_FILE } from '../src/schemas/config/json-schema.ts';
import { CONFIG_REFERENCE_FILE, withConfigReference } from '../src/schemas/config/reference.ts';

const root = join(import.meta.dirname, '..');
const schemaFile = join(root, JSON_SCHEMA_FILE);
writeFileSync(schemaFile, configJsonSchema());
console.log(`wrote ${schemaFile}`);
const referenceFile = join(root, CONFIG_REFERENCE_FILE);
writeFileSync(referenceFile, withConfigReference(readFileSync(referenceFile, 'utf8')));
console.log(`wrote ${referenceFile}`);
