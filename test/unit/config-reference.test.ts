// The reference tables of docs/configuration.md are generated from the config schema
// (src/schemas/config/), as waybill.config.schema.json is (test/unit/config.test.ts checks that
// one); the committed tables fail here when they drift from the schema.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_REFERENCE_FILE, withConfigReference } from '../../src/schemas/config/reference.ts';

const committed = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const RUN = 'differs from what the config schema generates: run `npm run schema` and commit the result';

describe('config reference generated from the schema', () => {
  it(`the reference tables of ${CONFIG_REFERENCE_FILE} are up to date (run \`npm run schema\` after changing the schema)`, () => {
    const text = committed(CONFIG_REFERENCE_FILE);
    expect(text, `${CONFIG_REFERENCE_FILE} ${RUN}`).toBe(withConfigReference(text));
  });

  it('documents every key of the config, nested ones included, with its description and default', () => {
    const text = committed(CONFIG_REFERENCE_FILE);
    expect(text).toContain('| `projects` | required | The projects whose releases the portal shows. |');
    expect(text).toContain('| `projects[].links.pull` | none |');
    expect(text).toContain('| `freezes[].cron.start` | required |');
    expect(text).toContain('| `title` | `"Releases"` |');
  });

  it('refuses a document without a place for an area, or with a marker that names none', () => {
    const text = committed(CONFIG_REFERENCE_FILE);
    const withoutAudit = text.replace('<!-- generated:config-reference audit -->', '');
    expect(() => withConfigReference(withoutAudit)).toThrow(/no place for the reference of audit/);
    expect(() =>
      withConfigReference(`${text}\n<!-- generated:config-reference nowhere -->\n<!-- /generated -->\n`),
    ).toThrow(/names no area of the config/);
  });
});
