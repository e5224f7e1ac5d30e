// The JSON Schema editors use for waybill.config.json, generated from the one zod schema.
import { z } from 'astro/zod';
import { ConfigSchema } from './config.ts';

export const JSON_SCHEMA_FILE = 'waybill.config.schema.json';

export function configJsonSchema(): string {
  const schema = z.toJSONSchema(ConfigSchema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return (
    JSON.stringify(
      { ...schema, title: 'waybill configuration', $id: 'https://waybill.dev/waybill.config.schema.json' },
      null,
      2,
    ) + '\n'
  );
}
