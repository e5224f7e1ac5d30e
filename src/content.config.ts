// The harvested data folder as content collections. Each loader validates every file with
// the record's schema from src/schemas and fails the build with the file, field and fix on bad
// input (src/lib/model/data-loader.ts). Pages read them through src/lib/model/data.ts, never directly.
import { defineCollection } from 'astro:content';
import { waybillLoader } from './lib/model/data-loader.ts';

export const collections = {
  /** `site.json`: one entry, id `site`. */
  site: defineCollection({ loader: waybillLoader('site') }),
  /** `projects/<id>.json`, id `<id>`. */
  projects: defineCollection({ loader: waybillLoader('projects') }),
  /** `releases/<project>/<slug>.json`, id `<project>/<slug>`. */
  releases: defineCollection({ loader: waybillLoader('releases') }),
  /** `next/<project>.json`, id `<project>`. */
  next: defineCollection({ loader: waybillLoader('next') }),
  /**
   * `sboms/<project>/<slug>.json`, id `<project>/<slug>`: a release's bill of materials, accepted
   * or rejected. The original document beside each (`<slug>.original.json`) is not an entry; the
   * loader checks it against the record's SHA-256, and the site serves it for download.
   */
  sboms: defineCollection({ loader: waybillLoader('sboms') }),
  /**
   * `deployments.json`: one entry, id `deployments`, or none when the folder has no such file.
   * Internal audience only: for the public audience the loader reads nothing (src/lib/model/data-loader.ts).
   */
  deployments: defineCollection({ loader: waybillLoader('deployments') }),
  /** `freezes.json`: one entry, id `freezes`, or none. Freezes are not deployment data: both audiences read them. */
  freezes: defineCollection({ loader: waybillLoader('freezes') }),
  /** `planned.json`: one entry, id `planned`, data `{ items }` (the file is an array), or none. */
  planned: defineCollection({ loader: waybillLoader('planned') }),
  /** `groups.json`: one entry, id `groups`, data `{ items }` (the file is an array), or none. */
  groups: defineCollection({ loader: waybillLoader('groups') }),
  /**
   * `evidence/<project>/<slug>.json` (id `<project>/<slug>`) and the records kept when a tag moved
   * or vanished, `archive/<project>/<slug>/<commit>.evidence.json` (id `<project>/<slug>@<commit>`).
   * Internal audience only. Data: `{ record, sha256, archived }`.
   */
  evidence: defineCollection({ loader: waybillLoader('evidence') }),
  /** `audit.jsonl`: one entry, id `audit`, data `{ events }`, checked like `waybill verify`. Internal only. */
  audit: defineCollection({ loader: waybillLoader('audit') }),
};
