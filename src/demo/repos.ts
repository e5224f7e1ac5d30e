/**
 * The three repositories of the embedded demo, as {@link Step} lists for the git builder: an
 * invented company, Acme, with a library (`acme-sdk`), a service (`acme-api`) and a monorepo
 * (`acme-platform`). The content is written to exercise every rule of docs/releases-from-git.md;
 * `facts.ts` states what a harvest of them must find, and the integration test checks those
 * facts against git itself.
 *
 * Every date is explicit, with the author's real offset for that day (Berlin +01:00 in winter and
 * +02:00 from 2026-03-29 to 2026-10-25, New York -05:00/-04:00 from 2026-03-08 to 2026-11-01,
 * London +00:00/+01:00, Shanghai +08:00 all year), so nothing depends on the clock of the
 * machine that generates them.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { ShaOf, Step, Who } from './git-builder.ts';

/**
 * Demo-only SSH keys (src/demo/keys/README.md; not secrets): most sdk release tags are signed
 * with the release signer, which generate.ts lists in the demo's allowed-signers file; one with a
 * stranger's key that is not listed (`unknown-key`); the rest are unsigned.
 */
export const DEMO_SIGNING_KEYS = {
  release: fileURLToPath(new URL('./keys/demo-release-signer', import.meta.url)),
  stranger: fileURLToPath(new URL('./keys/demo-stranger', import.meta.url)),
  /** Signs the audit chain's heads, not tags. */
  audit: fileURLToPath(new URL('./keys/demo-audit-signer', import.meta.url)),
} as const;
/** The principal of the release signer in the demo's allowed-signers file. */
export const DEMO_SIGNER_PRINCIPAL = 'release@acme.example';
const signedBy = (key: keyof typeof DEMO_SIGNING_KEYS) => ({ sshSigningKey: DEMO_SIGNING_KEYS[key] });

// ---------------------------------------------------------------------------------------------
// People

export const PEOPLE = {
  alice: { name: 'Alice Schmidt', email: 'alice@acme.example' }, // Berlin, SDK maintainer
  bob: { name: 'Bob Okafor', email: 'bob@acme.example' }, // London
  chen: { name: 'Chen Wei', email: 'chen.wei@acme.example' }, // Shanghai
  dana: { name: 'Dana Kowalski', email: 'dana@kowalski.example' }, // New York; first contribution in sdk 2.1.0
  erin: { name: 'Erin Hoffmann', email: 'erin@acme.example' }, // Berlin, API maintainer
  farid: { name: 'Farid Haddad', email: 'farid@acme.example' }, // Berlin
  grace: { name: 'Grace Lee', email: 'grace@acme.example' }, // New York
  renovate: { name: 'renovate[bot]', email: 'renovate-bot@acme.example' },
  helga: { name: 'Helga Berg', email: 'helga@acme.example' }, // Berlin, platform maintainer
  ivan: { name: 'Ivan Petrov', email: 'ivan@acme.example' }, // Berlin
  jun: { name: 'Jun Tanaka', email: 'jun@acme.example' }, // Shanghai office
  releaseBot: { name: 'acme-release-bot', email: 'release-bot@acme.example' },
} satisfies Record<string, Who>;

const { alice, bob, chen, dana, erin, farid, grace, renovate, helga, ivan, jun, releaseBot } = PEOPLE;

const trailer = (kind: 'Co-authored-by' | 'Signed-off-by', who: Who): string =>
  `${kind}: ${who.name} <${who.email}>`;

const MIT = `MIT License

Copyright (c) 2026 Acme Corp.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND.
`;

function packageJson(fields: Record<string, unknown>): string {
  return `${JSON.stringify(fields, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// acme-sdk: a library, SemVer tags, prereleases, breaking changes, a revert, a maintenance branch

const sdkPackage = (version: string, node = '>=18'): string =>
  packageJson({
    name: '@acme/sdk',
    version,
    description: 'The official JavaScript SDK for the Acme API.',
    license: 'MIT',
    type: 'module',
    exports: './dist/index.js',
    engines: { node },
    scripts: { build: 'tsc', test: 'node --test' },
  });

const SDK_CLIENT_1 = `import { authHeader } from './auth.ts';
import { debug } from './debug.ts';

export interface ClientOptions {
  baseUrl?: string;
  token?: string;
}

/** A small HTTP client for the Acme API that retries transient failures. */
export function createClient(options: ClientOptions = {}) {
  const baseUrl = options.baseUrl ?? 'https://api.acme.example';
  async function request(path: string, init: RequestInit = {}): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(new URL(path, baseUrl), { ...init, headers: { ...authHeader(options.token), ...init.headers } });
      if (res.status === 503 && attempt < 2) {
        debug('retrying', path, init.headers);
        continue;
      }
      if (!res.ok) throw new Error(\`Acme API: \${res.status} \${res.statusText}\`);
      return res.json();
    }
  }
  return { request };
}
`;

const SDK_CLIENT_CACHED = SDK_CLIENT_1.replace(
  "import { debug } from './debug.ts';\n",
  "import { debug } from './debug.ts';\nimport { ResponseCache } from './cache.ts';\n",
).replace('  async function request(', '  const cache = new ResponseCache();\n  async function request(');

const sdkSteps = (): Step[] => [
  // v0.1.0
  {
    commit: 'chore: initial commit',
    author: alice,
    date: '2026-01-12T09:14:00+01:00',
    files: {
      'README.md': '# Acme SDK\n\nThe official JavaScript SDK for the Acme API.\n',
      LICENSE: MIT,
      '.gitignore': 'node_modules/\ndist/\n',
      'package.json': sdkPackage('0.1.0'),
      'src/index.ts': "export { createClient } from './client.ts';\n",
      'src/debug.ts':
        "export function debug(...args: unknown[]): void {\n  if (process.env.ACME_DEBUG) console.error('[acme]', ...args);\n}\n",
      'src/auth.ts':
        'export function authHeader(token?: string): Record<string, string> {\n  return token ? { authorization: `Bearer ${token}` } : {};\n}\n',
    },
  },
  {
    commit: 'feat(client): add an HTTP client with automatic retries',
    author: alice,
    date: '2026-01-12T15:40:00+01:00',
    files: { 'src/client.ts': SDK_CLIENT_1 },
  },
  {
    commit: 'docs: document installation and the first request',
    author: bob,
    date: '2026-01-13T11:02:00+00:00',
    files: {
      'README.md':
        "# Acme SDK\n\nThe official JavaScript SDK for the Acme API.\n\n## Install\n\n    npm install @acme/sdk\n\n## First request\n\n    import { createClient } from '@acme/sdk';\n    const acme = createClient({ token: process.env.ACME_TOKEN });\n    const orders = await acme.request('/orders');\n",
    },
  },
  { tag: 'v0.1.0' },

  // v0.2.0
  {
    commit:
      'feat(auth): read API tokens from the environment\n\nWhen no `token` option is given, the client uses the ACME_TOKEN\nenvironment variable.\n\nCloses #3',
    author: alice,
    date: '2026-01-20T10:30:00+01:00',
    files: {
      'src/auth.ts':
        'export function authHeader(token = process.env.ACME_TOKEN): Record<string, string> {\n  return token ? { authorization: `Bearer ${token}` } : {};\n}\n',
    },
  },
  {
    commit:
      'fix(client): retry on 503 only once per request\n\nThe retry loop re-entered itself on a second 503 and could spin\nforever behind a flapping load balancer.\n\nFixes #5',
    author: chen,
    date: '2026-01-21T16:05:00+08:00',
    files: { 'src/retry.ts': 'export const MAX_ATTEMPTS = 2;\n' },
  },
  {
    commit: 'test: cover the token lookup and the retry loop',
    author: alice,
    date: '2026-01-22T09:45:00+01:00',
    files: {
      'test/client.test.ts':
        "import { test } from 'node:test';\n\ntest('retries a 503 once', async () => {});\ntest('reads ACME_TOKEN', async () => {});\n",
    },
  },
  {
    commit: 'chore(release): 0.2.0',
    author: alice,
    date: '2026-01-26T14:00:00+01:00',
    files: { 'package.json': sdkPackage('0.2.0') },
  },
  {
    tag: 'v0.2.0',
    annotated: {
      message:
        'Acme SDK 0.2.0\n\nAPI tokens from the environment, and a retry fix for flapping load\nbalancers.',
      tagger: alice,
      date: '2026-01-26T14:10:00+01:00',
    },
  },

  // v1.0.0
  {
    commit: 'feat(errors): expose AcmeHttpError with the status and the request id\n\nCloses #8',
    author: bob,
    date: '2026-02-03T10:00:00+00:00',
    files: {
      'src/errors.ts':
        'export class AcmeHttpError extends Error {\n  constructor(readonly status: number, readonly requestId: string | null) {\n    super(`Acme API: HTTP ${status}`);\n  }\n}\n',
    },
  },
  {
    commit: 'docs: add the 1.0 guide',
    author: alice,
    date: '2026-02-05T17:20:00+01:00',
    files: {
      'docs/guide.md':
        '# Guide\n\n## Authentication\n\nSet ACME_TOKEN or pass `token`.\n\n## Errors\n\nFailed requests throw `AcmeHttpError`.\n',
    },
  },
  {
    commit: 'chore(release): 1.0.0',
    author: alice,
    date: '2026-02-10T09:00:00+01:00',
    files: { 'package.json': sdkPackage('1.0.0') },
  },
  {
    tag: 'v1.0.0',
    annotated: {
      message:
        'Acme SDK 1.0.0\n\nThe first stable release. From now on the public API follows\nSemantic Versioning.',
      tagger: alice,
      date: '2026-02-10T09:30:00+01:00',
      ...signedBy('release'),
    },
  },

  // v1.1.0: a feature and its revert cancel inside the release
  {
    commit: 'feat(pagination): iterate over every page with `for await`\n\nCloses #12',
    author: chen,
    date: '2026-02-16T11:11:00+08:00',
    files: {
      'src/paginate.ts':
        'export async function* paginate<T>(first: () => Promise<{ items: T[]; next?: () => Promise<unknown> }>) {\n  let page = await first();\n  for (;;) {\n    yield* page.items;\n    if (!page.next) return;\n    page = (await page.next()) as typeof page;\n  }\n}\n',
    },
  },
  {
    id: 'sdk-cache',
    commit: 'feat(cache): add an in-memory response cache',
    author: bob,
    date: '2026-02-17T15:30:00+00:00',
    files: {
      'src/cache.ts': 'export class ResponseCache extends Map<string, unknown> {}\n',
      'src/client.ts': SDK_CLIENT_CACHED,
    },
  },
  {
    commit: `fix(auth): refresh the token one minute before it expires\n\n${trailer('Co-authored-by', chen)}`,
    author: alice,
    date: '2026-02-18T10:05:00+01:00',
    files: { 'src/refresh.ts': 'export const REFRESH_MARGIN_MS = 60_000;\n' },
  },
  {
    commit: (sha: ShaOf) =>
      `Revert "feat(cache): add an in-memory response cache"\n\nThis reverts commit ${sha('sdk-cache')}.\n\nThe cache served stale responses after a token refresh; it needs a\nproper invalidation story first.`,
    author: bob,
    date: '2026-02-19T09:12:00+00:00',
    files: { 'src/cache.ts': null, 'src/client.ts': SDK_CLIENT_1 },
  },
  {
    commit: 'chore(release): 1.1.0',
    author: alice,
    date: '2026-02-23T16:00:00+01:00',
    files: { 'package.json': sdkPackage('1.1.0') },
  },
  { tag: 'v1.1.0' },

  // v1.2.0
  {
    commit: `feat(retry): make the backoff configurable\n\nAdds \`retry: { attempts, baseDelayMs, maxDelayMs }\` to the client\noptions.\n\nCloses #15\n${trailer('Signed-off-by', bob)}`,
    author: bob,
    date: '2026-03-04T13:45:00+00:00',
    files: {
      'src/retry.ts':
        'export interface RetryOptions {\n  attempts?: number;\n  baseDelayMs?: number;\n  maxDelayMs?: number;\n}\nexport const MAX_ATTEMPTS = 2;\n',
    },
  },
  {
    commit: 'perf(client): reuse keep-alive agents across requests',
    author: chen,
    date: '2026-03-05T10:20:00+08:00',
    files: {
      'src/agent.ts':
        "import { Agent } from 'node:https';\nexport const agent = new Agent({ keepAlive: true });\n",
    },
  },
  {
    commit: 'fix: handle empty response bodies (#21)',
    author: alice,
    date: '2026-03-09T11:30:00+01:00',
    files: {
      'src/body.ts':
        "export async function readBody(res: Response): Promise<unknown> {\n  const text = await res.text();\n  return text === '' ? null : JSON.parse(text);\n}\n",
    },
  },
  {
    commit: 'chore(release): 1.2.0',
    author: alice,
    date: '2026-03-10T15:00:00+01:00',
    files: { 'package.json': sdkPackage('1.2.0') },
  },
  {
    tag: 'v1.2.0',
    annotated: {
      message: 'Acme SDK 1.2.0\n\nConfigurable retry backoff and keep-alive connections.',
      tagger: alice,
      date: '2026-03-10T15:20:00+01:00',
      ...signedBy('release'),
    },
  },

  // v1.3.0
  {
    commit: 'feat(webhooks): verify webhook signatures\n\nRefs: #24',
    author: chen,
    date: '2026-04-02T09:30:00+08:00',
    files: {
      'src/webhooks.ts':
        "import { createHmac } from 'node:crypto';\nexport function verify(body: string, signature: string, secret: string): boolean {\n  return createHmac('sha256', secret).update(body).digest('hex') === signature;\n}\n",
    },
  },
  {
    commit: `fix(webhooks): compare signatures in constant time\n\n${trailer('Signed-off-by', bob)}`,
    author: bob,
    date: '2026-04-07T14:00:00+01:00',
    files: {
      'src/webhooks.ts':
        "import { createHmac, timingSafeEqual } from 'node:crypto';\nexport function verify(body: string, signature: string, secret: string): boolean {\n  const want = Buffer.from(createHmac('sha256', secret).update(body).digest('hex'));\n  const got = Buffer.from(signature);\n  return want.length === got.length && timingSafeEqual(want, got);\n}\n",
    },
  },
  {
    commit: 'docs(webhooks): add a verification example',
    author: alice,
    date: '2026-04-08T10:00:00+02:00',
    files: {
      'docs/webhooks.md':
        "# Webhooks\n\n    import { verify } from '@acme/sdk/webhooks';\n    if (!verify(rawBody, req.headers['acme-signature'], secret)) return 401;\n",
    },
  },
  {
    commit: 'chore(release): 1.3.0',
    author: alice,
    date: '2026-04-14T11:00:00+02:00',
    files: { 'package.json': sdkPackage('1.3.0') },
  },
  {
    tag: 'v1.3.0',
    annotated: {
      message: 'Acme SDK 1.3.0\n\nWebhook signature verification.',
      tagger: alice,
      date: '2026-04-14T11:15:00+02:00',
      ...signedBy('release'),
    },
  },

  // v1.4.0
  {
    commit: 'feat(client): add request timeouts\n\nCloses #27',
    author: bob,
    date: '2026-05-05T09:40:00+01:00',
    files: { 'src/timeout.ts': 'export const DEFAULT_TIMEOUT_MS = 30_000;\n' },
  },
  {
    commit: 'fix(pagination): stop on an empty last page\n\nFixes #29',
    author: chen,
    date: '2026-05-06T16:00:00+08:00',
    files: {
      'src/paginate.ts':
        'export async function* paginate<T>(first: () => Promise<{ items: T[]; next?: () => Promise<unknown> }>) {\n  let page = await first();\n  for (;;) {\n    yield* page.items;\n    if (!page.next || page.items.length === 0) return;\n    page = (await page.next()) as typeof page;\n  }\n}\n',
    },
  },
  {
    commit: 'chore(release): 1.4.0',
    author: alice,
    date: '2026-05-12T10:00:00+02:00',
    files: { 'package.json': sdkPackage('1.4.0') },
  },
  {
    tag: 'v1.4.0',
    annotated: {
      message: 'Acme SDK 1.4.0\n\nRequest timeouts.',
      tagger: alice,
      date: '2026-05-12T10:10:00+02:00',
      ...signedBy('release'),
    },
  },

  // 2.0.0-rc.1
  {
    id: 'sdk-token-log',
    commit:
      'fix(auth): do not log the token when a request is retried\n\nThe debug logger printed the Authorization header on retries.\n\nFixes #31',
    author: alice,
    date: '2026-05-20T08:50:00+02:00',
    files: {
      'src/debug.ts':
        "const SECRET = /^(authorization|cookie)$/i;\nexport function debug(...args: unknown[]): void {\n  if (!process.env.ACME_DEBUG) return;\n  console.error('[acme]', ...args.map((a) => (a && typeof a === 'object' ? redact(a as Record<string, unknown>) : a)));\n}\nfunction redact(o: Record<string, unknown>) {\n  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, SECRET.test(k) ? '[redacted]' : v]));\n}\n",
    },
  },
  {
    commit:
      'feat(client)!: drop support for Node.js 18\n\nNode.js 18 reached its end of life; the client now relies on the global\nfetch and AbortSignal.timeout.\n\nBREAKING CHANGE: Node.js 20 or later is required.',
    author: bob,
    date: '2026-05-26T12:00:00+01:00',
    files: { 'package.json': sdkPackage('1.4.0', '>=20') },
  },
  {
    commit:
      'refactor(auth)!: replace the `token` option with `credentials`\n\nCloses #33\n\nBREAKING CHANGE: `createClient({ token })` is now\n`createClient({ credentials: { token } })`. To migrate, wrap the token:\n`createClient({ credentials: { token: process.env.ACME_TOKEN } })`.\nCredentials may also be a function that returns a token, for rotation.',
    author: chen,
    date: '2026-06-02T17:25:00+08:00',
    files: {
      'src/credentials.ts':
        'export type Credentials = { token: string } | (() => Promise<{ token: string }>);\n',
    },
  },
  {
    commit: 'chore(release): 2.0.0-rc.1',
    author: alice,
    date: '2026-06-03T09:00:00+02:00',
    files: { 'package.json': sdkPackage('2.0.0-rc.1', '>=20') },
  },
  {
    tag: 'v2.0.0-rc.1',
    annotated: {
      message:
        'Acme SDK 2.0.0-rc.1\n\nRelease candidate: please try the new `credentials` option and report\nanything that breaks.',
      tagger: alice,
      date: '2026-06-03T09:05:00+02:00',
      ...signedBy('release'),
    },
  },

  // 1.4.1 on the maintenance branch, from v1.4.0: not an ancestor of anything on main.
  { branch: '1.x', from: 'v1.4.0' },
  {
    commit: (sha: ShaOf) =>
      `fix(auth): do not log the token when a request is retried\n\nThe debug logger printed the Authorization header on retries.\n\nFixes #31\n\n(cherry picked from commit ${sha('sdk-token-log')})`,
    author: alice,
    date: '2026-05-20T08:50:00+02:00',
    committerDate: '2026-06-04T10:00:00+02:00',
    files: {
      'src/debug.ts':
        "const SECRET = /^(authorization|cookie)$/i;\nexport function debug(...args: unknown[]): void {\n  if (!process.env.ACME_DEBUG) return;\n  console.error('[acme]', ...args.map((a) => (a && typeof a === 'object' ? redact(a as Record<string, unknown>) : a)));\n}\nfunction redact(o: Record<string, unknown>) {\n  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, SECRET.test(k) ? '[redacted]' : v]));\n}\n",
    },
  },
  {
    commit: 'chore(release): 1.4.1',
    author: alice,
    date: '2026-06-04T10:30:00+02:00',
    files: { 'package.json': sdkPackage('1.4.1') },
  },
  {
    tag: 'v1.4.1',
    annotated: {
      message: 'Acme SDK 1.4.1\n\nSecurity fix: the token no longer appears in debug logs.',
      tagger: alice,
      date: '2026-06-04T10:45:00+02:00',
      ...signedBy('release'),
    },
  },
  { checkout: 'main' },

  // 2.0.0-rc.2
  {
    commit:
      'feat(errors): throw typed error classes\n\nBREAKING CHANGE: errors are now subclasses of `AcmeError`\n(`AcmeHttpError`, `AcmeTimeoutError`, `AcmeAuthError`), and `err.status`\nis replaced by `err.code`. Replace `if (err.status === 401)` with\n`if (err instanceof AcmeAuthError)`.',
    author: chen,
    date: '2026-06-10T15:00:00+08:00',
    files: {
      'src/errors.ts':
        'export class AcmeError extends Error {\n  constructor(readonly code: string, message: string) {\n    super(message);\n  }\n}\nexport class AcmeHttpError extends AcmeError {}\nexport class AcmeTimeoutError extends AcmeError {}\nexport class AcmeAuthError extends AcmeError {}\n',
    },
  },
  {
    commit: 'fix(client): keep the request id on retried requests',
    author: bob,
    date: '2026-06-11T11:45:00+01:00',
    files: { 'src/request-id.ts': "export const REQUEST_ID_HEADER = 'x-acme-request-id';\n" },
  },
  {
    commit: 'chore(release): 2.0.0-rc.2',
    author: alice,
    date: '2026-06-15T09:00:00+02:00',
    files: { 'package.json': sdkPackage('2.0.0-rc.2', '>=20') },
  },
  {
    tag: 'v2.0.0-rc.2',
    annotated: {
      message: 'Acme SDK 2.0.0-rc.2\n\nSecond release candidate: typed errors.',
      tagger: alice,
      date: '2026-06-15T09:05:00+02:00',
      ...signedBy('stranger'),
    },
  },

  // 2.0.0: covers everything since 1.4.0, the release candidates included
  {
    commit: 'docs: add the migration guide from 1.x to 2.0\n\nRefs: #33',
    author: alice,
    date: '2026-06-22T14:00:00+02:00',
    files: {
      'docs/migrating-to-2.md':
        '# Migrating to 2.0\n\n1. Use Node.js 20 or later.\n2. Replace `token` with `credentials: { token }`.\n3. Check errors with `instanceof` instead of `err.status`.\n',
    },
  },
  {
    commit: 'chore(release): 2.0.0',
    author: alice,
    date: '2026-06-24T10:00:00+02:00',
    files: { 'package.json': sdkPackage('2.0.0', '>=20') },
  },
  {
    tag: 'v2.0.0',
    annotated: {
      message:
        'Acme SDK 2.0.0\n\nNode.js 20 or later, a `credentials` option and typed errors. See\ndocs/migrating-to-2.md.',
      tagger: alice,
      date: '2026-06-24T10:30:00+02:00',
      ...signedBy('release'),
    },
  },

  // 2.1.0: Dana's first contribution
  {
    commit: `feat(retry): honour the Retry-After header\n\nCloses #40\n${trailer('Signed-off-by', dana)}`,
    author: dana,
    date: '2026-07-08T14:20:00-04:00',
    files: {
      'src/retry-after.ts':
        "export function retryAfterMs(res: Response): number | null {\n  const v = res.headers.get('retry-after');\n  if (v === null) return null;\n  const s = Number(v);\n  return Number.isFinite(s) ? s * 1000 : Math.max(0, Date.parse(v) - Date.now());\n}\n",
    },
  },
  {
    commit: 'fix(pagination): forward the abort signal to page requests',
    author: chen,
    date: '2026-07-09T10:00:00+08:00',
    files: {
      'src/paginate.ts':
        'export async function* paginate<T>(first: (signal?: AbortSignal) => Promise<{ items: T[]; next?: (signal?: AbortSignal) => Promise<unknown> }>, signal?: AbortSignal) {\n  let page = await first(signal);\n  for (;;) {\n    yield* page.items;\n    if (!page.next || page.items.length === 0) return;\n    page = (await page.next(signal)) as typeof page;\n  }\n}\n',
    },
  },
  {
    commit: `feat(client): add client.close() to release keep-alive sockets\n\nCloses #42\n${trailer('Co-authored-by', dana)}`,
    author: bob,
    date: '2026-07-14T16:10:00+01:00',
    files: {
      'src/agent.ts':
        "import { Agent } from 'node:https';\nexport const agent = new Agent({ keepAlive: true });\nexport function close(): void {\n  agent.destroy();\n}\n",
    },
  },
  {
    commit: 'chore(release): 2.1.0',
    author: alice,
    date: '2026-07-15T09:30:00+02:00',
    files: { 'package.json': sdkPackage('2.1.0', '>=20') },
  },
  {
    tag: 'v2.1.0',
    annotated: {
      message: 'Acme SDK 2.1.0\n\nRetry-After support and client.close().',
      tagger: alice,
      date: '2026-07-15T09:45:00+02:00',
      ...signedBy('release'),
    },
  },

  // Unreleased: the advance notice predicts a minor bump (a feat, no breaking change)
  {
    commit: 'feat(streaming): stream server-sent events with client.stream()\n\nCloses #45',
    author: chen,
    date: '2026-08-03T13:00:00+08:00',
    files: {
      'src/stream.ts':
        'export async function* stream(res: Response): AsyncGenerator<string> {\n  const decoder = new TextDecoder();\n  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) yield decoder.decode(chunk);\n}\n',
    },
  },
  {
    commit: 'fix(client): retry idempotent requests only\n\nFixes #46',
    author: bob,
    date: '2026-08-05T10:15:00+01:00',
    files: {
      'src/retry.ts':
        "export interface RetryOptions {\n  attempts?: number;\n  baseDelayMs?: number;\n  maxDelayMs?: number;\n}\nexport const MAX_ATTEMPTS = 2;\nexport const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);\n",
    },
  },
  {
    commit: 'docs: describe streaming',
    author: alice,
    date: '2026-09-01T11:00:00+02:00',
    files: {
      'docs/streaming.md':
        "# Streaming\n\n    for await (const event of acme.stream('/events')) console.log(event);\n",
    },
  },
];

// ---------------------------------------------------------------------------------------------
// acme-api: a service, plain and conventional commits, merges, Keep a Changelog, a non-SemVer tag

interface KacRelease {
  version: string;
  date: string;
  previous: string | null;
  sections: Record<string, string[]>;
}

/** A CHANGELOG.md in Keep a Changelog 1.1.0 style, newest first, with compare links at the end. */
function keepAChangelog(unreleased: Record<string, string[]>, releases: KacRelease[]): string {
  const section = (s: Record<string, string[]>): string =>
    Object.entries(s)
      .map(([h, items]) => `### ${h}\n\n${items.map((i) => `- ${i}`).join('\n')}\n`)
      .join('\n');
  let out =
    '# Changelog\n\nAll notable changes to the Acme API are documented in this file.\n\nThe format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).\n\n## [Unreleased]\n\n';
  if (Object.keys(unreleased).length > 0) out += `${section(unreleased)}\n`;
  for (const r of [...releases].reverse()) out += `## [${r.version}] - ${r.date}\n\n${section(r.sections)}\n`;
  const latest = releases.at(-1);
  out += `[Unreleased]: https://forge.acme.example/acme/api/compare/v${latest?.version ?? '0.0.0'}...HEAD\n`;
  for (const r of [...releases].reverse()) {
    out += r.previous
      ? `[${r.version}]: https://forge.acme.example/acme/api/compare/v${r.previous}...v${r.version}\n`
      : `[${r.version}]: https://forge.acme.example/acme/api/releases/tag/v${r.version}\n`;
  }
  return out;
}

const API_RELEASES: KacRelease[] = [
  {
    version: '1.0.0',
    date: '2026-02-09',
    previous: null,
    sections: { Added: ['`GET /orders` with cursor pagination.', 'Health check at `/healthz`.'] },
  },
  {
    version: '1.1.0',
    date: '2026-02-16',
    previous: '1.0.0',
    sections: {
      Added: ['Rate limiting per API key (100 requests a minute by default).'],
      Fixed: ['A typo in the start-up log line.'],
    },
  },
  {
    version: '1.2.0',
    date: '2026-03-02',
    previous: '1.1.0',
    sections: {
      Added: ['Webhooks: order events are delivered to subscribers, signed with HMAC-SHA256.'],
      Changed: ['Fastify 5.3.'],
      // Written without backticks on purpose: a changelog with raw HTML in it, as people write them.
      Security: ['Error pages escape user input (<script> tags in the query string were reflected).'],
    },
  },
  {
    version: '1.3rc1',
    date: '2026-03-18',
    previous: '1.2.0',
    sections: { Changed: ['**Breaking:** amounts are integers in minor units (`1999`, not `"19.99"`).'] },
  },
  {
    version: '1.3.0',
    date: '2026-03-31',
    previous: '1.3rc1',
    sections: {
      Changed: ['**Breaking:** amounts are integers in minor units (`1999`, not `"19.99"`).'],
      Fixed: ['`POST /orders` is idempotent when an `Idempotency-Key` header is sent.'],
    },
  },
];
const apiChangelog = (upTo: number, unreleased: Record<string, string[]> = {}): string =>
  keepAChangelog(unreleased, API_RELEASES.slice(0, upTo));

const apiPackage = (version: string, fastify = '^5.2.0'): string =>
  packageJson({
    name: 'acme-api',
    version,
    private: true,
    type: 'module',
    scripts: { start: 'node src/server.ts' },
    dependencies: { fastify, pino: '^9.6.0' },
  });

const apiSteps = (): Step[] => [
  // v1.0.0
  {
    commit: 'Initial import of the Acme API service',
    author: erin,
    date: '2026-02-02T09:00:00+01:00',
    files: {
      'README.md': '# Acme API\n\nThe HTTP API behind Acme orders.\n',
      'CHANGELOG.md': apiChangelog(0),
      'package.json': apiPackage('0.0.0'),
      'src/server.ts':
        "import Fastify from 'fastify';\nconst app = Fastify({ logger: true });\napp.get('/healthz', async () => ({ ok: true }));\nawait app.listen({ port: 8080 });\napp.log.info('Acme API lisening on 8080');\n",
    },
  },
  {
    commit: 'feat(orders): list orders with cursor pagination\n\nCloses #2',
    author: farid,
    date: '2026-02-03T14:30:00+01:00',
    files: {
      'src/routes/orders.ts': "export const ordersRoute = { method: 'GET', url: '/orders' } as const;\n",
    },
  },
  {
    commit: 'Update deps',
    author: erin,
    date: '2026-02-04T08:15:00+01:00',
    files: { 'package.json': apiPackage('0.0.0', '^5.2.1') },
  },
  {
    commit: 'chore(release): 1.0.0',
    author: erin,
    date: '2026-02-09T10:00:00+01:00',
    files: { 'package.json': apiPackage('1.0.0', '^5.2.1'), 'CHANGELOG.md': apiChangelog(1) },
  },
  {
    tag: 'v1.0.0',
    annotated: {
      message: 'Acme API 1.0.0\n\nFirst production release: orders with cursor pagination.',
      tagger: erin,
      date: '2026-02-09T10:20:00+01:00',
    },
  },

  // v1.1.0: a feature branch merged with a merge commit
  { branch: 'feat/rate-limit' },
  {
    commit: 'feat(http): rate-limit clients per API key\n\nRefs: #7',
    author: farid,
    date: '2026-02-11T11:00:00+01:00',
    files: { 'src/ratelimit.ts': 'export const LIMIT_PER_MINUTE = 100;\n' },
  },
  {
    commit: 'test(http): cover the rate limiter',
    author: farid,
    date: '2026-02-12T09:30:00+01:00',
    files: {
      'test/ratelimit.test.ts':
        "import { test } from 'node:test';\ntest('429 after 100 requests', () => {});\n",
    },
  },
  { checkout: 'main' },
  {
    commit: 'quick fix',
    author: grace,
    date: '2026-02-12T08:05:00-05:00',
    files: {
      'src/server.ts':
        "import Fastify from 'fastify';\nconst app = Fastify({ logger: true });\napp.get('/healthz', async () => ({ ok: true }));\nawait app.listen({ port: 8080 });\napp.log.info('Acme API listening on 8080');\n",
    },
  },
  {
    commit: 'Merge pull request #8 from acme/feat/rate-limit\n\nfeat(http): rate-limit clients per API key',
    author: erin,
    date: '2026-02-13T16:00:00+01:00',
    merge: ['feat/rate-limit'],
  },
  { deleteBranch: 'feat/rate-limit' },
  {
    commit: 'chore(release): 1.1.0',
    author: erin,
    date: '2026-02-16T10:00:00+01:00',
    files: { 'package.json': apiPackage('1.1.0', '^5.2.1'), 'CHANGELOG.md': apiChangelog(2) },
  },
  {
    tag: 'v1.1.0',
    annotated: {
      message: 'Acme API 1.1.0\n\nRate limiting per API key.',
      tagger: erin,
      date: '2026-02-16T10:10:00+01:00',
    },
  },

  // v1.2.0: another merge, an injection attempt in a commit message, a bot
  { branch: 'feat/webhooks' },
  {
    commit: 'feat(webhooks): deliver order events to subscribers\n\nCloses #11',
    author: grace,
    date: '2026-02-18T10:00:00-05:00',
    files: {
      'src/webhooks/deliver.ts':
        "export async function deliver(url: string, event: unknown): Promise<void> {\n  await fetch(url, { method: 'POST', body: JSON.stringify(event) });\n}\n",
    },
  },
  {
    commit: 'feat(webhooks): sign deliveries with HMAC-SHA256',
    author: grace,
    date: '2026-02-19T15:20:00-05:00',
    files: {
      'src/webhooks/sign.ts':
        "import { createHmac } from 'node:crypto';\nexport const sign = (body: string, secret: string) => createHmac('sha256', secret).update(body).digest('hex');\n",
    },
  },
  { checkout: 'main' },
  {
    // Untrusted text: the portal must render this inert (docs/site.md, "What every page does").
    commit:
      'fix: escape <script>alert(1)</script> and <img src=x onerror=alert(2)> [x](javascript:alert(3))\n\nError pages echoed the query string unescaped.\n\nFixes #14',
    author: farid,
    date: '2026-02-20T13:00:00+01:00',
    files: {
      'src/errors.ts':
        "const ESC: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '\"': '&quot;' };\nexport const escapeHtml = (s: string) => s.replace(/[<>&\"]/g, (c) => ESC[c]);\n",
    },
  },
  {
    commit: 'chore(deps): update dependency fastify to v5.3.0',
    author: renovate,
    date: '2026-02-23T04:00:00+00:00',
    files: { 'package.json': apiPackage('1.1.0', '^5.3.0') },
  },
  {
    commit: "Merge branch 'feat/webhooks'",
    author: erin,
    date: '2026-02-24T11:30:00+01:00',
    merge: ['feat/webhooks'],
  },
  { deleteBranch: 'feat/webhooks' },
  {
    commit: 'Fix flaky webhook test',
    author: grace,
    date: '2026-02-26T09:00:00-05:00',
    files: {
      'test/webhooks.test.ts':
        "import { test } from 'node:test';\ntest('delivers once', { timeout: 5000 }, () => {});\n",
    },
  },
  {
    commit: 'chore(release): 1.2.0',
    author: erin,
    date: '2026-03-02T10:00:00+01:00',
    files: { 'package.json': apiPackage('1.2.0', '^5.3.0'), 'CHANGELOG.md': apiChangelog(3) },
  },
  {
    tag: 'v1.2.0',
    annotated: {
      message: 'Acme API 1.2.0\n\nWebhooks, and a security fix for error pages.',
      tagger: erin,
      date: '2026-03-02T10:15:00+01:00',
    },
  },

  // v1.3rc1: a version that is not SemVer (it counts as a final release)
  {
    commit:
      'feat(orders)!: amounts are integers in minor units\n\nBREAKING CHANGE: `amount` is now an integer number of cents (`1999`)\ninstead of a decimal string (`"19.99"`). Divide by 100 to display it.',
    author: farid,
    date: '2026-03-16T10:45:00+01:00',
    files: {
      'src/routes/orders.ts':
        "export const ordersRoute = { method: 'GET', url: '/orders' } as const;\nexport type Amount = number; // minor units\n",
    },
  },
  {
    commit: 'Update deps',
    author: erin,
    date: '2026-03-17T08:00:00+01:00',
    files: { 'package.json': apiPackage('1.2.0', '^5.3.2') },
  },
  {
    commit: 'chore(release): 1.3rc1',
    author: erin,
    date: '2026-03-18T10:00:00+01:00',
    files: { 'package.json': apiPackage('1.3.0-rc1', '^5.3.2'), 'CHANGELOG.md': apiChangelog(4) },
  },
  {
    tag: 'v1.3rc1',
    annotated: {
      message: 'Acme API 1.3rc1\n\nRelease candidate: amounts change to integer cents.',
      tagger: erin,
      date: '2026-03-18T10:05:00+01:00',
    },
  },

  // v1.3.0
  { branch: 'fix/idempotency' },
  {
    commit: `fix(orders): make POST /orders idempotent with an Idempotency-Key\n\nCloses #19\n${trailer('Co-authored-by', farid)}`,
    author: grace,
    date: '2026-03-23T12:00:00-04:00',
    files: { 'src/idempotency.ts': "export const IDEMPOTENCY_HEADER = 'idempotency-key';\n" },
  },
  { checkout: 'main' },
  {
    commit: 'docs: document amounts in minor units',
    author: farid,
    date: '2026-03-24T09:15:00+01:00',
    files: {
      'README.md':
        '# Acme API\n\nThe HTTP API behind Acme orders.\n\nAmounts are integers in minor units: `1999` is 19.99.\n',
    },
  },
  {
    commit: 'Merge pull request #20 from acme/fix/idempotency\n\nfix(orders): make POST /orders idempotent',
    author: erin,
    date: '2026-03-25T14:00:00+01:00',
    merge: ['fix/idempotency'],
  },
  { deleteBranch: 'fix/idempotency' },
  {
    commit: 'chore(release): 1.3.0',
    author: erin,
    date: '2026-03-31T10:00:00+02:00',
    files: { 'package.json': apiPackage('1.3.0', '^5.3.2'), 'CHANGELOG.md': apiChangelog(5) },
  },
  {
    tag: 'v1.3.0',
    annotated: {
      message: 'Acme API 1.3.0\n\nIdempotent order creation; amounts in minor units.',
      tagger: erin,
      date: '2026-03-31T10:30:00+02:00',
    },
  },

  // Unreleased
  {
    commit: 'feat(orders): filter orders by status\n\nCloses #23',
    author: farid,
    date: '2026-04-08T11:00:00+02:00',
    files: {
      'src/routes/orders.ts':
        "export const ordersRoute = { method: 'GET', url: '/orders', query: ['status', 'cursor'] } as const;\nexport type Amount = number; // minor units\n",
      'CHANGELOG.md': apiChangelog(5, { Added: ['Filter orders by status: `GET /orders?status=paid`.'] }),
    },
  },
  {
    commit: 'Tidy up logging',
    author: grace,
    date: '2026-04-09T10:00:00-04:00',
    files: { 'src/log.ts': "export const level = process.env.LOG_LEVEL ?? 'info';\n" },
  },
];

// ---------------------------------------------------------------------------------------------
// acme-platform: a monorepo with changesets, per-package tags, and one tag of a blob

type Bump = 'major' | 'minor' | 'patch';

/** A `.changeset/<name>.md` file as `changeset add` writes it. */
function changeset(bumps: Record<string, Bump>, summary: string): string {
  return `---\n${Object.entries(bumps)
    .map(([p, b]) => `"${p}": ${b}`)
    .join('\n')}\n---\n\n${summary}\n`;
}

interface CsEntry {
  /** The commit that added the changeset, by step id: its short hash heads the entry. */
  id: string;
  text: string;
}
interface CsVersion {
  version: string;
  major?: CsEntry[];
  minor?: CsEntry[];
  patch?: CsEntry[];
  /** "Updated dependencies [hash]" lines, and the versions they brought. */
  deps?: { ids: string[]; packages: string[] };
}

/** A package CHANGELOG.md as changesets writes it (`## 1.2.0`, `### Minor Changes`, `- abc1234: …`), newest first. */
function changesetsChangelog(pkg: string, versions: CsVersion[]): (sha: ShaOf) => string {
  return (sha) => {
    const short = (id: string): string => sha(id).slice(0, 7);
    let out = `# ${pkg}\n`;
    for (const v of [...versions].reverse()) {
      out += `\n## ${v.version}\n`;
      for (const [title, list] of [
        ['Major Changes', v.major],
        ['Minor Changes', v.minor],
        ['Patch Changes', v.patch],
      ] as const) {
        const lines = (list ?? []).map((e) => `- ${short(e.id)}: ${e.text.replace(/\n/g, '\n  ')}`);
        if (title === 'Patch Changes' && v.deps) {
          lines.push(`- Updated dependencies [${v.deps.ids.map(short).join(', ')}]`);
          for (const p of v.deps.packages) lines.push(`  - ${p}`);
        }
        if (lines.length > 0) out += `\n### ${title}\n\n${lines.join('\n')}\n`;
      }
    }
    return out;
  };
}

const platformPackage = (name: string, version: string, deps: Record<string, string> = {}): string =>
  packageJson({
    name,
    version,
    type: 'module',
    main: 'dist/index.js',
    license: 'MIT',
    ...(Object.keys(deps).length > 0 ? { dependencies: deps } : {}),
  });

const CORE: CsVersion[] = [
  {
    version: '1.0.0',
    major: [{ id: 'p-bus', text: 'Added the event bus: `createBus()`, `bus.on()` and `bus.emit()`.' }],
  },
  {
    version: '1.1.0',
    minor: [
      { id: 'p-retry', text: 'Added `retry()` and `backoff()` helpers.' },
      { id: 'p-json', text: 'Added `formatJson()`, a stable JSON formatter.' },
    ],
  },
  {
    version: '1.1.1',
    patch: [{ id: 'p-listeners', text: 'A listener that throws is removed instead of crashing the bus.' }],
  },
  {
    version: '2.0.0-next.0',
    major: [
      {
        id: 'p-async',
        text: 'The event bus is async: `bus.emit()` returns a Promise that settles when every listener has run.\nAdd `await` where the order of side effects matters.',
      },
    ],
  },
  {
    version: '2.0.0',
    major: [
      {
        id: 'p-async',
        text: 'The event bus is async: `bus.emit()` returns a Promise that settles when every listener has run.\nAdd `await` where the order of side effects matters.',
      },
    ],
  },
];
const CLI: CsVersion[] = [
  { version: '0.1.0', minor: [{ id: 'p-deploy', text: 'Added `acme deploy <environment>`.' }] },
  {
    version: '0.2.0',
    minor: [{ id: 'p-json', text: 'Added `--json` output to every command.' }],
    deps: { ids: ['p-retry', 'p-json'], packages: ['@acme/core@1.1.0'] },
  },
  {
    version: '0.3.0',
    minor: [{ id: 'p-logs', text: 'Added `acme logs --follow`.' }],
    patch: [{ id: 'p-exit', text: '`acme deploy` exits with status 1 when the deploy fails.' }],
  },
  {
    version: '0.4.0',
    minor: [
      { id: 'p-async', text: 'Commands wait for the async event bus.' },
      { id: 'p-progress', text: 'Long deploys show a progress bar.' },
    ],
    deps: { ids: ['p-async'], packages: ['@acme/core@2.0.0'] },
  },
];
const WEB: CsVersion[] = [
  { version: '0.1.0', minor: [{ id: 'p-dash', text: 'Added the status dashboard.' }] },
  { version: '0.1.1', patch: [{ id: 'p-filter', text: 'The dashboard filter is kept in the URL.' }] },
  { version: '0.2.0', minor: [{ id: 'p-dark', text: 'Added a dark mode.' }] },
  {
    version: '0.3.0',
    minor: [{ id: 'p-history', text: 'Each environment shows its deploy history.' }],
    patch: [{ id: 'p-a11y', text: 'Dashboard updates are announced to screen readers.' }],
  },
];
const csUpTo = (pkg: string, all: CsVersion[], version: string) =>
  changesetsChangelog(pkg, all.slice(0, all.findIndex((v) => v.version === version) + 1));

const platformSteps = (): Step[] => [
  {
    commit: 'chore: set up the platform monorepo',
    author: helga,
    date: '2026-01-15T10:00:00+01:00',
    files: {
      'package.json': packageJson({
        name: 'acme-platform',
        private: true,
        workspaces: ['packages/*'],
        scripts: { version: 'changeset version', release: 'changeset tag' },
      }),
      'README.md':
        '# Acme platform\n\n- `packages/core`: the event bus and shared helpers\n- `packages/cli`: the `acme` command\n- `packages/web`: the status dashboard\n',
      '.changeset/config.json': packageJson({
        changelog: '@changesets/cli/changelog',
        commit: false,
        access: 'public',
        baseBranch: 'main',
      }),
      'packages/core/package.json': platformPackage('@acme/core', '0.0.0'),
      'packages/core/src/index.ts': 'export {};\n',
      'packages/cli/package.json': platformPackage('@acme/cli', '0.0.0', { '@acme/core': 'workspace:^' }),
      'packages/cli/src/main.ts': "#!/usr/bin/env node\nconsole.log('acme');\n",
      'packages/web/package.json': platformPackage('@acme/web', '0.0.0'),
      'packages/web/src/app.ts': 'export function App() {\n  return null;\n}\n',
    },
  },
  {
    id: 'p-bus',
    commit: 'feat(core): add the event bus',
    author: helga,
    date: '2026-01-19T14:00:00+01:00',
    files: {
      'packages/core/src/bus.ts':
        'type Listener = (event: unknown) => void;\nexport function createBus() {\n  const listeners = new Set<Listener>();\n  return { on: (l: Listener) => listeners.add(l), emit: (e: unknown) => listeners.forEach((l) => l(e)) };\n}\n',
      'packages/core/src/index.ts': "export { createBus } from './bus.ts';\n",
      '.changeset/brave-owls-sing.md': changeset(
        { '@acme/core': 'major' },
        'Added the event bus: `createBus()`, `bus.on()` and `bus.emit()`.',
      ),
    },
  },
  {
    id: 'p-deploy',
    commit: 'feat(cli): add `acme deploy`',
    author: ivan,
    date: '2026-01-21T11:30:00+01:00',
    files: {
      'packages/cli/src/deploy.ts':
        'export async function deploy(environment: string): Promise<void> {\n  console.log(`deploying to ${environment}`);\n}\n',
      '.changeset/quiet-cats-run.md': changeset(
        { '@acme/cli': 'minor' },
        'Added `acme deploy <environment>`.',
      ),
    },
  },
  {
    id: 'p-dash',
    commit: 'feat(web): render the status dashboard',
    author: jun,
    date: '2026-01-22T17:00:00+08:00',
    files: {
      'packages/web/src/dashboard.ts': "export function Dashboard() {\n  return '<main>status</main>';\n}\n",
      '.changeset/red-foxes-jump.md': changeset({ '@acme/web': 'minor' }, 'Added the status dashboard.'),
    },
  },
  {
    commit: 'chore: version packages',
    author: releaseBot,
    date: '2026-01-26T12:00:00+01:00',
    files: {
      '.changeset/brave-owls-sing.md': null,
      '.changeset/quiet-cats-run.md': null,
      '.changeset/red-foxes-jump.md': null,
      'packages/core/package.json': platformPackage('@acme/core', '1.0.0'),
      'packages/core/CHANGELOG.md': csUpTo('@acme/core', CORE, '1.0.0'),
      'packages/cli/package.json': platformPackage('@acme/cli', '0.1.0', { '@acme/core': 'workspace:^' }),
      'packages/cli/CHANGELOG.md': csUpTo('@acme/cli', CLI, '0.1.0'),
      'packages/web/package.json': platformPackage('@acme/web', '0.1.0'),
      'packages/web/CHANGELOG.md': csUpTo('@acme/web', WEB, '0.1.0'),
    },
  },
  // `changeset tag` makes one tag per published package, all on the version commit.
  {
    tag: '@acme/core@1.0.0',
    annotated: { message: '@acme/core@1.0.0', tagger: releaseBot, date: '2026-01-26T12:05:00+01:00' },
  },
  {
    tag: '@acme/cli@0.1.0',
    annotated: { message: '@acme/cli@0.1.0', tagger: releaseBot, date: '2026-01-26T12:05:00+01:00' },
  },
  {
    tag: '@acme/web@0.1.0',
    annotated: { message: '@acme/web@0.1.0', tagger: releaseBot, date: '2026-01-26T12:05:00+01:00' },
  },

  {
    id: 'p-retry',
    commit: 'feat(core): add retry helpers',
    author: helga,
    date: '2026-02-09T09:30:00+01:00',
    files: {
      'packages/core/src/retry.ts':
        'export const backoff = (attempt: number) => Math.min(30_000, 2 ** attempt * 100);\nexport async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let i = 0; ; i++) {\n    try {\n      return await fn();\n    } catch (e) {\n      if (i + 1 >= attempts) throw e;\n    }\n  }\n}\n',
      '.changeset/calm-trees-wave.md': changeset(
        { '@acme/core': 'minor' },
        'Added `retry()` and `backoff()` helpers.',
      ),
    },
  },
  {
    id: 'p-json',
    commit: 'feat(core,cli): add `--json` output backed by a core formatter\n\nCloses #17',
    author: ivan,
    date: '2026-02-10T15:00:00+01:00',
    files: {
      'packages/core/src/format.ts':
        'export const formatJson = (value: unknown) => JSON.stringify(value, null, 2) + "\\n";\n',
      'packages/cli/src/main.ts':
        "#!/usr/bin/env node\nimport { formatJson } from '@acme/core/format';\nconst json = process.argv.includes('--json');\nconsole.log(json ? formatJson({ name: 'acme' }) : 'acme');\n",
      '.changeset/tidy-bees-hum.md': changeset(
        { '@acme/core': 'minor', '@acme/cli': 'minor' },
        'Added `--json` output backed by a core formatter.',
      ),
    },
  },
  {
    id: 'p-filter',
    commit: 'fix(web): keep the dashboard filter in the URL',
    author: jun,
    date: '2026-02-12T10:00:00+08:00',
    files: {
      'packages/web/src/filter.ts':
        "export const readFilter = (url: URL) => url.searchParams.get('filter') ?? '';\n",
      '.changeset/shy-moles-dig.md': changeset(
        { '@acme/web': 'patch' },
        'The dashboard filter is kept in the URL.',
      ),
    },
  },
  {
    commit: 'chore: version packages',
    author: releaseBot,
    date: '2026-02-16T12:00:00+01:00',
    files: {
      '.changeset/calm-trees-wave.md': null,
      '.changeset/tidy-bees-hum.md': null,
      '.changeset/shy-moles-dig.md': null,
      'packages/core/package.json': platformPackage('@acme/core', '1.1.0'),
      'packages/core/CHANGELOG.md': csUpTo('@acme/core', CORE, '1.1.0'),
      'packages/cli/package.json': platformPackage('@acme/cli', '0.2.0', { '@acme/core': 'workspace:^' }),
      'packages/cli/CHANGELOG.md': csUpTo('@acme/cli', CLI, '0.2.0'),
      'packages/web/package.json': platformPackage('@acme/web', '0.1.1'),
      'packages/web/CHANGELOG.md': csUpTo('@acme/web', WEB, '0.1.1'),
    },
  },
  {
    tag: '@acme/core@1.1.0',
    annotated: { message: '@acme/core@1.1.0', tagger: releaseBot, date: '2026-02-16T12:05:00+01:00' },
  },
  {
    tag: '@acme/cli@0.2.0',
    annotated: { message: '@acme/cli@0.2.0', tagger: releaseBot, date: '2026-02-16T12:05:00+01:00' },
  },
  {
    tag: '@acme/web@0.1.1',
    annotated: { message: '@acme/web@0.1.1', tagger: releaseBot, date: '2026-02-16T12:05:00+01:00' },
  },

  {
    id: 'p-exit',
    commit: 'fix(cli): exit with status 1 when a deploy fails\n\nFixes #31',
    author: ivan,
    date: '2026-03-03T10:00:00+01:00',
    files: {
      'packages/cli/src/deploy.ts':
        "export async function deploy(environment: string): Promise<void> {\n  console.log(`deploying to ${environment}`);\n  process.exitCode = 0;\n}\nprocess.on('unhandledRejection', () => {\n  process.exitCode = 1;\n});\n",
      '.changeset/loud-ants-fail.md': changeset(
        { '@acme/cli': 'patch' },
        '`acme deploy` exits with status 1 when the deploy fails.',
      ),
    },
  },
  {
    id: 'p-logs',
    commit: 'feat(cli): add `acme logs --follow`',
    author: ivan,
    date: '2026-03-04T16:45:00+01:00',
    files: {
      'packages/cli/src/logs.ts':
        'export async function logs(follow: boolean): Promise<void> {\n  console.log(follow ? "following logs" : "logs");\n}\n',
      '.changeset/warm-seals-swim.md': changeset({ '@acme/cli': 'minor' }, 'Added `acme logs --follow`.'),
    },
  },
  {
    commit: 'chore: version packages',
    author: releaseBot,
    date: '2026-03-05T12:00:00+01:00',
    files: {
      '.changeset/loud-ants-fail.md': null,
      '.changeset/warm-seals-swim.md': null,
      'packages/cli/package.json': platformPackage('@acme/cli', '0.3.0', { '@acme/core': 'workspace:^' }),
      'packages/cli/CHANGELOG.md': csUpTo('@acme/cli', CLI, '0.3.0'),
    },
  },
  {
    tag: '@acme/cli@0.3.0',
    annotated: { message: '@acme/cli@0.3.0', tagger: releaseBot, date: '2026-03-05T12:05:00+01:00' },
  },

  {
    id: 'p-dark',
    commit: 'feat(web): add a dark mode',
    author: jun,
    date: '2026-04-13T14:00:00+08:00',
    files: {
      'packages/web/src/theme.css': ':root { color-scheme: light dark; }\n',
      '.changeset/dark-owls-hoot.md': changeset({ '@acme/web': 'minor' }, 'Added a dark mode.'),
    },
  },
  {
    id: 'p-listeners',
    commit: 'fix(core): drop listeners that throw instead of crashing the bus\n\nCloses #36',
    author: helga,
    date: '2026-04-14T09:00:00+02:00',
    files: {
      'packages/core/src/bus.ts':
        'type Listener = (event: unknown) => void;\nexport function createBus() {\n  const listeners = new Set<Listener>();\n  const emit = (e: unknown) => listeners.forEach((l) => {\n    try {\n      l(e);\n    } catch {\n      listeners.delete(l);\n    }\n  });\n  return { on: (l: Listener) => listeners.add(l), emit };\n}\n',
      '.changeset/odd-bats-sleep.md': changeset(
        { '@acme/core': 'patch' },
        'A listener that throws is removed instead of crashing the bus.',
      ),
    },
  },
  {
    commit: 'chore: version packages',
    author: releaseBot,
    date: '2026-04-20T12:00:00+02:00',
    files: {
      '.changeset/dark-owls-hoot.md': null,
      '.changeset/odd-bats-sleep.md': null,
      'packages/core/package.json': platformPackage('@acme/core', '1.1.1'),
      'packages/core/CHANGELOG.md': csUpTo('@acme/core', CORE, '1.1.1'),
      'packages/web/package.json': platformPackage('@acme/web', '0.2.0'),
      'packages/web/CHANGELOG.md': csUpTo('@acme/web', WEB, '0.2.0'),
    },
  },
  {
    tag: '@acme/core@1.1.1',
    annotated: { message: '@acme/core@1.1.1', tagger: releaseBot, date: '2026-04-20T12:05:00+02:00' },
  },
  {
    tag: '@acme/web@0.2.0',
    annotated: { message: '@acme/web@0.2.0', tagger: releaseBot, date: '2026-04-20T12:05:00+02:00' },
  },
  // A tag that matches core's pattern but names a file, not a commit (git.git has such a tag,
  // for a public key): the harvest reports it once as skipped.
  {
    tag: '@acme/core@9.9.9',
    target: 'blob:packages/core/package.json',
    annotated: {
      message: 'The package.json that shipped with @acme/core 1.1.1',
      tagger: helga,
      date: '2026-04-21T09:00:00+02:00',
    },
  },

  // core 2.0.0, with a prerelease first (changesets "pre" mode)
  {
    id: 'p-async',
    commit:
      'feat(core)!: make the event bus async\n\nBREAKING CHANGE: `bus.emit()` returns a Promise that settles when every\nlistener has run. Add `await` where the order of side effects matters.',
    author: helga,
    date: '2026-05-18T10:00:00+02:00',
    files: {
      'packages/core/src/bus.ts':
        'type Listener = (event: unknown) => void | Promise<void>;\nexport function createBus() {\n  const listeners = new Set<Listener>();\n  const emit = async (e: unknown) => {\n    await Promise.allSettled([...listeners].map((l) => l(e)));\n  };\n  return { on: (l: Listener) => listeners.add(l), emit };\n}\n',
      'packages/cli/src/deploy.ts':
        "export async function deploy(environment: string): Promise<void> {\n  console.log(`deploying to ${environment}`);\n  await Promise.resolve();\n  process.exitCode = 0;\n}\nprocess.on('unhandledRejection', () => {\n  process.exitCode = 1;\n});\n",
      '.changeset/big-waves-crash.md': changeset(
        { '@acme/core': 'major', '@acme/cli': 'minor' },
        'The event bus is async: `bus.emit()` returns a Promise that settles when every listener has run.\nAdd `await` where the order of side effects matters.',
      ),
    },
  },
  {
    id: 'p-progress',
    commit: 'feat(cli): show a progress bar for long deploys',
    author: ivan,
    date: '2026-05-19T15:30:00+02:00',
    files: {
      'packages/cli/src/progress.ts':
        "export const bar = (done: number, total: number) => '#'.repeat(Math.round((done / total) * 20)).padEnd(20, '.');\n",
      '.changeset/fast-ducks-fly.md': changeset(
        { '@acme/cli': 'minor' },
        'Long deploys show a progress bar.',
      ),
    },
  },
  {
    commit: 'chore: version packages (next)',
    author: releaseBot,
    date: '2026-05-20T12:00:00+02:00',
    files: {
      '.changeset/pre.json': packageJson({
        mode: 'pre',
        tag: 'next',
        initialVersions: { '@acme/core': '1.1.1' },
        changesets: ['big-waves-crash'],
      }),
      'packages/core/package.json': platformPackage('@acme/core', '2.0.0-next.0'),
      'packages/core/CHANGELOG.md': csUpTo('@acme/core', CORE, '2.0.0-next.0'),
    },
  },
  {
    tag: '@acme/core@2.0.0-next.0',
    annotated: { message: '@acme/core@2.0.0-next.0', tagger: releaseBot, date: '2026-05-20T12:05:00+02:00' },
  },
  {
    commit: 'docs(core): add a migration guide for the async bus',
    author: helga,
    date: '2026-06-01T16:00:00+02:00',
    files: {
      'packages/core/MIGRATING.md':
        '# Migrating to @acme/core 2\n\n`bus.emit()` is async now:\n\n    await bus.emit(event);\n',
    },
  },
  {
    commit: 'chore: version packages',
    author: releaseBot,
    date: '2026-06-08T12:00:00+02:00',
    files: {
      '.changeset/pre.json': null,
      '.changeset/big-waves-crash.md': null,
      '.changeset/fast-ducks-fly.md': null,
      'packages/core/package.json': platformPackage('@acme/core', '2.0.0'),
      'packages/core/CHANGELOG.md': csUpTo('@acme/core', CORE, '2.0.0'),
      'packages/cli/package.json': platformPackage('@acme/cli', '0.4.0', { '@acme/core': 'workspace:^' }),
      'packages/cli/CHANGELOG.md': csUpTo('@acme/cli', CLI, '0.4.0'),
    },
  },
  {
    tag: '@acme/core@2.0.0',
    annotated: { message: '@acme/core@2.0.0', tagger: releaseBot, date: '2026-06-08T12:05:00+02:00' },
  },
  {
    tag: '@acme/cli@0.4.0',
    annotated: { message: '@acme/cli@0.4.0', tagger: releaseBot, date: '2026-06-08T12:05:00+02:00' },
  },

  {
    id: 'p-history',
    commit: 'feat(web): show the deploy history of each environment',
    author: jun,
    date: '2026-07-06T11:00:00+08:00',
    files: {
      'packages/web/src/history.ts':
        'export function History(props: { environment: string }) {\n  return `<section aria-label="${props.environment} history"></section>`;\n}\n',
      '.changeset/new-pens-write.md': changeset(
        { '@acme/web': 'minor' },
        'Each environment shows its deploy history.',
      ),
    },
  },
  {
    id: 'p-a11y',
    commit: 'fix(web): announce dashboard updates to screen readers',
    author: jun,
    date: '2026-07-07T15:00:00+08:00',
    files: {
      'packages/web/src/dashboard.ts':
        'export function Dashboard() {\n  return \'<main aria-live="polite">status</main>\';\n}\n',
      '.changeset/kind-eels-talk.md': changeset(
        { '@acme/web': 'patch' },
        'Dashboard updates are announced to screen readers.',
      ),
    },
  },
  {
    commit: 'chore: version packages',
    author: releaseBot,
    date: '2026-07-13T12:00:00+02:00',
    files: {
      '.changeset/new-pens-write.md': null,
      '.changeset/kind-eels-talk.md': null,
      'packages/web/package.json': platformPackage('@acme/web', '0.3.0'),
      'packages/web/CHANGELOG.md': csUpTo('@acme/web', WEB, '0.3.0'),
    },
  },
  {
    tag: '@acme/web@0.3.0',
    annotated: { message: '@acme/web@0.3.0', tagger: releaseBot, date: '2026-07-13T12:05:00+02:00' },
  },

  // Unreleased
  {
    commit: 'feat(core): add bus.once()',
    author: helga,
    date: '2026-09-14T10:00:00+02:00',
    files: {
      'packages/core/src/once.ts':
        "import type { createBus } from './bus.ts';\nexport function once(bus: ReturnType<typeof createBus>, l: (e: unknown) => void) {\n  let done = false;\n  bus.on((e) => {\n    if (!done) {\n      done = true;\n      l(e);\n    }\n  });\n}\n",
      '.changeset/lazy-cows-moo.md': changeset({ '@acme/core': 'minor' }, 'Added `bus.once()`.'),
    },
  },
  {
    commit: 'fix(web): use the German date format for de-DE',
    author: jun,
    date: '2026-09-15T09:30:00+08:00',
    files: {
      'packages/web/src/date.ts':
        "export const formatDate = (d: Date, locale: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(d);\n",
      '.changeset/pink-geese-honk.md': changeset(
        { '@acme/web': 'patch' },
        'Dates use the German format for de-DE.',
      ),
    },
  },
  {
    commit: 'chore: update the Node.js version in CI',
    author: ivan,
    date: '2026-10-05T08:30:00+02:00',
    files: {
      '.github/workflows/ci.yml':
        'on: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n        with: { node-version: 24 }\n',
    },
  },
];

/** The demo repositories: directory name → steps. */
export const DEMO_REPOS: Record<'acme-sdk' | 'acme-api' | 'acme-platform', () => Step[]> = {
  'acme-sdk': sdkSteps,
  'acme-api': apiSteps,
  'acme-platform': platformSteps,
};
