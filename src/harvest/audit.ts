// Evidence records and the audit chain: the last step of a harvest (and of `waybill merge`), once
// every release, SBOM and deployment is written. Builds each release's evidence record, writes it
// as canonical JSON, and appends to `audit.jsonl` the events that bring the chain up to date.
// The chain is only ever appended to; a chain that does not verify stops the harvest.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'astro/zod';
import { chainEvents, serializeEvent, verifyChain } from '../core/audit/chain.ts';
import {
  completeEvidence,
  evidenceBase,
  serializeEvidence,
  type EvidenceBase,
} from '../core/audit/evidence.ts';
import { foldChain, newEvents, releaseKey, type CurrentRelease } from '../core/audit/events.ts';
import { canonicalJson, sha256Hex } from '../core/canonical.ts';
import { InputError } from '../core/errors.ts';
import type { Deployment } from '../schemas/deployment.ts';
import { EvidenceSchema, FindingSchema, type Finding } from '../schemas/evidence.ts';
import { dataPaths, toSlug } from '../schemas/layout.ts';
import { ReleaseSchema, type Release } from '../schemas/release.ts';
import { SbomSchema } from '../schemas/sbom.ts';
import type { ReleaseRef } from './release-index.ts';
import { removeOthers, writeFileAtomic, writeFilesAtomic } from './write.ts';

/** What the last harvest wrote of each evidence record, so an unchanged one is not rebuilt. */
const EvidenceStateSchema = z.record(
  z.string(),
  z.object({
    commit: z.string(),
    deployments: z.string(),
    sha256: z.string(),
    findings: z.array(FindingSchema),
  }),
);
const STATE_FILE = '.state/evidence.json';

export interface AuditInput {
  dataDir: string;
  now: Date;
  /** Every release of every configured project. */
  releases: ReleaseRef[];
  /** Releases assembled in this run (the others are unchanged since the last harvest), by `project/slug`. */
  fresh: Map<string, Release>;
  deployments: Deployment[];
  projects: string[];
}

export interface AuditOutcome {
  appended: number;
  findings: number;
}

/** Reads the chain and checks it; a broken chain is never appended to. */
export function readChain(dataDir: string) {
  const file = join(dataDir, dataPaths.audit);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const { events, failures } = verifyChain(text);
  if (failures.length) {
    throw new InputError(
      `the audit chain ${file} does not verify: ${failures
        .slice(0, 3)
        .map((f) => `line ${f.line}: ${f.message}`)
        .join('; ')}${failures.length > 3 ? ` (and ${failures.length - 3} more)` : ''}`,
      {
        where: file,
        fix: 'restore the data folder from its last good copy (the CI cache or the commit that holds it): waybill only appends to the chain and will not rewrite it',
      },
    );
  }
  return { file, text, events };
}

export async function harvestAudit(input: AuditInput): Promise<AuditOutcome> {
  const { dataDir } = input;
  const chain = readChain(dataDir);
  const state = foldChain(chain.events);
  const previous = readEvidenceState(dataDir);
  const nextState: z.infer<typeof EvidenceStateSchema> = {};
  const current: CurrentRelease[] = [];
  const findings: (Finding & { project: string; version: string })[] = [];
  const writes: { file: string; content: string }[] = [];
  // Where the harvest kept a superseded record (src/harvest/archive.ts), asked only for the
  // releases whose tag the chain knew at another commit, not on every harvest for every release.
  const keptAt = (project: string, slug: string, commit: string): string | null => {
    const path = dataPaths.archivedRelease(project, slug, commit);
    return existsSync(join(dataDir, path)) ? path : null;
  };
  const movedFrom = (ref: ReleaseRef): string | null => {
    const known = state.releases.get(releaseKey(ref.project, ref.version));
    return known && known.commit !== ref.commit ? keptAt(ref.project, ref.slug, known.commit) : null;
  };
  const byRelease = new Map<string, Deployment[]>();
  for (const d of input.deployments)
    if (d.version !== null) {
      const k = releaseKey(d.project, d.version);
      const list = byRelease.get(k);
      // Appended in place: copying the list for each deployment is quadratic in a release's deployments.
      if (list) list.push(d);
      else byRelease.set(k, [d]);
    }

  for (const ref of input.releases) {
    const id = `${ref.project}/${ref.slug}`;
    const own = byRelease.get(releaseKey(ref.project, ref.version)) ?? [];
    const deploymentsFp = sha256Hex(canonicalJson(own));
    const file = join(dataDir, dataPaths.evidence(ref.project, ref.slug));
    const before = previous[id];
    const fresh = input.fresh.get(id);
    let entry: z.infer<typeof EvidenceStateSchema>[string];
    if (
      !fresh &&
      before &&
      before.commit === ref.commit &&
      before.deployments === deploymentsFp &&
      existsSync(file)
    ) {
      entry = before; // nothing that goes into it changed
    } else {
      const base = fresh ? evidenceBase(fresh, readSbom(dataDir, ref)) : readBase(dataDir, ref);
      const evidence = completeEvidence(base, own);
      const out = serializeEvidence(evidence);
      writes.push({ file, content: out.text });
      entry = {
        commit: ref.commit,
        deployments: deploymentsFp,
        sha256: out.sha256,
        findings: evidence.findings,
      };
    }
    nextState[id] = entry;
    const sha256 = entry.sha256;
    findings.push(...entry.findings.map((f) => ({ ...f, project: ref.project, version: ref.version })));
    current.push({
      project: ref.project,
      version: ref.version,
      tag: ref.tag,
      commit: ref.commit,
      tagObject: ref.tagObject,
      date: ref.date,
      signature: ref.signature,
      evidence: sha256,
      archived: movedFrom(ref),
    });
  }
  await writeFilesAtomic(writes);
  for (const project of input.projects) {
    removeOthers(
      join(dataDir, dataPaths.evidenceOf(project)),
      new Set(input.releases.filter((r) => r.project === project).map((r) => `${r.slug}.json`)),
    );
  }
  removeOthers(join(dataDir, 'evidence'), new Set(input.projects));

  // Where the record of a tag that vanished was kept (only those: a stat per release would be on every harvest).
  const currentKeys = new Set(current.map((r) => releaseKey(r.project, r.version)));
  const archivedDeleted = new Map<string, string>();
  for (const [rk, known] of state.releases) {
    if (!known.live || currentKeys.has(rk)) continue;
    const [project, version] = rk.split('\0') as [string, string];
    const path = keptAt(project, toSlug(version), known.commit);
    if (path) archivedDeleted.set(rk, path);
  }
  const events = newEvents({
    state,
    now: input.now.toISOString(),
    releases: current,
    projects: input.projects,
    deployments: input.deployments,
    findings,
    archivedDeleted,
  });
  const head = chain.events.at(-1) ?? null;
  const chained = chainEvents(head, events);
  if (chained.length)
    writeFileAtomic(chain.file, chain.text + chained.map((e) => serializeEvent(e) + '\n').join(''));
  // Canonical JSON: one byte form whether an entry was rebuilt or read back.
  writeFileAtomic(join(dataDir, STATE_FILE), canonicalJson(nextState) + '\n');
  return { appended: chained.length, findings: findings.length };
}

function readEvidenceState(dataDir: string): z.infer<typeof EvidenceStateSchema> {
  try {
    const parsed = EvidenceStateSchema.safeParse(JSON.parse(readFileSync(join(dataDir, STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

function readSbom(dataDir: string, ref: { project: string; slug: string }) {
  const file = join(dataDir, dataPaths.sbom(ref.project, ref.slug));
  if (!existsSync(file)) return null;
  const sbom = SbomSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return sbom.status === 'accepted' ? sbom : null;
}

/**
 * The release part of an unchanged release's evidence: from its evidence record when it is for
 * the same commit, else from the release record.
 */
function readBase(dir: string, ref: ReleaseRef): EvidenceBase {
  const file = join(dir, dataPaths.evidence(ref.project, ref.slug));
  if (existsSync(file)) {
    const parsed = EvidenceSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success && parsed.data.tag.commit === ref.commit) {
      const { deployments: _d, findings: _f, ...base } = parsed.data;
      return base;
    }
  }
  const release = ReleaseSchema.parse(
    JSON.parse(readFileSync(join(dir, dataPaths.release(ref.project, ref.slug)), 'utf8')),
  );
  return evidenceBase(release, readSbom(dir, ref));
}
