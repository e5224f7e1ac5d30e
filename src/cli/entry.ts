// The process around the command line: arguments, streams, the clock and the exit code. Run by
// scripts/waybill.ts in a clone (TypeScript) and by bin/waybill.js where waybill is installed
// (compiled to build/cli/entry.js).
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  clock: () => new Date(),
});
