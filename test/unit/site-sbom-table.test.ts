// The component table's script (src/lib/sbom/sbom-table.ts): the pure parts it runs in the browser.
import { describe, expect, it } from 'vitest';
import {
  EMPTY_QUERY,
  formatTableStatus,
  parseTableQuery,
  queryWords,
  rowMatches,
  sortRows,
  toRowData,
  withTableQuery,
} from '../../src/lib/sbom/sbom-table.ts';

const row = (
  name: string,
  version: string,
  type = 'library',
  scope = 'required',
  licenses = ['MIT'],
  purl = `pkg:npm/${name}@${version}`,
) => toRowData([name, version, type, scope, licenses.join(', '), purl], licenses);

describe('the query in the address', () => {
  it('reads q, type, scope and license, ignoring the rest', () => {
    expect(parseTableQuery('?q=log4j-core%202.14.1&license=Apache-2.0&x=1')).toEqual({
      text: 'log4j-core 2.14.1',
      type: '',
      scope: '',
      license: 'Apache-2.0',
    });
    expect(parseTableQuery('')).toEqual(EMPTY_QUERY);
  });

  it('writes only what is set, keeping other parameters', () => {
    expect(withTableQuery('?x=1&q=old', { ...EMPTY_QUERY, text: ' log4j ', scope: 'required' })).toBe(
      '?x=1&q=log4j&scope=required',
    );
    expect(withTableQuery('?q=old', EMPTY_QUERY)).toBe('');
  });
});

describe('filtering', () => {
  const log4j = row(
    'log4j-core',
    '2.14.1',
    'library',
    'required',
    ['Apache-2.0'],
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
  );
  const dual = row('evil', '1.0.0', 'framework', '—', ['GPL-3.0-only, with a comma', 'MIT OR Apache-2.0']);

  it('needs every word in the name, version, licenses or purl, case-insensitively', () => {
    expect(rowMatches(log4j, { ...EMPTY_QUERY, text: 'LOG4J-core 2.14.1' })).toBe(true);
    expect(rowMatches(log4j, { ...EMPTY_QUERY, text: 'log4j 2.17' })).toBe(false);
    expect(rowMatches(log4j, { ...EMPTY_QUERY, text: 'apache maven' })).toBe(true);
    // Type and scope are filtered by their selects, not by words.
    expect(rowMatches(log4j, { ...EMPTY_QUERY, text: 'required' })).toBe(false);
    expect(queryWords('  a   B ')).toEqual(['a', 'b']);
  });

  it('matches type, scope and license exactly; a license among several counts', () => {
    expect(rowMatches(dual, { ...EMPTY_QUERY, type: 'framework', scope: '—' })).toBe(true);
    expect(rowMatches(dual, { ...EMPTY_QUERY, type: 'library' })).toBe(false);
    expect(rowMatches(dual, { ...EMPTY_QUERY, license: 'GPL-3.0-only, with a comma' })).toBe(true);
    expect(rowMatches(dual, { ...EMPTY_QUERY, license: 'GPL-3.0-only' })).toBe(false);
    expect(rowMatches(dual, { ...EMPTY_QUERY, license: 'MIT OR Apache-2.0' })).toBe(true);
  });

  it('keeps up with 5,000 rows', () => {
    const rows = Array.from({ length: 5000 }, (_, i) =>
      row(`package-${i}`, `1.${i % 17}.${i % 5}`, i % 3 ? 'library' : 'framework'),
    );
    const query = { ...EMPTY_QUERY, text: 'package-49 1.', type: 'library' };
    const words = queryWords(query.text);
    const shown = rows.filter((r) => rowMatches(r, query, words)).map((r) => r.cells[0]);
    expect(shown).toContain('package-4901');
    expect(shown).not.toContain('package-4902'); // 4902 % 3 === 0: a framework
  });
});

describe('sorting', () => {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const rows = [row('b', '1.10.0'), row('A', '1.9.0'), row('c', '1.9.0'), row('a', '2.0.0')].map(
    (data, index) => ({ data, index }),
  );

  it('orders versions naturally and names case-insensitively, ties by the page order', () => {
    expect(sortRows(rows, 'version', 'ascending', collator).map((r) => r.data.cells[1])).toEqual([
      '1.9.0',
      '1.9.0',
      '1.10.0',
      '2.0.0',
    ]);
    expect(sortRows(rows, 'name', 'ascending', collator).map((r) => r.index)).toEqual([1, 3, 0, 2]);
    expect(sortRows(rows, 'name', 'descending', collator).map((r) => r.index)).toEqual([2, 0, 3, 1]);
  });
});

describe('the status line', () => {
  it('says what is shown and how it is sorted', () => {
    expect(formatTableStatus(5000, 5000, 'name', 'ascending')).toBe('5,000 components, sorted by name.');
    expect(formatTableStatus(12, 5000, 'licenses', 'descending')).toBe(
      'Showing 12 of 5,000 components, sorted by license, descending.',
    );
    expect(formatTableStatus(0, 3, 'name', 'ascending')).toBe(
      'No component of 3 matches. Clear the filters to see them all.',
    );
  });
});
