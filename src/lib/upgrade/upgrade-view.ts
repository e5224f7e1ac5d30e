// The upgrade page (`/projects/<id>/upgrade/`): every release's changes as data for the page's
// script (src/lib/upgrade/upgrade-render.ts), which computes the range the reader picks with
// src/lib/upgrade/upgrade.ts. Pure: the portal comes in as an argument.
import type { Change } from '../../schemas/index.ts';
import { formatDate, type DateView } from '../render/format.ts';
import { makeLinker, shortHash } from '../model/links.ts';
import { renderMarkdown } from '../render/markdown.ts';
import type { LinkView } from '../layout/layout.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import { makeRedactor } from '../../core/privacy.ts';
import { isReleaseBump } from '../release/changes-view.ts';
import { defaultRange, type UpgradeData } from './upgrade.ts';
import { sha256Hex } from '../../core/canonical.ts';

export interface UpgradeView {
  project: { id: string; name: string; url: string };
  /** The pickers' options, newest first. */
  versions: { value: string; label: string }[];
  /** Selected without a query (the script replaces them with the query's). */
  defaults: { from: string | null; to: string | null };
  /** Every release, for readers without JavaScript. */
  releases: (LinkView & { date: DateView; prerelease: boolean })[];
  data: UpgradeData;
  feedUrl: string;
}

export function toUpgradeView(portal: Portal, entry: ProjectEntry): UpgradeView {
  const { project } = entry;
  const tz = portal.site.timezone;
  const redact = makeRedactor(portal.audience);
  const linker = makeLinker(project.links);
  // The template is checked once with a sample hash; the script fills in real (hex) hashes.
  const sample = '0'.repeat(40);
  const probe = linker.commit(sample);
  // Every change of the project by hash, built only when a release received commits.
  let byHash: Map<string, Change> | null = null;
  const changeByHash = () =>
    (byHash ??= new Map(entry.releases.flatMap((r) => portal.record(r).changes.map((c) => [c.hash, c]))));
  const data: UpgradeData = {
    project: { id: project.id, name: project.name },
    commitUrl: probe === null ? null : probe.split(sample).join('{hash}'),
    latest: entry.latest?.version ?? null,
    releases: entry.releases.map((r) => {
      const record = portal.record(r);
      const prose = record.notes.overlay ?? record.notes.tag;
      // Commits a release on another line shipped first and this one received (docs/data-folder.md,
      // "What a release contains"): listed in that release's record, counted with this one here.
      const received = record.received.flatMap((h) => {
        const c = changeByHash().get(h);
        return c ? [c] : [];
      });
      return {
        version: r.version,
        slug: r.slug,
        url: portal.paths.release(project.id, r.slug),
        date: r.date,
        dateText: formatDate(r.date, tz).text,
        prerelease: r.prerelease,
        contains: record.contains,
        highlights: record.notes.highlights.map((h) => redact(h)),
        prose:
          prose === null || prose.trim() === ''
            ? null
            : renderMarkdown(prose, { redact, headingLevel: 4, idPrefix: `u-${r.slug}-` }),
        changes: [...record.changes, ...received]
          .filter((c) => !c.merge)
          .map((c) => ({
            hash: c.hash,
            type: c.type,
            scope: c.scope === null ? null : redact(c.scope),
            subject: redact(c.subject),
            breaking: c.breaking,
            releaseBump: isReleaseBump(c),
            breakingNotes: c.breakingNotes.map((note, i) =>
              renderMarkdown(note, { redact, headingLevel: 4, idPrefix: `u${shortHash(c.hash)}-${i}-` }),
            ),
            same: sameChangeKeys(c),
          })),
      };
    }),
  };
  return {
    project: { id: project.id, name: project.name, url: portal.paths.project(project.id) },
    versions: entry.releases.map((r) => ({
      value: r.version,
      label: r.prerelease ? `${r.version} (pre-release)` : r.version,
    })),
    defaults: defaultRange(data),
    releases: entry.releases.map((r) => ({
      text: r.version,
      url: portal.paths.release(project.id, r.slug),
      date: formatDate(r.date, tz),
      prerelease: r.prerelease,
    })),
    data,
    feedUrl: portal.paths.projectFeed(project.id),
  };
}

/**
 * What a cherry-picked copy of a commit shares with the original, so the upgrade page lists a
 * backport once and knows when the reader has it already (docs/site.md, "Upgrade page"): the
 * commit a `(cherry picked from commit <hash>)` line names (`git cherry-pick -x`), and a digest of
 * the author's name, the author date and the subject, which `git cherry-pick` keeps (see
 * git-cherry-pick(1)). A digest rather than the text: it is compared, never shown.
 */
export function sameChangeKeys(
  c: Pick<Change, 'author' | 'date' | 'subject' | 'body' | 'trailers'>,
): string[] {
  const text = [c.body, ...Object.values(c.trailers).flat()].join('\n');
  const picked = [...text.matchAll(/\(cherry picked from commit ([0-9a-f]{40,64})\)/g)].map((m) => m[1]!);
  const digest = sha256Hex(`${c.author.name}\0${Date.parse(c.date)}\0${c.subject}`).slice(0, 16);
  return [...new Set([...picked, digest])];
}
