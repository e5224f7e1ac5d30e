// The assemble phase of a harvest (src/harvest/harvest.ts): a project's release records and its
// advance notice, from what the read phase brought in (commits, changelog sections, `.mailmap`
// texts, overlays), by src/core/assemble.ts. Pure: nothing here reads or writes a file.
import { assembleNext, assembleReleases, type Overlay } from '../core/assemble.ts';
import type { RawCommit } from '../core/commits.ts';
import { unusedCommitTypes } from '../core/conventions.ts';
import type { CommitGraph } from '../core/graph.ts';
import type { IdentityMap } from '../core/identities.ts';
import type { ReleasePlan } from '../core/releases.ts';
import type { Next } from '../schemas/project.ts';
import type { Release } from '../schemas/release.ts';
import type { Job } from './job.ts';

/** What the read phase brought in that assembling a project needs. */
interface AssemblyInput {
  commits: Map<string, RawCommit>;
  graph: CommitGraph;
  mailmaps: Map<string, string | null>;
  bots: readonly string[];
  identities: IdentityMap;
  /** Changelog section per tag name, of the releases to assemble. */
  changelogs: Map<string, string | null>;
  /** The project's overlays by file name (a version or a slug; src/harvest/overlays.ts). */
  overlays: Map<string, Overlay>;
}

export interface AssembledProject {
  /** The plan of the releases assembled: the kept ones left out. */
  plan: ReleasePlan;
  releases: Release[];
  next: Next | null;
  /** `commitTypes` keys no commit of the project uses so far. */
  unusedCommitTypes: string[];
  /** The warning for each of them. */
  warnings: string[];
}

/**
 * Assembles a project's releases, except those `kept` as the last harvest wrote them (an
 * incremental harvest, src/harvest/incremental.ts), and its unreleased commits.
 */
export function assembleProject(
  job: Job,
  fullPlan: ReleasePlan,
  kept: Set<string> | null,
  read: AssemblyInput,
): AssembledProject {
  const { project } = job;
  // Only the releases to assemble; kept ones stay as the last harvest wrote them.
  const plan: ReleasePlan = kept
    ? { ...fullPlan, releases: fullPlan.releases.filter((r) => !kept.has(r.slug)) }
    : fullPlan;
  const overlays = new Map(
    plan.releases.flatMap((r) => {
      const o = read.overlays.get(r.version) ?? read.overlays.get(r.slug);
      return o ? [[r.version, o] as const] : [];
    }),
  );
  const input = {
    projectId: project.id,
    plan,
    commits: read.commits,
    graph: read.graph,
    mailmaps: read.mailmaps,
    names: [project.id, project.name],
    commitTypes: project.commitTypes,
    bots: read.bots,
    identities: read.identities,
    links: project.links,
    changelogs: read.changelogs,
    overlays,
    seenContributors: kept ? job.before!.contributors : [],
  };
  const releases = assembleReleases(input);
  const next = assembleNext(input, releases);
  // A `commitTypes` prefix that no commit of the project uses is said out loud. An incremental
  // harvest looks for the ones unused so far in the commits it reads now.
  const unused = unusedCommitTypes(
    kept
      ? Object.fromEntries(
          Object.entries(project.commitTypes ?? {}).filter(([k]) =>
            job.before!.unusedCommitTypes.includes(k),
          ),
        )
      : project.commitTypes,
    [...plan.releases.flatMap((r) => r.commits), ...(plan.next?.commits ?? [])].map(
      (h) => read.commits.get(h)?.message.split('\n', 1)[0] ?? '',
    ),
  );
  return { plan, releases, next, unusedCommitTypes: unused, warnings: commitTypeWarnings(unused, job.index) };
}

/** The warning for each `commitTypes` key that matches no commit. */
export function commitTypeWarnings(unused: readonly string[], index: number): string[] {
  return unused.map(
    (k) =>
      `commitTypes "${k}" matches no commit of the project's releases or unreleased commits (projects[${index}].commitTypes): check its spelling, as written before ": " in the commit subjects`,
  );
}
