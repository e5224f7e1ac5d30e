// One rule for which notes a release publishes: the page, `waybill notes` and the evidence record share it.
import { describe, expect, it } from 'vitest';
import { publishedNotes } from '../../src/core/notes.ts';

const notes = (over: Partial<Parameters<typeof publishedNotes>[0]>) => ({
  best: 'commits' as const,
  overlay: null,
  changelog: null,
  tag: null,
  commits: '### Features\n\n- x\n',
  ...over,
});

describe('publishedNotes', () => {
  it('publishes the best source', () => {
    expect(publishedNotes(notes({ best: 'changelog', changelog: '- fixed\n' }))).toEqual({
      source: 'changelog',
      markdown: '- fixed\n',
    });
    expect(publishedNotes(notes({}))).toEqual({ source: 'commits', markdown: '### Features\n\n- x\n' });
  });

  it('falls back to the next source with text when the best one is blank', () => {
    expect(publishedNotes(notes({ best: 'overlay', overlay: '  \n', tag: 'Tag text\n' }))).toEqual({
      source: 'tag',
      markdown: 'Tag text\n',
    });
    expect(publishedNotes(notes({ best: 'changelog', changelog: '' }))).toMatchObject({ source: 'commits' });
  });
});
