// The vulnerability pages of the reverse look-up (docs/sbom.md, "Which releases ship it"):
// `/vulnerabilities/` and `/vulnerabilities/<slug>/`, the releases whose SBOM carries each one and
// the components it affects there; for the internal audience also where each of those releases
// runs as of the harvest, and every environment it went live in. Pure.
import { environmentIntervals, wentLive } from '../../core/deployments/index.ts';
import { plural } from '../render/format.ts';
import type { VulnerabilityEntry } from './lookup.ts';
import { getLookupIndex, lookupPaths, releaseLink, type ReleaseLink } from './lookup-view.ts';
import type { Portal } from '../model/portal.ts';
import { advisoryUrl, formatVexState } from './vulnerabilities.ts';

export interface VulnerabilitiesIndexView {
  rows: { id: string; url: string; severity: string; releases: number; open: number }[];
  links: { components: string };
}

export function toVulnerabilitiesIndexView(portal: Portal): VulnerabilitiesIndexView {
  const index = getLookupIndex(portal);
  const paths = lookupPaths(portal.paths.home);
  return {
    rows: index.vulnerabilities.map((v) => ({
      id: v.id,
      url: paths.vulnerability(v.slug),
      severity: v.severity,
      releases: v.uses.length,
      open: v.uses.filter((u) => u.open).length,
    })),
    links: { components: paths.components },
  };
}

export interface VulnerabilityPageView {
  id: string;
  advisory: string | null;
  severity: string;
  summary: string;
  releases: (ReleaseLink & {
    severity: string;
    state: string | null;
    open: boolean;
    affects: { label: string; url: string | null }[];
    /** Internal audience only: environments it runs in as of the harvest, and every one it went live in. */
    runningIn: string[] | null;
    deployedTo: string[] | null;
  })[];
  links: { vulnerabilities: string };
}

const places = new WeakMap<
  Portal,
  { running: Map<string, Set<string>>; deployed: Map<string, Set<string>> }
>();

/**
 * Per `project\0version`: the environments it runs in as of the harvest (the intervals still
 * open), and every environment it went live in. Once per build: every vulnerability page asks.
 */
function whereReleasesRun(portal: Portal) {
  let found = places.get(portal);
  if (!found) {
    found = { running: new Map(), deployed: new Map() };
    const add = (m: Map<string, Set<string>>, key: string, env: string) =>
      m.set(key, (m.get(key) ?? new Set()).add(env));
    if (portal.audience === 'internal') {
      for (const i of environmentIntervals(portal.deployments))
        if (i.to === null && i.version !== null)
          add(found.running, `${i.project}\0${i.version}`, i.environment);
      for (const d of portal.deployments)
        if (wentLive(d) && d.version !== null)
          add(found.deployed, `${d.project}\0${d.version}`, d.environment);
    }
    places.set(portal, found);
  }
  return found;
}

export function toVulnerabilityPageView(portal: Portal, slug: string): VulnerabilityPageView {
  const index = getLookupIndex(portal);
  const v: VulnerabilityEntry | undefined = index.vulnerabilities.find((x) => x.slug === slug);
  if (!v) throw new Error(`waybill: no vulnerability with the URL /vulnerabilities/${slug}/`);
  const paths = lookupPaths(portal.paths.home);
  const internal = portal.audience === 'internal';
  const { running, deployed } = whereReleasesRun(portal);
  const sorted = (s: Set<string> | undefined) => [...(s ?? [])].sort();
  return {
    id: v.id,
    advisory: advisoryUrl(v.id),
    severity: v.severity,
    summary: `${plural(v.uses.length, 'release')} ${v.uses.length === 1 ? 'carries' : 'carry'} ${v.id}, ${v.uses.filter((u) => u.open).length} of them open`,
    releases: v.uses.map((u) => {
      const r = index.releases[u.release]!;
      const key = `${r.project}\0${r.version}`;
      return {
        ...releaseLink(portal, r),
        severity: u.severity,
        state: formatVexState(u.state),
        open: u.open,
        affects: u.affects.map((a) => ({
          label: a.label,
          url: a.component === null ? null : paths.component(index.components[a.component]!.slug),
        })),
        runningIn: internal ? sorted(running.get(key)) : null,
        deployedTo: internal ? sorted(deployed.get(key)) : null,
      };
    }),
    links: { vulnerabilities: paths.vulnerabilities },
  };
}

export const getVulnerabilityPaths = (portal: Portal) =>
  getLookupIndex(portal).vulnerabilities.map((v) => ({ params: { vulnerability: v.slug } }));
