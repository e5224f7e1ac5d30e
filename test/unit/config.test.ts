import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { ConfigSchema } from '../../src/schemas/config/config.ts';
import { InputError } from '../../src/errors/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'waybill-config-'));
const write = (name: string, text: string) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};
const problems = async (file: string) => {
  try {
    await loadConfig(file, dir);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).format();
  }
  throw new Error('expected the config to be refused');
};

describe('config', () => {
  it('fills the documented defaults', () => {
    const c = ConfigSchema.parse({ projects: [{ id: 'api', name: 'API', repo: '../api' }] });
    expect(c).toMatchObject({
      title: 'Releases',
      timezone: 'UTC',
      audience: 'public',
      strict: true,
      notes: 'content/notes',
    });
    expect(c.projects[0]).toMatchObject({ tags: 'v{version}', links: {}, support: { lts: [], eol: {} } });
  });

  it('names the file, the key path, what was expected and what was found, for every problem', async () => {
    const f = write(
      'bad.json',
      JSON.stringify({
        projects: [{ id: 'Api', name: 'API', repo: '.', tags: 'v' }],
        timezone: 'Mars/Olympus',
        audience: 'everyone',
      }),
    );
    const text = await problems(f);
    expect(text).toContain(`${f}:1: projects[0].id: expected an id of lower-case letters`);
    expect(text).toContain('found string "Api"');
    expect(text).toContain('projects[0].tags: expected a tag pattern with exactly one "{version}"');
    expect(text).toContain('timezone: expected an IANA time zone');
    expect(text).toContain('audience: expected one of "public", "internal", found string "everyone"');
  });

  it('points at a misspelt key', async () => {
    expect(
      await problems(
        write(
          'typo.json',
          JSON.stringify({ projects: [{ id: 'a', name: 'A', repo: '.', changelogg: 'CHANGELOG.md' }] }),
        ),
      ),
    ).toContain('projects[0]: expected no key "changelogg"');
  });

  it('refuses duplicate project ids, naming the other one', async () => {
    const text = await problems(
      write(
        'dup.json',
        JSON.stringify({
          projects: [
            { id: 'a', name: 'A', repo: '.' },
            { id: 'a', name: 'B', repo: '.' },
          ],
        }),
      ),
    );
    expect(text).toContain('projects[1].id: expected a unique project id; "a" is also projects[0]');
  });

  it('reports a JSON syntax error with the file', async () => {
    expect(await problems(write('syntax.json', '{ "projects": [ }'))).toMatch(
      /syntax\.json.*is not valid JSON/,
    );
  });

  it('reads comments and trailing commas in waybill.config.json (what `waybill init` writes), and names the line of a bad key', async () => {
    const ok = write(
      'commented.json',
      '// the portal\n{\n  "title": "Commented", /* inline */\n  "projects": [{ "id": "a", "name": "A", "repo": "." },],\n}\n',
    );
    expect((await loadConfig(ok, dir)).config.title).toBe('Commented');
    const bad = write(
      'commented-bad.json',
      '{\n  // the projects\n  "projects": [\n    { "id": "Api", "name": "A", "repo": "." }\n  ]\n}\n',
    );
    expect(await problems(bad)).toContain(
      `${bad}:4: projects[0].id: expected an id of lower-case letters, digits and "-" (like "api" or "web-app"), found string "Api"`,
    );
    expect(await problems(write('commented-syntax.json', '{\n  // x\n  "projects": [ }\n'))).toMatch(
      /commented-syntax\.json:3:17: is not valid JSON \(expected a value, found "}"\)/,
    );
  });

  it('loads a waybill.config.mjs default export', async () => {
    const f = write(
      'waybill.config.mjs',
      'export default { title: "From mjs", projects: [{ id: "a", name: "A", repo: "." }] };',
    );
    expect((await loadConfig(f, dir)).config.title).toBe('From mjs');
  });

  it('loads a waybill.config.ts that uses defineConfig', async () => {
    const schema = new URL('../../src/schemas/config/config.ts', import.meta.url).pathname;
    const f = write(
      'waybill.config.ts',
      `import { defineConfig } from ${JSON.stringify(schema)};\nexport default defineConfig({ title: 'From ts', projects: [{ id: 'a', name: 'A', repo: '.' }] });\n`,
    );
    const loaded = await loadConfig(f, dir);
    expect(loaded.config.title).toBe('From ts');
    expect(loaded.dir).toBe(dir);
  });
});

describe('JSON Schema for editors', () => {
  it('is generated from the zod schema and committed up to date (run `npm run schema` after changing it)', async () => {
    const { readFileSync } = await import('node:fs');
    const { configJsonSchema, JSON_SCHEMA_FILE } = await import('../../src/schemas/config/json-schema.ts');
    const committed = readFileSync(new URL(`../../${JSON_SCHEMA_FILE}`, import.meta.url), 'utf8');
    expect(committed).toBe(configJsonSchema());
    const schema = JSON.parse(committed);
    expect(schema.required).toEqual(['projects']);
    expect(schema.properties.projects.items.properties.id.pattern).toBe('^[a-z0-9-]+$');
    expect(schema.properties.projects.items.properties.repo.description).toMatch(/clone URL/);
  });
});

describe('project paths', () => {
  it('are folders inside the repository, taken literally', () => {
    const ok = (path: string) =>
      ConfigSchema.safeParse({ projects: [{ id: 'a', name: 'A', repo: '.', path }] }).success;
    expect(ok('packages/api')).toBe(true);
    expect(ok('./packages/api/')).toBe(true);
    for (const bad of ['../api', '/abs/api', 'packages/*', ':(glob)x', 'a/../b', ' '])
      expect(ok(bad), bad).toBe(false);
  });
});
