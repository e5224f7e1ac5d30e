// How a deployment's facts read on every page that lists deployments (/environments/, /metrics/,
// a release's "Deployed to", the deployment calendars): its version, duration, status and the tone
// pages style it by, where its record came from, and the environments as columns.
import { compareTiers } from '../../core/dora.ts';
import type { Deployment, DeploymentStatus } from '../../schemas/index.ts';
import { shortHash } from '../model/links.ts';
import { compareCodeUnits } from '../../core/compare.ts';

/** `1.2.0`, or for a record that matched no release `unknown version (sha 1a2b3c4)` (or the tag or version it named). */
export function formatVersionLabel(x: Pick<Deployment, 'version' | 'ref'>): string {
  if (x.version !== null) return x.version;
  if (x.ref.sha !== null) return `unknown version (sha ${shortHash(x.ref.sha)})`;
  if (x.ref.tag !== null) return `unknown version (tag ${x.ref.tag})`;
  if (x.ref.version !== null) return `unknown version (${x.ref.version})`;
  return 'unknown version';
}

/** `45 s`, `12 min`, `1 h 5 min`, `2 d 3 h`: a duration as people say it, rounded down. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** A URL from a log, when it is an absolute http(s) URL; anything else (`javascript:`, relative) is not linked. */
export function safeHttpUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

const STATUS_TEXT: Record<DeploymentStatus, string> = {
  started: 'In progress',
  success: 'Succeeded',
  failed: 'Failed',
  rolled_back: 'Rolled back',
  canceled: 'Canceled',
};

export function formatStatus(status: DeploymentStatus): string {
  return STATUS_TEXT[status];
}

/** How a status looks: `ok`, `bad` (failed, rolled back), `pending`, `muted` (canceled). */
export type Tone = 'ok' | 'bad' | 'pending' | 'muted';

/**
 * The tone class of a status. Pages style tones, not statuses, so the one stylesheet that both
 * audiences load (the release page's) names no status.
 */
export function toneOf(status: DeploymentStatus): Tone {
  return status === 'success'
    ? 'ok'
    : status === 'failed' || status === 'rolled_back'
      ? 'bad'
      : status === 'started'
        ? 'pending'
        : 'muted';
}

/** `deploys/api.jsonl:4`, `exports/gitlab.json /3`: where a record came from. */
export function formatSource(source: Deployment['source']): string {
  return source.line !== null
    ? `${source.file}:${source.line}`
    : source.pointer
      ? `${source.file} ${source.pointer}`
      : source.file;
}

/** The environments that have deployments, in pipeline order of their tiers (production first), then by id. */
export function environmentColumns(deployments: readonly Deployment[]): { id: string; tier: string }[] {
  const tiers = new Map<string, string>();
  for (const d of deployments) if (!tiers.has(d.environment)) tiers.set(d.environment, d.tier);
  return [...tiers]
    .map(([id, tier]) => ({ id, tier }))
    .sort((a, b) => compareTiers(a.tier, b.tier) || compareCodeUnits(a.id, b.id));
}
