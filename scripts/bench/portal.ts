// A synthetic data folder for the build benchmark: written directly, without git or a harvest,
// so a portal of 50,000 release pages takes seconds to make. Every record goes through its zod
// schema (writeRecord, as the harvest writes them), and the changes of a release come from the
// harvest's own parser (parseCommit) over generated commit messages, so the pages render what a
// real harvest would give them: conventional and plain commits, scopes, bodies, breaking changes
// with migration notes, refs, co-author trailers, contributors, changelog sections and tag
// messages. Deterministic: the same arguments give the same bytes.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { collectContributors } from '../../src/core/assemble.ts';
import { parseCommit, type RawCommit } from '../../src/core/commits.ts';
import { bestNotesSource, renderCommitNotes } from '../../src/core/notes.ts';
import { isPrerelease, isSemVer, majorLine } from '../../src/core/version.ts';
import { writeRecord } from '../../src/harvest/write.ts';
import { DATA_FORMAT, dataPaths, toSlug } from '../../src/schemas/layout.ts';
import { NextSchema, ProjectSchema, SiteSchema, type Project } from '../../src/schemas/project.ts';
import { ReleaseSchema, type Release } from '../../src/schemas/release.ts';
import type { Change } from '../../src/schemas/commit.ts';

export interface PortalOptions {
  /** Release pages in all. */
  releases: number;
  /** Releases per project; the last project takes the remainder. @default 1000 */
  perProject?: number;
}

export interface PortalSummary {
  dir: string;
  projects: number;
  releases: number;
  changes: number;
  bytes: number;
}

const PEOPLE = Array.from({ length: 40 }, (_, i) => ({
  name: `Dev ${String.fromCharCode(65 + (i % 26))}${i}`,
  email: `dev${i}@bench.example`,
}));
const TYPES = ['feat', 'fix', 'docs', 'chore', 'refactor', 'perf', 'test', 'fix', 'build', 'feat'];
const WORDS = [
  'cache',
  'parser',
  'router',
  'session',
  'export',
  'billing',
  'search',
  'upload',
  'auth',
  'queue',
  'metrics',
  'webhooks',
];

const sha = (s: string) => createHash('sha1').update(s).digest('hex');

/** The version of the n-th release of a project: 1.0.0 … 1.0.9, 1.1.0 …, 2.0.0 after 100; every 25th is preceded by an rc. */
function versionOf(n: number): string {
  return `${1 + Math.floor(n / 100)}.${Math.floor(n / 10) % 10}.${n % 10}`;
}

/** A commit message like the ones the bench histories carry, varied by `i`. */
function message(i: number): string {
  const type = TYPES[i % TYPES.length];
  const scope = WORDS[(i * 7) % WORDS.length];
  if (i % 13 === 12) return 'Update dependencies\n';
  if (i % 17 === 5)
    return `Merge-free plain commit touching ${scope} (${i})\n\nSome context for reviewers.\n`;
  const breaking = i % 97 === 96;
  let m = `${type}(${scope})${breaking ? '!' : ''}: ${WORDS[i % WORDS.length]} handles case ${i} in ${scope}\n\n`;
  m += `Longer explanation of change ${i}: why the ${scope} needed it, with \`code\` and a\nsecond wrapped line, like a real commit body.\n`;
  if (breaking)
    m += `\nBREAKING CHANGE: the \`${scope}.o${i}\` option is removed; use \`${scope}.o${i + 1}\` instead.\n`;
  m += `\n${i % 3 === 0 ? 'Closes' : 'Refs'}: #${1 + (i % 900)}\n`;
  if (i % 5 === 0)
    m += `Co-authored-by: ${PEOPLE[(i + 7) % PEOPLE.length].name} <${PEOPLE[(i + 7) % PEOPLE.length].email}>\n`;
  return m;
}

function iso(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace('.000Z', '+00:00');
}

/**
 * Writes a data folder of `releases` releases at `dir` (emptied first): projects `p-001` …,
 * `perProject` releases each, 2 to 26 changes per release and 60 in every 50th (about 15 on average), one release in
 * 25 a prerelease, half the notes from a changelog section, every other tag annotated.
 */
export function writePortal(dir: string, opts: PortalOptions): PortalSummary {
  rmSync(dir, { recursive: true, force: true });
  const perProject = opts.perProject ?? 1000;
  const projectCount = Math.max(1, Math.ceil(opts.releases / perProject));
  const ids = Array.from({ length: projectCount }, (_, i) => `p-${String(i + 1).padStart(3, '0')}`);
  const start = Date.parse('2020-01-01T00:00:00Z') / 1000;
  let bytes = 0;
  let changes = 0;
  let commitNo = 0;
  const write = <T>(rel: string, schema: Parameters<typeof writeRecord<T>>[2], data: T) => {
    writeRecord(dir, rel, schema, data);
    bytes += JSON.stringify(data, null, 2).length + 1;
  };

  ids.forEach((id, p) => {
    const count = p === projectCount - 1 ? opts.releases - perProject * (projectCount - 1) : perProject;
    const seen = new Set<string>();
    let previous: Release | null = null;
    let finals = 0;
    let latest: string | null = null;
    for (let n = 0; n < count; n++) {
      // One in 25 is a release candidate of the next final version.
      const rc = n % 25 === 24;
      const version = rc ? `${versionOf(finals)}-rc.1` : versionOf(finals++);
      const size = n % 50 === 49 ? 60 : 2 + ((n * 37 + p * 11) % 25);
      const time = start + (p * count + n) * 3600 * 7;
      const raws: RawCommit[] = [];
      for (let k = 0; k < size; k++) {
        const i = commitNo++;
        const who = PEOPLE[(i * 7 + p) % PEOPLE.length];
        const date = iso(time - (size - k) * 600);
        raws.push({
          hash: sha(`${id}:${i}`),
          parents: [sha(`${id}:${i - 1}`)],
          author: who,
          authorDate: date,
          committer: who,
          committerDate: date,
          message: message(i),
        });
      }
      raws.reverse(); // git log order: newest first
      const parsed: Change[] = raws.map((raw) => parseCommit(raw));
      changes += parsed.length;
      const contributors = collectContributors(parsed).map((c) => {
        const firstTime = !seen.has(c.email);
        seen.add(c.email);
        return { ...c, firstTime };
      });
      const tag = `v${version}`;
      const annotated = n % 2 === 0;
      const changelog =
        n % 2 === 0
          ? `### Added\n\n${
              parsed
                .filter((c) => c.type === 'feat')
                .slice(0, 4)
                .map((c) => `- ${c.subject}.`)
                .join('\n') || '- Nothing new.'
            }\n\n### Fixed\n\n${
              parsed
                .filter((c) => c.type === 'fix')
                .slice(0, 4)
                .map((c) => `- ${c.subject}.`)
                .join('\n') || '- Nothing fixed.'
            }\n`
          : null;
      const tagMessage = annotated ? `Release ${version}\n\nThe ${id} release ${version}.\n` : null;
      const notes = {
        overlay: null,
        highlights: [],
        changelog,
        tag: tagMessage,
        commits: renderCommitNotes(parsed),
      };
      const release: Release = {
        project: id,
        version,
        slug: toSlug(version),
        tag,
        date: iso(time),
        commit: raws[0].hash,
        tagObject: annotated ? sha(`tag:${id}:${version}`) : null,
        tagger: annotated ? PEOPLE[n % PEOPLE.length] : null,
        signature: { status: 'unsigned', kind: null, signer: null, key: null },
        previous: previous?.version ?? null,
        previousTag: previous?.tag ?? null,
        // A linear history: the previous release is the nearest one it contains.
        contains: previous ? [previous.version] : [],
        received: [],
        prerelease: isPrerelease(version),
        semver: isSemVer(version),
        major: majorLine(version),
        commitCount: parsed.length,
        breakingCount: parsed.filter((c) => c.breaking).length,
        changes: parsed,
        reverted: [],
        contributors,
        notes: { best: bestNotesSource(notes), ...notes },
      };
      write(dataPaths.release(id, release.slug), ReleaseSchema, release);
      // A final release's previous release skips prereleases (docs/releases-from-git.md); an rc follows the last final.
      if (!release.prerelease) {
        previous = release;
        latest = version;
      }
    }
    const project: Project = {
      id,
      name: `Project ${p + 1}`,
      description: `Synthetic project ${p + 1} of the build benchmark.`,
      repo: `../repos/${id}`,
      path: null,
      internal: false,
      links: {
        commit: `https://forge.example/${id}/commit/{hash}`,
        compare: `https://forge.example/${id}/compare/{from}...{to}`,
        issue: `https://forge.example/${id}/issues/{id}`,
      },
      support: { lts: [], eol: {} },
      latest,
      releaseCount: count,
      skipped: [],
    };
    write(dataPaths.project(id), ProjectSchema, project);
    const head = sha(`${id}:head`);
    write(dataPaths.next(id), NextSchema, {
      project: id,
      base: latest,
      baseTag: latest ? `v${latest}` : null,
      head,
      commitCount: 0,
      breakingCount: 0,
      bump: null,
      predicted: null,
      bumpFrom: latest,
      nextPrerelease: null,
      changes: [],
      contributors: [],
    });
  });
  write(dataPaths.site, SiteSchema, {
    format: DATA_FORMAT,
    generator: 'waybill bench',
    title: `Bench portal (${opts.releases} releases)`,
    site: 'https://releases.bench.example',
    accent: null,
    logo: null,
    timezone: 'UTC',
    harvestedAt: '2026-11-20T00:00:00.000Z',
    projects: ids,
  });
  return { dir, projects: projectCount, releases: opts.releases, changes, bytes };
}
