// `npm run screenshots`: takes the screenshots in docs/ again from the bundled demo. It builds the
// demo for both audiences with the command line (as `npm run build` does, with SOURCE_DATE_EPOCH
// pinned so the pages are the same on every machine), serves each build on a loopback port, and
// photographs the pages below in Debian's Chromium (/usr/bin/chromium; nothing downloads a
// browser). Run it after a change to what these pages show, and review the images before
// committing them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
/** 19 November 2026, the "now" of the browser tests' builds. */
const EPOCH = '1795000000';

interface Shot {
  /** The image, relative to the repository. */
  file: string;
  audience: 'public' | 'internal';
  path: string;
  width: number;
  height: number;
  /** Dark colour scheme instead of light. */
  dark?: boolean;
}

const SHOTS: Shot[] = [
  {
    file: 'docs/release-page.png',
    audience: 'public',
    path: '/projects/sdk/2.0.0/',
    width: 1280,
    height: 1400,
  },
  {
    file: 'docs/upgrade-page.png',
    audience: 'public',
    path: '/projects/sdk/upgrade/?from=1.2.0&to=2.1.0',
    width: 1280,
    height: 1400,
  },
  {
    file: 'docs/release-page-phone.png',
    audience: 'public',
    path: '/projects/sdk/2.0.0/',
    width: 390,
    height: 844,
    dark: true,
  },
  {
    file: 'docs/audit-changes.png',
    audience: 'internal',
    path: '/audit/changes/',
    width: 1280,
    height: 1000,
  },
];

if (!existsSync(CHROMIUM)) {
  console.error(`screenshots: Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`);
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'waybill-screenshots-'));
const servers: Server[] = [];
try {
  const sites = new Map<Shot['audience'], string>();
  for (const audience of new Set(SHOTS.map((s) => s.audience))) {
    const out = join(tmp, audience);
    console.log(`screenshots: building the ${audience} demo`);
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'scripts/waybill.ts'),
        'build',
        '--out',
        out,
        '--data',
        `${out}-data`,
        '--audience',
        audience,
      ],
      {
        cwd: tmp,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, CI: 'true', SOURCE_DATE_EPOCH: EPOCH },
      },
    );
    if (r.status !== 0) throw new Error(`waybill build --audience ${audience} failed (exit ${r.status})`);
    sites.set(audience, await serve(out));
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    for (const shot of SHOTS) {
      const context = await browser.newContext({
        viewport: { width: shot.width, height: shot.height },
        colorScheme: shot.dark ? 'dark' : 'light',
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      const response = await page.goto(sites.get(shot.audience)! + shot.path, { waitUntil: 'networkidle' });
      if (!response?.ok()) throw new Error(`${shot.path}: HTTP ${response?.status()}`);
      await page.screenshot({ path: join(ROOT, shot.file) });
      console.log(`screenshots: ${shot.file} (${shot.audience} ${shot.path} at ${shot.width} px)`);
      await context.close();
    }
  } finally {
    await browser.close();
  }
} finally {
  for (const s of servers) s.close();
  rmSync(tmp, { recursive: true, force: true });
}

/** A static file server for a built site on a free loopback port; resolves to its base URL. */
function serve(root: string): Promise<string> {
  const types: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.css': 'text/css',
    '.js': 'text/javascript',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
  };
  const server = createServer((req, res) => {
    let file = join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(root) || !existsSync(file)) return void res.writeHead(404).end();
    res
      .writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' })
      .end(readFileSync(file));
  });
  servers.push(server);
  return new Promise((done) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      done(`http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`);
    }),
  );
}
