// `waybill query component|license`: reads the data folder the harvest wrote (site.json, the
// projects, their releases and SBOM records) one file at a time into the look-up index
// (src/lib/sbom/lookup.ts), then answers (src/lib/sbom/lookup-query.ts). The audience's rules apply as on
// the site: for `--audience public`, no internal project and no internal component.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'astro/zod';
import { InputError, toInputErrors } from '../errors/index.ts';
import { parseJsonFile } from '../config/load.ts';
import { dataPaths } from '../schemas/layout.ts';
import { ProjectSchema, SiteSchema } from '../schemas/project.ts';
import { SbomSchema } from '../schemas/sbom.ts';
import { ReleaseSummarySchema } from '../schemas/index.ts';
import type { Audience } from '../lib/model/env.ts';
import { createLookupIndex, type LookupIndex } from '../lib/sbom/lookup.ts';
import {
  findComponents,
  findLicenses,
  formatComponentAnswer,
  formatLicenseAnswer,
  similarNames,
} from '../lib/sbom/lookup-query.ts';
import { toAudienceSbom } from '../core/sbom/audience.ts';
import { compareReleasesNewestFirst } from '../lib/model/version-order.ts';

const FIX = 'run `waybill harvest` again to rewrite the data folder';

function read<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  const json = parseJsonFile(file, readFileSync(file, 'utf8'));
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw toInputErrors(file, parsed.error, json, FIX);
  return parsed.data;
}

const jsonFiles = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => n.endsWith('.json') && !n.endsWith('.original.json'))
        .sort()
    : [];

/** The look-up index of a data folder, as `audience` sees it; and how many SBOMs went into it. */
export function readLookupIndex(
  dataDir: string,
  audience: Audience,
): { index: LookupIndex; sboms: number; releases: number } {
  const siteFile = join(dataDir, dataPaths.site);
  if (!existsSync(siteFile))
    throw new InputError(`no harvested data folder at ${dataDir} (its site.json is missing)`, {
      where: dataDir,
      fix: 'run `waybill harvest` first, or name the data folder with --data',
    });
  const site = read(siteFile, SiteSchema);
  const builder = createLookupIndex();
  let sboms = 0;
  let count = 0;
  for (const id of site.projects) {
    const project = read(join(dataDir, dataPaths.project(id)), ProjectSchema);
    if (project.internal && audience === 'public') continue;
    const releases = jsonFiles(join(dataDir, dataPaths.releasesOf(id)))
      .map((name) => read(join(dataDir, dataPaths.releasesOf(id), name), ReleaseSummarySchema))
      .sort(compareReleasesNewestFirst);
    count += releases.length;
    for (const r of releases) {
      const file = join(dataDir, dataPaths.sbom(id, r.slug));
      if (!existsSync(file)) continue;
      const sbom = toAudienceSbom(read(file, SbomSchema), audience, null);
      if (sbom.status !== 'accepted') continue;
      sboms++;
      builder.add(
        {
          project: id,
          projectName: project.name,
          version: r.version,
          slug: r.slug,
          tag: r.tag,
          date: r.date,
        },
        sbom,
      );
    }
  }
  return { index: builder.finish(), sboms, releases: count };
}

export interface QueryOptions {
  dataDir: string;
  audience: Audience;
  json: boolean;
}

/** Answers one query on stdout; nothing found is an InputError (exit 1) that says what was searched. */
export function runQuery(kind: 'component' | 'license', term: string, opts: QueryOptions): string {
  const { index, sboms, releases } = readLookupIndex(opts.dataDir, opts.audience);
  const searched = `the ${sboms} SBOM${sboms === 1 ? '' : 's'} of ${releases} release${releases === 1 ? '' : 's'} in ${opts.dataDir}${opts.audience === 'public' ? ', as the public sees them' : ''}`;
  if (kind === 'component') {
    const answer = findComponents(index, term);
    if (answer.components.length === 0) {
      const close = similarNames(index, term);
      throw new InputError(
        `no release ships ${answer.matchedBy === 'purl' ? 'the package' : 'a component named'} "${answer.query}"${answer.version ? ` in version ${answer.version}` : ''} (searched ${searched})`,
        {
          fix: close.length
            ? `did you mean ${close.map((c) => `"${c}"`).join(', ')}?`
            : 'check the spelling; a name matches ignoring case, and a purl without a version (pkg:npm/lodash) matches every version',
        },
      );
    }
    return opts.json ? JSON.stringify(answer, null, 2) + '\n' : formatComponentAnswer(answer);
  }
  const answer = findLicenses(index, term);
  if (answer.licenses.length === 0)
    throw new InputError(`no release carries the license "${answer.query}" (searched ${searched})`, {
      fix: 'give an SPDX id such as MIT or Apache-2.0 (ignoring case), or a license name as the SBOMs write it',
    });
  return opts.json ? JSON.stringify(answer, null, 2) + '\n' : formatLicenseAnswer(answer);
}
