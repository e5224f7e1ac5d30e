// canonicalJson is RFC 8785: checked against the `canonicalize` package (by the RFC's author) and
// against the RFC's own examples.
import canonicalize from 'canonicalize';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical.ts';

describe('canonicalJson', () => {
  it('gives the RFC 8785 example its canonical form (§3.2.2 sorting, §3.2.2.3 numbers and strings)', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
    // Keys by UTF-16 code units, not by code points or locale (RFC 8785 §3.2.3).
    const keys = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(keys)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    expect(canonicalJson(keys)).toBe(canonicalize(keys));
  });

  it('agrees with the reference implementation on nested, unicode, numeric and empty values', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const word = () =>
      Array.from({ length: Math.floor(rand() * 6) }, () =>
        String.fromCharCode(
          [0x41, 0x61, 0xe9, 0x20ac, 0x1f600 >> 0, 0x22, 0x5c, 0x0a][Math.floor(rand() * 8)]!,
        ),
      ).join('');
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.3)
        return [null, true, false, rand() * 1e6 - 5e5, Math.floor(rand() * 1e9), 1e-7 * rand(), word()][
          Math.floor(rand() * 7)
        ];
      if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      // Integer-like keys too: JavaScript enumerates them first, canonical order does not.
      return Object.fromEntries(
        Array.from({ length: Math.floor(rand() * 5) }, () => [
          rand() < 0.2 ? String(Math.floor(rand() * 100)) : word(),
          value(depth + 1),
        ]),
      );
    };
    for (let i = 0; i < 2000; i++) {
      const v = value(0);
      expect(canonicalJson(v)).toBe(canonicalize(v));
    }
  });

  it('leaves out undefined members as JSON does, and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: 1, a: undefined, c: [undefined] })).toBe('{"b":1,"c":[null]}');
    expect(() => canonicalJson(Number.NaN)).toThrow(/not a JSON number/);
    expect(() => canonicalJson(undefined)).toThrow(/not a JSON value/);
  });
});
