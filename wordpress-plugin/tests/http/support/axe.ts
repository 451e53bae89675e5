/**
 * axe-core (pinned in package.json) injected into a page or the editor-canvas iframe, run on the Likeness UI
 * at WCAG 2.0/2.1 A and AA. Runs are scoped to the Likeness elements: WordPress core's own screens are not
 * ours to fix. Each violation is reported by rule, impact and element, so a failure names what broke.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame } from 'playwright-core';

const source = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export async function axeViolations(frame: Frame, selector: string): Promise<string[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(source);
  return frame.evaluate(
    async ({ selector, tags }) => {
      const axe = (window as any).axe;
      if (!document.querySelector(selector)) return [`nothing matches ${selector}`];
      const result = await axe.run(selector, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.flatMap((v: any) => v.nodes.map((n: any) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim()}`));
    },
    { selector, tags: WCAG_TAGS },
  );
}

/**
 * The rules WordPress core's own UI on the page breaks, outside the Likeness elements: not ours to fix, and
 * the reason the checks above are scoped. Printed by the tests so that the scoping stays an explained choice.
 */
export async function coreViolations(frame: Frame, likeness: string): Promise<string[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(source);
  return frame.evaluate(
    async ({ likeness, tags }) => {
      const axe = (window as any).axe;
      const result = await axe.run({ exclude: likeness.split(',').map((s: string) => [s.trim()]) }, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v: any) => `${v.id} ×${v.nodes.length}`);
    },
    { likeness, tags: WCAG_TAGS },
  );
}
