/*
 * Drop-in browser script, served by the core-server at /live/likeness.js:
 *
 *   <script src="https://likeness.example.se/live/likeness.js" data-key="lk_pub_…" data-channel="web"></script>
 *
 * Every element with `data-likeness-asset="<id>"` stays hidden until the server says it may be shown, and is
 * hidden again the moment consent is withdrawn, a lease ends or the status can no longer be confirmed.
 */
import { LiveStatus } from '../live/live-status';

const ATTR = 'data-likeness-asset';
const OK = 'data-likeness-ok';
const PLACEHOLDER_MARK = 'data-likeness-placeholder';
const STASH = 'data-likeness-hidden-';
const MEDIA_ATTRS = ['src', 'srcset', 'poster'] as const;
const PLACEHOLDER =
  'data:image/svg+xml,' +
  encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3"><rect width="4" height="3" fill="#d9d9d9"/></svg>');

declare global {
  interface Window {
    Likeness?: { live: LiveStatus; refresh(): Promise<void> };
  }
}

const script = document.currentScript as HTMLScriptElement | null;
const apiKey = script?.getAttribute('data-key') || undefined;
const channel = script?.getAttribute('data-channel') || 'web';
const baseUrl = script?.getAttribute('data-server') || (script?.src ? new URL(script.src).origin : location.origin);
const placeholderMode = script?.getAttribute('data-mode') === 'placeholder';

// Fail closed before anything else: nothing marked is shown until it is known to be visible.
const style = document.createElement('style');
style.textContent = `[${ATTR}]:not([${OK}]):not([${PLACEHOLDER_MARK}]){visibility:hidden!important}`;
(document.head ?? document.documentElement).appendChild(style);

// Without a key, the browser session's cookie authenticates (fetch and socket send credentials).
const live = new LiveStatus({ baseUrl, apiKey, channel });

/** The elements whose media attributes carry the asset: itself, and for picture/video their img/source children. */
function mediaTargets(el: Element): Element[] {
  const tag = el.tagName;
  if (tag === 'IMG' || tag === 'SOURCE') return [el];
  if (tag === 'PICTURE' || tag === 'VIDEO') return [el, ...Array.from(el.querySelectorAll('img, source'))];
  return [];
}

function hide(el: Element): void {
  el.removeAttribute(OK);
  let stashed = false;
  for (const target of mediaTargets(el)) {
    for (const name of MEDIA_ATTRS) {
      const value = target.getAttribute(name);
      if (value === null || value === PLACEHOLDER) continue;
      target.setAttribute(STASH + name, value);
      target.removeAttribute(name);
      stashed = true;
    }
    const slot = target.tagName === 'IMG' ? 'src' : target.tagName === 'VIDEO' ? 'poster' : null;
    // Set only when different: every write is a mutation the observer would see again.
    if (placeholderMode && slot && target.getAttribute(slot) !== PLACEHOLDER) target.setAttribute(slot, PLACEHOLDER);
  }
  if (el instanceof HTMLVideoElement) {
    el.pause();
    if (stashed) el.load(); // drop what was already buffered
  }
  if (placeholderMode && mediaTargets(el).length > 0) el.setAttribute(PLACEHOLDER_MARK, '');
}

function show(el: Element): void {
  let restored = false;
  for (const target of mediaTargets(el)) {
    for (const name of MEDIA_ATTRS) {
      const value = target.getAttribute(STASH + name);
      if (value !== null) {
        target.setAttribute(name, value);
        target.removeAttribute(STASH + name);
        restored = true;
      } else if (target.getAttribute(name) === PLACEHOLDER) target.removeAttribute(name);
    }
  }
  if (restored && el instanceof HTMLVideoElement) el.load();
  el.removeAttribute(PLACEHOLDER_MARK);
  el.setAttribute(OK, '');
}

/** Shows or hides one element. Ids still being fetched stay hidden by the style only, unless `settled`. */
function apply(el: Element, settled = false): void {
  const id = el.getAttribute(ATTR);
  if (!id) return;
  const state = live.get(id);
  if (state.visible) show(el);
  else if (state.known || settled) hide(el);
  else el.removeAttribute(OK);
}

function marked(root: ParentNode | Element): Element[] {
  const found = Array.from(root.querySelectorAll(`[${ATTR}]`));
  if (root instanceof Element && root.hasAttribute(ATTR)) found.unshift(root);
  return found;
}

function scan(root: ParentNode | Element): Promise<void> {
  const elements = marked(root);
  if (elements.length === 0) return Promise.resolve();
  elements.forEach((el) => apply(el));
  const ids = elements.map((el) => el.getAttribute(ATTR) ?? '').filter(Boolean);
  const settle = () => elements.forEach((el) => el.isConnected && apply(el, true));
  return live.track(ids).then(settle, settle);
}

live.on('change', ({ assetId }) => {
  document.querySelectorAll(`[${ATTR}="${CSS.escape(assetId)}"]`).forEach((el) => apply(el, true));
});

new MutationObserver((mutations) => {
  for (const m of mutations) {
    if (m.type === 'childList') {
      m.addedNodes.forEach((node) => node instanceof Element && void scan(node));
    } else if (m.target instanceof Element) {
      // A new id, or a lazy loader setting src on something hidden: decide again.
      const el = m.attributeName === ATTR ? m.target : m.target.closest(`[${ATTR}]`);
      if (el) void scan(el);
    }
  }
}).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: [ATTR, ...MEDIA_ATTRS] });

live.connect();
void scan(document);

window.Likeness = {
  live,
  refresh: () => live.refresh().then(() => scan(document)),
};
