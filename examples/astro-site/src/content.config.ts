// The releases a `waybill harvest` wrote, as a content collection (docs/astro-loader.md in the
// waybill package). Run the harvest first: `npx waybill harvest --data content/data` in the folder
// of waybill.config.json. WAYBILL_DATA lets CI point at the folder it harvested into.
import { defineCollection } from 'astro:content';
import { waybillReleases } from 'waybill/loader';

export const collections = {
  releases: defineCollection({
    loader: waybillReleases({ data: process.env.WAYBILL_DATA ?? 'content/data' }),
  }),
};
