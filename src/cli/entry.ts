// The process around the command line: arguments, streams, the clock and the exit code. Run by
// scripts/waybill.ts in a clone (TypeScript) and by bin/waybill.js where waybill is installed
// (compiled to build/cli/entry.js).
import { main } from './main.ts';

// A reader that stops early (`waybill verify | head -1`) closes the pipe: stop quietly, as a
// command in a pipeline does, instead of dying with a stack on the next write.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  clock: () => new Date(),
});
