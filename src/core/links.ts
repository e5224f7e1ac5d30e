// Links into a project's forge from the templates of its `links` setting: `commit` ({hash}),
// `compare` ({from}, {to}: tags), `issue` ({id}) and `pull` ({id}). Values are filled with
// encodeURIComponent. A template that is not an absolute http(s) URL, or that keeps a placeholder
// we cannot fill, gives no link at all: the template comes from configuration, but a
// `javascript:` template must not reach a page either way. Shared by the notes harvest writes
// (src/core/notes.ts) and the pages (src/lib/model/links.ts).

export interface LinkTemplates {
  commit?: string;
  compare?: string;
  issue?: string;
  pull?: string;
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

/**
 * A pull request's link: the `pull` template, else (for a `#123` number, as GitHub and Gitea write
 * them, whose issue pages lead to pull requests too) the `issue` template. A GitLab `!42` merge
 * request has no link without a `pull` template: its issue 42 is another thing.
 */
export function pullLink(links: LinkTemplates, pull: { id: string; raw: string }): string | null {
  return (
    fillLinkTemplate(links.pull, { id: pull.id }) ??
    (pull.raw.startsWith('#') ? fillLinkTemplate(links.issue, { id: pull.id }) : null)
  );
}
