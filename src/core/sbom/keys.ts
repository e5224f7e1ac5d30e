// Two keys per component.
//
// `key` (in the record) names a component within one document: its purl exactly as written, else
// `<type>:<group>/<name>@<version>` (`library:org.acme/widget@1.2.0`; no `<group>/` without a group,
// no `@<version>` without a version). It carries the version so that two versions of one package
// in the same BOM (common in node_modules trees) stay apart, and it needs nothing the document
// does not say, so the same component gets the same key in every release.
//
// `identityOf()` names a component across releases, for the diff (docs/sbom.md: "keyed by purl"):
// the purl without its version, else the key without `@<version>`, i.e. type and name.
import { PackageURL } from 'packageurl-js';
import type { Component } from '../../schemas/sbom.ts';

export function componentKey(c: {
  purl: string | null;
  type: string;
  group?: string | null;
  name: string;
  version: string | null;
}): string {
  if (c.purl) return c.purl;
  return `${c.type}:${c.group ? `${c.group}/` : ''}${c.name}${c.version !== null ? `@${c.version}` : ''}`;
}

// Qualifiers that tell two different artifacts of one package version apart (purl spec,
// PURL-TYPES: maven `classifier` and `type`, deb/rpm/alpm `arch`). The others (`download_url`,
// `vcs_url`, `checksum`, `repository_url`, `distro`, …) describe where one version came from and
// may change between releases of the same component, so they are left out of its identity.
const IDENTITY_QUALIFIERS = ['arch', 'classifier', 'type'] as const;

const identityMemo = new Map<string, string>();

/**
 * The purl without version and without location qualifiers, in canonical form
 * (`pkg:maven/org.acme/widget?classifier=sources`). A purl that does not parse (the CycloneDX
 * schema does not check them) loses only its `@version`.
 */
export function purlIdentity(purl: string): string {
  const hit = identityMemo.get(purl);
  if (hit !== undefined) return hit;
  let id: string;
  try {
    const p = PackageURL.fromString(purl);
    const qualifiers: Record<string, string> = {};
    for (const q of IDENTITY_QUALIFIERS) {
      const v = p.qualifiers?.[q];
      if (v) qualifiers[q] = v;
    }
    id = new PackageURL(
      p.type,
      p.namespace,
      p.name,
      undefined,
      Object.keys(qualifiers).length ? qualifiers : undefined,
      p.subpath,
    ).toString();
  } catch {
    // pkg:type/namespace/name@version?qualifiers#subpath: the version is after the last "@" that
    // follows the last "/" of the part before "?" and "#".
    const end = purl.search(/[?#]/);
    const head = end === -1 ? purl : purl.slice(0, end);
    const at = head.lastIndexOf('@');
    id = at > head.lastIndexOf('/') ? head.slice(0, at) + purl.slice(head.length) : purl;
  }
  if (identityMemo.size > 100_000) identityMemo.clear();
  identityMemo.set(purl, id);
  return id;
}

/** Who a component is across releases: see the comment at the top of this file. */
export function identityOf(c: Pick<Component, 'purl' | 'key' | 'version'>): string {
  if (c.purl) return purlIdentity(c.purl);
  const suffix = c.version !== null ? `@${c.version}` : '';
  return suffix && c.key.endsWith(suffix) ? c.key.slice(0, -suffix.length) : c.key;
}
