/**
 * The only script of the signing pages (served from /sign/static/sign.js; CSP allows nothing inline).
 * It runs BankID: start the order, then once a second fetch the status and the next animated QR code
 * (computed on the server), show BankID's message for each hint code, offer cancel and retry.
 * Signing with a code works without it. What it sends and reads is declared once, as zod schemas, in
 * forms.ts (BankIdStartBody, BankIdStarted, BankIdPollAnswer); the server parses and checks both ways.
 */
export const SIGN_JS = String.raw`(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var form = document.getElementById('sign-form');
  var panel = document.getElementById('bankid-panel');
  if (!form || !panel) return;
  var rfa = JSON.parse(document.getElementById('bankid-messages').textContent);
  var base = form.getAttribute('data-base');
  var sections = document.querySelectorAll('[data-hide-during-bankid]');
  var statusEl = document.getElementById('bankid-status');
  var qrBox = document.getElementById('bankid-qr');
  var qrImg = document.getElementById('bankid-qr-img');
  var openApp = document.getElementById('bankid-open');
  var spinner = document.getElementById('bankid-spinner');
  var cancelBtn = document.getElementById('bankid-cancel');
  var retryBtn = document.getElementById('bankid-retry');
  var errorBox = document.getElementById('bankid-error');
  var orderId = null, timer = null, sameDevice = false, stopped = false;

  function say(key) { statusEl.textContent = rfa[key] || rfa.RFA21; }
  function showPanel(on) {
    panel.hidden = !on;
    for (var i = 0; i < sections.length; i++) sections[i].hidden = on;
    if (on) { window.scrollTo(0, 0); panel.focus(); }
  }
  function reset() {
    stopped = true; orderId = null; clearTimeout(timer);
    qrBox.hidden = true; openApp.hidden = true; retryBtn.hidden = true; errorBox.hidden = true;
    spinner.hidden = false; cancelBtn.hidden = false;
  }
  function fail(key) {
    stopped = true; clearTimeout(timer);
    spinner.hidden = true; qrBox.hidden = true; openApp.hidden = true; cancelBtn.hidden = true;
    errorBox.textContent = rfa[key] || rfa.RFA22; errorBox.hidden = false; retryBtn.hidden = false;
    statusEl.textContent = '';
    retryBtn.focus();
  }

  form.addEventListener('submit', function (e) {
    var b = e.submitter;
    if (!b || !b.hasAttribute('data-bankid')) return;
    e.preventDefault();
    sameDevice = b.getAttribute('data-bankid') === 'same';
    start();
  });

  function details() {
    var out = {};
    ['name', 'email', 'phone'].forEach(function (k) { var el = form.elements.namedItem(k); if (el) out[k] = el.value; });
    return out;
  }

  function start() {
    reset(); stopped = false; showPanel(true);
    say(sameDevice ? 'RFA13' : 'RFA1');
    fetch(base + '/bankid', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ sameDevice: sameDevice, lang: form.elements.namedItem('lang').value, textHash: form.elements.namedItem('textHash').value, details: details() })
    }).then(function (res) {
      return res.json().then(function (body) { return { ok: res.ok, body: body }; });
    }).then(function (r) {
      if (!r.ok) {
        if (r.body && r.body.error && (r.body.error.code === 'validation_failed' || r.body.error.code === 'conflict')) { reset(); showPanel(false); var fe = document.getElementById('form-error'); fe.textContent = r.body.error.message; fe.hidden = false; fe.focus(); return; }
        return fail((r.body && r.body.error && r.body.error.details && r.body.error.details.message) || 'RFA22');
      }
      orderId = r.body.orderId;
      if (r.body.autoStartUrl) {
        openApp.href = r.body.autoStartUrl; openApp.hidden = false;
        window.location.href = r.body.autoStartUrl;
      }
      poll();
    }).catch(function () { fail('RFA5'); });
  }

  function poll() {
    if (stopped || !orderId) return;
    var id = orderId;
    fetch(base + '/bankid/' + encodeURIComponent(id) + '?device=' + (sameDevice ? 'same' : 'other'), { credentials: 'same-origin', headers: { accept: 'application/json' }, cache: 'no-store' })
      .then(function (res) { return res.json(); })
      .then(function (d) {
        if (stopped || id !== orderId) return;
        if (d.error) return fail('RFA22');
        if (d.status === 'complete') { say('done'); spinner.hidden = true; cancelBtn.hidden = true; window.location.assign(d.redirect); return; }
        if (d.status === 'failed' || d.status === 'cancelled') return fail(d.message || 'RFA22');
        if (d.message) say(d.message);
        if (!sameDevice && d.qrImage) { qrImg.src = d.qrImage; qrBox.hidden = false; spinner.hidden = true; }
        else if (!d.qrImage) { qrBox.hidden = true; spinner.hidden = false; }
        timer = setTimeout(poll, 1000);
      })
      .catch(function () { timer = setTimeout(poll, 2000); });
  }

  cancelBtn.addEventListener('click', function () {
    var id = orderId; reset(); showPanel(false);
    if (id) fetch(base + '/bankid/' + encodeURIComponent(id) + '/cancel', { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' } });
  });
  retryBtn.addEventListener('click', function () { start(); });
})();
`;
