// The configured accent colour, kept readable: text uses a shade that reaches 4.5:1 on each scheme's background.
import { describe, expect, it } from 'vitest';
import {
  contrastRatio,
  DARK_BACKGROUND,
  LIGHT_BACKGROUND,
  parseHex,
  readableOn,
  themeCss,
  toThemeView,
} from '../../src/lib/render/theme.ts';

describe('accent theme', () => {
  it('parses the hex forms site.json allows', () => {
    expect(parseHex('#0E7C7B')).toEqual([14, 124, 123]);
    expect(parseHex('#abc')).toEqual([170, 187, 204]);
    expect(parseHex('red')).toBeNull();
    expect(parseHex('#0e7c7b;}body{display:none')).toBeNull();
  });

  it('computes WCAG contrast', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('keeps a dark accent for light text as is, and adjusts a pale one until it reads at 4.5:1 in both schemes', () => {
    expect(readableOn('#0b5cad', LIGHT_BACKGROUND)).toBe('#0b5cad');
    for (const accent of ['#ffcc00', '#0e7c7b', '#000080', '#ff69b4', '#ffffff', '#000000']) {
      const t = toThemeView(accent)!;
      expect(contrastRatio(t.textLight, LIGHT_BACKGROUND), accent).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(t.textDark, DARK_BACKGROUND), accent).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('writes only colours it made itself into the stylesheet', () => {
    expect(toThemeView(null)).toBeNull();
    expect(toThemeView('not a colour')).toBeNull();
    const css = themeCss(toThemeView('#FC0')!);
    expect(css).toMatch(/^html:root\{--accent:#ffcc00;--accent-text:#[0-9a-f]{6}\}/);
    expect(css).not.toMatch(/[<>"']/);
  });
});
