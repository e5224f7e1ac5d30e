// CycloneDX JSON 1.2–1.7 → the normalized bill of materials. Pure: the document comes in parsed
// (and, in the harvest, already checked against the official schema); nothing here reads a file.
// Field names follow the CycloneDX JSON schema (bom-1.x.schema.json, definitions "component",
// "licenseChoice", "hash", "vulnerability").
import type { Component, Vulnerability } from '../../schemas/sbom.ts';
import { componentKey } from './keys.ts';
import { normalizeLicenseExpression, normalizeLicenseId, uniqueLicenses, type License } from './licenses.ts';
import { compareComponents, compareVulnerabilities, severityRank } from './order.ts';
import type { NormalizedBom } from './types.ts';
import { compareCodeUnits } from '../compare.ts';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The property that marks a component internal (ComponentSchema.internal). */
export const INTERNAL_PROPERTY = 'waybill:internal';

/**
 * `licenses` is a "licenseChoice": an array of `{ license: { id | name } }` entries or of one
 * `{ expression }`. Ids and expressions are normalized; a name is free text and kept as written.
 */
function licensesOf(c: Obj): License[] {
  const out: License[] = [];
  for (const choice of arr(c.licenses)) {
    if (!isObject(choice)) continue;
    const expression = str(choice.expression);
    if (expression !== null) {
      const l = normalizeLicenseExpression(expression);
      if (l) out.push(l);
      continue;
    }
    if (!isObject(choice.license)) continue;
    const id = str(choice.license.id);
    const name = str(choice.license.name);
    const l =
      id !== null
        ? normalizeLicenseId(id)
        : name !== null
          ? { kind: 'name' as const, value: name.trim() }
          : null;
    if (l) out.push(l);
  }
  return uniqueLicenses(out);
}

function hashesOf(c: Obj): Component['hashes'] {
  const out: Component['hashes'] = [];
  for (const h of arr(c.hashes)) {
    if (isObject(h) && typeof h.alg === 'string' && typeof h.content === 'string')
      out.push({ alg: h.alg, content: h.content });
  }
  return out.sort((a, b) => compareCodeUnits(a.alg, b.alg) || compareCodeUnits(a.content, b.content));
}

const isInternal = (c: Obj): boolean =>
  arr(c.properties).some(
    (p) =>
      isObject(p) &&
      p.name === INTERNAL_PROPERTY &&
      typeof p.value === 'string' &&
      p.value.trim().toLowerCase() === 'true',
  );

function toComponent(c: Obj, parent: string | null): Component {
  const name = typeof c.name === 'string' ? c.name : '';
  const version = typeof c.version === 'string' ? c.version : null;
  const purl = str(c.purl)?.trim() ?? null;
  const type = str(c.type) ?? 'library';
  return {
    key: componentKey({ purl, type, group: str(c.group), name, version }),
    name,
    version,
    purl,
    type,
    scope: str(c.scope),
    licenses: licensesOf(c),
    hashes: hashesOf(c),
    parent,
    internal: isInternal(c),
  };
}

/**
 * The components docs/sbom.md counts: the top-level `components` array and, recursively, each
 * component's own `components`. Not `metadata.component` (the thing the BOM describes, not a part
 * of it), and neither `metadata.tools.components` (1.5+: the tools that wrote the BOM) nor
 * `formulation[].components` (1.5+: how it was built): those arrays describe the making of the
 * BOM, not what ships. Iterative, so a deeply nested document cannot overflow the stack.
 */
function walkComponents(bom: Obj): { count: number; components: Component[]; byRef: Map<string, string> } {
  const components: Component[] = [];
  const byRef = new Map<string, string>();
  let count = 0;
  const stack: { list: unknown[]; parent: string | null }[] = [{ list: arr(bom.components), parent: null }];
  while (stack.length > 0) {
    const { list, parent } = stack.pop()!;
    count += list.length;
    for (const entry of list) {
      if (!isObject(entry)) continue;
      const c = toComponent(entry, parent);
      components.push(c);
      const ref = str(entry['bom-ref']);
      if (ref !== null && !byRef.has(ref)) byRef.set(ref, c.key);
      if (Array.isArray(entry.components) && entry.components.length > 0)
        stack.push({ list: entry.components, parent: c.key });
    }
  }
  return { count, components, byRef };
}

// CVSS qualitative bands, for ratings that give a score but no severity: CVSS v3.x/v4.0
// specification section 5 ("Qualitative Severity Rating Scale"); CVSS v2 (NVD) has no "critical".
function severityFromScore(score: number, method: string | null): string {
  if (method === 'CVSSv2') return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  if (score === 0) return 'none';
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
}

function severityOf(v: Obj): string {
  let best = 'unknown';
  for (const r of arr(v.ratings)) {
    if (!isObject(r)) continue;
    const method = str(r.method);
    const s =
      str(r.severity)?.toLowerCase() ??
      (typeof r.score === 'number' && /^CVSSv/.test(method ?? '')
        ? severityFromScore(r.score, method)
        : null);
    if (s !== null && severityRank(s) > severityRank(best)) best = s;
  }
  return best;
}

/** 1.4+ `vulnerabilities`, with `affects[].ref` (a bom-ref) mapped to component keys. */
function vulnerabilitiesOf(bom: Obj, byRef: Map<string, string>): Vulnerability[] {
  const out: Vulnerability[] = [];
  arr(bom.vulnerabilities).forEach((v, i) => {
    if (!isObject(v)) return;
    // `id` is optional in the schema; the bom-ref, then the position, keep such an entry nameable.
    const id = str(v.id) ?? str(v['bom-ref']) ?? `vulnerabilities/${i}`;
    const affects = new Set<string>();
    for (const a of arr(v.affects)) {
      const ref = isObject(a) ? str(a.ref) : null;
      // A ref to something that is not a listed component (metadata.component, a service, a
      // BOM-Link into another document) is kept as written rather than dropped.
      if (ref !== null) affects.add(byRef.get(ref) ?? ref);
    }
    const analysis = isObject(v.analysis) ? v.analysis : {};
    out.push({
      id,
      severity: severityOf(v),
      state: str(analysis.state),
      affects: [...affects].sort(compareCodeUnits),
      description: str(v.description),
    });
  });
  return out.sort(compareVulnerabilities);
}

export function fromCycloneDx(json: unknown): NormalizedBom {
  const bom = isObject(json) ? json : {};
  const { count, components, byRef } = walkComponents(bom);
  return {
    format: 'CycloneDX',
    specVersion: typeof bom.specVersion === 'string' ? bom.specVersion : '',
    componentCount: count,
    components: components.sort(compareComponents),
    vulnerabilities: vulnerabilitiesOf(bom, byRef),
  };
}
