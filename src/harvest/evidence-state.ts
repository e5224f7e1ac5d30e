// `.state/evidence.json`: what the last harvest wrote of each evidence record (a cache, sealed
// with its own digest, src/harvest/sealed-json.ts), so an unchanged record is not rebuilt and a
// kept release can be checked against what was written (src/harvest/trust.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'astro/zod';
import { FindingSchema } from '../schemas/evidence.ts';
import { sealJson, unsealJson } from './sealed-json.ts';
import { writeFileAtomic } from './write.ts';

/**
 * What the last harvest wrote of each evidence record, so an unchanged one is not rebuilt, and
 * what its release's files were (src/harvest/trust.ts checks a kept release against them without
 * reading every evidence record): the release record's digest, the SBOM files' sizes.
 */
const EvidenceStateSchema = z.object({
  releases: z.record(
    z.string(),
    z.object({
      commit: z.string(),
      deployments: z.string(),
      sha256: z.string(),
      findings: z.array(FindingSchema),
      files: z.object({
        release: z.string(),
        sbomBytes: z.number().nullable(),
        originalBytes: z.number().nullable(),
      }),
    }),
  ),
});
export type EvidenceState = z.infer<typeof EvidenceStateSchema>['releases'];
const STATE_FILE = '.state/evidence.json';

/** `.state/evidence.json`, or nothing when it does not check (then every evidence record is built again). */
export function readEvidenceState(dataDir: string, warn: (line: string) => void): EvidenceState {
  const file = join(dataDir, STATE_FILE);
  if (!existsSync(file)) return {};
  const unsealed = unsealJson(readFileSync(file, 'utf8'));
  const parsed = unsealed.ok ? EvidenceStateSchema.safeParse(unsealed.value) : null;
  if (parsed?.success) return parsed.data.releases;
  warn(
    `${file} does not check (${unsealed.ok ? 'not the shape this waybill writes' : unsealed.why}): every evidence record is built again`,
  );
  return {};
}

/** Canonical JSON: one byte form whether an entry was rebuilt or read back. */
export function writeEvidenceState(dataDir: string, state: EvidenceState): void {
  writeFileAtomic(join(dataDir, STATE_FILE), sealJson({ releases: state }, false));
}
