// A release's notes as it publishes them. Both the release page (src/lib/release/release-view.ts,
// rendered) and `waybill notes` (src/cli/main.ts, Markdown for a forge's release body) show the
// source src/core/notes.ts `publishedNotes` picks: the best source that has text.
import type { Notes, NotesSource } from '../../schemas/index.ts';
import { publishedNotes } from '../../core/notes.ts';
import type { Redact } from '../../core/privacy.ts';

export const NOTES_LABELS: Record<NotesSource, string> = {
  overlay: 'Release notes',
  changelog: 'Changelog',
  tag: 'Tag message',
  commits: 'Commits',
};

/** The text of one notes source, or null when it has none (null or blank). */
export function notesText(notes: Notes, source: NotesSource): string | null {
  const text = notes[source];
  return text === null || text.trim() === '' ? null : text;
}

/**
 * What `waybill notes` prints: the highlights and the published source's Markdown, each through
 * `redact` (the release page renders the same texts through the audience's redactor).
 */
export function publishedMarkdown(
  notes: Notes,
  redact: Redact,
): { source: NotesSource; highlights: string[]; markdown: string } {
  const published = publishedNotes(notes);
  return {
    source: published.source,
    highlights: notes.highlights.map(redact),
    markdown: redact(published.markdown),
  };
}
