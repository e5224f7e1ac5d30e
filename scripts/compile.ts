// `npm pack` runs this first (prepack): compiles src/ to JavaScript and type declarations in
// build/ (tsconfig.build.json), and copies the files the compiled modules read beside themselves
// (the SPDX JSON schemas, the demo's signing keys). build/ is git-ignored and shipped.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'build');
rmSync(out, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')],
  { cwd: root, stdio: 'inherit' },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
for (const dir of ['harvest/schemas', 'demo/keys'])
  cpSync(join(root, 'src', dir), join(out, dir), {
    recursive: true,
    filter: (f) => !f.endsWith('.md'),
  });
