// `npm run check`: Astro's generated types (astro:content, import.meta.env) need `astro sync`,
// which loads the content collections, so it syncs against the sample data folder, then runs tsc.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run([join(root, 'node_modules/astro/bin/astro.mjs'), 'sync'], {
  WAYBILL_DATA: join(root, 'test/fixtures/sample-data'),
});
run([join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root]);
