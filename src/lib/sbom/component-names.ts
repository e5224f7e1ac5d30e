// How the SBOM pages name components: as their ecosystem writes them, and as `name version` where
// a list names them by key. BOM fields are untrusted text: they stay plain text for pages to escape.
import type { Component } from '../../schemas/index.ts';

/**
 * A component's name as its ecosystem writes it. CycloneDX keeps an npm scope in `group`, so the
 * record says `protocol` for `@acme/protocol`; the purl still has the scope (`pkg:npm/%40acme/
 * protocol@2.0.0`, or a diff entry's versionless identity), and npm users know the package only
 * by the scoped name. Every other ecosystem keeps the name as recorded (`log4j-core`).
 */
export function formatComponentName(name: string, purlOrIdentity: string | null): string {
  const m =
    purlOrIdentity === null ? null : /^pkg:npm\/(?:%40|@)([^/@?#]+)\/([^/@?#]+)/i.exec(purlOrIdentity);
  if (!m) return name;
  let scope: string;
  let base: string;
  try {
    scope = decodeURIComponent(m[1]!);
    base = decodeURIComponent(m[2]!);
  } catch {
    return name;
  }
  return base === name ? `@${scope}/${name}` : name;
}

/** A component's name as shown (`formatComponentName` of its name and purl). */
export const componentName = (c: Pick<Component, 'name' | 'purl'>) => formatComponentName(c.name, c.purl);

/** Component key → `name version`, for lists that name components by key. */
export function componentLabels(components: readonly Component[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of components)
    if (!out.has(c.key))
      out.set(c.key, c.version === null ? componentName(c) : `${componentName(c)} ${c.version}`);
  return out;
}
