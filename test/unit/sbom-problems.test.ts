import { describe, expect, it } from 'vitest';
import {
  decodeJsonText,
  findJsonSyntaxFault,
  jsonSyntaxProblem,
  toSchemaProblems,
  type SchemaError,
} from '../../src/core/sbom/index.ts';

describe('JSON syntax problems', () => {
  const fault = (text: string) => findJsonSyntaxFault(text);

  it('finds nothing in valid JSON, whatever its nesting', () => {
    for (const ok of [
      '{}',
      '[]',
      ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ',
      '"s"',
      '0',
      '[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]',
      '['.repeat(100_000) + ']'.repeat(100_000),
    ]) {
      expect(fault(ok), ok.slice(0, 40)).toBeNull();
      JSON.parse(ok);
    }
  });

  it('finds the first offending character and what was expected there', () => {
    expect(fault('{"a": 1,}')).toEqual({ offset: 8, expected: 'a property name in double quotes' });
    expect(fault('{"a" 1}')).toEqual({ offset: 5, expected: '":"' });
    expect(fault('[1 2]')).toEqual({ offset: 3, expected: '"," or "]"' });
    expect(fault("{'a': 1}")).toEqual({ offset: 1, expected: 'a property name in double quotes or "}"' });
    expect(fault('[01]')).toEqual({ offset: 2, expected: '"," or "]"' });
    expect(fault('{} x')).toEqual({ offset: 3, expected: 'the end of the document' });
    expect(fault('["a\tb"]')?.expected).toMatch(/^no raw control character/);
    expect(fault('["\\x"]')?.expected).toMatch(/^one of the escapes/);
    expect(fault('<?xml version="1.0"?>')).toEqual({
      offset: 0,
      expected: 'a value (object, array, string, number, true, false or null)',
    });
  });

  it('names line and column, what was expected and what is there', () => {
    const text = '{\n  "components": [\n    {"name": "a"}\n    {"name": "b"}\n  ]\n}';
    let error: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e;
    }
    expect(jsonSyntaxProblem(text, error)).toEqual({
      pointer: '',
      message:
        'not valid JSON at line 4, column 5: expected "," or "]", found "{\\"name\\": \\"b\\"…"; expected a JSON document (CycloneDX or SPDX JSON, not XML, tag-value or YAML)',
    });
  });
});

describe('schema problems', () => {
  const e = (x: Partial<SchemaError>): SchemaError => ({
    instancePath: '',
    schemaPath: '#',
    keyword: 'x',
    params: {},
    ...x,
  });

  it('says what was expected and what was found, at the offending value', () => {
    expect(
      toSchemaProblems([
        e({
          instancePath: '/components/4/licenses',
          keyword: 'type',
          params: { type: 'array' },
          data: 'MIT',
        }),
        e({
          instancePath: '/metadata',
          keyword: 'additionalProperties',
          params: { additionalProperty: 'a/b~c' },
          parentSchema: { properties: { timestamp: {}, tools: {} } },
          data: {},
        }),
        e({
          instancePath: '/components/0',
          keyword: 'required',
          params: { missingProperty: 'name' },
          data: {},
        }),
        e({
          instancePath: '/serialNumber',
          keyword: 'pattern',
          params: { pattern: '^urn:uuid:' },
          data: 'x'.repeat(100),
        }),
        e({
          instancePath: '/metadata/timestamp',
          keyword: 'format',
          params: { format: 'date-time' },
          data: '2020-04-13',
        }),
        e({
          instancePath: '/licenses/0/license/id',
          keyword: 'enum',
          params: { allowedValues: Array.from({ length: 30 }, (_, i) => `L${i}`) },
          data: 'Apache-2',
        }),
      ]),
    ).toEqual([
      { pointer: '/components/4/licenses', message: 'expected an array, found a string ("MIT")' },
      {
        pointer: '/metadata/a~1b~0c',
        message:
          'unexpected property "a/b~c": expected only the properties the schema defines (allowed here: timestamp, tools); check its spelling and the document\'s declared spec version',
      },
      {
        pointer: '/components/0',
        message: 'expected the required property "name", found an object without it',
      },
      {
        pointer: '/serialNumber',
        message: `expected a string matching the pattern ^urn:uuid:, found "${'x'.repeat(57)}…" (100 characters)`,
      },
      {
        pointer: '/metadata/timestamp',
        message:
          'expected a valid "date-time" value (RFC 3339, e.g. "2026-11-20T14:03:00Z"), found "2020-04-13"',
      },
      {
        pointer: '/licenses/0/license/id',
        message:
          'expected one of the 30 values the schema lists ("L0", "L1", "L2", "L3", …), found "Apache-2"',
      },
    ]);
  });

  it('drops exact repeats, which anyOf and oneOf branches produce', () => {
    const err = e({ instancePath: '/a', keyword: 'required', params: { missingProperty: 'b' }, data: {} });
    expect(toSchemaProblems([err, err])).toHaveLength(1);
  });
});

describe('decoding a file', () => {
  it('accepts UTF-8 with or without a byte order mark and UTF-16 either way round', () => {
    const text = '{"a":"é"}';
    expect(decodeJsonText(Buffer.from(text))).toEqual({ ok: true, text });
    expect(decodeJsonText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({
      ok: true,
      text,
    });
    expect(decodeJsonText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({
      ok: true,
      text,
    });
    expect(decodeJsonText(Buffer.from(text, 'utf16le'))).toEqual({ ok: true, text });
    expect(decodeJsonText(Buffer.from(text, 'utf16le').swap16())).toEqual({ ok: true, text });
  });

  it('rejects bytes that are not valid in the encoding', () => {
    expect(decodeJsonText(Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]))).toMatchObject({
      ok: false,
      problem: { pointer: '', message: expect.stringMatching(/^not UTF-8 text/) },
    });
  });
});
