// @ts-check
// The site is plain HTML and one stylesheet: no client JavaScript, no integrations. The CLI calls
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
  trailingSlash: 'ignore',
  devToolbar: { enabled: false },
});
