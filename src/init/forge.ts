// `waybill init`: the forge a repository lives on, from its `origin` remote, and the commit,
// compare and issue links of the project's pages. Pure.

export type ForgeKind = 'github' | 'gitlab' | 'bitbucket' | 'gitea';

export interface Remote {
  /** The web address of the repository, without credentials or `.git`: `https://github.com/acme/api`. */
  web: string;
  host: string;
  /** `acme/api`, or `group/subgroup/api` on GitLab. */
  path: string;
}

/**
 * A clone URL as a web address: `https://user:token@host/acme/api.git`, `git@host:acme/api.git`,
 * `ssh://git@host:2222/acme/api.git` and `git://host/acme/api` all give `https://host/acme/api`
 * (an ssh port is not the web server's, so it is dropped; an https port is kept). Credentials are
 * never kept. Null for a local path or anything that is not a URL of a host.
 */
export function parseRemote(url: string): Remote | null {
  const trimmed = url.trim();
  let host: string;
  let path: string;
  const scp = /^(?:[^@/\s]+@)?([A-Za-z0-9.-]+):(?!\/\/)(.+)$/.exec(trimmed);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    let u: URL;
    try {
      u = new URL(trimmed);
    } catch {
      return null;
    }
    if (!['https:', 'http:', 'ssh:', 'git:', 'git+ssh:', 'ssh+git:'].includes(u.protocol)) return null;
    const web = u.protocol === 'https:' || u.protocol === 'http:';
    host = web && u.port ? `${u.hostname}:${u.port}` : u.hostname;
    path = decodeURIComponent(u.pathname);
  } else if (scp && !/^[A-Za-z]$/.test(scp[1]!)) {
    // `git@host:owner/repo.git` (scp-like syntax); a one-letter "host" is a Windows drive.
    host = scp[1]!;
    path = scp[2]!;
  } else return null;
  path = path
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  if (!host || !path.includes('/')) return null;
  return { web: `https://${host}/${path}`, host, path };
}

/** Which forge a host runs, by its well-known name; null when the name does not say. */
export function forgeOf(host: string): ForgeKind | null {
  const name = host.toLowerCase().replace(/:\d+$/, '');
  if (name === 'github.com' || name.endsWith('.github.com') || /(^|\.)github\./.test(name)) return 'github';
  if (name === 'bitbucket.org' || /(^|\.)bitbucket\./.test(name)) return 'bitbucket';
  if (/(^|[.-])gitlab([.-]|$)/.test(name)) return 'gitlab';
  if (name === 'codeberg.org' || /(^|[.-])(gitea|forgejo)([.-]|$)/.test(name)) return 'gitea';
  return null;
}

export interface ProjectLinks {
  commit: string;
  compare: string;
  issue: string;
}

/**
 * The project links (config `links`: `{hash}`, `{from}` and `{to}` tag names, `{id}`) as each
 * forge spells its pages. Bitbucket's compare page takes the newer ref first, separated by `%0D`.
 */
export function forgeLinks(kind: ForgeKind, web: string): ProjectLinks {
  switch (kind) {
    case 'github':
    case 'gitea':
      return {
        commit: `${web}/commit/{hash}`,
        compare: `${web}/compare/{from}...{to}`,
        issue: `${web}/issues/{id}`,
      };
    case 'gitlab':
      return {
        commit: `${web}/-/commit/{hash}`,
        compare: `${web}/-/compare/{from}...{to}`,
        issue: `${web}/-/issues/{id}`,
      };
    case 'bitbucket':
      return {
        commit: `${web}/commits/{hash}`,
        compare: `${web}/branches/compare/{to}%0D{from}`,
        issue: `${web}/issues/{id}`,
      };
  }
}

export const FORGE_NAMES: Record<ForgeKind, string> = {
  github: 'GitHub',
  gitlab: 'GitLab',
  bitbucket: 'Bitbucket',
  gitea: 'Gitea/Forgejo',
};
