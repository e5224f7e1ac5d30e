// Real SBOMs: every valid document normalizes with the exact component count docs/sbom.md defines,
// every invalid one is rejected with at least one problem. Runs on the subset in
// test/fixtures/sbom/corpus/ and on the whole corpus of real documents other projects wrote
// (test/fixtures/shared-corpus/sbom, see its README).
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { readSbom, sbomPath } from '../../src/harvest/sbom.ts';
import { describeIfAvailable } from '../helpers/needs.ts';

const fixtures = resolve(import.meta.dirname, '../fixtures/sbom/corpus');
const shared = resolve(import.meta.dirname, '../fixtures/shared-corpus/sbom');

type Doc = Record<string, unknown>;
const files = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

/** The file as JSON, decoding UTF-16 by its byte order mark (independent of the code under test). */
function load(file: string): Doc {
  const b = readFileSync(file);
  const text =
    b[0] === 0xff && b[1] === 0xfe
      ? b.subarray(2).toString('utf16le')
      : b.toString('utf8').replace(/^\uFEFF/, '');
  return JSON.parse(text) as Doc;
}

/**
 * docs/sbom.md's componentCount, counted here without the code under test: every entry of the
 * top-level CycloneDX `components` array and of every component's own `components`, recursively
 * (not metadata.component, metadata.tools.components or formulation); every SPDX package.
 */
function expectedCount(doc: Doc): number {
  if (Array.isArray(doc.packages)) return doc.packages.length;
  let n = 0;
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    n += list.length;
    for (const c of list) if (c && typeof c === 'object') walk((c as Doc).components);
  };
  walk(doc.components);
  return n;
}

function corpusSuite(root: string) {
  for (const format of ['cyclonedx', 'spdx']) {
    const valid = files(join(root, format, 'valid'));
    const invalid = files(join(root, format, 'invalid'));

    it(`${format}: has documents in valid/ and invalid/`, () => {
      expect(valid.length).toBeGreaterThan(0);
      expect(invalid.length).toBeGreaterThan(0);
    });

    it.each(valid)(`${format}/valid/%s normalizes with the exact component count`, async (f) => {
      const file = join(root, format, 'valid', f);
      const r = await readSbom(file, f);
      if (!r.ok)
        expect.fail(`${f} rejected:\n${r.problems.map((p) => `${p.pointer}: ${p.message}`).join('\n')}`);
      const doc = load(file);
      expect(r.format).toBe(format === 'cyclonedx' ? 'CycloneDX' : 'SPDX');
      expect(r.specVersion).toBe(
        format === 'cyclonedx' ? doc.specVersion : String(doc.spdxVersion).replace('SPDX-', ''),
      );
      expect(r.bom.componentCount).toBe(expectedCount(doc));
      // Nested components are flattened into the list: one entry per counted object.
      expect(r.bom.components.length).toBe(r.bom.componentCount);
      expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    });

    it.each(invalid)(`${format}/invalid/%s is rejected with every problem at a JSON pointer`, async (f) => {
      const r = await readSbom(join(root, format, 'invalid', f), f);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problems.length).toBeGreaterThan(0);
      for (const p of r.problems) {
        expect(p.pointer).toMatch(/^(\/([^~/]|~[01])*)*$/);
        expect(p.message).toMatch(/expected/);
      }
    });
  }
}

describe('the SBOM corpus subset in test/fixtures/sbom/corpus', () => {
  corpusSuite(fixtures);

  it('pins what the subset covers: nested components, VEX, tools and formulation not counted', async () => {
    const read = async (f: string) => {
      const r = await readSbom(join(fixtures, f), f);
      if (!r.ok) throw new Error(f);
      return r.bom;
    };
    const assembly = await read('cyclonedx/valid/valid-assembly-1.2.json');
    expect(assembly.componentCount).toBe(2);
    expect(assembly.components.filter((c) => c.parent !== null)).toHaveLength(1);
    // metadata.tools.components (the tool that wrote the BOM) is not a component of the release.
    expect((await read('cyclonedx/valid/valid-metadata-tool-1.6.json')).componentCount).toBe(0);
    expect((await read('cyclonedx/valid/valid-formulation-1.7.json')).componentCount).toBe(1);
    const vex = await read('cyclonedx/valid/bom-examples__VEX__CISA-Use-Cases__Case-2__vex.json');
    expect(vex.vulnerabilities).toHaveLength(19);
    expect(new Set(vex.vulnerabilities.map((v) => v.state))).toEqual(new Set(['not_affected']));
    expect(
      (await read('cyclonedx/valid/bom-examples__SBOM__proton-bridge__proton-bridge-v1.8.0.bom.json'))
        .componentCount,
    ).toBe(201);
    // UTF-16LE with a byte order mark: 4 packages.
    expect(
      (await read('spdx/valid/tools-python__tests__spdx__data__SPDXJSONExample-UTF-16.spdx.json'))
        .componentCount,
    ).toBe(4);
  });

  // Our validators compile the library's schema files with allErrors (every problem, not the
  // first); the verdict must stay the one @cyclonedx/cyclonedx-library's JsonStrictValidator gives.
  it("gives the same verdict as the CycloneDX library's JsonStrictValidator", async () => {
    for (const dir of ['valid', 'invalid']) {
      for (const f of files(join(fixtures, 'cyclonedx', dir))) {
        const text = readFileSync(join(fixtures, 'cyclonedx', dir, f), 'utf8');
        const doc = JSON.parse(text) as Doc;
        if (doc.bomFormat !== 'CycloneDX') continue;
        const library = await new Validation.JsonStrictValidator(doc.specVersion as Spec.Version).validate(
          text,
        );
        const ours = await readSbom(join(fixtures, 'cyclonedx', dir, f), f);
        expect(ours.ok, f).toBe(library === null);
      }
    }
  });
});

describeIfAvailable(existsSync(shared), `the SBOM corpus is missing at ${shared}`)(
  'the full SBOM corpus (test/fixtures/shared-corpus/sbom)',
  () => {
    corpusSuite(shared);

    // The corpus MANIFESTs state a component count per file. The CycloneDX one counts
    // metadata.component as well, which docs/sbom.md excludes; pin that as the only difference, so a
    // MANIFEST that disagrees in any other way fails here.
    it('agrees with the MANIFEST counts (CycloneDX: MANIFEST minus metadata.component)', () => {
      const rows = (fmt: string) =>
        readFileSync(join(shared, fmt, 'MANIFEST.md'), 'utf8')
          .split('\n')
          .filter((l) => /^\| valid \|/.test(l))
          .map((l) => l.split('|').map((s) => s.trim()));
      const cdx = rows('cyclonedx');
      expect(cdx.length).toBe(files(join(shared, 'cyclonedx', 'valid')).length);
      for (const [, , file, , , , , count] of cdx) {
        const doc = load(join(shared, 'cyclonedx', 'valid', file));
        const meta =
          typeof doc.metadata === 'object' && doc.metadata !== null && 'component' in doc.metadata ? 1 : 0;
        expect(expectedCount(doc), file).toBe(Number(count) - meta);
      }
      const spdx = rows('spdx');
      expect(spdx.length).toBe(files(join(shared, 'spdx', 'valid')).length);
      for (const [, , file, , , , , counts] of spdx) {
        expect(expectedCount(load(join(shared, 'spdx', 'valid', file))), file).toBe(
          Number(/^(\d+)p/.exec(counts)?.[1]),
        );
      }
    });
  },
);

describe('the hand-made pairs in test/fixtures/sbom/pairs', () => {
  const pairs = resolve(import.meta.dirname, '../fixtures/sbom/pairs');
  const docs = readdirSync(pairs)
    .sort()
    .flatMap((d) =>
      files(join(pairs, d))
        .filter((f) => f !== 'expected-diff.json')
        .map((f) => `${d}/${f}`),
    );
  it.each(docs)('%s is a valid SBOM, so the diff tests run on documents a tool could write', async (f) => {
    const r = await readSbom(join(pairs, f), f);
    if (!r.ok) expect.fail(r.problems.map((p) => `${p.pointer}: ${p.message}`).join('\n'));
  });
});

describe('readSbom on files that are not valid SBOMs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'waybill-sbom-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  it('names line and column when the file is not JSON', async () => {
    const r = await readSbom(
      write(
        'broken.json',
        '{\n  "bomFormat": "CycloneDX",\n  "specVersion": "1.6",\n  "components": [,]\n}\n',
      ),
      'broken.json',
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          pointer: '',
          message:
            'not valid JSON at line 4, column 18: expected a value or "]", found ",]\\n}\\n"; expected a JSON document (CycloneDX or SPDX JSON, not XML, tag-value or YAML)',
        },
      ],
    });
  });

  it('reports a truncated file at its end', async () => {
    const r = await readSbom(
      write('cut.json', '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": ['),
      'cut.json',
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problems[0].message).toMatch(
        /^not valid JSON at line 1, column 65: expected a value or "\]", found the end of the file/,
      );
  });

  it('says what an SBOM must declare when the JSON is something else', async () => {
    const r = await readSbom(write('package.json', '{"name": "x", "version": "1.0.0"}'), 'package.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { pointer: '', message: expect.stringContaining('"bomFormat": "CycloneDX"') },
    ]);
    expect(r.problems[0].message).toContain('"spdxVersion": "SPDX-2.2" or "SPDX-2.3"');
    expect(r.problems[0].message).toContain('found an object with "name", "version"');
  });

  it('points at the version field when the version is not supported', async () => {
    const r = await readSbom(
      write('old.json', '{"bomFormat": "CycloneDX", "specVersion": "1.1"}'),
      'old.json',
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          pointer: '/specVersion',
          message: expect.stringMatching(
            /^unsupported CycloneDX specVersion "1.1": expected one of 1.2, 1.3, 1.4, 1.5, 1.6, 1.7/,
          ),
        },
      ],
    });
  });

  it('returns every schema problem, not just the first, each with what was expected', async () => {
    const doc = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      components: [
        { type: 'bogus', name: 'a' },
        { type: 'library' },
        { type: 'library', name: 'c', scope: 'sometimes' },
        { type: 'library', name: 'd', hashes: [{ alg: 'SHA-256', content: 'xyz' }] },
      ],
    };
    const r = await readSbom(write('many.json', JSON.stringify(doc)), 'many.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        pointer: '/components/0/type',
        message: expect.stringMatching(/^expected "application", .* found "bogus"$/),
      },
      {
        pointer: '/components/1',
        message: 'expected the required property "name", found an object without it',
      },
      {
        pointer: '/components/2/scope',
        message: 'expected "required", "optional" or "excluded", found "sometimes"',
      },
      {
        pointer: '/components/3/hashes/0/content',
        message: expect.stringMatching(/^expected a string matching the pattern .*, found "xyz"$/),
      },
    ]);
  });

  it("reports duplicate components, as the schema's uniqueItems requires, in linear time", async () => {
    const components = Array.from({ length: 20_000 }, (_, i) => ({
      type: 'library',
      name: `p${i}`,
      version: '1.0.0',
    }));
    components.push({ ...components[7] });
    const r = await readSbom(
      write('dup.json', JSON.stringify({ bomFormat: 'CycloneDX', specVersion: '1.6', components })),
      'dup.json',
    );
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          pointer: '/components',
          message: 'expected no duplicate items, found item 20000 identical to item 7; remove the repeat',
        },
      ],
    });
  });

  it('reads UTF-8 with a byte order mark and rejects bytes that are not UTF-8', async () => {
    const doc =
      '{"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [{"type": "library", "name": "x"}]}';
    const bom = await readSbom(
      write('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(doc)])),
      'bom.json',
    );
    expect(bom.ok && bom.bom.componentCount).toBe(1);
    const latin1 = await readSbom(
      write('latin1.json', Buffer.from(doc.replace('"x"', '"caf\u00e9"'), 'latin1')),
      'latin1.json',
    );
    expect(latin1.ok).toBe(false);
    if (!latin1.ok) expect(latin1.problems[0].message).toMatch(/^not UTF-8 text/);
  });

  it('reports a missing file with the name it was given', async () => {
    const r = await readSbom(join(dir, 'nope.json'), 'sboms/api-9.9.9.json');
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          pointer: '',
          message: expect.stringMatching(/^could not read "sboms\/api-9.9.9.json": no such file/),
        },
      ],
    });
  });

  it('hashes the bytes as they are on disk', async () => {
    const text = '{"bomFormat":"CycloneDX","specVersion":"1.5","components":[]}';
    const r = await readSbom(write('empty.json', text), 'empty.json');
    expect(r.ok && r.sha256).toBe(createHash('sha256').update(text).digest('hex'));
    expect(r.ok && r.bytes.toString('utf8')).toBe(text);
  });

  it('fills {version} in the configured path', () => {
    expect(sbomPath('sboms/api-{version}.cdx.json', '2.3.0')).toBe('sboms/api-2.3.0.cdx.json');
    expect(sbomPath('{version}/{version}.json', '1.0$&')).toBe('1.0$&/1.0$&.json');
  });
});
