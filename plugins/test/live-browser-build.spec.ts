import { describe, expect, it } from 'vitest';
import { buildBrowserScript } from '../src/browser/build';

describe('buildBrowserScript', () => {
  it('bundles the drop-in script into one small, self-contained IIFE', async () => {
    const js = await buildBrowserScript();
    expect(js.length).toBeGreaterThan(10_000); // socket.io-client is in it
    expect(js.length).toBeLessThan(80 * 1024);
    expect(js).toMatch(/^("use strict";)?\(\(\)=>\{/);
    expect(js.trimEnd().endsWith('})();')).toBe(true);
    // No module syntax or leftover requires: it runs as a classic <script>.
    expect(js).not.toMatch(/(^|[;}\s])import\s*[\w{*"']/);
    expect(js).not.toMatch(/\bexport\s*[{*]|\brequire\(/);
    // The fail-closed style and the pieces it promises.
    expect(js).toContain('visibility:hidden!important');
    expect(js).toContain('"data-likeness-ok"');
    expect(js).toContain('/api/v1/status/batch');
    expect(js).toContain('/socket.io');
    expect(js).toContain('Likeness');
    // It does not pull in the node-only debug build or openapi-fetch.
    expect(js).not.toContain('DEBUG');
    expect(js).not.toContain('querySerializer');
  });
});
