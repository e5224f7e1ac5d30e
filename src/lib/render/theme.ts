// The portal's accent colour (site.json `accent`) as CSS custom properties. The configured colour
// is used as given where it only decorates (the header rule, the logo mark); where it colours text
// (links, focus rings) it is darkened on the light background and lightened on the dark one until
// it reaches WCAG's 4.5:1, so a pale brand colour cannot make links unreadable.
// https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio

/** Page backgrounds of src/styles/site.css, light and dark: keep them in step. */
export const LIGHT_BACKGROUND = '#ffffff';
export const DARK_BACKGROUND = '#14161a';
export const MIN_CONTRAST = 4.5;
/** Thin light text on a dark page reads dimmer than the ratio says; aim a little higher there. */
export const DARK_CONTRAST = 5.5;

type Rgb = [number, number, number];

/** `#abc` or `#aabbcc` (site.json's pattern); null for anything else. */
export function parseHex(hex: string): Rgb | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: string, b: string): number {
  const la = luminance(parseHex(a)!);
  const lb = luminance(parseHex(b)!);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** The colour mixed towards black (or white) in small steps until it reaches `min` against `background`. */
export function readableOn(color: string, background: string, min = MIN_CONTRAST): string {
  const rgb = parseHex(color)!;
  const towards: Rgb = luminance(parseHex(background)!) > 0.5 ? [0, 0, 0] : [255, 255, 255];
  for (let step = 0; step <= 20; step++) {
    const t = step / 20;
    const mixed = toHex(rgb.map((c, i) => c + (towards[i]! - c) * t) as Rgb);
    if (contrastRatio(mixed, background) >= min) return mixed;
  }
  return toHex(towards);
}

export interface ThemeView {
  /** As configured (lower-cased, six digits). */
  accent: string;
  /** For text on the light background. */
  textLight: string;
  /** For text on the dark background. */
  textDark: string;
}

/** The theme for a configured accent, or null to keep the stylesheet's default. */
export function toThemeView(accent: string | null): ThemeView | null {
  if (accent === null) return null;
  const rgb = parseHex(accent);
  if (!rgb) return null;
  const hex = toHex(rgb);
  return {
    accent: hex,
    textLight: readableOn(hex, LIGHT_BACKGROUND),
    textDark: readableOn(hex, DARK_BACKGROUND, DARK_CONTRAST),
  };
}

/**
 * The rule the layout puts in `<head>`. Every value is a `#rrggbb` this module made from a parsed
 * colour, so nothing from the data folder reaches the stylesheet as written. `html:root` outranks
 * the stylesheet's `:root` whichever comes first in `<head>` (Astro puts its `<link>` last).
 */
export function themeCss(theme: ThemeView): string {
  return (
    `html:root{--accent:${theme.accent};--accent-text:${theme.textLight}}` +
    `@media (prefers-color-scheme:dark){html:root{--accent-text:${theme.textDark}}}` +
    `@media print{html:root{--accent-text:${theme.textLight}}}`
  );
}
