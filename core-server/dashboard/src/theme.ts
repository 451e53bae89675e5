import { createTheme, type CSSVariablesResolver, type MantineColorsTuple, type MantineTheme } from '@mantine/core';
import { blend, darken, readableOn } from './lib/contrast';

/** A calm blue that reads as "trustworthy registry" rather than "alarm". */
const brand: MantineColorsTuple = ['#e8f3ff', '#d2e4fc', '#a3c6f4', '#71a6ed', '#488be7', '#2f7ae4', '#2071e3', '#105fca', '#0054b5', '#0048a0'];

/** The page background under the cards (styles.css --lk-page-bg). */
export const PAGE_BG = '#f6f8fb';
const PRIMARY_SHADE = 7;

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: PRIMARY_SHADE,
  colors: { brand },
  defaultRadius: 'md',
  fontFamily: 'Inter, "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '650', sizes: { h1: { fontSize: '1.6rem', lineHeight: '1.25' }, h2: { fontSize: '1.25rem' }, h3: { fontSize: '1.05rem' } } },
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    // Badges read as labels, in the sentence case of their text.
    Badge: { defaultProps: { radius: 'sm' }, styles: { root: { textTransform: 'none' } } },
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'md' } },
    Modal: { defaultProps: { centered: true, overlayProps: { backgroundOpacity: 0.45, blur: 2 } } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 250, multiline: true, maw: 320 } },
    Table: { defaultProps: { verticalSpacing: 'sm', highlightOnHover: true } },
  },
});

/**
 * WCAG 2.1 AA asks 4.5:1 for text. Mantine's stock light scheme paints text in shade 6/7 (dimmed grey,
 * "light" badges and alerts, coloured text), which reaches 2.3–4.4:1 on its own tints. Each text colour
 * is darkened just enough, once, against every surface it is drawn on: white, the page background, the
 * hover grey and (for light variants) the colour's own tint over those.
 */
export function readableColorVariables(t: MantineTheme): Record<string, string> {
  const surfaces = ['#ffffff', PAGE_BG, t.colors.gray[0], t.colors.gray[1]];
  const vars: Record<string, string> = { '--mantine-color-dimmed': readableOn(t.colors.gray[6], surfaces) };
  for (const [name, shades] of Object.entries(t.colors)) {
    if (name === 'dark') continue;
    const base = shades[PRIMARY_SHADE];
    const tints = surfaces.flatMap((s) => [blend(base, 0.1, s), blend(base, 0.12, s)]);
    const text = readableOn(base, surfaces);
    const filled = readableOn(base, [t.white]);
    vars[`--mantine-color-${name}-text`] = text;
    vars[`--mantine-color-${name}-outline`] = text;
    vars[`--mantine-color-${name}-light-color`] = readableOn(base, [...surfaces, ...tints]);
    vars[`--mantine-color-${name}-filled`] = filled;
    vars[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.1);
  }
  return vars;
}

export const cssVariablesResolver: CSSVariablesResolver = (t) => ({ variables: {}, light: readableColorVariables(t), dark: {} });
