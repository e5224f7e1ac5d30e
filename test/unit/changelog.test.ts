import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import {
  extractChangelogSection,
  extractChangelogSectionFromStart,
  headingVersion,
  trailingDefinitions,
} from '../../src/core/changelog.ts';

const keepAChangelog = `# Changelog
All notable changes to this project will be documented in this file.

## [Unreleased]
### Added
- something coming

## [1.2.0] - 2026-03-02
### Added
- Export to CSV.

### Fixed
- Crash on empty input (#12).

## [1.1.0] - 2026-02-01
### Changed
- Faster start.

[Unreleased]: https://forge.example/acme/api/compare/v1.2.0...HEAD
[1.2.0]: https://forge.example/acme/api/compare/v1.1.0...v1.2.0
[1.1.0]: https://forge.example/acme/api/releases/v1.1.0
`;

const changesets = `# @acme/core

## 1.2.0

### Minor Changes

- 4f2a1b3: Added \`createClient\` options.

### Patch Changes

- Updated dependencies [4f2a1b3]
  - @acme/cli@0.3.1

## 1.1.0

### Minor Changes

- 9c0d1e2: First minor.
`;

describe('extractChangelogSection', () => {
  it('takes a Keep a Changelog section with its sub-headings, up to the next version', () => {
    expect(extractChangelogSection(keepAChangelog, '1.2.0')).toBe(
      '### Added\n- Export to CSV.\n\n### Fixed\n- Crash on empty input (#12).\n',
    );
  });

  it('leaves the link definitions at the end of the file out of the last section', () => {
    expect(extractChangelogSection(keepAChangelog, '1.1.0')).toBe('### Changed\n- Faster start.\n');
  });

  it('takes a changesets section with its change kinds', () => {
    const s = extractChangelogSection(changesets, '1.2.0')!;
    expect(s).toMatch(/^### Minor Changes/);
    expect(s).toMatch(/@acme\/cli@0\.3\.1\n$/);
    expect(s).not.toMatch(/First minor/);
  });

  it('returns null for a version the changelog does not mention, never a neighbour', () => {
    expect(extractChangelogSection(keepAChangelog, '1.3.0')).toBeNull();
    expect(extractChangelogSection(keepAChangelog, '1.2')).toBeNull();
  });

  it('reads "v"-prefixed and dated headings', () => {
    expect(
      extractChangelogSection(
        '# Log\n\n## v2.0.0 (2026-05-01)\n\nBig one.\n\n## v1.0.0\n\nFirst.\n',
        '2.0.0',
      ),
    ).toBe('Big one.\n');
  });
});

describe('headingVersion', () => {
  it('reads the version a heading names', () => {
    expect(headingVersion('[1.2.0] - 2026-03-02')).toBe('1.2.0');
    expect(headingVersion('v2.0.0-rc.1 (2026-01-01)')).toBe('2.0.0-rc.1');
    expect(headingVersion('Unreleased')).toBeNull();
  });
});

describe('changelog headings', () => {
  it('ignores heading-like lines inside fenced code', () => {
    const md =
      '# Log\n\n## 2.0.0\n\nUpgrade:\n\n```md\n## 1.0.0\nnot a heading\n```\n\nDone.\n\n## 1.0.0\n\nFirst.\n';
    expect(extractChangelogSection(md, '2.0.0')).toBe(
      'Upgrade:\n\n```md\n## 1.0.0\nnot a heading\n```\n\nDone.\n',
    );
    expect(extractChangelogSection(md, '1.0.0')).toBe('First.\n');
  });

  it('reads setext headings', () => {
    expect(
      extractChangelogSection('Log\n===\n\n1.1.0\n-----\n\nNew.\n\n1.0.0\n-----\n\nOld.\n', '1.1.0'),
    ).toBe('New.\n');
  });

  it('finds every section of a changelog with a thousand of them', () => {
    const md =
      '# Changelog\n\n' +
      Array.from(
        { length: 1000 },
        (_, i) => `## [1.${999 - i}.0] - 2026-01-01\n### Fixed\n- Fix number ${999 - i} (#${i}).\n`,
      ).join('\n');
    // Its speed at 1,000 tags is measured by `npm run bench` (the bench repositories carry a changelog).
    for (let v = 0; v < 1000; v += 50)
      expect(extractChangelogSection(md, `1.${v}.0`)).toBe(`### Fixed\n- Fix number ${v} (#${999 - v}).\n`);
  });
});

describe('a section from the start of a changelog', () => {
  const log = '# Changelog\n\n## [2.0.0] - 2026-03-01\n\n- two\n\n## [1.0.0] - 2026-01-01\n\n- one\n';
  it('settles when the section and the heading after it are in the start', () => {
    expect(extractChangelogSectionFromStart(log.slice(0, log.indexOf('- one')), '2.0.0', false)).toBe(
      '- two\n',
    );
  });
  it('cannot tell when the section may go on past the start, or its heading lies further on', () => {
    expect(
      extractChangelogSectionFromStart(log.slice(0, log.indexOf('## [1.0.0]')), '2.0.0', false),
    ).toBeUndefined();
    expect(
      extractChangelogSectionFromStart(log.slice(0, log.indexOf('## [1.0.0]')), '1.0.0', false),
    ).toBeUndefined();
  });
  it('is the whole-file answer when the start is the whole file', () => {
    expect(extractChangelogSectionFromStart(log, '1.0.0', true)).toBe('- one\n');
    expect(extractChangelogSectionFromStart(log, '3.0.0', true)).toBeNull();
  });
});

describe('the link definitions that end a section', () => {
  /** What remark says of the whole section: where its trailing definitions begin. */
  const reference = (section: string) => {
    const top = (unified().use(remarkParse).parse(section) as { children: MdNode[] }).children;
    let end = section.length;
    for (let i = top.length - 1; i >= 0 && top[i]!.type === 'definition'; i--)
      end = top[i]!.position.start.offset;
    return end;
  };
  type MdNode = { type: string; position: { start: { offset: number } } };

  it.each([
    [
      'definitions after a blank line',
      '- one\n- two\n\n[1.0.0]: https://x.example/1\n[0.9.0]: https://x.example/0\n',
    ],
    ['a definition with its title on the next line', 'Text.\n\n[a]: https://x.example\n  "Title"\n'],
    ['definition-like lines that continue a paragraph', 'Text that goes on\n[a]: https://x.example\n'],
    ['definition-like lines in a fenced block', 'Text.\n\n```\n[a]: https://x.example\n```\n'],
    ['definition-like lines in an open fence', 'Text.\n\n```\n\n[a]: https://x.example\n'],
    ['a list item, a blank line, then definitions', '- item\n\n  more\n\n[a]: https://x.example\n'],
    ['a quote, then definitions', '> quoted\n\n[a]: https://x.example\n\n\n'],
    ['no definitions', '- one\n- two\n'],
    ['only definitions', '[a]: https://x.example\n'],
    ['a bracket that is not a definition', 'Text.\n\n[not a definition]\n'],
  ])('%s: as remark reads the whole section', (_, section) => {
    expect(trailingDefinitions(section)).toBe(reference(section));
  });

  it('reads only the tail of a long section, so a section of megabytes costs its length', () => {
    const body = Array.from(
      { length: 50_000 },
      (_, i) => `- Change ${i} in [module](https://x.example/${i}).\n`,
    ).join('');
    const section = `${body}\n[1.1.0]: https://x.example/compare/1.0.0...1.1.0\n`;
    expect(trailingDefinitions(section)).toBe(body.length + 1);
    expect(extractChangelogSection(`## [1.1.0]\n\n${section}## [1.0.0]\n\n- one\n`, '1.1.0')).toBe(body);
  });
});
