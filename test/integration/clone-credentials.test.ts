// A clone URL with credentials (`https://oauth2:TOKEN@forge/…`, what CI templates hand out): the
// harvest clones and fetches with them, and they are never stored: not in the mirror's config in
// `.waybill-cache/repos/`, not in the data folder, not in a message. Served here by git's own
// smart-HTTP server (git http-backend) behind Basic authentication, on a loopback port.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRepo, gitEnv } from '../../src/demo/git-builder.ts';
import { mirrorName, splitCredentials } from '../../src/harvest/repos.ts';
import { files } from '../helpers/site.ts';

const cli = new URL('../../scripts/waybill.ts', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'waybill-credentials-'));
const TOKEN = 's3cret-T0ken';
const USER = 'oauth2';
let server: Server;
let base: string;
/** Requests the server saw: method, path, and whether they carried the right credentials. */
const seen: { path: string; auth: 'none' | 'good' | 'bad' }[] = [];

/** `git http-backend` as a CGI program, for one request. */
function serveGit(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  const child = spawn('git', ['http-backend'], {
    env: {
      ...process.env,
      GIT_PROJECT_ROOT: join(dir, 'srv'),
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      REMOTE_USER: USER,
      REMOTE_ADDR: '127.0.0.1',
    },
  });
  req.pipe(child.stdin);
  const out: Buffer[] = [];
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.on('close', () => {
    const all = Buffer.concat(out);
    const split = all.indexOf('\r\n\r\n');
    const head = all.subarray(0, split).toString('utf8').split('\r\n');
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of head) {
      const [k, ...v] = line.split(':');
      if (k!.toLowerCase() === 'status') status = Number(v.join(':').trim().split(' ')[0]);
      else headers[k!] = v.join(':').trim();
    }
    res.writeHead(status, headers).end(all.subarray(split + 4));
  });
}

/** `waybill harvest` in a child process; asynchronous, since this process is the git server. */
function harvest(repo: string, data = 'data'): Promise<{ code: number | null; all: string }> {
  writeFileSync(
    join(dir, 'waybill.config.json'),
    JSON.stringify({ projects: [{ id: 'lib', name: 'Lib', repo }] }),
  );
  const child = spawn(process.execPath, [cli, 'harvest', '--data', data], {
    cwd: dir,
    env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: '1795000000' },
  });
  let all = '';
  child.stdout.on('data', (c: Buffer) => (all += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (all += c.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, all })));
}

/** Every file under the harvest's mirror cache and data folder, as text. */
const stored = () =>
  [join(dir, '.waybill-cache'), join(dir, 'data')]
    .filter(existsSync)
    .flatMap((d) =>
      Object.entries(files(d)).map(([name, bytes]) => [name, bytes.toString('latin1')] as const),
    );

beforeAll(async () => {
  await buildRepo(join(dir, 'work'), [
    { commit: 'feat: first', files: { a: '1\n' } },
    { tag: 'v1.0.0' },
    { commit: 'fix: second', files: { a: '2\n' } },
    { tag: 'v1.1.0' },
  ]);
  const git = (args: string[], cwd = dir) => {
    const r = spawnSync('git', args, { cwd, env: gitEnv(), encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  git(['clone', '--quiet', '--bare', join(dir, 'work'), join(dir, 'srv', 'lib.git')]);
  server = createServer((req, res) => {
    const header = req.headers.authorization ?? '';
    const good = `Basic ${Buffer.from(`${USER}:${TOKEN}`).toString('base64')}`;
    const auth = header === '' ? 'none' : header === good ? 'good' : 'bad';
    seen.push({ path: req.url ?? '', auth });
    if (auth !== 'good') {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="forge"' }).end('authentication required\n');
      return;
    }
    serveGit(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});

afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a clone URL with credentials', () => {
  it('splits into the URL git may keep and the credentials it may not', () => {
    expect(splitCredentials('https://oauth2:tok%40en@forge.example/acme/api.git')).toEqual({
      url: 'https://forge.example/acme/api.git',
      credentials: { username: 'oauth2', password: 'tok@en' },
    });
    expect(splitCredentials('https://ghp_token@github.com/acme/api.git')).toEqual({
      url: 'https://github.com/acme/api.git',
      credentials: { username: 'ghp_token', password: '' },
    });
    // ssh names the account in the URL: it stays (a password there never worked).
    expect(splitCredentials('ssh://git:pw@forge.example/acme/api.git')).toEqual({
      url: 'ssh://git@forge.example/acme/api.git',
      credentials: null,
    });
    expect(splitCredentials('git@forge.example:acme/api.git').credentials).toBeNull();
  });

  it('clones with them, and stores them nowhere: not in the mirror config, not in the data folder', async () => {
    const r = await harvest(`${base.replace('http://', `http://${USER}:${TOKEN}@`)}/lib.git`);
    expect(r.code, r.all).toBe(0);
    expect(r.all).toContain('lib: 2 releases');
    expect(r.all).not.toContain(TOKEN);
    expect(seen.some((s) => s.auth === 'good')).toBe(true);
    const mirrors = readdirSync(join(dir, '.waybill-cache', 'repos')).filter((n) => n.endsWith('.git'));
    expect(mirrors).toEqual([mirrorName(`${base}/lib.git`)]);
    const config = readFileSync(join(dir, '.waybill-cache', 'repos', mirrors[0]!, 'config'), 'utf8');
    expect(config).toContain(`url = ${base}/lib.git`);
    const leaks = stored().filter(([, text]) => text.includes(TOKEN) || text.includes(`${USER}:`));
    expect(leaks.map(([name]) => name)).toEqual([]);
  });

  it('fetches with them on the next harvest (the mirror alone could not: the server wants them)', async () => {
    spawnSync('git', ['tag', 'v1.2.0', 'v1.1.0'], { cwd: join(dir, 'srv', 'lib.git'), env: gitEnv() });
    const before = seen.length;
    const r = await harvest(`${base.replace('http://', `http://${USER}:${TOKEN}@`)}/lib.git`);
    expect(r.code, r.all).toBe(0);
    expect(r.all).toContain('lib: 3 releases');
    expect(seen.slice(before).some((s) => s.auth === 'good')).toBe(true);
    expect(
      stored()
        .filter(([, text]) => text.includes(TOKEN))
        .map(([name]) => name),
    ).toEqual([]);
    // Without credentials the same mirror cannot fetch: they were not kept anywhere git looks.
    const without = await harvest(`${base}/lib.git`, 'data-without');
    expect(without.code).toBe(1);
    expect(without.all).toContain(`could not fetch ${base}/lib.git`);
  });

  it('removes a mirror an earlier waybill cloned with the credentials in its config', async () => {
    const full = `${base.replace('http://', `http://${USER}:${TOKEN}@`)}/lib.git`;
    const old = join(dir, '.waybill-cache', 'repos', mirrorName(full));
    const clone = await new Promise<number | null>((resolve) =>
      spawn('git', ['clone', '--quiet', '--mirror', full, old], { env: gitEnv(), stdio: 'ignore' }).on(
        'close',
        resolve,
      ),
    );
    expect(clone).toBe(0);
    expect(readFileSync(join(old, 'config'), 'utf8')).toContain(TOKEN);
    const r = await harvest(full);
    expect(r.code, r.all).toBe(0);
    expect(existsSync(old)).toBe(false);
    expect(
      stored()
        .filter(([, text]) => text.includes(TOKEN))
        .map(([name]) => name),
    ).toEqual([]);
  });

  it('a wrong token fails with exit 1, naming the URL without it', async () => {
    const r = await harvest(
      `${base.replace('http://', `http://${USER}:wrong-${TOKEN}@`)}/lib.git`,
      'data-wrong',
    );
    expect(r.code).toBe(1);
    expect(r.all).toContain(`could not fetch ${base}/lib.git`);
    expect(r.all).not.toContain(TOKEN);
    expect(seen.some((s) => s.auth === 'bad')).toBe(true);
  });
});
