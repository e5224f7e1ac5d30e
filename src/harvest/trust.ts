// What a harvest may take from the data folder it writes, checked before it writes anything
// (docs/audit.md, "What a harvest trusts"). The audit chain is the anchor: it must verify, its
// signed heads must match it, and it must be there when evidence is. A record the harvest would
// keep instead of assembling again (an unchanged release, its SBOM) is kept only when its bytes are
// the ones its evidence record covers and that evidence record is the one the chain recorded;
// anything else is read again from git. The state a harvest left (`.state/<project>.json`) is kept
// only when its digest checks and it agrees with the repository's tags.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { verifyChain } from '../core/audit/chain.ts';
import { evidenceKey, foldChain, type ChainState } from '../core/audit/events.ts';
import { checkHeads, parseHeads } from '../core/audit/heads.ts';
import { sha256Hex } from '../core/canonical.ts';
import { InputError } from '../errors/index.ts';
import type { RawTag } from '../core/releases.ts';
import type { AuditEvent, AuditHead } from '../schemas/audit.ts';
import { dataPaths } from '../schemas/layout.ts';
import type { EvidenceState } from './evidence-state.ts';

export interface ChainRead {
  file: string;
  text: string;
  events: AuditEvent[];
  /** What the whole chain says. */
  state: ChainState;
  /**
   * What the chain says up to its last signed head, when it has one: the entries after it were
   * appended by a harvest without the key (or by someone else), so the records they anchor are
   * read again from git before a harvest signs a head over them.
   */
  anchored: ChainState;
  headsFile: string;
  heads: AuditHead[];
}

const RESTORE =
  'restore the data folder from its last good copy (the CI cache or the commit that holds it): waybill only appends to the chain and will not rewrite it';

const summarize = (failures: { line: number | null; message: string }[]) =>
  `${failures
    .slice(0, 3)
    .map((f) => (f.line === null ? f.message : `line ${f.line}: ${f.message}`))
    .join('; ')}${failures.length > 3 ? ` (and ${failures.length - 3} more)` : ''}`;

/**
 * The audit chain and its signed heads, checked: a broken chain is never appended to, and a data
 * folder that holds evidence but no chain is refused rather than given a new chain.
 */
export function readChain(dataDir: string): ChainRead {
  const file = join(dataDir, dataPaths.audit);
  const present = existsSync(file);
  const text = present ? readFileSync(file, 'utf8') : '';
  if (text === '') {
    const evidence = evidenceLeft(dataDir);
    if (evidence)
      throw new InputError(
        `${present ? 'the audit chain is empty' : 'the audit chain is missing'}, but the data folder holds evidence records (${evidence}): the chain was ${present ? 'emptied' : 'deleted'}, and a new one would hide that`,
        {
          where: file,
          fix: `restore ${dataPaths.audit} from the data folder's last good copy; to start a new chain on purpose, move evidence/, archive/ and ${dataPaths.auditHeads} out of the data folder first`,
        },
      );
  }
  const { events, failures } = verifyChain(text);
  if (failures.length)
    throw new InputError(`the audit chain ${file} does not verify: ${summarize(failures)}`, {
      where: file,
      fix: RESTORE,
    });
  const headsFile = join(dataDir, dataPaths.auditHeads);
  const parsed = parseHeads(existsSync(headsFile) ? readFileSync(headsFile, 'utf8') : '');
  const headFailures = [...parsed.failures, ...checkHeads(events, parsed.heads, null, false)];
  if (headFailures.length)
    throw new InputError(
      `the signed heads ${headsFile} do not match the audit chain: ${summarize(headFailures)}`,
      { where: headFailures[0]!.file === 'chain' ? file : headsFile, fix: RESTORE },
    );
  const state = foldChain(events);
  const signedTo = parsed.heads.at(-1)?.seq ?? events.length;
  const anchored = signedTo === events.length ? state : foldChain(events.slice(0, signedTo));
  return { file, text, events, state, anchored, headsFile, heads: parsed.heads };
}

/** One evidence file of the folder (current or archived), or null when there is none. */
function evidenceLeft(dataDir: string): string | null {
  for (const top of ['evidence', 'archive']) {
    const dir = join(dataDir, top);
    if (!existsSync(dir)) continue;
    for (const project of readdirSync(dir).sort()) {
      const files = readdirSync(join(dir, project), { recursive: true, encoding: 'utf8' }).sort();
      const hit = files.find((f) => f.endsWith('.json'));
      if (hit) return `${top}/${project}/${hit}`;
    }
  }
  return existsSync(join(dataDir, dataPaths.auditHeads)) ? dataPaths.auditHeads : null;
}

/**
 * Why the records a harvest would keep of a project do not check (one line each; empty when they
 * all do). What the last harvest wrote of each release (`.state/evidence.json`) must describe the
 * evidence record the chain recorded for it, and the files must be what it wrote: the release
 * record byte for byte (its digest), the SBOM files by size (they can be large; `waybill verify`
 * hashes them). The evidence records themselves are not read here: with deployments they can be
 * large, and one that was edited is written again when it is next rebuilt (and named by verify).
 */
export function checkKeptRecords(
  dataDir: string,
  project: string,
  releases: { slug: string; version: string; commit: string }[],
  chain: ChainState,
  written: EvidenceState,
): string[] {
  const problems: string[] = [];
  const size = (rel: string) => {
    const file = join(dataDir, rel);
    return existsSync(file) ? statSync(file).size : null;
  };
  for (const r of releases) {
    const evidence = dataPaths.evidence(project, r.slug);
    const entry = written[`${project}/${r.slug}`];
    const recorded = chain.evidence.get(evidenceKey(project, r.version, r.commit));
    if (!entry || entry.commit !== r.commit || recorded === undefined || entry.sha256 !== recorded) {
      problems.push(
        `${evidence} is not the evidence record ${dataPaths.audit} recorded (${recorded === undefined ? 'it has none for it: ' : ''}the last harvest did not finish, or a file was changed)`,
      );
      continue;
    }
    if (!existsSync(join(dataDir, evidence))) problems.push(`${evidence} is missing`);
    const release = dataPaths.release(project, r.slug);
    const file = join(dataDir, release);
    if (!existsSync(file)) problems.push(`${release} is missing`);
    else if (sha256Hex(readFileSync(file)) !== entry.files.release)
      problems.push(
        `${release} was changed after the harvest (its SHA-256 is not the one its evidence record holds)`,
      );
    for (const [rel, expected] of [
      [dataPaths.sbom(project, r.slug), entry.files.sbomBytes],
      [dataPaths.sbomOriginal(project, r.slug), entry.files.originalBytes],
    ] as const) {
      const found = size(rel);
      if (found !== expected)
        problems.push(
          found === null
            ? `${rel} is missing`
            : expected === null
              ? `${rel} was added after the harvest`
              : `${rel} was changed after the harvest (${found} bytes, ${expected} when written)`,
        );
    }
  }
  return problems;
}

/**
 * Why the releases a state file lists disagree with the repository's tags, or null when they
 * agree: each names a tag that exists, at the same commit and tag object (and tagger date for an
 * annotated tag), and every tag at a commit is listed.
 */
export function stateDisagreesWithTags(
  releases: { tag: string; commit: string; tagObject: string | null; date: string }[],
  tags: RawTag[],
): string | null {
  const byName = new Map(tags.map((t) => [t.name, t]));
  for (const r of releases) {
    const t = byName.get(r.tag);
    if (!t) return `it lists the tag ${r.tag}, which the repository does not have`;
    if (t.peeled !== r.commit)
      return `it says ${r.tag} is at ${r.commit.slice(0, 12)}, git says ${t.peeled.slice(0, 12)}`;
    if ((t.annotated ? t.object : null) !== r.tagObject)
      return `it says ${r.tag}'s tag object is ${r.tagObject ?? 'none'}, git says ${t.annotated ? t.object : 'none'}`;
    if (t.annotated && t.taggerDate !== null && Date.parse(t.taggerDate) !== Date.parse(r.date))
      return `it says ${r.tag} was tagged ${r.date}, git says ${t.taggerDate}`;
  }
  const listed = new Set(releases.map((r) => r.tag));
  const missing = tags.find((t) => t.peeledType === 'commit' && !listed.has(t.name));
  return missing ? `it does not list the tag ${missing.name}` : null;
}
