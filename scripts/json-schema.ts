// `npm run schema`: regenerates waybill.config.schema.json from the zod config schema.
// A unit test fails when the committed file and the schema drift apart.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema, JSON_SCHEMA_FILE } from '../src/schemas/config/json-schema.ts';

const file = join(import.meta.dirname, '..', JSON_SCHEMA_FILE);
writeFileSync(file, configJsonSchema());
console.log(`wrote ${file}`);
