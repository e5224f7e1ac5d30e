// The chrome every page shares (src/layouts/Base.astro): the site's title, logo, accent and nav,
// and the link every view model uses. Pages hold only getStaticPaths and markup; view models are
// plain data computed from the portal.
import { formatDateTime, type DateView } from '../render/format.ts';
import type { Portal } from '../model/portal.ts';
import { themeCss, toThemeView } from '../render/theme.ts';

export interface LinkView {
  text: string;
  url: string;
}

export interface NavItem {
  text: string;
  url: string;
  /** Which paths count as "here" for `aria-current`; the first item also owns `/projects/`. */
  section: 'projects' | 'calendar' | 'search' | 'feed';
}

export interface LayoutView {
  siteTitle: string;
  homeUrl: string;
  faviconUrl: string;
  apiUrl: string;
  harvested: DateView;
  audience: Portal['audience'];
  nav: NavItem[];
  /** The portal's Atom feed, offered on every page. */
  feedUrl: string;
  /** site.json `logo`: a file harvest copied into the site's assets/, or an https URL. */
  logoUrl: string | null;
  /** The `<style>` rule for site.json `accent`, or null for the stylesheet's default. */
  themeCss: string | null;
}

export function toLayoutView(portal: Portal): LayoutView {
  const links = portal.paths;
  const { logo, accent } = portal.site;
  const theme = toThemeView(accent ?? null);
  return {
    siteTitle: portal.site.title,
    homeUrl: portal.paths.home,
    faviconUrl: portal.paths.favicon,
    apiUrl: portal.paths.apiIndex,
    harvested: formatDateTime(portal.site.harvestedAt, portal.site.timezone),
    audience: portal.audience,
    nav: [
      { text: 'Projects', url: links.projects, section: 'projects' },
      { text: 'Calendar', url: links.calendar, section: 'calendar' },
      { text: 'Search', url: links.search, section: 'search' },
      { text: 'Feed', url: links.feed, section: 'feed' },
    ],
    feedUrl: links.feed,
    logoUrl: toLogoUrl(logo ?? null, portal.paths.home),
    themeCss: theme && themeCss(theme),
  };
}

/** SiteSchema allows `assets/logo.<ext>` (served below the site's base) or an https URL. */
export function toLogoUrl(logo: string | null, root: string): string | null {
  if (logo === null) return null;
  if (/^assets\/logo\.[a-z]+$/.test(logo)) return `${root}${logo}`;
  try {
    return new URL(logo).protocol === 'https:' ? logo : null;
  } catch {
    return null;
  }
}

/** The nav item a page belongs to, from its path: the home page and project pages are "Projects". */
export function currentNav(
  nav: readonly NavItem[],
  pathname: string,
  root: string,
): NavItem['section'] | null {
  const rel = pathname.startsWith(root) ? pathname.slice(root.length) : pathname.replace(/^\//, '');
  if (rel === '' || rel === 'index.html' || rel.startsWith('projects/')) return 'projects';
  for (const item of nav) {
    if (
      item.section !== 'projects' &&
      item.url.startsWith(root) &&
      rel.startsWith(item.url.slice(root.length))
    )
      return item.section;
  }
  return null;
}
