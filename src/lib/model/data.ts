// The one place pages get data from: the collections, read once per build and indexed
// (src/lib/model/portal.ts). getCollection() is not free and every page needs the same data, so the
// first caller's promise is shared by all pages of the build. The `releases` collection holds
// summaries; a release's full record is read from its file when a page asks for it
// (Portal.record), so the build never holds every release's changes and notes at once.
import { getCollection } from 'astro:content';
import { isAbsolute, posix } from 'node:path';
import type { Deployments, Freezes, Group, Next, Planned, Project, Sbom, Site } from '../../schemas/index.ts';
import { DataError } from '../../errors/index.ts';
import { listRecordFiles, type RecordKind } from './record-files.ts';
import { readRelease, readSbomOriginal } from './data-folder.ts';
import { type AuditLog } from '../../schemas/audit.ts';
import { type EvidenceEntry } from '../../schemas/evidence.ts';
import type { ReleaseSummary } from '../../schemas/index.ts';
import { readAudience, readBuildEnv } from './env.ts';
import { buildPortal, type Portal } from './portal.ts';

let portal: Promise<Portal> | undefined;

export function getPortal(): Promise<Portal> {
  portal ??= loadPortal();
  return portal;
}

/**
 * A collection's entries. Astro warns "The collection … does not exist or is empty" for one with no
 * entries, so a collection whose files the data folder does not have (no SBOMs, no freezes, no
 * unreleased commits) is not asked for: a clean build prints no warning it cannot act on.
 */
function collection(kind: Exclude<RecordKind, 'site'>): Promise<{ id: string; data: unknown }[]> {
  const { dataDir } = readBuildEnv(process.env, process.cwd());
  return listRecordFiles(kind, dataDir).length > 0 ? getCollection(kind) : Promise.resolve([]);
}

async function loadPortal(): Promise<Portal> {
  const audience = readAudience(process.env);
  const internal = audience === 'internal';
  const [site, projects, releases, next, sboms, deployments, freezes, planned, groups, evidence, audit] =
    await Promise.all([
      getCollection('site'),
      collection('projects'),
      collection('releases'),
      collection('next'),
      collection('sboms'),
      // Deployments, evidence and the audit chain are internal data: a public build never reads them.
      internal ? collection('deployments') : Promise.resolve([]),
      collection('freezes'),
      collection('planned'),
      collection('groups'),
      internal ? collection('evidence') : Promise.resolve([]),
      internal ? collection('audit') : Promise.resolve([]),
    ]);
  // The loader fails on a missing site.json, so this only guards against a misconfigured collection.
  const siteEntry = site.find((e: { id: string; filePath?: string }) => e.id === 'site');
  if (!siteEntry) throw new DataError('the "site" collection is empty: site.json was not loaded');
  // Where the files are, for messages: WAYBILL_DATA when the CLI set it (absolute), else
  // site.json's folder relative to the project root (`content/data`).
  const fromEnv = process.env.WAYBILL_DATA?.trim();
  const dataDir =
    fromEnv && isAbsolute(fromEnv)
      ? fromEnv
      : siteEntry.filePath
        ? posix.dirname(siteEntry.filePath)
        : 'the data folder';
  return buildPortal({
    site: siteEntry.data as Site,
    projects: projects.map((e: { data: unknown }) => e.data as Project),
    releases: releases.map((e: { data: unknown }) => e.data as ReleaseSummary),
    // The folder the loader read (as getSbomOriginal finds it): each file checked again as it loaded.
    readRelease: (project, slug) =>
      readRelease(readBuildEnv(process.env, process.cwd()).dataDir, project, slug),
    next: next.map((e: { data: unknown }) => e.data as Next),
    sboms: sboms.map((e: { data: unknown }) => e.data as Sbom),
    // Empty for the public audience (the loader reads nothing), and buildPortal drops it anyway.
    deployments:
      (deployments.find((e: { id: string }) => e.id === 'deployments')?.data as Deployments | undefined) ??
      null,
    freezes: (freezes.find((e: { id: string }) => e.id === 'freezes')?.data as Freezes | undefined) ?? null,
    planned:
      (planned.find((e: { id: string }) => e.id === 'planned')?.data as { items: Planned[] } | undefined)
        ?.items ?? [],
    groups:
      (groups.find((e: { id: string }) => e.id === 'groups')?.data as { items: Group[] } | undefined)
        ?.items ?? [],
    evidence: evidence.map((e: { data: unknown }) => e.data as EvidenceEntry),
    audit: (audit.find((e: { id: string }) => e.id === 'audit')?.data as AuditLog | undefined) ?? null,
    audience,
    base: import.meta.env.BASE_URL,
    dataDir,
  });
}

/**
 * The bytes of an accepted SBOM's original document, checked against its SHA-256 again (the
 * loader checked it when the collection loaded; this is what is served). The data folder is the
 * one the loaders read: Astro runs from the package root (src/site/build.ts), as in the loader.
 */
export function getSbomOriginal(sbom: { project: string; version: string; sha256: string }): Buffer {
  return readSbomOriginal(readBuildEnv(process.env, process.cwd()).dataDir, sbom);
}
