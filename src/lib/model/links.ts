// Links into a project's forge from the templates in projects/<id>.json `links` (filled as
// src/core/links.ts says: `commit`, `compare`, `issue` and `pull`).
import { fillLinkTemplate, pullLink, type LinkTemplates } from '../../core/links.ts';
import type { Pull, Ref } from '../../schemas/index.ts';

export { fillLinkTemplate, type LinkTemplates };

export interface Linker {
  commit(hash: string): string | null;
  compare(fromTag: string | null, toTag: string): string | null;
  /** A reference to another repository (`acme/web#7`) is not linked with this project's template. */
  issue(ref: Pick<Ref, 'issue' | 'repository'>): string | null;
  /** The pull request that merged a change (src/core/links.ts, pullLink). */
  pull(pull: Pull): string | null;
}

export function makeLinker(links: LinkTemplates): Linker {
  return {
    commit: (hash) => fillLinkTemplate(links.commit, { hash }),
    compare: (from, to) => (from === null ? null : fillLinkTemplate(links.compare, { from, to })),
    issue: (ref) => (ref.repository !== null ? null : fillLinkTemplate(links.issue, { id: ref.issue })),
    pull: (pull) => pullLink(links, pull),
  };
}

/** Seven characters, as git shows them by default. */
export function shortHash(hash: string): string {
  return hash.slice(0, 7);
}
