import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as IoServer } from 'socket.io';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveStatus } from '../src/live/live-status';

/*
 * The drop-in script (src/browser/likeness-live.ts) run in Node against a real HTTP + socket.io server, with a
 * minimal fake DOM (no jsdom here). The fake delivers MutationObserver records like a browser does (every
 * setAttribute, and removeAttribute of a present attribute), so feedback loops would show up.
 */
const A = '00000000-0000-4000-8000-0000000000a1';
const B = '00000000-0000-4000-8000-0000000000b2';
const C = '00000000-0000-4000-8000-0000000000c3';
const D = '00000000-0000-4000-8000-0000000000d4';
const F = '00000000-0000-4000-8000-0000000000f6';
const APPROVED = { status: 'approved', approved: true, visible: true, approvedUntil: null };
const WITHDRAWN = { status: 'withdrawn', approved: false, visible: false, approvedUntil: null };

type Record = { type: 'childList'; target: FakeElement; addedNodes: FakeElement[] } | { type: 'attributes'; target: FakeElement; attributeName: string };
let observer: { callback: (records: Record[]) => void; filter: string[] } | null = null;
let pending: Record[] = [];
let delivered = 0;

function queue(record: Record): void {
  if (!observer || (record.type === 'attributes' && !observer.filter.includes(record.attributeName))) return;
  // Browsers deliver in a microtask; a macrotask here lets a feedback loop fail the test instead of hanging it.
  if (pending.length === 0) setImmediate(() => {
    const records = pending;
    pending = [];
    delivered += records.length;
    observer?.callback(records);
  });
  pending.push(record);
}

class FakeElement {
  readonly attrs = new Map<string, string>();
  readonly children: FakeElement[] = [];
  parent: FakeElement | null = null;
  textContent = '';
  constructor(
    readonly tagName: string,
    attrs: { [name: string]: string } = {},
    children: FakeElement[] = [],
  ) {
    for (const [k, v] of Object.entries(attrs)) this.attrs.set(k, v);
    for (const c of children) this.adopt(c);
  }
  getAttribute(name: string) {
    return this.attrs.get(name) ?? null;
  }
  hasAttribute(name: string) {
    return this.attrs.has(name);
  }
  setAttribute(name: string, value: string) {
    this.attrs.set(name, String(value));
    queue({ type: 'attributes', target: this, attributeName: name });
  }
  removeAttribute(name: string) {
    if (this.attrs.delete(name)) queue({ type: 'attributes', target: this, attributeName: name });
  }
  appendChild(child: FakeElement) {
    this.adopt(child);
    queue({ type: 'childList', target: this, addedNodes: [child] });
    return child;
  }
  get isConnected(): boolean {
    return this.parent ? this.parent.isConnected : this.tagName === 'HTML';
  }
  /** Supports what the script asks: `[attr]`, `[attr="value"]`, and `img, source`. */
  querySelectorAll(selector: string): FakeElement[] {
    const all: FakeElement[] = [];
    const walk = (el: FakeElement) => el.children.forEach((c) => (all.push(c), walk(c)));
    walk(this);
    return all.filter((el) => el.matches(selector));
  }
  matches(selector: string): boolean {
    if (selector === 'img, source') return this.tagName === 'IMG' || this.tagName === 'SOURCE';
    const m = /^\[([\w-]+)(?:="(.*)")?\]$/.exec(selector);
    if (!m) throw new Error(`fake DOM: unsupported selector ${selector}`);
    return m[2] === undefined ? this.hasAttribute(m[1]!) : this.getAttribute(m[1]!) === m[2];
  }
  closest(selector: string): FakeElement | null {
    return this.matches(selector) ? this : (this.parent?.closest(selector) ?? null);
  }
  private adopt(child: FakeElement) {
    child.parent = this;
    this.children.push(child);
  }
}

class FakeVideo extends FakeElement {
  paused = false;
  loads = 0;
  constructor(attrs: { [name: string]: string }, children: FakeElement[] = []) {
    super('VIDEO', attrs, children);
  }
  pause() {
    this.paused = true;
  }
  load() {
    this.loads++;
  }
}

const el = (tag: string, attrs: { [name: string]: string } = {}, children: FakeElement[] = []) => new FakeElement(tag, attrs, children);

async function fakeCore() {
  const statuses = new Map<string, object>();
  const batchCalls: string[][] = [];
  const server = http.createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const { channel, assetIds } = JSON.parse(raw) as { channel: string; assetIds: string[] };
    batchCalls.push(assetIds);
    const items = assetIds.map((assetId) => ({ assetId, ...(statuses.get(assetId) ?? { status: 'unknown', approved: false, visible: false, approvedUntil: null }), reasons: [] }));
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ channel, evaluatedAt: new Date().toISOString(), items }));
  });
  const io = new IoServer(server, { path: '/socket.io' });
  let seq = 0;
  io.of('/live').on('connection', (socket) => socket.emit('hello', { seq, resumed: false, channel: null }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    statuses,
    batchCalls,
    publish(assetId: string, s: typeof APPROVED) {
      statuses.set(assetId, s);
      io.of('/live').emit('status', { type: 'asset.status.changed', seq: ++seq, id: `e${seq}`, at: new Date().toISOString(), assetId, channel: 'web', oldStatus: null, newStatus: s.status, approved: s.approved, visible: s.visible, approvedUntil: null, reasons: [] });
    },
    connected: () => io.of('/live').sockets.size,
    close: () => new Promise<void>((r) => io.close(() => r())),
  };
}

/** Loads the script into a fresh fake page and returns what it exposes. */
async function loadPage(body: FakeElement, scriptAttrs: { [name: string]: string }) {
  const head = el('HEAD');
  const html = el('HTML', {}, [head, body]);
  const document = {
    currentScript: Object.assign(el('SCRIPT', scriptAttrs), { src: 'https://cdn.invalid/live/likeness.js' }),
    head,
    documentElement: html,
    createElement: (tag: string) => el(tag.toUpperCase()),
    querySelectorAll: (s: string) => html.querySelectorAll(s),
  };
  const win: { Likeness?: { live: LiveStatus; refresh(): Promise<void> } } = {};
  vi.stubGlobal('document', document);
  vi.stubGlobal('window', win);
  vi.stubGlobal('location', { origin: 'https://host.invalid' });
  vi.stubGlobal('CSS', { escape: (s: string) => s });
  vi.stubGlobal('Element', FakeElement);
  vi.stubGlobal('HTMLVideoElement', FakeVideo);
  vi.stubGlobal(
    'MutationObserver',
    class {
      constructor(private readonly cb: (records: Record[]) => void) {}
      observe(_target: unknown, options: { attributeFilter: string[] }) {
        observer = { callback: this.cb, filter: options.attributeFilter };
      }
    },
  );
  vi.resetModules();
  await import('../src/browser/likeness-live');
  cleanup.push(() => win.Likeness?.live.close());
  return { head, win };
}

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
  vi.unstubAllGlobals();
  observer = null;
  pending = [];
  delivered = 0;
});

const until = (fn: () => void) => vi.waitFor(fn, { timeout: 2000, interval: 5 });

describe('the drop-in browser script', () => {
  it('hides everything marked until known, then shows only what is visible, and follows live changes', async () => {
    const core = await fakeCore();
    cleanup.push(core.close);
    core.statuses.set(A, APPROVED);
    core.statuses.set(D, APPROVED);
    core.statuses.set(F, APPROVED);
    core.statuses.set(B, WITHDRAWN);
    const imgA = el('IMG', { 'data-likeness-asset': A, src: '/a.jpg', srcset: '/a.jpg 1x, /a2.jpg 2x' });
    const imgB = el('IMG', { 'data-likeness-asset': B, src: '/b.jpg' });
    const pictureC = el('PICTURE', { 'data-likeness-asset': C }, [el('SOURCE', { srcset: '/c.webp' }), el('IMG', { src: '/c.jpg' })]);
    const videoD = new FakeVideo({ 'data-likeness-asset': D, src: '/d.mp4', poster: '/d.jpg' });
    const divA = el('DIV', { 'data-likeness-asset': A });
    const body = el('BODY', {}, [imgA, imgB, pictureC, videoD, divA]);
    const { head, win } = await loadPage(body, { 'data-key': 'lk_pub', 'data-server': core.baseUrl });

    // Fail-closed at once: the style is in, nothing is marked visible yet.
    expect(head.children[0]?.textContent).toBe('[data-likeness-asset]:not([data-likeness-ok]):not([data-likeness-placeholder]){visibility:hidden!important}');
    expect(body.querySelectorAll('[data-likeness-ok]')).toEqual([]);

    await until(() => expect(imgB.getAttribute('data-likeness-hidden-src')).toBe('/b.jpg'));
    await until(() => expect(imgA.hasAttribute('data-likeness-ok')).toBe(true));
    expect(imgA.getAttribute('src')).toBe('/a.jpg');
    expect(imgA.getAttribute('srcset')).toBe('/a.jpg 1x, /a2.jpg 2x');
    expect(divA.hasAttribute('data-likeness-ok')).toBe(true);
    expect(videoD.hasAttribute('data-likeness-ok')).toBe(true);
    expect(imgB.hasAttribute('src')).toBe(false);
    expect(imgB.hasAttribute('data-likeness-ok')).toBe(false);
    // Unknown on the server: hidden, and the picture's sources do not load.
    expect(pictureC.hasAttribute('data-likeness-ok')).toBe(false);
    expect(pictureC.children.map((c) => [c.getAttribute('src'), c.getAttribute('srcset'), c.getAttribute('data-likeness-hidden-src') ?? c.getAttribute('data-likeness-hidden-srcset')])).toEqual([
      [null, null, '/c.webp'],
      [null, null, '/c.jpg'],
    ]);
    expect(core.batchCalls.flat().sort()).toEqual([A, B, C, D].sort()); // A once, for both elements
    expect(win.Likeness?.live.isVisible(A)).toBe(true);

    // Live: a withdrawal hides at once (video paused and unloaded); an approval restores.
    await until(() => expect(win.Likeness?.live.connected).toBe(true));
    core.publish(D, WITHDRAWN);
    core.publish(B, APPROVED);
    await until(() => expect(videoD.hasAttribute('data-likeness-ok')).toBe(false));
    expect(videoD.paused).toBe(true);
    expect(videoD.loads).toBe(1);
    expect([videoD.getAttribute('src'), videoD.getAttribute('poster')]).toEqual([null, null]);
    await until(() => expect(imgB.hasAttribute('data-likeness-ok')).toBe(true));
    expect(imgB.getAttribute('src')).toBe('/b.jpg');
    expect(imgB.hasAttribute('data-likeness-hidden-src')).toBe(false);

    // Added later, and a lazy loader setting src on something hidden.
    const imgF = el('IMG', { 'data-likeness-asset': F, src: '/f.jpg' });
    body.appendChild(imgF);
    await until(() => expect(imgF.hasAttribute('data-likeness-ok')).toBe(true));
    pictureC.children[1]!.setAttribute('src', '/c-lazy.jpg');
    await until(() => expect(pictureC.children[1]!.getAttribute('data-likeness-hidden-src')).toBe('/c-lazy.jpg'));
    expect(pictureC.children[1]!.hasAttribute('src')).toBe(false);
    await new Promise((r) => setTimeout(r, 30));
    expect(delivered).toBeLessThan(60); // no feedback loop between the script and its observer
  });

  it('placeholder mode swaps hidden images for a neutral placeholder and restores them', async () => {
    const core = await fakeCore();
    cleanup.push(core.close);
    core.statuses.set(A, WITHDRAWN);
    const imgA = el('IMG', { 'data-likeness-asset': A, src: '/a.jpg' });
    const body = el('BODY', {}, [imgA]);
    const { win } = await loadPage(body, { 'data-key': 'lk_pub', 'data-server': core.baseUrl, 'data-mode': 'placeholder', 'data-channel': 'web' });
    await until(() => expect(imgA.getAttribute('src')).toMatch(/^data:image\/svg\+xml,/));
    expect(imgA.hasAttribute('data-likeness-placeholder')).toBe(true);
    expect(imgA.hasAttribute('data-likeness-ok')).toBe(false);
    expect(imgA.getAttribute('data-likeness-hidden-src')).toBe('/a.jpg');
    await until(() => expect(win.Likeness?.live.connected).toBe(true));
    const before = delivered;
    await new Promise((r) => setTimeout(r, 30));
    expect(delivered - before).toBe(0); // settled: the placeholder does not re-trigger the observer forever
    core.publish(A, APPROVED);
    await until(() => expect(imgA.getAttribute('src')).toBe('/a.jpg'));
    expect(imgA.hasAttribute('data-likeness-placeholder')).toBe(false);
    expect(imgA.hasAttribute('data-likeness-ok')).toBe(true);
  });
});
