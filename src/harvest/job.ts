// What the phases of a harvest (src/harvest/harvest.ts) hand each other: the options a harvest runs
// with, the projects it reads (jobs) and what it reports of each. Types only, so every phase can
// name them without importing another phase.
import type { ProjectConfig } from '../schemas/config/projects.ts';
import type { RawTag } from '../core/releases.ts';
import type { State } from '../schemas/state.ts';
import type { EvidenceState } from './evidence-state.ts';
import type { ExistenceCheck, Seen } from './settings-check.ts';
import type { SignatureKeys } from './signatures.ts';
import type { SigningKey } from './ssh-keygen.ts';
import type { ChainRead } from './trust.ts';

export interface HarvestOptions {
  /** "Now": SOURCE_DATE_EPOCH when set, else the clock; passed in, never read here. */
  now: Date;
  /** Absolute data folder. */
  dataDir: string;
  log: (line: string) => void;
  /**
   * Harvest only these projects into a shard (`harvest --project`): their releases, SBOMs and
   * state, plus `shard.json`; no deployments, calendar, evidence or audit chain, which
   * `waybill merge` adds once every shard is in.
   */
  only?: string[];
  /**
   * Warnings, one call each (a setting that matches nothing when not strict, a cache or state that
   * does not check, a stale lock); default: `log`.
   */
  warn?: (line: string) => void;
  /** How long to wait for another harvest holding the data folder (default: 10 minutes). */
  lockWaitMs?: number;
  /** The audit signing key named by the environment (WAYBILL_AUDIT_SIGNING_KEY), absolute; it wins over `audit.signingKey`. */
  signingKey?: string | null;
}

export interface ProjectSummary {
  id: string;
  releases: number;
  /** Releases written or changed by this harvest. */
  changed: number;
  /** Releases that the last harvest into this data folder did not have. */
  added: number;
  /** Tags skipped and SBOMs rejected, one line each. */
  warnings: string[];
  unreleased: number;
  skippedTags: number;
  /** Releases with an accepted SBOM (0 when unchanged and not read again). */
  sboms: number;
  /** True when the project was unchanged and not read again. */
  unchanged: boolean;
}

/** A project to harvest: what was read of it, and what the plan decides for it. */
export interface Job {
  project: ProjectConfig;
  index: number;
  repoDir: string;
  head: string | null;
  tags: RawTag[];
  /** Every tag of the repository, for the closest ones when the pattern matches none. */
  allTags: RawTag[];
  fingerprint: string;
  settings: string;
  sboms: string[];
  overlays: string[];
  /** What the last harvest into this data folder wrote of the project, or null. */
  before: State | null;
  /** What to ask git about `path` and the changelog at the tags (settings-check.ts), and then where they were found. */
  check?: ExistenceCheck;
  seen?: Seen;
  /** The records the last harvest wrote do not check against the audit chain: assemble them all again. */
  untrusted?: boolean;
}

/** A project's tag pattern: the version a tag names, or null for a tag of another project. */
export type TagMatcher = (tag: string) => string | null;

export interface HarvestInputs {
  /** The projects this harvest writes (`--project`, or all). */
  selected: Set<string>;
  /** The audit chain and `.state/evidence.json` as read before anything is written (null in a shard). */
  chain: ChainRead | null;
  written: EvidenceState;
  signingKey: SigningKey | null;
  notesDir: string;
  cacheDir: string;
  matchers: Map<string, TagMatcher>;
  /** The config's signature keys as absolute paths. */
  keys: SignatureKeys;
  /** The selected projects, in config order. */
  jobs: Job[];
}
