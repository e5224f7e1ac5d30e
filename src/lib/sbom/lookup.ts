// The reverse look-up (docs/sbom.md, "Which releases ship it"): from the bills of materials of
// every release, each component (by purl, by name when it has none), each license and each
// vulnerability, with the releases that carry it. Built once per build (and once per
// `waybill query`) from the normalized records, as the audience sees them; fed one release at a
// time, so a script can read the SBOM files one by one and let each go. Pure.
//
// A component across releases is its identity: the purl without version and location qualifiers
// (src/core/sbom/keys.ts), else its type and name; `pkg:npm/lodash@4.17.20` and `@4.17.21` are one
// component in two versions.
import { identityOf, purlIdentity } from '../../core/sbom/keys.ts';
import type { AcceptedSbom, Component } from '../../schemas/index.ts';
import { formatComponentName } from './component-names.ts';
import { isOpenVulnerability } from './vulnerabilities.ts';
import { compareCodeUnits } from '../../core/compare.ts';
import { sha256Hex } from '../../core/canonical.ts';

/** A release as the look-up names it. */
export interface LookupRelease {
  project: string;
  projectName: string;
  version: string;
  slug: string;
  tag: string;
  /** ISO 8601 with offset. */
  date: string;
}

export interface ComponentUse {
  /** Index into `LookupIndex.releases`. */
  release: number;
  /** The component's versions in that release's SBOM (a tree may hold several), sorted. */
  versions: string[];
  licenses: string[];
}

export interface ComponentEntry {
  /** The identity: purl without version, else `<type>:<group>/<name>`. */
  id: string;
  /** The URL segment: readable, with a digest of the identity (unique and stable). */
  slug: string;
  /** As its ecosystem writes it (`@acme/protocol`). */
  name: string;
  /** The purl without version, or null. */
  purl: string | null;
  type: string;
  uses: ComponentUse[];
}

export interface LicenseEntry {
  /** As the records write it: an SPDX id, an expression, or a name. */
  license: string;
  kind: Component['licenses'][number]['kind'];
  slug: string;
  /** Per release, the components (index into `components`) that declare it, with their versions. */
  uses: { release: number; components: { component: number; versions: string[] }[] }[];
}

export interface VulnerabilityUse {
  release: number;
  severity: string;
  state: string | null;
  open: boolean;
  /** The components it affects, by index (null for a reference to no listed component) and as `name version`. */
  affects: { component: number | null; label: string }[];
}

export interface VulnerabilityEntry {
  id: string;
  slug: string;
  /** The worst severity any release's SBOM gives it. */
  severity: string;
  uses: VulnerabilityUse[];
}

export interface LookupIndex {
  /** In the order they were added: the site's project order, each project's releases newest first. */
  releases: LookupRelease[];
  /** By name as shown, case-insensitively, then identity. */
  components: ComponentEntry[];
  /** By license, case-insensitively. */
  licenses: LicenseEntry[];
  /** Worst severity first, then by id. */
  vulnerabilities: VulnerabilityEntry[];
}

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info', 'none', 'unknown'];
const rank = (s: string) => (SEVERITY_ORDER.includes(s) ? SEVERITY_ORDER.indexOf(s) : SEVERITY_ORDER.length);
const byText = (a: string, b: string) =>
  compareCodeUnits(a.toLowerCase(), b.toLowerCase()) || compareCodeUnits(a, b);

const digest = (text: string) => sha256Hex(text).slice(0, 8);
/** Lower-case letters, digits, `.`, `_` and `-`, at most 60 characters. */
const readable = (text: string) =>
  text
    .toLowerCase()
    .replace(/%40/g, '')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 60)
    .replace(/[-.]+$/, '');

/** `npm-acme-protocol-1a2b3c4d` for `pkg:npm/%40acme/protocol`: readable, unique and stable. */
export function componentSlug(id: string): string {
  const text = readable(id.replace(/^pkg:/, '').replace(/[?#].*$/, ''));
  return `${text || 'component'}-${digest(id)}`;
}

/**
 * A license's or a vulnerability's URL segment: the id itself when it is a plain one
 * (`Apache-2.0`, `CVE-2021-44228`), else readable text and a digest (`mit-or-apache-2.0-…`).
 */
export function plainSlug(id: string, plain: boolean): string {
  return plain && /^[A-Za-z0-9][A-Za-z0-9.+_-]{0,99}$/.test(id) ? id : `${readable(id) || 'x'}-${digest(id)}`;
}

/**
 * Slugs that differ only in case (`CVE-2024-1` and `cve-2024-1`) would be one folder on a
 * case-insensitive file system: those get the readable form with a digest instead.
 */
function apart<T extends { slug: string }>(entries: T[], idOf: (e: T) => string): T[] {
  const count = new Map<string, number>();
  for (const e of entries) count.set(e.slug.toLowerCase(), (count.get(e.slug.toLowerCase()) ?? 0) + 1);
  return entries.map((e) =>
    count.get(e.slug.toLowerCase())! > 1 ? { ...e, slug: plainSlug(idOf(e), false) } : e,
  );
}

interface Building {
  entry: ComponentEntry;
  uses: Map<number, { versions: string[]; licenses: string[] }>;
}

/** Adds `value` to a small list unless it is there (a component is seldom twice in one SBOM). */
const addTo = (list: string[], value: string) => {
  if (!list.includes(value)) list.push(value);
};

/** Feed it releases one by one (`add`), then `finish` for the index. */
export function createLookupIndex(): {
  add(release: LookupRelease, sbom: Pick<AcceptedSbom, 'components' | 'vulnerabilities'>): void;
  finish(): LookupIndex;
} {
  const releases: LookupRelease[] = [];
  const components = new Map<string, Building>();
  // License → release → component identity → versions.
  const licenses = new Map<
    string,
    { kind: LicenseEntry['kind']; uses: Map<number, Map<string, string[]>> }
  >();
  const vulnerabilities = new Map<string, VulnerabilityUse[]>();
  const vulnerabilityAffects = new Map<VulnerabilityUse, string[]>();
  return {
    add(release, sbom) {
      const r = releases.push(release) - 1;
      // Labels and identities by key, only for the components a vulnerability names.
      const named = new Set(sbom.vulnerabilities.flatMap((v) => v.affects));
      const idOf = new Map<string, string>();
      const labelOf = new Map<string, string>();
      for (const c of sbom.components) {
        const id = identityOf(c);
        let b = components.get(id);
        if (!b) {
          b = {
            entry: {
              id,
              slug: componentSlug(id),
              name: formatComponentName(c.name, c.purl),
              purl: c.purl ? purlIdentity(c.purl) : null,
              type: c.type,
              uses: [],
            },
            uses: new Map(),
          };
          components.set(id, b);
        }
        if (named.has(c.key)) {
          idOf.set(c.key, id);
          const name = formatComponentName(c.name, c.purl);
          labelOf.set(c.key, c.version === null ? name : `${name} ${c.version}`);
        }
        let use = b.uses.get(r);
        if (!use) b.uses.set(r, (use = { versions: [], licenses: [] }));
        addTo(use.versions, c.version ?? '');
        for (const l of c.licenses) {
          addTo(use.licenses, l.value);
          let lic = licenses.get(l.value);
          if (!lic) licenses.set(l.value, (lic = { kind: l.kind, uses: new Map() }));
          let byComponent = lic.uses.get(r);
          if (!byComponent) lic.uses.set(r, (byComponent = new Map()));
          const versions = byComponent.get(id);
          if (versions) addTo(versions, c.version ?? '');
          else byComponent.set(id, [c.version ?? '']);
        }
      }
      for (const v of sbom.vulnerabilities) {
        const keys = [...new Set(v.affects)];
        const use: VulnerabilityUse = {
          release: r,
          severity: v.severity,
          state: v.state,
          open: isOpenVulnerability(v),
          affects: keys.map((k) => ({ component: null, label: labelOf.get(k) ?? k })),
        };
        vulnerabilityAffects.set(
          use,
          keys.map((k) => idOf.get(k) ?? ''),
        );
        const list = vulnerabilities.get(v.id);
        if (list) list.push(use);
        else vulnerabilities.set(v.id, [use]);
      }
    },
    finish() {
      const sorted = [...components.values()].sort(
        (a, b) => byText(a.entry.name, b.entry.name) || compareCodeUnits(a.entry.id, b.entry.id),
      );
      const indexOf = new Map(sorted.map((b, i) => [b.entry.id, i]));
      const entries = sorted.map(({ entry, uses }) => ({
        ...entry,
        uses: [...uses].map(([release, u]) => ({
          release,
          versions: [...u.versions].sort(compareCodeUnits),
          licenses: [...u.licenses].sort(byText),
        })),
      }));
      const licenseEntries = [...licenses]
        .sort(([a], [b]) => byText(a, b))
        .map(([license, l]) => ({
          license,
          kind: l.kind,
          slug: plainSlug(license, l.kind === 'id'),
          uses: [...l.uses].map(([release, byComponent]) => ({
            release,
            components: [...byComponent]
              .map(([id, versions]) => ({
                component: indexOf.get(id)!,
                versions: [...versions].sort(compareCodeUnits),
              }))
              .sort((a, b) => a.component - b.component),
          })),
        }));
      const vulnerabilityEntries = [...vulnerabilities]
        .map(([id, uses]) => {
          for (const use of uses)
            use.affects = use.affects.map((a, i) => ({
              ...a,
              component: indexOf.get(vulnerabilityAffects.get(use)![i]!) ?? null,
            }));
          const severity = uses.map((u) => u.severity).sort((a, b) => rank(a) - rank(b))[0]!;
          return { id, slug: plainSlug(id, true), severity, uses };
        })
        .sort((a, b) => rank(a.severity) - rank(b.severity) || compareCodeUnits(a.id, b.id));
      return {
        releases,
        components: entries,
        licenses: apart(licenseEntries, (l) => l.license),
        vulnerabilities: apart(vulnerabilityEntries, (v) => v.id),
      };
    },
  };
}
