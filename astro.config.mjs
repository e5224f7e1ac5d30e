// @ts-check
// The site is plain HTML, one stylesheet, and a few small scripts of our own (search, the upgrade
// pickers, the calendar's project filter), all served as files. The CLI calls
// `build({ root, outDir, site })` from 'astro' with WAYBILL_DATA and WAYBILL_AUDIENCE set; inline
// options override this file. Data comes in through src/content.config.ts.
import { defineConfig } from 'astro/config';

export default defineConfig({
  build: {
    // `/projects/api/1.2.0/index.html`, so every page URL ends in "/" (PRODUCT.md routes).
    format: 'directory',
    // One cached stylesheet for every page instead of a copy inlined into each.
    inlineStylesheets: 'never',
  },
  vite: {
    build: {
      // Never inline a script into a page: every script is a file under /_astro/, so a page's only
      // inline <script> is data (type="application/json"), which is what the tests and a strict
      // Content-Security-Policy (script-src 'self') can rely on.
      assetsInlineLimit: 0,
    },
  },
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
});
