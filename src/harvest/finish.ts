// The end of a harvest (src/harvest/harvest.ts), and of `waybill merge` once the shards' projects
// are in place (src/harvest/merge.ts): what needs every project's releases.
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import { InputError } from '../errors/index.ts';
import { DATA_FORMAT, dataPaths } from '../schemas/layout.ts';
import { SiteSchema } from '../schemas/project.ts';
import { ShardSchema } from '../schemas/shard.ts';
import type { Release } from '../schemas/release.ts';
import type { ReleaseRef } from '../schemas/state.ts';
import { harvestAudit } from './audit.ts';
import { harvestCalendar } from './calendar.ts';
import { GENERATOR } from './data-format.ts';
import type { EvidenceState } from './evidence-state.ts';
import { checkFinish, finishStateFile, recordFinish } from './finish-cache.ts';
import type { HarvestOptions } from './job.ts';
import { harvestDeployments } from './release-deployments.ts';
import type { SigningKey } from './ssh-keygen.ts';
import type { ChainRead } from './trust.ts';
import { removeOthers, writeFileAtomic, writeRecord } from './write.ts';

/**
 * What needs every project's releases: deployments, the calendar, evidence records and the audit
 * chain, site.json, and removing what unconfigured projects left. The end of `harvest`, and of
 * `merge` once the shards' projects are in place.
 */
export async function finishHarvest(
  loaded: LoadedConfig,
  opts: HarvestOptions & {
    releaseIndex: ReleaseRef[];
    fresh: Map<string, Release>;
    /** The chain and `.state/evidence.json` as read before anything was written. */
    chain: ChainRead;
    written: EvidenceState;
    key: SigningKey | null;
  },
): Promise<void> {
  const { config, dir: configDir } = loaded;
  // In config order, whichever order the projects were read in (one run or merged shards).
  const order = new Map(config.projects.map((p, i) => [p.id, i]));
  const releaseIndex = [...opts.releaseIndex].sort((a, b) => order.get(a.project)! - order.get(b.project)!);
  const ids = config.projects.map((p) => p.id);
  // Deployments, then evidence records and the audit chain, unless nothing they read changed
  // since the last harvest and what they wrote is as they left it (src/harvest/finish-cache.ts).
  const stateFile = finishStateFile(resolve(configDir, config.cache), opts.dataDir);
  const check = checkFinish({
    config,
    configDir,
    dataDir: opts.dataDir,
    stateFile,
    releases: releaseIndex,
    fresh: opts.fresh.size,
    generator: GENERATOR,
  });
  const records = (n: number) => `${n} record${n === 1 ? '' : 's'}`;
  if (check.unchanged) {
    const { deployments, problems } = check.unchanged;
    // A log file restored with a new time but the same bytes: remember the time, not to read it again.
    if (check.next.logs.some((l, i) => l.mtimeMs !== check.unchanged!.logs[i]!.mtimeMs))
      recordFinish(opts.dataDir, stateFile, check.next, { deployments, problems });
    opts.log(
      `deployments and audit: unchanged since the last harvest${config.deployments.length ? ` (${records(deployments)}${problems ? `, ${problems} skipped` : ''})` : ''}`,
    );
  } else {
    // Deployments name releases of any project, so they are read once every release is written.
    const deployed = await harvestDeployments(config, configDir, opts.dataDir, releaseIndex);
    if (config.deployments.length)
      opts.log(
        `deployments: ${records(deployed.deployments.length)}${deployed.problems ? `, ${deployed.problems} skipped (see the environments page)` : ''}`,
      );
    // Evidence records and the audit chain last: they cover releases, SBOMs and deployments.
    const audit = await harvestAudit({
      dataDir: opts.dataDir,
      now: opts.now,
      releases: releaseIndex,
      fresh: opts.fresh,
      deployments: deployed.deployments,
      projects: ids,
      identities: config.identities,
      chain: opts.chain,
      evidenceState: opts.written,
      signingKey: opts.key,
      warn: opts.warn ?? opts.log,
    });
    opts.log(
      `audit: ${audit.appended} new event${audit.appended === 1 ? '' : 's'}${audit.findings ? `, ${audit.findings} control finding${audit.findings === 1 ? '' : 's'}` : ''}${audit.head ? `; head: line ${audit.head.seq}, ${audit.head.hash}${audit.head.signed ? ` (signed${opts.key ? ` by ${opts.key.fingerprint}` : ''})` : ''}` : ''}`,
    );
    recordFinish(opts.dataDir, stateFile, check.next, {
      deployments: deployed.deployments.length,
      problems: deployed.problems,
    });
  }
  // Freezes, planned and group releases for the calendar: `shipped` and `released` need every release.
  harvestCalendar(config, configDir, opts.dataDir, opts.now, releaseIndex);

  // The portal as a whole, and nothing left of projects that are no longer configured.
  writeRecord(opts.dataDir, dataPaths.site, SiteSchema, {
    format: DATA_FORMAT,
    generator: GENERATOR,
    title: config.title,
    site: config.site ?? null,
    accent: config.accent ?? null,
    logo: copyLogo(config.logo, configDir, opts.dataDir),
    timezone: config.timezone,
    harvestedAt: opts.now.toISOString(),
    projects: ids,
    ...(config.identities.length ? { identities: config.identities } : {}),
  });
  removeOthers(join(opts.dataDir, 'projects'), new Set(ids.map((id) => `${id}.json`)));
  removeOthers(join(opts.dataDir, 'next'), new Set(ids.map((id) => `${id}.json`)));
  removeOthers(join(opts.dataDir, 'releases'), new Set(ids));
  removeOthers(join(opts.dataDir, 'sboms'), new Set(ids));
  removeOthers(join(opts.dataDir, '.state'), new Set([...ids.map((id) => `${id}.json`), 'evidence.json']));
}

/** The end of `harvest --project`: the shard's manifest, which `waybill merge` reads. */
export function writeShardManifest(dataDir: string, ids: string[], now: Date): void {
  writeRecord(dataDir, dataPaths.shard, ShardSchema, {
    format: DATA_FORMAT,
    generator: GENERATOR,
    projects: ids,
    harvestedAt: now.toISOString(),
  });
}

/**
 * The config's `logo`: an https URL stays as it is; a file (relative to the config) is copied into
 * the data folder's assets/, so the site build, which reads only the data folder, can serve it.
 */
function copyLogo(logo: string | undefined, configDir: string, dataDir: string): string | null {
  removeOthers(
    join(dataDir, 'assets'),
    new Set(logo && !/^https:\/\//.test(logo) ? [`logo${extname(logo).toLowerCase()}`] : []),
  );
  if (!logo) return null;
  if (/^https:\/\//.test(logo)) return logo;
  const file = resolve(configDir, logo);
  const ext = extname(file).toLowerCase();
  if (!['.svg', '.png', '.jpg', '.jpeg', '.webp', '.gif'].includes(ext)) {
    throw new InputError(`the logo "${logo}" is not an image file`, {
      where: 'logo',
      fix: 'use an .svg, .png, .jpg, .webp or .gif file, or an https URL',
    });
  }
  if (!existsSync(file))
    throw new InputError(`the logo file ${file} does not exist`, {
      where: 'logo',
      fix: 'give a path relative to the config file, or an https URL',
    });
  const rel = `assets/logo${ext}`;
  writeFileAtomic(join(dataDir, rel), readFileSync(file));
  return rel;
}
