// Links into a project's forge from the templates in projects/<id>.json `links`:
// `commit` ({hash}), `compare` ({from}, {to}: tags) and `issue` ({id}).
// Values are filled with encodeURIComponent. A template that is not an absolute http(s) URL, or
// that keeps a placeholder we cannot fill, gives no link at all: the template comes from
// configuration, but a `javascript:` template must not reach a page either way.
import type { Ref } from '../schemas/index.ts';

export interface LinkTemplates {
  commit?: string;
  compare?: string;
  issue?: string;
}

export function fillLinkTemplate(
  template: string | undefined | null,
  values: Record<string, string>,
): string | null {
  if (!template || !/^https?:\/\//i.test(template)) return null;
  let unfilled = false;
  const url = template.replace(/\{([A-Za-z]+)\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) {
      unfilled = true;
      return '';
    }
    return encodeURIComponent(value);
  });
  if (unfilled) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

export interface Linker {
  commit(hash: string): string | null;
  compare(fromTag: string | null, toTag: string): string | null;
  /** A reference to another repository (`acme/web#7`) is not linked with this project's template. */
  issue(ref: Pick<Ref, 'issue' | 'repository'>): string | null;
}

export function makeLinker(links: LinkTemplates): Linker {
  return {
    commit: (hash) => fillLinkTemplate(links.commit, { hash }),
    compare: (from, to) => (from === null ? null : fillLinkTemplate(links.compare, { from, to })),
    issue: (ref) => (ref.repository !== null ? null : fillLinkTemplate(links.issue, { id: ref.issue })),
  };
}

/** Seven characters, as git shows them by default. */
export function shortHash(hash: string): string {
  return hash.slice(0, 7);
}
