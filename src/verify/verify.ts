// `waybill verify`: recomputes every evidence digest and the whole audit chain from the files of a
// data folder (`--data`) or of an internal build (`--out`), checks that what the folder publishes
// is what the evidence covers and the chain records, checks the signed heads (against an
// allowed-signers file with `--allowed-signers`) and a head kept elsewhere (`--head`), and names
// each failure by file, or by line. Reads files only; the checks themselves are src/core/audit/*.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { verifyChain } from '../core/audit/chain.ts';
import {
  evidenceKey,
  evidenceMismatch,
  FINDING_KIND,
  foldChain,
  type ChainState,
} from '../core/audit/events.ts';
import { checkHeads, parseHeads } from '../core/audit/heads.ts';
import { canonicalJson, sha256Hex } from '../core/canonical.ts';
import { InputError } from '../errors/index.ts';
import { checkHeadSignature } from '../harvest/ssh-keygen.ts';
import type { AuditEvent, AuditHead } from '../schemas/audit.ts';
import { EvidenceSchema, type Evidence } from '../schemas/evidence.ts';
import { dataPaths } from '../schemas/layout.ts';

export interface VerifyFailure {
  /** The file, relative to the folder checked, with `:line` for the audit log and the heads. */
  where: string;
  message: string;
}

export interface VerifyOptions {
  dataDir?: string;
  outDir?: string;
  /** An SSH allowed-signers file: every head signature must verify, and every entry be covered by one. */
  allowedSigners?: string;
  /** A head kept outside the data folder: `<hash>` or `<seq>:<hash>` (a prefix of 12 or more hex digits). */
  head?: string;
}

export interface VerifyReport {
  /** The folder checked and what it is. */
  root: string;
  kind: 'data' | 'site';
  events: number;
  evidence: number;
  failures: VerifyFailure[];
  /** What holds but is worth knowing (signatures not checked, records of an older format). */
  notices: string[];
  /** The chain's last entry: what to keep elsewhere (`verify --head`). */
  head: { seq: number; hash: string } | null;
  /** The last signed head that holds, with the allowed signer it belongs to (when checked). */
  signed: (AuditHead & { principal: string | null }) | null;
}

/** The layout of the two kinds of folder verify reads. */
const LAYOUT = {
  data: {
    audit: dataPaths.audit,
    heads: dataPaths.auditHeads,
    deployments: dataPaths.deployments,
    release: (p: string, s: string) => dataPaths.release(p, s),
  },
  site: {
    audit: 'api/v1/audit.jsonl',
    heads: 'api/v1/audit.heads.jsonl',
    deployments: 'api/v1/deployments.json',
    release: (p: string, s: string) => `api/v1/projects/${p}/releases/${s}.json`,
  },
} as const;

export async function verifyFolder(opts: VerifyOptions): Promise<VerifyReport> {
  const kind = opts.outDir ? 'site' : 'data';
  const root = (opts.outDir ?? opts.dataDir)!;
  const layout = LAYOUT[kind];
  if (!existsSync(root))
    throw new InputError(`${root} does not exist`, {
      where: kind === 'site' ? '--out' : '--data',
      fix:
        kind === 'site'
          ? 'build the site first (waybill build --audience internal), or pass --data to check a data folder'
          : 'harvest first, or pass the folder harvest wrote (--data)',
    });
  const kept = opts.head ? parseKeptHead(opts.head) : null;
  const auditFile = join(root, layout.audit);
  if (!existsSync(auditFile)) {
    const files = evidenceFiles(root, kind);
    throw new InputError(
      kind === 'site'
        ? `${root} has no ${layout.audit}: it is a public build, which leaves evidence and the audit chain out`
        : files.length
          ? `${root} has no ${layout.audit}, but holds ${files.length} evidence record${files.length === 1 ? '' : 's'} (${relative(root, files[0]!.path)}): the audit chain was deleted`
          : `${root} has no ${layout.audit}: it was not written by a complete harvest of this waybill`,
      {
        where: auditFile,
        fix:
          kind === 'site'
            ? 'verify an internal build (waybill build --audience internal --out DIR), or the data folder with --data'
            : files.length
              ? `restore ${layout.audit} from the data folder's last good copy`
              : 'run `waybill harvest` first',
      },
    );
  }
  const failures: VerifyFailure[] = [];
  const notices: string[] = [];
  const chain = verifyChain(readFileSync(auditFile, 'utf8'));
  for (const f of chain.failures) failures.push({ where: `${layout.audit}:${f.line}`, message: f.message });
  const state = foldChain(chain.events);

  let evidence = 0;
  let olderFormat = 0;
  const seen = new Set<string>();
  for (const file of evidenceFiles(root, kind)) {
    evidence++;
    const rel = relative(root, file.path);
    const text = readFileSync(file.path, 'utf8');
    let doc: Evidence;
    try {
      const parsed = EvidenceSchema.safeParse(JSON.parse(text));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        failures.push({
          where: rel,
          message: `not an evidence record: ${issue.path.join('.') || '(document)'}: ${issue.message}`,
        });
        continue;
      }
      doc = parsed.data;
    } catch {
      failures.push({ where: rel, message: 'not valid JSON' });
      continue;
    }
    seen.add(evidenceKey(doc.project, doc.version, doc.tag.commit));
    const digest = sha256Hex(text);
    if (canonicalJson(JSON.parse(text)) !== text)
      failures.push({ where: rel, message: 'not in RFC 8785 canonical form: the file was edited' });
    const mismatch = evidenceMismatch(
      state,
      { project: doc.project, version: doc.version, commit: doc.tag.commit },
      digest,
      layout.audit,
      file.archived,
    );
    if (mismatch) failures.push({ where: rel, message: mismatch });
    if (!file.archived) {
      checkRelease(failures, root, kind, layout.release(doc.project, file.slug), doc, digest);
      checkFindings(failures, state, rel, doc, layout.audit);
      if (!doc.files) olderFormat++;
    }
    if (kind === 'data' && doc.files) checkFiles(failures, root, file, doc);
  }
  if (olderFormat)
    notices.push(
      `${olderFormat} evidence record${olderFormat === 1 ? ' was' : 's were'} written by an older waybill and ${olderFormat === 1 ? 'does' : 'do'} not cover the release's files; the next harvest rewrites ${olderFormat === 1 ? 'it' : 'them'}`,
    );
  // Every release the chain holds as live has its evidence.
  for (const [rk, known] of state.releases) {
    const [project, version] = rk.split('\0') as [string, string];
    if (!known.live || seen.has(evidenceKey(project, version, known.commit))) continue;
    if (!projectPresent(root, kind, project)) continue; // a project no longer configured
    failures.push({
      where: layout.audit,
      message: `the chain records ${project} ${version} (${known.tag} at ${known.commit.slice(0, 12)}), but its evidence record is missing`,
    });
  }
  checkDeployments(failures, root, layout, state);

  const signed = await checkSignedHeads(failures, notices, root, layout, chain.events, opts.allowedSigners);
  if (kept) checkKeptHead(failures, layout.audit, chain.events, kept);
  const last = chain.events.at(-1);
  return {
    root,
    kind,
    events: chain.events.length,
    evidence,
    failures,
    notices,
    head: last ? { seq: last.seq, hash: last.hash } : null,
    signed,
  };
}

function checkRelease(
  failures: VerifyFailure[],
  root: string,
  kind: 'data' | 'site',
  rel: string,
  doc: { tag: { commit: string; name: string } },
  digest: string,
): void {
  const file = join(root, rel);
  if (!existsSync(file)) {
    failures.push({ where: rel, message: 'missing: the evidence record has no release' });
    return;
  }
  let release: { commit?: unknown; tag?: unknown; evidence?: { sha256?: unknown } | null };
  try {
    release = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    failures.push({ where: rel, message: 'not valid JSON' });
    return;
  }
  if (release.commit !== doc.tag.commit || release.tag !== doc.tag.name)
    failures.push({
      where: rel,
      message: `names ${String(release.tag)} at ${String(release.commit).slice(0, 12)}, but its evidence says ${doc.tag.name} at ${doc.tag.commit.slice(0, 12)}`,
    });
  if (kind === 'site' && release.evidence?.sha256 !== digest)
    failures.push({
      where: rel,
      message: `evidence.sha256 is ${String(release.evidence?.sha256).slice(0, 12)}…, but the evidence record's SHA-256 is ${digest.slice(0, 12)}…`,
    });
}

const digestOf = (file: string) => (existsSync(file) ? sha256Hex(readFileSync(file)) : null);

/**
 * The bytes the data folder publishes for a release are the ones its evidence covers: the
 * release record (kept in the archive beside a superseded evidence record), and for a current
 * release its normalized SBOM and the original SBOM document.
 */
function checkFiles(
  failures: VerifyFailure[],
  root: string,
  file: { path: string; slug: string; archived: boolean },
  doc: Evidence,
): void {
  const { project, tag } = doc;
  const checks: [string, string | null][] = file.archived
    ? [[dataPaths.archivedRelease(project, file.slug, tag.commit), doc.files!.release]]
    : [
        [dataPaths.release(project, file.slug), doc.files!.release],
        [dataPaths.sbom(project, file.slug), doc.files!.sbom],
        ...(doc.sbom
          ? [[dataPaths.sbomOriginal(project, file.slug), doc.sbom.sha256] as [string, string]]
          : []),
      ];
  const evidence = relative(root, file.path);
  for (const [rel, expected] of checks) {
    const found = digestOf(join(root, rel));
    if (found === expected) continue;
    failures.push({
      where: rel,
      message:
        found === null
          ? `missing, but ${evidence} covers it`
          : expected === null
            ? `not covered by ${evidence}, which records no such file (added after the harvest)`
            : `SHA-256 ${found.slice(0, 12)}… is not ${expected.slice(0, 12)}…, the digest ${evidence} holds: the file was changed after the harvest`,
    });
  }
}

/** Each control finding of a release's evidence is in the chain (a cut chain loses them). */
function checkFindings(
  failures: VerifyFailure[],
  state: ChainState,
  rel: string,
  doc: Evidence,
  log: string,
): void {
  for (const f of doc.findings) {
    if (state.findings.has(`${FINDING_KIND[f.control]}\0${f.deployment}`)) continue;
    failures.push({
      where: rel,
      message: `the finding "${f.message}" (deployment ${f.deployment}) is not in ${log}: entries were removed from the chain, or the record was edited`,
    });
  }
}

/** Every deployment the folder lists has its last status in the chain (a cut chain loses them). */
function checkDeployments(
  failures: VerifyFailure[],
  root: string,
  layout: (typeof LAYOUT)[keyof typeof LAYOUT],
  state: ChainState,
): void {
  const file = join(root, layout.deployments);
  if (!existsSync(file)) return;
  let list: { id?: unknown; status?: unknown; project?: unknown; version?: unknown; environment?: unknown }[];
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    list = Array.isArray(json) ? json : ((json as { deployments?: typeof list }).deployments ?? []);
  } catch {
    failures.push({ where: layout.deployments, message: 'not valid JSON' });
    return;
  }
  let reported = 0;
  list.forEach((d, i) => {
    const recorded = state.deployments.get(String(d.id));
    if (recorded === d.status) return;
    if (reported++ >= 5) return;
    failures.push({
      where: layout.deployments,
      message: `deployment ${String(d.id)} (entry ${i}: ${String(d.project)} ${String(d.version)}, ${String(d.status)} in ${String(d.environment)}) is ${recorded ? `recorded as ${recorded}` : 'not'} in ${layout.audit}: entries were removed from the end of the chain, or the file was edited`,
    });
  });
  if (reported > 5)
    failures.push({
      where: layout.deployments,
      message: `and ${reported - 5} more deployments the chain does not hold`,
    });
}

/**
 * The signed heads: each must match the chain. With an allowed-signers file, each signature must
 * verify against it and every entry be covered by a good one. Returns the last head that holds.
 */
async function checkSignedHeads(
  failures: VerifyFailure[],
  notices: string[],
  root: string,
  layout: (typeof LAYOUT)[keyof typeof LAYOUT],
  events: AuditEvent[],
  allowedSigners: string | undefined,
): Promise<VerifyReport['signed']> {
  const file = join(root, layout.heads);
  const { heads, failures: parse } = parseHeads(existsSync(file) ? readFileSync(file, 'utf8') : '');
  for (const f of parse) failures.push({ where: `${layout.heads}:${f.line}`, message: f.message });
  if (allowedSigners !== undefined && !existsSync(allowedSigners))
    throw new InputError(`the allowed-signers file ${allowedSigners} does not exist`, {
      where: '--allowed-signers',
      fix: 'name a file of `<principal> <key type> <public key>` lines (ssh-keygen(1), ALLOWED SIGNERS) that lists the audit signing key',
    });
  let good: boolean[] | null = null;
  const principals: (string | null)[] = heads.map(() => null);
  if (allowedSigners !== undefined) {
    const checks = await mapLimit(heads, 4, (h) => checkHeadSignature(allowedSigners, h));
    good = checks.map((c) => c.ok);
    checks.forEach((c, i) => {
      if (c.ok) principals[i] = c.principal;
      else
        failures.push({
          where: `${layout.heads}:${i + 1}`,
          message: `the signature of the head of ${layout.audit}:${heads[i]!.seq} does not verify: ${c.reason}`,
        });
    });
    if (heads.length === 0 && events.length)
      failures.push({
        where: layout.heads,
        message: `no head of the chain is signed (${existsSync(file) ? 'the file is empty' : 'the file is missing'}): harvest with audit.signingKey or WAYBILL_AUDIT_SIGNING_KEY`,
      });
  } else if (heads.length)
    notices.push(
      `${heads.length} signed head${heads.length === 1 ? '' : 's'} match the chain, but their signatures were not checked: pass --allowed-signers FILE`,
    );
  for (const f of checkHeads(events, heads, good, allowedSigners !== undefined && heads.length > 0))
    failures.push({
      where: f.file === 'chain' ? `${layout.audit}:${f.line}` : `${layout.heads}:${f.line}`,
      message: f.message,
    });
  for (let i = heads.length - 1; i >= 0; i--) {
    const h = heads[i]!;
    if ((good === null || good[i]) && events[h.seq - 1]?.hash === h.hash)
      return { ...h, principal: principals[i]! };
  }
  return null;
}

/** `<hash>` or `<seq>:<hash>`: a head kept outside the data folder. */
function parseKeptHead(value: string): { seq: number | null; hash: string } {
  const m = /^(?:(\d+):)?([0-9a-f]{12,64})$/.exec(value.trim().toLowerCase());
  if (!m)
    throw new InputError(`--head "${value}" is not a head`, {
      where: '--head',
      fix: 'give the hash of a chain entry (64 hex digits, or at least the first 12), optionally as <line>:<hash>, as `waybill verify` prints it',
    });
  return { seq: m[1] ? Number(m[1]) : null, hash: m[2]! };
}

/**
 * A head kept elsewhere (a signed tag, a ticket): the chain must hold it, so nothing before it was
 * changed, removed or cut (every entry's hash covers the one before).
 */
function checkKeptHead(
  failures: VerifyFailure[],
  log: string,
  events: AuditEvent[],
  kept: { seq: number | null; hash: string },
): void {
  const at = kept.seq !== null ? (events[kept.seq - 1]?.hash.startsWith(kept.hash) ? kept.seq : null) : null;
  const found =
    at ?? (kept.seq === null ? (events.find((e) => e.hash.startsWith(kept.hash))?.seq ?? null) : null);
  if (found !== null) return;
  const given = `${kept.seq !== null ? `${kept.seq}:` : ''}${kept.hash}`;
  failures.push({
    where: kept.seq !== null ? `${log}:${Math.min(kept.seq, events.length + 1)}` : log,
    message:
      kept.seq !== null && kept.seq > events.length
        ? `the head kept elsewhere (${given}) is line ${kept.seq}, but the chain ends at line ${events.length}: it was cut`
        : kept.seq !== null
          ? `line ${kept.seq}'s hash is ${events[kept.seq - 1]!.hash.slice(0, 12)}…, but the head kept elsewhere is ${kept.hash.slice(0, 12)}…: the chain was rewritten at or before line ${kept.seq}`
          : `the head kept elsewhere (${given}) is not in the chain: it was rewritten or cut before it`,
  });
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function projectPresent(root: string, kind: 'data' | 'site', project: string): boolean {
  return existsSync(
    join(root, kind === 'data' ? dataPaths.project(project) : `api/v1/projects/${project}/releases.json`),
  );
}

/** Every evidence record of the folder, the archived ones of a data folder included. */
function evidenceFiles(
  root: string,
  kind: 'data' | 'site',
): { path: string; slug: string; archived: boolean }[] {
  const out: { path: string; slug: string; archived: boolean }[] = [];
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
  if (kind === 'data') {
    for (const p of list(join(root, 'evidence')))
      for (const f of list(join(root, 'evidence', p)))
        if (f.endsWith('.json'))
          out.push({ path: join(root, 'evidence', p, f), slug: f.slice(0, -5), archived: false });
    for (const p of list(join(root, 'archive')))
      for (const s of list(join(root, 'archive', p)))
        for (const f of list(join(root, 'archive', p, s))) {
          if (f.endsWith('.evidence.json'))
            out.push({ path: join(root, 'archive', p, s, f), slug: s, archived: true });
        }
  } else {
    for (const p of list(join(root, 'api/v1/projects')))
      for (const f of list(join(root, 'api/v1/projects', p, 'evidence'))) {
        const path = join(root, 'api/v1/projects', p, 'evidence', f);
        if (f.endsWith('.json')) out.push({ path, slug: f.slice(0, -5), archived: false });
        // A record kept when the tag moved or vanished: evidence/<slug>/<commit>.json
        else if (statSync(path).isDirectory())
          for (const c of list(path))
            if (c.endsWith('.json')) out.push({ path: join(path, c), slug: f, archived: true });
      }
  }
  return out;
}
