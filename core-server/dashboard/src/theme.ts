import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** A calm blue that reads as "trustworthy registry" rather than "alarm". */
const brand: MantineColorsTuple = ['#e8f3ff', '#d2e4fc', '#a3c6f4', '#71a6ed', '#488be7', '#2f7ae4', '#2071e3', '#105fca', '#0054b5', '#0048a0'];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: 7,
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
