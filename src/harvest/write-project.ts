// The write phase of a harvest for one project (src/harvest/harvest.ts): its release records
// (superseded ones archived first, docs/audit.md, "The audit chain"), its project record and
// advance notice, its SBOMs, and its state for the next harvest (src/harvest/incremental.ts).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { InputError } from '../errors/index.ts';
import type { ReleasePlan } from '../core/releases.ts';
import { dataPaths } from '../schemas/layout.ts';
import { NextSchema, ProjectSchema, type Project } from '../schemas/project.ts';
import { ReleaseSchema } from '../schemas/release.ts';
import type { ReleaseRef } from '../schemas/state.ts';
import { archiveSuperseded, existingRecords } from './archive.ts';
import type { AssembledProject } from './assemble.ts';
import type { Job, ProjectSummary } from './job.ts';
import { stateAfter, stateRefs, writeState } from './incremental.ts';
import { harvestSboms } from './release-sboms.ts';
import { displayRepo } from './repos.ts';
import { removeOthers, writeRecord, writeRecords } from './write.ts';

/**
 * Writes what was assembled of a project (releases `kept` stay as the last harvest wrote them),
 * and says what it wrote: its summary, its rejected SBOMs and the refs of all its releases.
 */
export async function writeProject(
  job: Job,
  fullPlan: ReleasePlan,
  kept: Set<string> | null,
  assembled: AssembledProject,
  ctx: { dataDir: string; configDir: string; strict: boolean; log: (line: string) => void },
): Promise<{ summary: ProjectSummary; problems: InputError[]; refs: ReleaseRef[] }> {
  const { project } = job;
  const { log } = ctx;
  const { releases, next } = assembled;
  // A record whose tag moved or vanished is kept in the archive, never overwritten (docs/audit.md, "The audit chain").
  const before = existingRecords(
    ctx.dataDir,
    project.id,
    job.untrusted ? null : (job.before?.releases ?? null),
  );
  const all = fullPlan.releases.map((r) => ({ slug: r.slug, commit: r.tag.peeled }));
  for (const path of archiveSuperseded(ctx.dataDir, project.id, before, all))
    log(`${project.id}: kept the superseded record as ${path}`);

  const changed = await writeRecords(
    ctx.dataDir,
    ReleaseSchema,
    releases.map((r) => ({ rel: dataPaths.release(project.id, r.slug), data: r })),
  );
  removeOthers(
    join(ctx.dataDir, dataPaths.releasesOf(project.id)),
    new Set(all.map((r) => `${r.slug}.json`)),
  );
  const finals = fullPlan.releases.filter((r) => !r.prerelease);
  const latest = (finals.length ? finals : fullPlan.releases).at(-1)?.version ?? null;
  const record: Project = {
    id: project.id,
    name: project.name,
    description: project.description ?? null,
    repo: displayRepo(project.repo),
    path: project.path ?? null,
    internal: project.internal,
    links: project.links,
    support: project.support,
    latest,
    releaseCount: fullPlan.releases.length,
    skipped: fullPlan.skipped,
  };
  writeRecord(ctx.dataDir, dataPaths.project(project.id), ProjectSchema, record);
  if (next) writeRecord(ctx.dataDir, dataPaths.next(project.id), NextSchema, next);
  else rmSync(join(ctx.dataDir, dataPaths.next(project.id)), { force: true });
  const sboms = await harvestSboms({
    project,
    configDir: ctx.configDir,
    dataDir: ctx.dataDir,
    releases,
    strict: ctx.strict,
    keep: kept ? fullPlan.releases.filter((r) => kept.has(r.slug)) : null,
  });
  for (const p of ctx.strict ? [] : sboms.problems) log(`${project.id}: SBOM rejected: ${p.format()}`);

  const state = stateAfter(job, fullPlan, releases, kept, assembled.unusedCommitTypes);
  const had = new Set(before.map((b) => `${b.slug}\0${b.commit}`));
  // A project whose SBOMs failed a strict harvest is not marked done: the next run reads it again.
  if (ctx.strict && sboms.problems.length)
    rmSync(join(ctx.dataDir, dataPaths.state(project.id)), { force: true });
  else writeState(ctx.dataDir, project.id, state);
  return {
    refs: stateRefs(project.id, state),
    summary: {
      id: project.id,
      releases: fullPlan.releases.length,
      changed,
      added: all.filter((r) => !had.has(`${r.slug}\0${r.commit}`)).length,
      warnings: [
        ...fullPlan.skipped.map((t) => `skipped tag ${t.tag}: ${t.reason}`),
        ...assembled.warnings,
        ...(ctx.strict ? [] : sboms.problems.map((p) => `SBOM rejected: ${p.format()}`)),
      ],
      unreleased: next?.commitCount ?? 0,
      skippedTags: fullPlan.skipped.length,
      sboms: sboms.accepted,
      unchanged: false,
    },
    problems: sboms.problems,
  };
}
