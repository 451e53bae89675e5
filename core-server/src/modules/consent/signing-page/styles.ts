/**
 * The signing pages' stylesheet: mobile first, system fonts, WCAG AA contrast (text ≥ 4.5:1, large text and
 * controls ≥ 3:1), visible focus, at least 44 px touch targets, respects reduced motion and dark mode.
 */
export const SIGN_CSS = `
:root {
  --bg: #f4f6f8; --card: #ffffff; --ink: #1b1f24; --muted: #515a64; --line: #d5dbe1;
  --accent: #0b5cab; --accent-ink: #ffffff; --accent-soft: #e8f1fb; --danger: #b42318; --danger-soft: #fdecea; --danger-ink: #ffffff;
  --ok: #1a7f37; --ok-soft: #e7f5ec; --focus: #0b5cab; --radius: 14px;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1216; --card: #181c22; --ink: #e8ecf1; --muted: #a9b3be; --line: #2d343d;
    --accent: #6cb4ff; --accent-ink: #06213d; --accent-soft: #16263a; --danger: #ff8a80; --danger-soft: #3a1d1b; --danger-ink: #2a0a08;
    --ok: #6fdc8c; --ok-soft: #16301f; --focus: #9ccbff;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 17px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
a { color: var(--accent); text-underline-offset: 2px; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 6px; }
.skip { position: absolute; left: -999px; top: 8px; background: var(--card); padding: 8px 12px; z-index: 10; }
.skip:focus { left: 8px; }
.top { background: var(--card); border-bottom: 1px solid var(--line); }
.top-inner { max-width: 680px; margin: 0 auto; padding: 12px 18px; display: flex; align-items: center; justify-content: space-between; gap: 12px; min-height: 56px; }
.org { font-weight: 700; font-size: 1rem; display: flex; align-items: center; gap: 10px; min-width: 0; }
.org-mark { flex: none; width: 32px; height: 32px; border-radius: 9px; background: var(--accent); color: var(--accent-ink); display: grid; place-items: center; font-weight: 800; font-size: 0.95rem; }
.org-name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.lang { font-size: 0.95rem; padding: 10px 4px; min-height: 44px; display: inline-flex; align-items: center; font-weight: 600; }
main { max-width: 680px; margin: 0 auto; padding: 18px 14px 40px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 20px 18px; margin: 0 0 14px; }
h1 { font-size: 1.55rem; line-height: 1.25; margin: 0 0 10px; letter-spacing: -0.01em; }
h2 { font-size: 1.15rem; line-height: 1.3; margin: 0 0 12px; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
h4 { font-size: 1rem; margin: 14px 0 4px; }
p { margin: 0 0 12px; }
.muted { color: var(--muted); }
.small { font-size: 0.9rem; }
.eyebrow { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.78rem; font-weight: 700; color: var(--muted); margin: 0 0 6px; }
.doc { border-left: 4px solid var(--accent); border-radius: 4px; padding: 4px 0 4px 16px; margin: 4px 0 0; }
.doc > :first-child { margin-top: 0; }
.doc > :last-child { margin-bottom: 0; }
.doc ul, .doc ol { padding-left: 1.3em; margin: 0 0 12px; }
.doc table { border-collapse: collapse; width: 100%; margin: 0 0 12px; }
.doc th, .doc td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; }
.facts { display: grid; grid-template-columns: minmax(7.5em, auto) 1fr; gap: 6px 14px; margin: 14px 0 0; }
.facts dt { color: var(--muted); font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
@media (max-width: 479px) {
  .facts { grid-template-columns: 1fr; gap: 0; }
  .facts dt { font-size: 0.88rem; }
  .facts dd { margin: 0 0 10px; }
}
.thumbs { display: grid; grid-template-columns: repeat(auto-fill, minmax(96px, 1fr)); gap: 10px; margin: 12px 0 0; padding: 0; list-style: none; }
.thumbs img { width: 100%; height: auto; aspect-ratio: 1; object-fit: cover; border-radius: 10px; border: 1px solid var(--line); display: block; background: var(--bg); }
.field { margin: 0 0 14px; }
.field label, .field .label { display: block; font-weight: 600; margin: 0 0 6px; }
.field .value { margin: 0; padding: 2px 0; overflow-wrap: anywhere; }
.field input, .field textarea {
  width: 100%; font: inherit; color: var(--ink); background: var(--card); border: 1.5px solid #7b8793; border-radius: 10px;
  padding: 11px 12px; min-height: 48px;
}
.field textarea { min-height: 96px; resize: vertical; }
.field input:focus, .field textarea:focus { border-color: var(--accent); }
.code-input { font-size: 1.6rem !important; letter-spacing: 0.35em; text-align: center; font-variant-numeric: tabular-nums; max-width: 14ch; }
.btn {
  display: flex; align-items: center; justify-content: center; gap: 10px; width: 100%; min-height: 52px;
  padding: 12px 18px; border-radius: 12px; border: 1.5px solid var(--accent); background: var(--card); color: var(--accent);
  font: inherit; font-weight: 700; text-decoration: none; cursor: pointer; text-align: center; margin: 0 0 10px;
}
.btn:hover { background: var(--accent-soft); }
.btn-primary { background: var(--accent); color: var(--accent-ink); }
.btn-primary:hover { background: var(--accent); filter: brightness(1.08); }
.btn-quiet { border-color: transparent; background: transparent; font-weight: 600; text-decoration: underline; text-underline-offset: 3px; }
.btn-quiet:hover { background: transparent; }
.btn-danger { border-color: var(--danger); color: var(--danger); }
.btn-danger:hover { background: var(--danger-soft); }
.btn-danger-solid { background: var(--danger); border-color: var(--danger); color: var(--danger-ink); }
.btn-two { flex-direction: column; gap: 2px; }
.btn .sub { font-weight: 500; font-size: 0.92rem; }
.btn-stack { display: flex; flex-direction: column; gap: 0; }
.split { display: grid; grid-template-columns: 1fr; gap: 0 10px; }
@media (min-width: 520px) { .split { grid-template-columns: 1fr 1fr; } }
.or { display: flex; align-items: center; gap: 10px; color: var(--muted); font-size: 0.9rem; margin: 6px 0 14px; }
.or::before, .or::after { content: ""; flex: 1; border-top: 1px solid var(--line); }
.notice { border-radius: 10px; padding: 12px 14px; margin: 0 0 14px; border: 1px solid; }
.notice-error { background: var(--danger-soft); border-color: var(--danger); color: var(--ink); }
.notice-ok { background: var(--ok-soft); border-color: var(--ok); }
.notice-info { background: var(--accent-soft); border-color: var(--accent); }
.state { text-align: center; padding: 32px 20px; }
.state-icon { width: 64px; height: 64px; border-radius: 50%; display: grid; place-items: center; margin: 0 auto 14px; font-size: 2rem; font-weight: 800; }
.mt { margin-top: 16px; }
.state-icon-left { margin: 0 0 12px; }
.state-ok { background: var(--ok-soft); color: var(--ok); }
.state-warn { background: var(--accent-soft); color: var(--accent); }
.state-bad { background: var(--danger-soft); color: var(--danger); }
.bankid-panel { text-align: center; }
.qr { width: 232px; height: 232px; margin: 8px auto 14px; display: grid; place-items: center; background: #fff; border-radius: 12px; border: 1px solid var(--line); padding: 8px; }
.qr img { width: 100%; height: 100%; image-rendering: pixelated; }
.status { min-height: 3.2em; margin: 0 0 14px; font-weight: 600; }
.spinner { width: 28px; height: 28px; border: 3px solid var(--line); border-top-color: var(--accent); border-radius: 50%; margin: 6px auto 12px; animation: spin 0.9s linear infinite; }
@keyframes spin { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .spinner { animation: none; } }
.js-only { display: none; }
html.js .js-only { display: block; }
html.js .no-js { display: none; }
[hidden] { display: none !important; }
footer { max-width: 680px; margin: 0 auto; padding: 0 18px 36px; color: var(--muted); font-size: 0.88rem; text-align: center; }
footer p { margin: 0 0 4px; }
`;
