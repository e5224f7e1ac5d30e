import { describe, expect, it } from 'vitest';
import {
  normalizeLicenseExpression,
  normalizeLicenseId,
  summarizeLicenses,
} from '../../src/core/sbom/index.ts';

const norm = (s: string) => normalizeLicenseExpression(s);

describe('SPDX license expressions', () => {
  it('writes operators upper-case and known ids in their canonical case', () => {
    expect(norm('mit or apache-2.0')).toEqual({ kind: 'expression', value: 'MIT OR Apache-2.0' });
    expect(norm('gpl-2.0-only with classpath-exception-2.0')).toEqual({
      kind: 'expression',
      value: 'GPL-2.0-only WITH Classpath-exception-2.0',
    });
    expect(norm('bsd-3-clause')).toEqual({ kind: 'id', value: 'BSD-3-Clause' });
  });

  it('normalizes spacing and parentheses but keeps the meaning', () => {
    expect(norm('  MIT   OR\tApache-2.0 ')).toEqual({ kind: 'expression', value: 'MIT OR Apache-2.0' });
    expect(norm('(MIT)')).toEqual({ kind: 'id', value: 'MIT' });
    expect(norm('(MIT OR Apache-2.0) AND BSD-2-Clause')).toEqual({
      kind: 'expression',
      value: '(MIT OR Apache-2.0) AND BSD-2-Clause',
    });
    // AND binds tighter than OR: these parentheses say nothing and go.
    expect(norm('MIT OR (Apache-2.0 AND BSD-2-Clause)')).toEqual({
      kind: 'expression',
      value: 'MIT OR Apache-2.0 AND BSD-2-Clause',
    });
    expect(norm('(MIT AND ISC) OR (Apache-2.0 AND (BSD-2-Clause OR Zlib))')).toEqual({
      kind: 'expression',
      value: 'MIT AND ISC OR Apache-2.0 AND (BSD-2-Clause OR Zlib)',
    });
  });

  it('keeps the "or later" plus and license references', () => {
    expect(norm('gpl-2.0+')).toEqual({ kind: 'expression', value: 'GPL-2.0+' });
    expect(norm('licenseref-acme-eula and mit')).toEqual({
      kind: 'expression',
      value: 'LicenseRef-acme-eula AND MIT',
    });
    expect(norm('LicenseRef-3')).toEqual({ kind: 'id', value: 'LicenseRef-3' });
    expect(norm('DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2')).toEqual({
      kind: 'id',
      value: 'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2',
    });
  });

  it('keeps text that is not an SPDX expression as a name, exactly as written (trimmed)', () => {
    expect(norm('Apache License, Version 2.0')).toEqual({
      kind: 'name',
      value: 'Apache License, Version 2.0',
    });
    expect(norm(' MIT OR ')).toEqual({ kind: 'name', value: 'MIT OR' });
    expect(norm('not-a-license-id')).toEqual({ kind: 'name', value: 'not-a-license-id' });
    expect(norm('   ')).toBeNull();
  });

  it('gives the same answer on the thousandth call (memoized)', () => {
    for (let i = 0; i < 1000; i++) norm('mit or apache-2.0');
    expect(norm('mit or apache-2.0')).toEqual({ kind: 'expression', value: 'MIT OR Apache-2.0' });
  });

  it('fixes the case of a CycloneDX license id and keeps an unknown one', () => {
    expect(normalizeLicenseId('apache-2.0')).toEqual({ kind: 'id', value: 'Apache-2.0' });
    expect(normalizeLicenseId('Acme-1.0')).toEqual({ kind: 'id', value: 'Acme-1.0' });
  });
});

describe('license summary', () => {
  it('counts components per license, most common first, then by name in code-unit order', () => {
    const c = (...values: string[]) => ({
      licenses: values.map((value) => ({ kind: 'id' as const, value })),
    });
    expect(
      summarizeLicenses([
        c('MIT'),
        c('Apache-2.0'),
        c('MIT', 'MIT'),
        c('BSD-3-Clause', 'MIT'),
        c(),
        c('Apache-2.0'),
        c('apache'),
      ]),
    ).toEqual([
      { license: 'MIT', count: 3 },
      { license: 'Apache-2.0', count: 2 },
      { license: 'BSD-3-Clause', count: 1 },
      { license: 'apache', count: 1 },
    ]);
  });
});
