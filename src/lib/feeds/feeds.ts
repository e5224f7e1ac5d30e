// Atom feeds (RFC 4287): `/feed.xml` (every project) and `/projects/<id>/feed.xml`. Every release
// is an entry (not the newest ten), newest first, with the release's full notes as sanitized HTML:
// highlights, breaking changes with their migration notes, the best notes source, the grouped
// changes and the contributors, as the release page reads.
//
// Written by the small writer at the end of this file rather than the `feed` package, which cannot
// write what we need: it passes every link and id through `new URL()`, so the root-relative links
// a portal without site.json `site` needs throw; it escapes only the first "]]>" of a CDATA
// section (String#replace with a string), so a second one in a changelog ends the section early
// and the feed is no longer XML; and it turns "&amp;" in text back into "&" before escaping.
//
// Same data, same bytes: the feed's `updated` is the newest release's date (site.json
// `harvestedAt` when there is none), never the clock; entries have a total order; every date is
// the release's own ISO 8601 string.
import { groupChanges } from '../../core/notes.ts';
import type { Change, NotesSource, Release } from '../../schemas/index.ts';
import { formatDateTime, plural } from '../render/format.ts';
import { makeLinker, shortHash, type Linker } from '../model/links.ts';
import { renderInlineMarkdown, renderMarkdown } from '../render/markdown.ts';
import type { Portal, ProjectEntry } from '../model/portal.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { makeRedactor, type Redact } from '../../core/privacy.ts';
import { escapeHtml } from '../render/escape-html.ts';
import { absoluteUrl } from '../model/urls.ts';
import { compareVersions } from '../model/version-order.ts';
import { compareCodeUnits } from '../../core/compare.ts';

// ---------------------------------------------------------------------------------------------
// URLs

/**
 * RFC 4287 §4.2.6: an id is an absolute IRI that never changes. With site.json `site` it is the
 * page's absolute URL. Without one there is no URL of ours, so ids are tag: URIs (RFC 4151) minted
 * under the generator's name: stable as long as the project id and the version are, but unique
 * only within this portal; set `site` for ids unique everywhere.
 */
export function atomId(path: string, site: string | null, root: string): string {
  if (site) return absoluteUrl(path, site);
  return `tag:waybill,2026:${path.startsWith(root) ? path.slice(root.length) : path}`;
}

// ---------------------------------------------------------------------------------------------
// Entry content: one release as HTML. Repository text is either escaped here or rendered by
// src/lib/render/markdown.ts (the sanitizer); for the public audience it is redacted first.

const NOTES_TITLES: Record<NotesSource, string> = {
  overlay: 'Release notes',
  changelog: 'Changelog',
  tag: 'Tag message',
  commits: 'Commits',
};

/** The best notes source that has text (`best` should; if it does not, the next best stands in). */
function bestNotes(release: Release): { source: NotesSource; text: string } | null {
  const order: NotesSource[] = [release.notes.best, 'overlay', 'changelog', 'tag'];
  for (const source of order) {
    const text = release.notes[source];
    if (source !== 'commits' && typeof text === 'string' && text.trim() !== '') return { source, text };
  }
  return null;
}

function link(url: string | null, html: string): string {
  return url ? `<a href="${escapeHtml(url)}">${html}</a>` : html;
}

function changeHtml(c: Change, linker: Linker, redact: Redact, idPrefix: string): string {
  const scope = c.scope ? `<strong>${escapeHtml(redact(c.scope))}:</strong> ` : '';
  const refs = c.refs.map((ref) => link(linker.issue(ref), escapeHtml(ref.raw)));
  const meta = [link(linker.commit(c.hash), `<code>${shortHash(c.hash)}</code>`), ...refs].join(', ');
  const migration = c.breakingNotes.map(
    (note, i) =>
      `<p><strong>Migration:</strong></p>${renderMarkdown(note, { redact, headingLevel: 4, idPrefix: `${idPrefix}m${shortHash(c.hash)}-${i}-` })}`,
  );
  return `<li>${scope}${escapeHtml(redact(c.subject))} (${meta}) by ${escapeHtml(redact(c.author.name))}${migration.join('')}</li>`;
}

export interface ReleaseHtmlOptions {
  /** Absolute (or, without `site`, root-relative) URL of a release page by slug. */
  releaseUrl(slug: string): string;
}

/** The full notes of one release as sanitized HTML, for `<content type="html">`. */
export function toReleaseHtml(
  portal: Portal,
  entry: ProjectEntry,
  release: ReleaseSummary,
  options: ReleaseHtmlOptions,
): string {
  const record = portal.record(release);
  const redact = makeRedactor(portal.audience);
  const linker = makeLinker(entry.project.links);
  // Feed readers show many entries on one page: ids the Markdown makes (footnotes) get the release's prefix.
  const idPrefix = `${entry.project.id}-${release.slug}-`.replace(/[^A-Za-z0-9_-]/g, '-');
  const parts: string[] = [];

  const previous =
    release.previous === null ? null : (entry.releases.find((r) => r.version === release.previous) ?? null);
  const facts = [
    `Released ${escapeHtml(formatDateTime(release.date, portal.site.timezone).text)}`,
    `tag <code>${escapeHtml(release.tag)}</code>`,
    plural(release.commitCount, 'commit') +
      (release.previous === null
        ? ''
        : ` since ${link(previous && options.releaseUrl(previous.slug), escapeHtml(release.previous))}` +
          (linker.compare(release.previousTag, release.tag)
            ? ` (${link(linker.compare(release.previousTag, release.tag), 'compare')})`
            : '')),
  ];
  if (release.breakingCount > 0)
    facts.push(`<strong>${plural(release.breakingCount, 'breaking change')}</strong>`);
  if (release.prerelease) facts.push('pre-release');
  parts.push(`<p>${facts.join(' · ')}</p>`);

  if (record.notes.highlights.length > 0) {
    parts.push(
      '<h2>Highlights</h2>',
      `<ul>${record.notes.highlights.map((h) => `<li>${renderInlineMarkdown(h, redact)}</li>`).join('')}</ul>`,
    );
  }

  const grouped = groupChanges(record.changes);
  if (grouped.breaking.length > 0) {
    parts.push(
      '<h2>Breaking changes</h2>',
      `<ul>${grouped.breaking.map((c) => changeHtml(c, linker, redact, idPrefix)).join('')}</ul>`,
    );
  }

  const notes = bestNotes(record);
  if (notes) {
    parts.push(
      `<h2>${NOTES_TITLES[notes.source]}</h2>`,
      renderMarkdown(notes.text, { redact, headingLevel: 3, idPrefix: `${idPrefix}${notes.source}-` }),
    );
  }

  if (grouped.groups.length > 0) {
    parts.push(grouped.breaking.length > 0 ? '<h2>Other changes</h2>' : '<h2>Changes</h2>');
    for (const g of grouped.groups) {
      parts.push(
        `<h3>${escapeHtml(g.title)}</h3>`,
        `<ul>${g.changes.map((c) => changeHtml(c, linker, redact, idPrefix)).join('')}</ul>`,
      );
    }
  } else if (grouped.breaking.length === 0 && !notes) {
    parts.push('<p>No changes.</p>');
  }

  if (record.contributors.length > 0) {
    // Names only, in both audiences, as on the page.
    const names = record.contributors.map(
      (c) => escapeHtml(redact(c.name)) + (c.bot ? ' (bot)' : c.firstTime ? ' (first contribution)' : ''),
    );
    parts.push('<h2>Contributors</h2>', `<p>${names.join(', ')}</p>`);
  }

  parts.push(
    `<p>${link(options.releaseUrl(release.slug), `${escapeHtml(entry.project.name)} ${escapeHtml(release.version)} on ${escapeHtml(portal.site.title)}`)}</p>`,
  );
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// The feeds

/** Newest first by date, then by version, then by the project's place in site.json, then tag. */
export function compareReleasesForFeed(order: ReadonlyMap<string, number>) {
  return (a: ReleaseSummary, b: ReleaseSummary): number =>
    Date.parse(b.date) - Date.parse(a.date) ||
    compareVersions(b.version, a.version) ||
    (order.get(a.project) ?? 0) - (order.get(b.project) ?? 0) ||
    compareCodeUnits(a.tag, b.tag);
}

/** The Atom document for the whole portal, or for one project (`entry`). */
export function buildAtomFeed(portal: Portal, entry?: ProjectEntry): string {
  return writeAtom(toAtomFeed(portal, entry));
}

/**
 * The same document as a response whose body is written entry by entry: the feed of every release
 * of a 50,000-release portal is hundreds of megabytes, and each entry's HTML (rendered from its
 * release's record, read from its file) is let go once it is encoded. src/site/render-child.ts
 * streams it to its file (not an Astro endpoint, which would hold the whole body).
 */
export function atomFeedResponse(portal: Portal, entry?: ProjectEntry): Response {
  const chunks = atomChunks(toAtomFeed(portal, entry));
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, { headers: ATOM_HEADERS });
}

function toAtomFeed(portal: Portal, entry?: ProjectEntry): AtomFeed {
  const { site, paths } = portal;
  const root = paths.home;
  const feedPaths = portal.paths;
  const redact = makeRedactor(portal.audience);
  const entries = entry ? [entry] : portal.projects;
  const byId = new Map(entries.map((e) => [e.project.id, e]));
  const order = new Map(portal.projects.map((p, i) => [p.project.id, i]));
  const releases = entries.flatMap((e) => e.releases).sort(compareReleasesForFeed(order));
  // Absolute URLs from site.json `site`; without it, root-relative links, which a reader resolves
  // against the feed's own URL (RFC 4287 §4.1 via xml:base / RFC 3986 §5.1.3).
  const url = (path: string) => absoluteUrl(path, site.site);
  const selfPath = entry ? feedPaths.projectFeed(entry.project.id) : feedPaths.feed;

  return {
    id: atomId(selfPath, site.site, root),
    title: entry ? `${entry.project.name} releases · ${site.title}` : site.title,
    subtitle: entry
      ? `Every release of ${entry.project.name}, with full release notes.`
      : `Every release of every project, with full release notes.`,
    updated: releases[0]?.date ?? site.harvestedAt,
    self: url(selfPath),
    alternate: url(entry ? paths.project(entry.project.id) : paths.home),
    author: site.title,
    // Made one at a time as the writer asks: each reads its release's record.
    entries: lazyMap(releases, (release): AtomEntry => {
      const e = byId.get(release.project)!;
      const pagePath = paths.release(release.project, release.slug);
      return {
        id: atomId(pagePath, site.site, root),
        title: `${e.project.name} ${release.version}`,
        updated: release.date,
        link: url(pagePath),
        // Names only: no e-mail address anywhere in a public feed (nor in an internal one).
        authors: portal.record(release).contributors.map((c) => redact(c.name)),
        categories: [
          { term: e.project.id, label: e.project.name },
          ...(release.prerelease ? [{ term: 'prerelease', label: 'Pre-release' }] : []),
        ],
        summary: summarize(release),
        html: toReleaseHtml(portal, e, release, {
          releaseUrl: (slug) => url(paths.release(release.project, slug)),
        }),
      };
    }),
  };
}

function* lazyMap<T, U>(items: readonly T[], f: (item: T) => U): Iterable<U> {
  for (const item of items) yield f(item);
}

function summarize(release: ReleaseSummary): string {
  const parts = [plural(release.commitCount, 'commit')];
  if (release.breakingCount > 0) parts.push(plural(release.breakingCount, 'breaking change'));
  return `${release.prerelease ? 'Pre-release' : 'Release'} ${release.version}: ${parts.join(', ')}.`;
}

const ATOM_HEADERS = { 'Content-Type': 'application/atom+xml; charset=utf-8' };

// ---------------------------------------------------------------------------------------------
// The writer: every text and attribute escaped, `type="html"` content as escaped text (not CDATA,
// which cannot hold "]]>"), characters XML 1.0 forbids (most C0 controls, lone surrogates, U+FFFE,
// U+FFFF; they do turn up in commit messages pasted from terminals) dropped.

export interface AtomEntry {
  id: string;
  title: string;
  updated: string;
  link: string;
  authors: string[];
  categories: { term: string; label: string }[];
  summary: string;
  html: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  updated: string;
  self: string;
  alternate: string;
  author: string;
  /** Iterated once, in order. */
  entries: Iterable<AtomEntry>;
}

const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function writeAtom(feed: AtomFeed): string {
  return [...atomChunks(feed)].join('');
}

/** The document in pieces: the head, then one piece per entry, then the end (lines joined by "\n"). */
function* atomChunks(feed: AtomFeed): Generator<string> {
  const x = escapeXml;
  yield [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `  <id>${x(feed.id)}</id>`,
    `  <title>${x(feed.title)}</title>`,
    `  <subtitle>${x(feed.subtitle)}</subtitle>`,
    `  <updated>${x(feed.updated)}</updated>`,
    `  <link rel="self" type="application/atom+xml" href="${x(feed.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(feed.alternate)}"/>`,
    `  <author><name>${x(feed.author)}</name></author>`,
    '  <generator>waybill</generator>',
    '',
  ].join('\n');
  for (const e of feed.entries) {
    yield [
      '  <entry>',
      `    <id>${x(e.id)}</id>`,
      `    <title>${x(e.title)}</title>`,
      `    <updated>${x(e.updated)}</updated>`,
      `    <link rel="alternate" type="text/html" href="${x(e.link)}"/>`,
      ...e.authors.map((name) => `    <author><name>${x(name)}</name></author>`),
      ...e.categories.map((c) => `    <category term="${x(c.term)}" label="${x(c.label)}"/>`),
      `    <summary>${x(e.summary)}</summary>`,
      `    <content type="html">${x(e.html)}</content>`,
      '  </entry>',
      '',
    ].join('\n');
  }
  yield '</feed>\n';
}
