// `waybill verify`: recomputes every evidence digest and the whole audit chain from the files of a
// data folder (`--data`) or of an internal build (`--out`), and names each failure by file, or by
// line of the log. Reads files only; the checks themselves are src/core/audit/*.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { verifyChain } from '../core/audit/chain.ts';
import { evidenceKey, evidenceMismatch, foldChain } from '../core/audit/events.ts';
import { canonicalJson, sha256Hex } from '../core/canonical.ts';
import { InputError } from '../core/errors.ts';
import { EvidenceSchema } from '../schemas/evidence.ts';
import { dataPaths } from '../schemas/layout.ts';

export interface VerifyFailure {
  /** The file, relative to the folder checked, with `:line` for the audit log. */
  where: string;
  message: string;
}

export interface VerifyReport {
  /** The folder checked and what it is. */
  root: string;
  kind: 'data' | 'site';
  events: number;
  evidence: number;
  failures: VerifyFailure[];
}

/** The layout of the two kinds of folder verify reads. */
const LAYOUT = {
  data: {
    audit: dataPaths.audit,
    evidence: 'evidence',
    release: (p: string, s: string) => dataPaths.release(p, s),
  },
  site: {
    audit: 'api/v1/audit.jsonl',
    evidence: 'api/v1/projects',
    release: (p: string, s: string) => `api/v1/projects/${p}/releases/${s}.json`,
  },
} as const;

export function verifyFolder(opts: { dataDir?: string; outDir?: string }): VerifyReport {
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
  const auditFile = join(root, layout.audit);
  if (!existsSync(auditFile)) {
    throw new InputError(
      kind === 'site'
        ? `${root} has no ${layout.audit}: it is a public build, which leaves evidence and the audit chain out`
        : `${root} has no ${layout.audit}: it was not written by a complete harvest of this waybill`,
      {
        where: auditFile,
        fix:
          kind === 'site'
            ? 'verify an internal build (waybill build --audience internal --out DIR), or the data folder with --data'
            : 'run `waybill harvest` first',
      },
    );
  }
  const failures: VerifyFailure[] = [];
  const chain = verifyChain(readFileSync(auditFile, 'utf8'));
  for (const f of chain.failures) failures.push({ where: `${layout.audit}:${f.line}`, message: f.message });
  const state = foldChain(chain.events);

  let evidence = 0;
  const seen = new Set<string>();
  for (const file of evidenceFiles(root, kind)) {
    evidence++;
    const rel = relative(root, file.path);
    const text = readFileSync(file.path, 'utf8');
    let doc;
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
    );
    if (mismatch) failures.push({ where: rel, message: mismatch });
    if (!file.archived)
      checkRelease(failures, root, kind, layout.release(doc.project, file.slug), doc, digest);
  }
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
  return { root, kind, events: chain.events.length, evidence, failures };
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
