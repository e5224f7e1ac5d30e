/**
 * Generates the embedded demo (docs/getting-started.md, "Try the demo"): three small git repositories of
 * the invented company Acme, a CycloneDX SBOM per release of `sdk` and `api` (sboms.ts), their
 * deployment logs in waybill, GitLab and GitHub formats (deployments.ts), and a
 * `waybill.config.json` that points at them, with an SSH allowed-signers file for the sdk's signed
 * tags (the demo-only keys in src/demo/keys/).
 *
 *     npx node src/demo/generate.ts [outDir]     # default: <repo root>/.waybill-cache/demo
 *
 * Deterministic: every run gives the same commit and tag SHAs and the same SBOM and log bytes.
 * Regenerating replaces the three repositories, `sboms/`, `deploys/`, `exports/`, `allowed_signers`,
 * the audit signing key and its `audit_allowed_signers`, and the config, and leaves anything else
 * in `outDir` alone.
 *
 * @module
 */
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigSchema } from '../schemas/config/config.ts';
import type { ConfigInput } from '../schemas/config/config.ts';
import { DEMO_DEPLOYMENT_SOURCES, writeDemoDeployments } from './deployments.ts';
import { buildRepo } from './git-builder.ts';
import type { BuiltRepo } from './git-builder.ts';
import { DEMO_REPOS, DEMO_SIGNER_PRINCIPAL, DEMO_SIGNING_KEYS } from './repos.ts';
import { demoSbomPattern, writeDemoSboms } from './sboms.ts';

/** The repository root (two levels above this file), so the default does not depend on the cwd. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_DEMO_DIR = join(REPO_ROOT, '.waybill-cache', 'demo');
export const DEMO_CONFIG_FILE = 'waybill.config.json';
/** The SSH allowed-signers file the demo config names: the demo release signer only, not the stranger. */
export const DEMO_ALLOWED_SIGNERS_FILE = 'allowed_signers';
/** The demo's audit signing key (a private copy, mode 0600) and the allowed-signers file an auditor checks its heads with. */
export const DEMO_AUDIT_KEY_FILE = 'keys/audit_ed25519';
export const DEMO_AUDIT_SIGNERS_FILE = 'audit_allowed_signers';

const forge = (repo: string) => ({
  commit: `https://forge.acme.example/acme/${repo}/commit/{hash}`,
  compare: `https://forge.acme.example/acme/${repo}/compare/{from}...{to}`,
  issue: `https://forge.acme.example/acme/${repo}/issues/{id}`,
});

/**
 * The demo's configuration; repository paths are relative to the config file. The notes overlays
 * are the ones committed in this repository's content/notes/, and the planned releases those in
 * content/planned/, wherever the demo is written.
 */
export function buildDemoConfig(outDir: string = DEFAULT_DEMO_DIR): ConfigInput {
  return {
    title: 'Acme releases',
    // The demo shows the branding settings: an accent colour and a logo file (copied into the site).
    accent: '#0e7c7b',
    logo: relative(outDir, join(REPO_ROOT, 'content', 'brand', 'logo.svg'))
      .split(sep)
      .join('/'),
    notes: relative(outDir, join(REPO_ROOT, 'content', 'notes'))
      .split(sep)
      .join('/'),
    planned: relative(outDir, join(REPO_ROOT, 'content', 'planned'))
      .split(sep)
      .join('/'),
    site: 'https://releases.acme.example',
    timezone: 'Europe/Berlin',
    audience: 'public',
    strict: true,
    // sdk's release tags are SSH-signed (src/demo/repos.ts): most by the allowed release
    // signer (good), one by a stranger (unknown-key), the others not at all (unsigned).
    signatures: { allowedSigners: DEMO_ALLOWED_SIGNERS_FILE },
    // Every harvest signs the audit chain's head (docs/audit.md), with a demo-only key.
    audit: { signingKey: DEMO_AUDIT_KEY_FILE },
    projects: [
      {
        id: 'sdk',
        name: 'Acme SDK',
        description: 'The official JavaScript SDK for the Acme API.',
        repo: './acme-sdk',
        tags: 'v{version}',
        sboms: demoSbomPattern('sdk'),
        links: forge('sdk'),
        support: { lts: ['1.x'], eol: { '0.x': '2026-03-31', '1.x': '2027-06-30' } },
      },
      {
        id: 'api',
        name: 'Acme API',
        description: 'The HTTP API behind Acme orders.',
        repo: './acme-api',
        tags: 'v{version}',
        changelog: 'CHANGELOG.md',
        sboms: demoSbomPattern('api'),
        links: forge('api'),
      },
      {
        id: 'core',
        name: '@acme/core',
        description: 'The event bus and shared helpers of the Acme platform.',
        repo: './acme-platform',
        tags: '@acme/core@{version}',
        path: 'packages/core',
        changelog: 'CHANGELOG.md',
        links: forge('platform'),
        support: { lts: [], eol: { '1.x': '2026-12-31' } },
      },
      {
        id: 'cli',
        name: '@acme/cli',
        description: 'The acme command.',
        repo: './acme-platform',
        tags: '@acme/cli@{version}',
        path: 'packages/cli',
        changelog: 'CHANGELOG.md',
        links: forge('platform'),
      },
      {
        id: 'web',
        name: '@acme/web',
        description: 'The status dashboard.',
        repo: './acme-platform',
        tags: '@acme/web@{version}',
        path: 'packages/web',
        changelog: 'CHANGELOG.md',
        links: forge('platform'),
      },
    ],
    environments: [
      { id: 'production', name: 'Production', tier: 'production' },
      { id: 'staging', name: 'Staging', tier: 'staging' },
    ],
    // sdk in waybill's JSON Lines; api's production in a GitLab export, its staging in a GitHub one.
    deployments: DEMO_DEPLOYMENT_SOURCES.map((s) => ({ ...s })),
    freezes: [
      {
        name: 'Year-end freeze',
        start: '2026-12-19T18:00',
        end: '2027-01-04T08:00',
        environments: ['production'],
      },
      // The demo's one freeze violation: sdk-0022, the emergency rollback of 27 August (16:05 CEST),
      // finished inside this window (src/demo/deployments.ts); nothing else was deployed in it.
      {
        name: 'Launch week freeze',
        start: '2026-08-26T18:00',
        end: '2026-08-28T18:00',
        environments: ['production'],
      },
    ],
    groups: [
      {
        id: '2026-06',
        name: 'June platform release',
        date: '2026-06-08',
        members: { core: '2.0.0', cli: '0.4.0' },
      },
    ],
  };
}

/**
 * Writes the demo repositories and `waybill.config.json` into `outDir` (created if needed).
 * Existing demo repositories there are removed first; other files are left alone.
 */
export async function generateDemo(
  outDir: string = DEFAULT_DEMO_DIR,
): Promise<{ configPath: string; repos: Record<string, BuiltRepo> }> {
  const root = resolve(outDir);
  const config = buildDemoConfig(resolve(outDir));
  const parsed = ConfigSchema.safeParse(config);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('\n');
    throw new Error(`the demo configuration does not match src/schemas/config/config.ts:\n${issues}`);
  }
  await mkdir(root, { recursive: true });
  const names = Object.keys(DEMO_REPOS) as Array<keyof typeof DEMO_REPOS>;
  await Promise.all(names.map((name) => rm(join(root, name), { recursive: true, force: true })));
  const built = await Promise.all(names.map((name) => buildRepo(join(root, name), DEMO_REPOS[name]())));
  await writeDemoSboms(root);
  const repos: Record<string, BuiltRepo> = Object.fromEntries(names.map((n, i) => [n, built[i]!]));
  await writeDemoDeployments(root, repos);
  // `<principal> <key type> <public key>` (ssh-keygen(1), ALLOWED SIGNERS), for git signatures only.
  const [type, key] = (await readFile(`${DEMO_SIGNING_KEYS.release}.pub`, 'utf8')).trim().split(/\s+/);
  await writeFile(
    join(root, DEMO_ALLOWED_SIGNERS_FILE),
    `${DEMO_SIGNER_PRINCIPAL} namespaces="git" ${type} ${key}\n`,
  );
  // ssh-keygen signs only with a key no one else can read; a checkout gives the file mode 0644.
  await mkdir(join(root, dirname(DEMO_AUDIT_KEY_FILE)), { recursive: true });
  await writeFile(join(root, DEMO_AUDIT_KEY_FILE), await readFile(DEMO_SIGNING_KEYS.audit));
  await chmod(join(root, DEMO_AUDIT_KEY_FILE), 0o600);
  const [auditType, auditKey] = (await readFile(`${DEMO_SIGNING_KEYS.audit}.pub`, 'utf8'))
    .trim()
    .split(/\s+/);
  await writeFile(join(root, DEMO_AUDIT_SIGNERS_FILE), `audit@acme.example ${auditType} ${auditKey}\n`);
  const configPath = join(root, DEMO_CONFIG_FILE);
  await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`);
  return { configPath, repos };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const outDir = process.argv[2] ? resolve(process.argv[2]) : DEFAULT_DEMO_DIR;
  generateDemo(outDir).then(
    ({ configPath, repos }) => {
      for (const [name, repo] of Object.entries(repos)) {
        console.log(`${name}: ${Object.keys(repo.tags).length} tags, HEAD ${repo.head.slice(0, 12)}`);
      }
      console.log(`wrote ${configPath} in ${Math.round(performance.now() - started)} ms`);
    },
    (e: unknown) => {
      console.error(`demo: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    },
  );
}
