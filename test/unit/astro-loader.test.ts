// `waybill/loader`'s waybillReleases(): an Astro content loader over a harvested data folder, as
// a site outside waybill uses it. Typed with the data folder's own schema, its notes rendered and
// sanitized, and loud about every way the folder can be wrong.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReleaseSchema, waybillReleases } from '../../src/loader/index.ts';
import { editJson } from '../helpers/data-folder.ts';

const SAMPLE = resolve(import.meta.dirname, '../fixtures/sample-data');

let site: string;
beforeEach(() => {
  site = mkdtempSync(join(tmpdir(), 'waybill-astro-site-'));
  cpSync(SAMPLE, join(site, 'content/data'), { recursive: true });
});
afterEach(() => rmSync(site, { recursive: true, force: true }));

interface Entry {
  id: string;
  data: Record<string, unknown>;
  digest?: string;
  filePath?: string;
  rendered?: { html: string };
}

/** A stand-in for Astro's LoaderContext: a Map-backed store, the site's root, a logger that keeps warnings. */
function context(root: string) {
  const entries = new Map<string, Entry>();
  const warnings: string[] = [];
  let writes = 0;
  const ctx = {
    collection: 'releases',
    store: {
      get: (id: string) => entries.get(id),
      set: (entry: Entry) => {
        writes++;
        entries.set(entry.id, entry);
        return true;
      },
      keys: () => [...entries.keys()],
      delete: (id: string) => entries.delete(id),
    },
    meta: new Map(),
    logger: { info() {}, warn: (m: string) => warnings.push(m), error() {}, debug() {} },
    config: { root: pathToFileURL(root + '/') },
    parseData: async () => {
      throw new Error('the loader validates with the schema itself');
    },
    generateDigest: (data: string) => String(data.length) + ':' + data.slice(-64),
  };
  return { ctx: ctx as never, entries, warnings, writes: () => writes };
}

const failure = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the load to fail');
};

describe('waybillReleases', () => {
  it('gives every release of the data folder (content/data by default), ids <project>/<slug>, with the data folder’s schema', async () => {
    const { ctx, entries } = context(site);
    const loader = waybillReleases();
    expect(loader.schema).toBe(ReleaseSchema);
    await loader.load(ctx);
    expect([...entries.keys()].sort()).toEqual([
      'api/1.0.0',
      'api/1.1.0',
      'api/1.1.0-rc.1',
      'api/1.2.0_build.5',
      'web/1.2',
      'web/1.3rc1',
    ]);
    const entry = entries.get('api/1.1.0')!;
    expect(ReleaseSchema.parse(entry.data)).toEqual(entry.data);
    expect(entry.filePath).toBe('content/data/releases/api/1.1.0.json');
  });

  it('with `project`, gives that project’s releases with the version slug as id', async () => {
    const { ctx, entries } = context(site);
    await waybillReleases({ data: join(site, 'content/data'), project: 'web' }).load(ctx);
    expect([...entries.keys()].sort()).toEqual(['1.2', '1.3rc1']);
  });

  it('renders the notes the portal shows, sanitized, for render(entry)', async () => {
    editJson(join(site, 'content/data'), 'releases/api/1.1.0.json', (r) => {
      r.notes.best = 'changelog';
      r.notes.changelog =
        '### Fixed\n\n- Totals <img src=x onerror=alert(1)> [click](javascript:alert(1)) by erin@acme.example\n';
    });
    const { ctx, entries } = context(site);
    await waybillReleases({ project: 'api' }).load(ctx);
    const html = entries.get('1.1.0')!.rendered!.html;
    expect(html).toContain('<h2>Fixed</h2>');
    // The tag is text, the link has no javascript: URL, the address is hidden.
    expect(html).toContain('Totals &#x3C;img src=x onerror=alert(1)> <a>click</a> by [email hidden]');
    expect(html).not.toMatch(/<img|href="javascript:|erin@acme\.example/);
  });

  it('skips unchanged files on the next load and forgets deleted ones', async () => {
    const { ctx, entries, writes } = context(site);
    const loader = waybillReleases({ project: 'api' });
    await loader.load(ctx);
    await loader.load(ctx);
    expect(writes()).toBe(4);
    rmSync(join(site, 'content/data/releases/api/1.0.0.json'));
    editJson(join(site, 'content/data'), 'projects/api.json', (p) => (p.releaseCount = 3));
    await loader.load(ctx);
    expect(entries.has('1.0.0')).toBe(false);
  });

  it('fails with where it looked and how to write it when there is no data folder', async () => {
    const message = await failure(waybillReleases({ data: 'releases-data' }).load(context(site).ctx));
    expect(message).toBe(
      `waybillReleases: no data folder at ${join(site, 'releases-data')} (the "data" option of waybillReleases(), "releases-data", relative to ${site}).\n` +
        'Run `npx waybill harvest` (in the folder of waybill.config.json) to write the data folder, and point the `data` option of waybillReleases() at it.',
    );
  });

  it('fails naming the projects there are when `project` is not one of them', async () => {
    const message = await failure(waybillReleases({ project: 'apii' }).load(context(site).ctx));
    expect(message).toContain(
      `the data folder ${join(site, 'content/data')} has no project "apii" (it has "api", "web")`,
    );
  });

  it('fails with the file and the field on a bad release file, never an empty collection', async () => {
    editJson(join(site, 'content/data'), 'releases/web/1.2.json', (r) => (r.commit = 'abc'));
    const message = await failure(waybillReleases().load(context(site).ctx));
    expect(message).toContain(`invalid data in ${join(site, 'content/data/releases/web/1.2.json')}`);
    expect(message).toContain('at /commit: expected a string matching');
  });

  it('says in the build log when a project has no releases yet', async () => {
    rmSync(join(site, 'content/data/releases/web'), { recursive: true });
    const { ctx, entries, warnings } = context(site);
    await waybillReleases({ project: 'web' }).load(ctx);
    expect(entries.size).toBe(0);
    expect(warnings).toEqual([
      `web has no releases in ${join(site, 'content/data')} yet (no tag matched its pattern)`,
    ]);
  });

  it('checks its options when the content config is loaded', () => {
    expect(() => waybillReleases({ projects: 'api' } as never)).toThrow(
      'waybillReleases(options): no option "projects" (the options are "data" and "project")',
    );
    expect(() => waybillReleases({ project: 'API' })).toThrow(/"project" must be a project id/);
  });
});
