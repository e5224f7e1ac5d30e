// Known vulnerabilities as the SBOM pages list them: open ones first, then by severity, each
// with its advisory page when the identifier is a well-known one.
import type { AcceptedSbom, Vulnerability } from '../../schemas/index.ts';

import { componentLabels } from './component-names.ts';
import { compareCodeUnits } from '../../core/compare.ts';

/** VEX states that mean "this release is not exposed"; anything else (or no analysis) is open. */
const CLOSED_STATES = new Set(['resolved', 'resolved_with_pedigree', 'not_affected', 'false_positive']);
const SEVERITY_RANK = ['critical', 'high', 'medium', 'low', 'info', 'none', 'unknown'];

export function isOpenVulnerability(v: Pick<Vulnerability, 'state'>): boolean {
  return v.state === null || !CLOSED_STATES.has(v.state);
}

/** The advisory page for well-known identifiers; null for anything else (never a URL built from free text). */
export function advisoryUrl(id: string): string | null {
  if (/^CVE-\d{4}-\d{4,}$/.test(id)) return `https://nvd.nist.gov/vuln/detail/${id}`;
  if (/^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/.test(id)) return `https://github.com/advisories/${id}`;
  return null;
}

/** `exploitable` → `Exploitable`, `in_triage` → `In triage`; null when the BOM has no analysis. */
export function formatVexState(state: string | null): string | null {
  if (state === null) return null;
  const text = state.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface VulnerabilityView {
  id: string;
  url: string | null;
  severity: string;
  /** The badge class for the severity: `sev-critical`, … `sev-unknown`. */
  severityClass: string;
  state: string | null;
  open: boolean;
  /** The affected components as `name version`. */
  affects: string[];
  description: string | null;
}

export function toVulnerabilityViews(sbom: AcceptedSbom): VulnerabilityView[] {
  const label = componentLabels(sbom.components);
  const rank = (s: string) => {
    const i = SEVERITY_RANK.indexOf(s);
    return i === -1 ? SEVERITY_RANK.length : i;
  };
  return [...sbom.vulnerabilities]
    .sort(
      (a, b) =>
        Number(isOpenVulnerability(b)) - Number(isOpenVulnerability(a)) ||
        rank(a.severity) - rank(b.severity) ||
        compareCodeUnits(a.id, b.id),
    )
    .map((v) => ({
      id: v.id,
      url: advisoryUrl(v.id),
      severity: v.severity,
      severityClass: `sev-${SEVERITY_RANK.includes(v.severity) ? v.severity : 'unknown'}`,
      state: formatVexState(v.state),
      open: isOpenVulnerability(v),
      affects: [...new Set(v.affects.map((k) => label.get(k) ?? k))],
      description: v.description,
    }));
}
