#!/usr/bin/env node
// `npx waybill`: checks the Node version before anything else is loaded, because Astro 7 (and so
// waybill) needs Node 22.12 or newer, and on an older Node the import below would fail with a
// stack trace instead of a sentence. Plain JavaScript that any Node can parse.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `waybill needs Node.js 22.12 or newer (for Astro 7), but this is Node.js ${process.versions.node}: ` +
      'install Node 22.12+ (e.g. `nvm install 24`), or add it to this project with `npm install --save-dev node@24` and run `npx waybill` again.\n',
  );
  process.exit(1);
}
await import('../build/cli/entry.js');
