// Runs before `npm start`, `npm test` and `npm run build` (as pre-scripts), with whatever Node the
// machine has (Node 20 on a fresh machine): installs the locked dependencies when node_modules is
// missing or older than package-lock.json, so each of those commands works alone on a fresh clone.
// Plain JavaScript on purpose: it must run before the Node 24 devDependency exists.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const lock = join(root, 'package-lock.json');
const stamp = join(root, 'node_modules', '.waybill-lock.sha256');
const want = createHash('sha256').update(readFileSync(lock)).digest('hex');
const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (have === want && existsSync(join(root, 'node_modules', 'node', 'bin'))) process.exit(0);

console.log(
  have
    ? 'waybill: package-lock.json changed; installing the locked dependencies…'
    : 'waybill: installing the locked dependencies (first run)…',
);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (args, quiet = false) => {
  const r = spawnSync(npm, args, { cwd: root, stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' });
  if (quiet && r.status !== 0) {
    const lines = `${r.stdout}${r.stderr}`.split('\n');
    const why =
      lines.find((l) => /Missing:/.test(l)) ?? lines.find((l) => /^npm error /.test(l)) ?? `exit ${r.status}`;
    console.log(`waybill: npm ci refused (${why.replace(/^npm error /, '').trim()}); using npm install`);
  }
  return r.status === 0;
};
// `npm ci` is the exact install. Some registry mirrors lack the other platforms' optional
// binaries (@pagefind/darwin-*, @astrojs/compiler-binding-*), which makes `npm ci` refuse a lock
// file without them; `npm install` then installs the same locked versions for this platform.
if (
  !run(['ci', '--no-audit', '--no-fund'], true) &&
  !run(['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error'])
) {
  console.error("waybill: installing dependencies failed; see npm's messages above.");
  process.exit(1);
}
writeFileSync(stamp, want + '\n');
