// SPDX JSON 2.2–2.3 → the normalized bill of materials. Pure. Field names follow the SPDX 2.3
// specification, clause 7 ("Package information"): `versionInfo`, `licenseConcluded`,
// `licenseDeclared`, `checksums`, `externalRefs`, `primaryPackagePurpose` (2.3 only).
import type { Component } from '../../schemas/sbom.ts';
import { componentKey } from './keys.ts';
import { normalizeLicenseExpression, type License } from './licenses.ts';
import { compareComponents } from './order.ts';
import type { NormalizedBom } from './types.ts';
import { compareCodeUnits } from '../compare.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * SPDX 2.3 clause 7.13/7.15: a license field holds an SPDX expression, or NOASSERTION (the
 * author says nothing) or NONE (the author asserts there is no license). The concluded license
 * is the document author's finding, so it wins; NOASSERTION or a missing field falls back to the
 * declared one; NONE is an answer, so the list is empty and the declared license is not used.
 */
function licensesOf(p: Obj): License[] {
  for (const field of ['licenseConcluded', 'licenseDeclared'] as const) {
    const raw = str(p[field])?.trim();
    if (raw === undefined || raw === null || raw === 'NOASSERTION') continue;
    if (raw === 'NONE') return [];
    const l = normalizeLicenseExpression(raw);
    return l ? [l] : [];
  }
  return [];
}

// SPDX checksum algorithm names (clause 7.10) spelled as CycloneDX spells them, so a BOM that
// changes format between releases keeps comparable hashes.
const ALG: Record<string, string> = {
  SHA1: 'SHA-1',
  SHA224: 'SHA-224',
  SHA256: 'SHA-256',
  SHA384: 'SHA-384',
  SHA512: 'SHA-512',
  'SHA3-256': 'SHA3-256',
  'SHA3-384': 'SHA3-384',
  'SHA3-512': 'SHA3-512',
  'BLAKE2b-256': 'BLAKE2b-256',
  'BLAKE2b-384': 'BLAKE2b-384',
  'BLAKE2b-512': 'BLAKE2b-512',
  BLAKE3: 'BLAKE3',
  MD5: 'MD5',
};

function hashesOf(p: Obj): Component['hashes'] {
  const out: Component['hashes'] = [];
  for (const c of arr(p.checksums)) {
    if (isObject(c) && typeof c.algorithm === 'string' && typeof c.checksumValue === 'string') {
      out.push({ alg: ALG[c.algorithm] ?? c.algorithm, content: c.checksumValue });
    }
  }
  return out.sort((a, b) => compareCodeUnits(a.alg, b.alg) || compareCodeUnits(a.content, b.content));
}

/** The first purl among `externalRefs` (category PACKAGE-MANAGER; 2.2 spells it PACKAGE_MANAGER). */
function purlOf(p: Obj): string | null {
  for (const r of arr(p.externalRefs)) {
    if (isObject(r) && r.referenceType === 'purl') {
      const purl = str(r.referenceLocator);
      if (purl !== null) return purl.trim();
    }
  }
  return null;
}

/** ComponentSchema.type: "library" unless 2.3's `primaryPackagePurpose` says otherwise. */
const typeOf = (p: Obj): string => str(p.primaryPackagePurpose)?.toLowerCase() ?? 'library';

export function fromSpdx(json: unknown): NormalizedBom {
  const doc = isObject(json) ? json : {};
  const packages = arr(doc.packages);
  const components: Component[] = [];
  for (const p of packages) {
    if (!isObject(p)) continue;
    const name = typeof p.name === 'string' ? p.name : '';
    const version = typeof p.versionInfo === 'string' ? p.versionInfo : null;
    const purl = purlOf(p);
    const type = typeOf(p);
    components.push({
      key: componentKey({ purl, type, name, version }),
      name,
      version,
      purl,
      type,
      scope: null,
      licenses: licensesOf(p),
      hashes: hashesOf(p),
      parent: null,
      internal: false,
    });
  }
  const spdxVersion = typeof doc.spdxVersion === 'string' ? doc.spdxVersion : '';
  return {
    format: 'SPDX',
    specVersion: spdxVersion.replace(/^SPDX-/, ''),
    // docs/sbom.md: every SPDX package (files and snippets are not components).
    componentCount: packages.length,
    components: components.sort(compareComponents),
    vulnerabilities: [],
  };
}
