#!/usr/bin/env node
// The waybill command line in a clone: `npm run waybill -- <verb>` (see src/cli/main.ts). Where
// waybill is installed, `npx waybill` runs bin/waybill.js instead.
import '../src/cli/entry.ts';
