import { DEFAULT_THEME, mergeMantineTheme } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { blend, contrastRatio, darken, readableOn } from '../dashboard/src/lib/contrast';
import { PAGE_BG, readableColorVariables, theme } from '../dashboard/src/theme';

describe('WCAG contrast maths', () => {
  it('gives the ratios WCAG defines', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#fff')).toBe(1);
    // #767676 is the lightest grey that passes AA on white; #777777 is the first that fails.
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(4.5);
    // Mantine's stock teal light badge, as axe measured it on the demo organisation.
    expect(contrastRatio('#0ca678', '#e7f6f2')).toBeCloseTo(2.8, 1);
  });

  it('composites a tint the way the browser does', () => {
    expect(blend('#0ca678', 0.1, '#ffffff')).toBe('#e7f6f2');
    expect(blend('#000000', 0.5, '#ffffff')).toBe('#808080');
  });

  it('darkens just enough to reach the ratio on every surface', () => {
    const surfaces = ['#ffffff', '#f1f3f5'];
    const picked = readableOn('#868e96', surfaces);
    for (const s of surfaces) expect(contrastRatio(picked, s)).toBeGreaterThanOrEqual(4.5);
    // Just enough: the worst surface sits right above the threshold, not at black.
    expect(Math.min(...surfaces.map((s) => contrastRatio(picked, s)))).toBeLessThan(4.8);
    expect(surfaces.some((s) => contrastRatio(darken(picked, -0.02), s) < 4.5)).toBe(true);
    expect(readableOn('#101113', surfaces)).toBe('#101113');
    expect(() => readableOn('red', surfaces)).toThrow(/colour/);
  });
});

describe('dashboard theme', () => {
  const merged = mergeMantineTheme(DEFAULT_THEME, theme);
  const vars = readableColorVariables(merged);
  const v = (name: string) => {
    const value = vars[name];
    if (!value) throw new Error(`theme sets no ${name}`);
    return value;
  };
  const surfaces = ['#ffffff', PAGE_BG, merged.colors.gray[0], merged.colors.gray[1]];

  it('makes dimmed text readable on every surface', () => {
    for (const s of surfaces) expect(contrastRatio(v('--mantine-color-dimmed'), s)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(Object.keys(merged.colors).filter((c) => c !== 'dark'))('makes %s text readable on its light tint, on white and under white text', (name) => {
    const base = merged.colors[name]?.[7] ?? '';
    for (const s of surfaces) {
      expect(contrastRatio(v(`--mantine-color-${name}-light-color`), blend(base, 0.12, s))).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(v(`--mantine-color-${name}-text`), s)).toBeGreaterThanOrEqual(4.5);
    }
    expect(contrastRatio('#ffffff', v(`--mantine-color-${name}-filled`))).toBeGreaterThanOrEqual(4.5);
  });
});
