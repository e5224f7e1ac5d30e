// What each audience may see of a release's bill of materials (docs/audiences.md). Internal: the
// record as harvested. Public: nothing marked internal survives (not the component, not a
// component nested in it, not a diff line or a vulnerability that names only internal components,
// not the original document, which still lists them), and every text has e-mail addresses hidden
// (src/core/privacy.ts). Pure: records in, records out.
import type { AcceptedSbom, Component, Sbom, SbomDiff, Vulnerability } from '../../schemas/index.ts';
import { makeRedactor, type Redact } from '../privacy.ts';
import { summarizeLicenses } from './licenses.ts';

export type RejectedSbom = Extract<Sbom, { status: 'rejected' }>;

/** An SBOM as one audience sees it. */
export type PortalSbom =
  | (AcceptedSbom & {
      /** The original document may be served: the internal audience only. */
      originalPublished: boolean;
    })
  | RejectedSbom;

/**
 * Keys of components the public must not see: those marked internal and everything nested in
 * them (a nested component's `parent` would name its internal parent). A key that a visible
 * component also carries stays visible.
 */
export function hiddenComponentKeys(components: readonly Component[]): Set<string> {
  const byKey = new Map<string, Component[]>();
  for (const c of components) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]);
  const memo = new Map<Component, boolean>();
  const hidden = (c: Component, seen: Set<Component>): boolean => {
    const known = memo.get(c);
    if (known !== undefined) return known;
    // A parent chain that loops (a broken document) cannot hide anything by itself.
    if (seen.has(c)) return false;
    seen.add(c);
    const result =
      c.internal || (c.parent !== null && (byKey.get(c.parent) ?? []).some((p) => hidden(p, seen)));
    memo.set(c, result);
    return result;
  };
  const visible = new Set<string>();
  const out = new Set<string>();
  for (const c of components) (hidden(c, new Set()) ? out : visible).add(c.key);
  for (const key of visible) out.delete(key);
  return out;
}

/**
 * The record as `audience` may see it. Internal: as harvested. Public: internal components (and
 * their nested ones) removed, and with them their diff lines and the vulnerabilities that affect
 * only them; `componentCount` and the license summary count what is left; e-mail addresses in
 * every text hidden. `previous` is the SBOM the diff was made against (`diff.against`), whose
 * internal components decide which removals and fixed vulnerabilities are hidden.
 */
export function toAudienceSbom(
  sbom: Sbom,
  audience: 'public' | 'internal',
  previous: Sbom | null,
): PortalSbom {
  if (audience === 'internal')
    return sbom.status === 'accepted' ? { ...sbom, originalPublished: true } : sbom;
  const redact = makeRedactor(audience);
  if (sbom.status === 'rejected') {
    return {
      ...sbom,
      source: redact(sbom.source),
      problems: sbom.problems.map((p) => ({ pointer: redact(p.pointer), message: redact(p.message) })),
    };
  }
  const hidden = hiddenComponentKeys(sbom.components);
  const before = previous?.status === 'accepted' ? previous : null;
  const hiddenBefore = before ? hiddenComponentKeys(before.components) : new Set<string>();
  const onlyHidden = (v: Vulnerability, keys: Set<string>) =>
    v.affects.length > 0 && v.affects.every((k) => keys.has(k));
  const vulnerabilities = sbom.vulnerabilities.filter((v) => !onlyHidden(v, hidden));
  const dropped = new Set(sbom.vulnerabilities.filter((v) => onlyHidden(v, hidden)).map((v) => v.id));
  const droppedBefore = new Set(
    (before?.vulnerabilities ?? []).filter((v) => onlyHidden(v, hiddenBefore)).map((v) => v.id),
  );
  const components = sbom.components.filter((c) => !hidden.has(c.key));
  const removedCount = sbom.components.length - components.length;
  // Diff entries are keyed by identity across releases (the purl without its version), not by
  // component key, so they are matched by what they name: name and version, or the name alone.
  const now = hiddenNames(sbom.components, hidden);
  const then = hiddenNames(before?.components ?? [], hiddenBefore);
  const diff: SbomDiff = {
    against: sbom.diff.against,
    added: sbom.diff.added.filter((e) => !now.versions.has(label(e.name, e.version))),
    removed: sbom.diff.removed.filter((e) => !then.versions.has(label(e.name, e.version))),
    upgraded: sbom.diff.upgraded.filter(
      (e) => !now.versions.has(label(e.name, e.to)) && !then.versions.has(label(e.name, e.from)),
    ),
    downgraded: sbom.diff.downgraded.filter(
      (e) => !now.versions.has(label(e.name, e.to)) && !then.versions.has(label(e.name, e.from)),
    ),
    licenseChanged: sbom.diff.licenseChanged.filter((e) => !now.names.has(e.name)),
    vulnerabilitiesIntroduced: sbom.diff.vulnerabilitiesIntroduced.filter((id) => !dropped.has(id)),
    vulnerabilitiesFixed: sbom.diff.vulnerabilitiesFixed.filter((id) => !droppedBefore.has(id)),
  };
  return {
    ...sbom,
    source: redact(sbom.source),
    componentCount: Math.max(0, sbom.componentCount - removedCount),
    components: components.map((c) => redactComponent(c, redact)),
    licenseSummary:
      removedCount === 0
        ? sbom.licenseSummary.map((l) => ({ license: redact(l.license), count: l.count }))
        : summarizeLicenses(components).map((l) => ({ license: redact(l.license), count: l.count })),
    vulnerabilities: vulnerabilities.map((v) => ({
      ...v,
      id: redact(v.id),
      affects: v.affects.filter((k) => !hidden.has(k)).map(redact),
      description: v.description === null ? null : redact(v.description),
    })),
    diff: redactDiff(diff, redact),
    // The original lists authors, properties and internal components: the public downloads the
    // document made from this record instead (src/lib/sbom/sbom-download.ts).
    originalPublished: false,
  };
}

const label = (name: string, version: string | null) => `${name}\u0000${version ?? ''}`;

/**
 * What hidden components are called: `name version` pairs, and names, that only hidden
 * components carry (a name a visible component shares stays visible).
 */
function hiddenNames(
  components: readonly Component[],
  hidden: Set<string>,
): { versions: Set<string>; names: Set<string> } {
  const shown = { versions: new Set<string>(), names: new Set<string>() };
  const out = { versions: new Set<string>(), names: new Set<string>() };
  for (const c of components) {
    const to = hidden.has(c.key) ? out : shown;
    to.versions.add(label(c.name, c.version));
    to.names.add(c.name);
  }
  for (const v of shown.versions) out.versions.delete(v);
  for (const n of shown.names) out.names.delete(n);
  return out;
}

function redactComponent(c: Component, redact: Redact): Component {
  const maybe = (s: string | null) => (s === null ? null : redact(s));
  return {
    ...c,
    key: redact(c.key),
    name: redact(c.name),
    version: maybe(c.version),
    purl: maybe(c.purl),
    type: redact(c.type),
    scope: maybe(c.scope),
    licenses: c.licenses.map((l) => ({ kind: l.kind, value: redact(l.value) })),
    parent: maybe(c.parent),
  };
}

function redactDiff(d: SbomDiff, redact: Redact): SbomDiff {
  const maybe = (s: string | null) => (s === null ? null : redact(s));
  const base = <T extends { key: string; name: string }>(e: T): T => ({
    ...e,
    key: redact(e.key),
    name: redact(e.name),
  });
  return {
    against: d.against,
    added: d.added.map((e) => ({ ...base(e), version: maybe(e.version) })),
    removed: d.removed.map((e) => ({ ...base(e), version: maybe(e.version) })),
    upgraded: d.upgraded.map((e) => ({ ...base(e), from: maybe(e.from), to: maybe(e.to) })),
    downgraded: d.downgraded.map((e) => ({ ...base(e), from: maybe(e.from), to: maybe(e.to) })),
    licenseChanged: d.licenseChanged.map((e) => ({
      ...base(e),
      from: e.from.map(redact),
      to: e.to.map(redact),
    })),
    vulnerabilitiesIntroduced: d.vulnerabilitiesIntroduced.map(redact),
    vulnerabilitiesFixed: d.vulnerabilitiesFixed.map(redact),
  };
}
