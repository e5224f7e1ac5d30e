// What changed between two releases' bills of materials (docs/sbom.md, "What is counted and
// compared"): keyed by purl; added, removed, upgraded, downgraded, license changed.
import type { Component, SbomDiff, Vulnerability } from '../../schemas/sbom.ts';
import { identityOf } from './keys.ts';
import { compareNames, compareNullableVersions } from './order.ts';
import type { NormalizedBom } from './types.ts';
import { compareCodeUnits } from '../compare.ts';

/** VEX analysis states that mean the vulnerability does not (or no longer) affect the release. */
export const INACTIVE_STATES: ReadonlySet<string> = new Set([
  'resolved',
  'resolved_with_pedigree',
  'not_affected',
  'false_positive',
]);

const isActive = (v: Vulnerability): boolean => v.state === null || !INACTIVE_STATES.has(v.state);

function activeIds(bom: NormalizedBom): Set<string> {
  return new Set(bom.vulnerabilities.filter(isActive).map((v) => v.id));
}

function groupByIdentity(components: readonly Component[]): Map<string, Component[]> {
  const m = new Map<string, Component[]>();
  for (const c of components) {
    const id = identityOf(c);
    const list = m.get(id);
    if (list) list.push(c);
    else m.set(id, [c]);
  }
  return m;
}

const licenseValues = (c: Component): string[] =>
  [...new Set(c.licenses.map((l) => l.value))].sort(compareCodeUnits);
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const byVersion = (a: Component, b: Component) => compareNullableVersions(a.version, b.version);

/**
 * The diff of `current` against `previous`, keyed by component identity (`identityOf`: the purl
 * without its version, else type and name). `key` in every entry is that identity.
 *
 * Within one identity, versions present in both documents are unchanged; the remaining versions
 * are paired lowest with lowest (so 1 → 2 is an upgrade even when a BOM also lists an unrelated
 * third version), each pair an upgrade or a downgrade by `compareVersions`; what cannot be paired
 * (including a version that appears or disappears) is added or removed. A license change is
 * reported for every pair, same version or not, whose set of license values differs.
 *
 * A vulnerability is introduced when it is active now and was not before, fixed when it was
 * active and no longer is: gone from the document, or its VEX state became resolved,
 * resolved_with_pedigree, not_affected or false_positive. No VEX state counts as active.
 *
 * With no previous BOM (the first release that has one) every list is empty and `against` null:
 * the release page shows the BOM itself rather than 10,000 "added" lines.
 */
export function diffSboms(
  previous: NormalizedBom | null,
  current: NormalizedBom,
  against: string | null = null,
): SbomDiff {
  const diff: SbomDiff = {
    against: previous ? against : null,
    added: [],
    removed: [],
    upgraded: [],
    downgraded: [],
    licenseChanged: [],
    vulnerabilitiesIntroduced: [],
    vulnerabilitiesFixed: [],
  };
  if (!previous) return diff;

  const before = groupByIdentity(previous.components);
  const after = groupByIdentity(current.components);
  const licenseCheck = (key: string, from: Component, to: Component) => {
    const a = licenseValues(from);
    const b = licenseValues(to);
    if (!sameList(a, b)) diff.licenseChanged.push({ key, name: to.name, from: a, to: b });
  };

  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const prev = [...(before.get(key) ?? [])].sort(byVersion);
    const curr = [...(after.get(key) ?? [])].sort(byVersion);
    // Versions in both: unchanged, apart from licenses. Match each previous entry to one current
    // entry with the same version (a BOM may list one version twice).
    const leftPrev: Component[] = [];
    const pool = new Map<string, Component[]>();
    for (const c of curr) {
      const v = c.version ?? '\u0000null';
      const list = pool.get(v);
      if (list) list.push(c);
      else pool.set(v, [c]);
    }
    for (const p of prev) {
      const match = pool.get(p.version ?? '\u0000null')?.shift();
      if (match) licenseCheck(key, p, match);
      else leftPrev.push(p);
    }
    const leftCurr = [...pool.values()].flat().sort(byVersion);
    // A missing version cannot be ordered against a real one: such entries are added/removed.
    const pairPrev = leftPrev.filter((c) => c.version !== null);
    const pairCurr = leftCurr.filter((c) => c.version !== null);
    const n = Math.min(pairPrev.length, pairCurr.length);
    for (let i = 0; i < n; i++) {
      const from = pairPrev[i];
      const to = pairCurr[i];
      const entry = { key, name: to.name, from: from.version, to: to.version };
      (compareNullableVersions(from.version, to.version) < 0 ? diff.upgraded : diff.downgraded).push(entry);
      licenseCheck(key, from, to);
    }
    for (const c of [...leftPrev.filter((c) => c.version === null), ...pairPrev.slice(n)])
      diff.removed.push({ key, name: c.name, version: c.version });
    for (const c of [...leftCurr.filter((c) => c.version === null), ...pairCurr.slice(n)])
      diff.added.push({ key, name: c.name, version: c.version });
  }

  const byNameKey = (a: { name: string; key: string }, b: { name: string; key: string }) =>
    compareNames(a.name, b.name) || compareCodeUnits(a.key, b.key);
  const byVersionField = (a: { version: string | null }, b: { version: string | null }) =>
    compareNullableVersions(a.version, b.version);
  const byFromTo = (
    a: { from: string | null; to: string | null },
    b: { from: string | null; to: string | null },
  ) => compareNullableVersions(a.from, b.from) || compareNullableVersions(a.to, b.to);
  diff.added.sort((a, b) => byNameKey(a, b) || byVersionField(a, b));
  diff.removed.sort((a, b) => byNameKey(a, b) || byVersionField(a, b));
  diff.upgraded.sort((a, b) => byNameKey(a, b) || byFromTo(a, b));
  diff.downgraded.sort((a, b) => byNameKey(a, b) || byFromTo(a, b));
  diff.licenseChanged.sort(
    (a, b) =>
      byNameKey(a, b) ||
      compareCodeUnits(a.from.join('\n'), b.from.join('\n')) ||
      compareCodeUnits(a.to.join('\n'), b.to.join('\n')),
  );

  const was = activeIds(previous);
  const now = activeIds(current);
  diff.vulnerabilitiesIntroduced = [...now].filter((id) => !was.has(id)).sort(compareCodeUnits);
  diff.vulnerabilitiesFixed = [...was].filter((id) => !now.has(id)).sort(compareCodeUnits);
  return diff;
}
