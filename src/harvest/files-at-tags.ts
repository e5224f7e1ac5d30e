// Files a harvest reads at tags: each project's changelog (its section for a release, or only
// whether it exists), whether the project's `path` exists (src/harvest/settings-check.ts), and the
// repository's `.mailmap` (src/core/people.ts reads it). One `cat-file --batch` per repository
// reads them while git reads the history; a second one per repository, the files of releases
// assembled again.
import { posix } from 'node:path';
import type { ProjectConfig } from '../schemas/config/projects.ts';
import { extractChangelogSection, extractChangelogSectionFromStart } from '../core/changelog.ts';
import type { RawTag, ReleasePlan } from '../core/releases.ts';
import { eachBlobAt } from './git.ts';
import type { Job } from './job.ts';
import { plannedChecks, tagKey } from './settings-check.ts';

/**
 * A file wanted at a commit: a project's changelog (its section, or only whether it exists), the
 * project's `path` (whether it exists), or the repository's `.mailmap`.
 */
type BlobRequest =
  | {
      kind: 'changelog';
      project: string;
      tag: string;
      version: string;
      rev: string;
      path: string;
      /** Only whether it exists (`path`, or the changelog at a tag whose section is not needed). */
      exists?: 'path' | 'changelog';
      key: string;
    }
  | { kind: 'mailmap'; rev: string; path: string };

const mailmapRequest = (rev: string): BlobRequest => ({ kind: 'mailmap', rev, path: '.mailmap' });

/** What each repository's reads brought in, for the projects a harvest assembles. */
export class FilesAtTags {
  /** The changelog section of a release by `<project>\0<tag>`, null where the changelog has none. */
  private readonly sections = new Map<string, string | null>();
  /** The `.mailmap` text at each commit asked about, null where there is none. */
  readonly mailmaps = new Map<string, string | null>();
  /** By project: `path\0<tag key>` and `changelog\0<tag key>` where git found them. */
  readonly found: Map<string, Set<string>>;
  private readonly batches = new Map<string, { requests: BlobRequest[]; read: Promise<void> }>();
  private previousBatch: Promise<unknown> = Promise.resolve();

  constructor(todo: Job[]) {
    this.found = new Map(todo.map((j) => [j.project.id, new Set<string>()]));
  }

  /**
   * Queues the read of a repository's files at the tags its projects' last harvest did not write
   * (all of them on a first harvest), and sets each job's `check` (what to ask about `path` and
   * the changelog). Each changelog's section is taken as it arrives and the file dropped (5,000
   * tags of a growing changelog are gigabytes together). The batches of all repositories run one
   * after the other, beside the history reads, so every answer is in before anything is written.
   */
  prefetch(repoDir: string, repoJobs: Job[], matchers: Map<string, (tag: string) => string | null>): void {
    const requests = repoJobs.flatMap((job): BlobRequest[] => {
      const file = changelogPath(job.project);
      const done = new Set((job.before?.releases ?? []).map((r) => `${r.tag}\0${r.commit}`));
      const match = matchers.get(job.project.id)!;
      job.check = plannedChecks(job.project, job.tags, done, job.before, job.settings);
      const request = (t: RawTag, path: string, exists?: 'path' | 'changelog'): BlobRequest => ({
        kind: 'changelog',
        project: job.project.id,
        tag: t.name,
        version: match(t.name)!,
        rev: t.peeled,
        path,
        exists,
        key: tagKey(t),
      });
      const unwritten = job.tags.filter((t) => t.peeledType === 'commit' && !done.has(tagKey(t)));
      return [
        ...(file ? unwritten.map((t) => request(t, file)) : []),
        // With other settings than last time every release is assembled again, so the changelog
        // at the earlier tags is read whole here, not asked about and then read a second time.
        ...(file
          ? job.check.ask.changelog.map((t) =>
              request(t, file, job.before?.settings === job.settings ? 'changelog' : undefined),
            )
          : []),
        ...job.check.ask.path.map((t) => request(t, job.project.path!, 'path')),
        // The `.mailmap` at the same tags and at the branch head.
        ...[...unwritten.map((t) => t.peeled), ...(job.head ? [job.head] : [])].map(mailmapRequest),
      ];
    });
    const read = this.previousBatch.then(() => this.read(repoDir, requests));
    read.catch(() => {}); // awaited below; until then a failure must not count as unhandled
    this.previousBatch = read.catch(() => {});
    this.batches.set(repoDir, { requests, read });
  }

  /** Once every repository's first batch is in. */
  prefetched(): Promise<unknown> {
    return Promise.all([...this.batches.values()].map((b) => b.read));
  }

  /**
   * A harvest that assembles releases it wrote before (settings changed, a lower tag arrived)
   * reads their changelogs and `.mailmap` files too, in a second cat-file.
   */
  readForAssembly(repoDir: string, plans: { job: Job; plan: ReleasePlan; kept: Set<string> | null }[]) {
    const prefetched = new Set(
      this.batches
        .get(repoDir)!
        .requests.flatMap((r) => (r.kind === 'changelog' && !r.exists ? [`${r.project}\0${r.tag}`] : [])),
    );
    return this.read(
      repoDir,
      plans.flatMap(({ job, plan, kept }) => {
        const file = changelogPath(job.project);
        const again = plan.releases.filter((r) => !kept?.has(r.slug));
        return [
          ...(file
            ? again
                .filter((r) => !prefetched.has(`${job.project.id}\0${r.tag.name}`))
                .map((r): BlobRequest => ({
                  kind: 'changelog',
                  project: job.project.id,
                  tag: r.tag.name,
                  version: r.version,
                  rev: r.tag.peeled,
                  path: file,
                  key: tagKey(r.tag),
                }))
            : []),
          ...again.map((r) => mailmapRequest(r.tag.peeled)),
        ];
      }),
    );
  }

  /** Changelog sections of the releases to assemble (a kept release's is in its record already), by tag name. */
  changelogs(job: Job, plan: ReleasePlan, kept: Set<string> | null): Map<string, string | null> {
    return new Map(
      plan.releases
        .filter((r) => !kept?.has(r.slug) && this.sections.has(`${job.project.id}\0${r.tag.name}`))
        .map((r) => [r.tag.name, this.sections.get(`${job.project.id}\0${r.tag.name}`)!]),
    );
  }

  private read(repoDir: string, all: BlobRequest[]): Promise<void> {
    const asked = new Set<string>();
    const reqs = all.filter((r) => {
      if (r.kind === 'changelog') return true;
      if (this.mailmaps.has(r.rev) || asked.has(r.rev)) return false;
      asked.add(r.rev);
      return true;
    });
    return eachBlobAt(repoDir, reqs, (i, blob, type) => {
      const r = reqs[i]!;
      if (r.kind === 'mailmap') {
        this.mailmaps.set(r.rev, blob === null ? null : blob.toString('utf8'));
        return;
      }
      if (r.exists === 'path' ? type !== null : type === 'blob')
        this.found.get(r.project)!.add(`${r.exists ?? 'changelog'}\0${r.key}`);
      if (!r.exists)
        this.sections.set(`${r.project}\0${r.tag}`, blob === null ? null : changelogSection(blob, r.version));
    });
  }
}

/**
 * A release's section of the changelog as it read at its tag. A changelog holds every release, so
 * decoding all of it at every tag is quadratic in the history; its first 64 KiB usually hold the
 * newest sections, and the whole file is decoded only when they do not settle it.
 */
function changelogSection(blob: Buffer, version: string): string | null {
  const HEAD = 64 * 1024;
  if (blob.length > HEAD) {
    // Cut at a line end, so no character is split and no line is read in half.
    const cut = blob.lastIndexOf(0x0a, HEAD);
    if (cut > 0) {
      const found = extractChangelogSectionFromStart(blob.toString('utf8', 0, cut + 1), version, false);
      if (found !== undefined) return found;
    }
  }
  return extractChangelogSection(blob.toString('utf8'), version);
}

/** The changelog's path in the repository: relative to the project's `path` when it has one. */
export function changelogPath(p: ProjectConfig): string | null {
  if (!p.changelog) return null;
  return p.path ? posix.join(p.path, p.changelog) : posix.normalize(p.changelog);
}
