/** WCAG 2.x contrast maths for #rgb/#rrggbb colours, used by the theme to pick readable text shades. */

type Rgb = [number, number, number];

export function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`Not a #rgb or #rrggbb colour: ${hex}`);
  const hexDigits = m[1] ?? '';
  const digits = hexDigits.length === 3 ? [...hexDigits].map((d) => d + d).join('') : hexDigits;
  const n = parseInt(digits, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex([r, g, b]: Rgb): string {
  return `#${[r, g, b].map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('')}`;
}

/** Relative luminance as WCAG 2.1 defines it. */
export function luminance(hex: string): number {
  const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
  const [r, g, b] = parseHex(hex);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `top` painted with `opacity` over the opaque `bottom`, as the browser composites it. */
export function blend(top: string, opacity: number, bottom: string): string {
  const [tr, tg, tb] = parseHex(top);
  const [br, bg, bb] = parseHex(bottom);
  const mix = (t: number, b: number) => t * opacity + b * (1 - opacity);
  return toHex([mix(tr, br), mix(tg, bg), mix(tb, bb)]);
}

/** Mixes `hex` towards black by `amount` (0–1). */
export function darken(hex: string, amount: number): string {
  const [r, g, b] = parseHex(hex);
  return toHex([r * (1 - amount), g * (1 - amount), b * (1 - amount)]);
}

/**
 * The lightest darkening of `hex` whose contrast reaches `min` against every one of `backgrounds`,
 * so a colour keeps its hue and stays as close to the designed shade as the law allows.
 */
export function readableOn(hex: string, backgrounds: string[], min = 4.5): string {
  for (let step = 0; step <= 100; step++) {
    const candidate = darken(hex, step / 100);
    if (backgrounds.every((bg) => contrastRatio(candidate, bg) >= min)) return candidate;
  }
  return '#000000';
}
