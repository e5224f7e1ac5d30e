#!/usr/bin/env node
// The waybill command line: `npm run waybill -- <verb>` (see src/cli/main.ts).
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  clock: () => new Date(),
});
