// Hand-written notes overlays: `<notes>/<project>/<version>.md` with optional front matter.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import matter from 'gray-matter';
import { z } from 'astro/zod';
import { InputError, toInputErrors } from '../errors/index.ts';
import type { Overlay } from '../core/assemble.ts';
import { sha256Hex } from '../core/canonical.ts';

export const OverlayFrontMatterSchema = z
  .object({
    /** One-line highlights shown above the notes. */
    highlights: z.array(z.string()).default([]),
  })
  .strict();

/** Overlays of one project by file name without `.md` (a version or its URL slug). */
export function readOverlays(notesDir: string, projectId: string): Map<string, Overlay> {
  const dir = join(notesDir, projectId);
  const out = new Map<string, Overlay>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.md')) continue;
    const file = join(dir, name);
    let parsed: matter.GrayMatterFile<string>;
    try {
      parsed = matter(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new InputError(
        `has front matter that is not valid YAML: ${(e as Error).message.split('\n')[0]}`,
        { where: file, fix: 'correct the YAML between the --- lines' },
      );
    }
    const fm = OverlayFrontMatterSchema.safeParse(parsed.data);
    if (!fm.success)
      throw toInputErrors(file, fm.error, parsed.data, 'front matter may only hold "highlights: [..]"');
    out.set(name.slice(0, -3), { body: parsed.content.trim() + '\n', highlights: fm.data.highlights });
  }
  return out;
}

/** Digest input for incremental harvests: `<name>:<sha256>` of every overlay file (name without `.md`). */
export function overlayFingerprint(notesDir: string, projectId: string): string[] {
  const dir = join(notesDir, projectId);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((n) => n.endsWith('.md'))
    .map((n) => `${n.slice(0, -3)}:${sha256Hex(readFileSync(join(dir, n)))}`);
}
