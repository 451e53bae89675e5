import type { ConsentLocale, ConsentMethod } from '@likeness/shared';
import { RFA } from '../bankid.messages';
import type { OpenView, ReceiptView } from '../signing.model';
import { channelList, formatDate, formatDateTime, markdownToHtml } from '../template.render';
import { strings } from './i18n';
import { escapeHtml as esc } from '../../../kernel/html';

/** Server-rendered signing pages. Every value that comes from data goes through esc(). */

interface Shell {
  locale: ConsentLocale;
  title: string;
  org: string | null;
  /** The same page in the other language. */
  switchHref: string | null;
  body: string;
  script?: boolean;
}

function initials(org: string): string {
  return (
    org
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join('') || 'L'
  );
}

export function layout(p: Shell): string {
  const s = strings(p.locale);
  const other: ConsentLocale = p.locale === 'sv' ? 'en' : 'sv';
  return `<!doctype html>
<html lang="${p.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<meta name="theme-color" content="#0b5cab">
<link rel="icon" href="data:,">
<title>${esc(p.title)}${p.org ? ` · ${esc(p.org)}` : ''}</title>
<link rel="stylesheet" href="/sign/static/sign.css">
${p.script ? '<script src="/sign/static/sign.js" defer></script>' : ''}
</head>
<body>
<a class="skip" href="#main">${esc(s.skip)}</a>
<header class="top"><div class="top-inner">
  <div class="org">${p.org ? `<span class="org-mark" aria-hidden="true">${esc(initials(p.org))}</span><span class="org-name">${esc(p.org)}</span>` : '<span class="org-name">Likeness</span>'}</div>
  ${p.switchHref ? `<a class="lang" href="${esc(p.switchHref)}" lang="${other}" hreflang="${other}">${esc(s.otherLang)}</a>` : ''}
</div></header>
<main id="main" tabindex="-1">
${p.body}
</main>
<footer>${p.org ? `<p>${esc(s.footer(p.org))}</p>` : ''}<p>${esc(s.privacy)}</p><p><a href="/accessibility?lang=${p.locale}">${esc(s.accessibility)}</a></p></footer>
</body>
</html>`;
}

function withLang(href: string, locale: ConsentLocale): string {
  return `${href}${href.includes('?') ? '&' : '?'}lang=${locale}`;
}

/** A page with one message: invalid, expired, used, cancelled, declined, done, withdrawn, error. */
export function statePage(p: { locale: ConsentLocale; org: string | null; heading: string; text: string; tone: 'ok' | 'warn' | 'bad'; switchHref: string | null; extra?: string }): string {
  const icon = p.tone === 'ok' ? '✓' : p.tone === 'warn' ? 'i' : '!';
  return layout({
    locale: p.locale,
    title: p.heading,
    org: p.org,
    switchHref: p.switchHref,
    body: `<section class="card state" aria-labelledby="h">
  <div class="state-icon state-${p.tone}" aria-hidden="true">${icon}</div>
  <h1 id="h">${esc(p.heading)}</h1>
  <p class="muted">${esc(p.text)}</p>
  ${p.extra ?? ''}
</section>`,
  });
}

function thumbs(base: string, ids: string[], locale: ConsentLocale): string {
  const s = strings(locale);
  if (ids.length === 0) return '';
  return `<section class="card" aria-labelledby="h-covers" data-hide-during-bankid>
  <h2 id="h-covers">${esc(s.covers)}</h2>
  <p class="muted small">${esc(s.coversHelp(ids.length))}</p>
  <ul class="thumbs">${ids.map((id, i) => `<li><img src="${esc(`${base}/assets/${id}`)}" alt="${esc(s.image(i + 1))}" width="160" height="160" loading="lazy"></li>`).join('')}</ul>
</section>`;
}

export interface SigningPageOptions {
  token: string;
  locale: ConsentLocale;
  error?: string | null;
  mobile?: boolean;
}

/** The signing page: who asks, the agreement, the files, the signer's details, and the ways to sign. */
export function signingPage(v: OpenView, o: SigningPageOptions): string {
  const s = strings(o.locale);
  const base = `/sign/${o.token}`;
  const text = v.texts[o.locale];
  const guardian = v.recipient === 'guardian';
  const editable = new Set(v.editable);
  const detail = (field: 'name' | 'email' | 'phone', label: string, type: string, autocomplete: string) => {
    const value = v.signer[field];
    if (editable.has(field)) {
      return `<div class="field"><label for="f-${field}">${esc(label)}</label><input id="f-${field}" name="${field}" type="${type}" autocomplete="${autocomplete}" value="${esc(value ?? '')}"${field === 'name' ? ' required maxlength="200"' : ''}></div>`;
    }
    return `<div class="field"><span class="label">${esc(label)}</span><p class="value">${value ? esc(value) : `<span class="muted">${esc(s.notGiven)}</span>`}</p></div>`;
  };
  const details = [detail('name', s.name, 'text', 'name'), detail('email', s.email, 'email', 'email'), detail('phone', s.phone, 'tel', 'tel')].join('');
  const m = v.methods;
  const anyCode = m.sms || m.email;

  // On a phone BankID is most likely on this device; on a computer, on another one (QR code).
  const bankidOrder = o.mobile ? (['same', 'other'] as const) : (['other', 'same'] as const);
  const bankidButtons = m.bankid
    ? `<div class="js-only">
  <p class="small muted">${esc(RFA.RFA20![o.locale])}</p>
  <div class="split">
    ${bankidOrder.map((d) => `<button class="btn${d === bankidOrder[0] ? ' btn-primary' : ''}" type="submit" data-bankid="${d}">${esc(d === 'same' ? s.bankidThisDevice : s.bankidOtherDevice)}</button>`).join('\n    ')}
  </div>
</div>
<p class="no-js notice notice-info small">${esc(s.noscriptBankid)}</p>
${anyCode ? `<div class="or">${esc(s.or)}</div>` : ''}`
    : '';
  // Without BankID, the first code button is the main action.
  const codeClass = (first: boolean) => (first && !m.bankid ? 'btn btn-primary btn-two' : 'btn btn-two');
  const codeButtons = [
    m.sms ? `<button class="${codeClass(true)}" type="submit" name="channel" value="sms" formaction="${esc(withLang(`${base}/code`, o.locale))}"><span>${esc(s.codeBySms)}</span><span class="sub">${esc(s.codeTo(m.sms))}</span></button>` : '',
    m.email ? `<button class="${codeClass(!m.sms)}" type="submit" name="channel" value="email" formaction="${esc(withLang(`${base}/code`, o.locale))}"><span>${esc(s.codeByEmail)}</span><span class="sub">${esc(s.codeTo(m.email))}</span></button>` : '',
  ].join('');

  const rfa = Object.fromEntries(Object.entries(RFA).map(([k, t]) => [k, t[o.locale]]));
  rfa.done = s.bankidSigned;

  const body = `
${o.error ? `<div class="notice notice-error" role="alert">${esc(o.error)}</div>` : ''}
<section class="card" aria-labelledby="h-intro" data-hide-during-bankid>
  <p class="eyebrow">${esc(s.pageTitle)}</p>
  <h1 id="h-intro">${esc(guardian ? s.asksGuardian(v.org, v.subjectName) : s.asksForConsent(v.org))}</h1>
  <p>${esc(s.intro)}</p>
  <p class="muted small">${esc(s.linkExpires(formatDate(v.expiresAt, o.locale)))}</p>
</section>

<section class="card" aria-labelledby="h-agreement" data-hide-during-bankid>
  <p class="eyebrow">${esc(s.agreement)}</p>
  <h2 id="h-agreement">${esc(text.title)}</h2>
  <div class="doc">${markdownToHtml(text.body)}</div>
  <dl class="facts">
    <dt>${esc(s.channelsLabel)}</dt><dd>${esc(channelList(v.channels, o.locale))}</dd>
    <dt>${esc(s.validityLabel)}</dt><dd>${esc(v.validity[o.locale])}</dd>
  </dl>
</section>

${thumbs(base, v.assetIds, o.locale)}

<form id="sign-form" method="post" action="${esc(withLang(`${base}/code`, o.locale))}" data-base="${esc(base)}" novalidate>
  <input type="hidden" name="lang" value="${o.locale}">
  <input type="hidden" name="textHash" value="${esc(v.hashes[o.locale])}">
  <section class="card" aria-labelledby="h-details" data-hide-during-bankid>
    <h2 id="h-details">${esc(guardian ? s.guardianDetails : s.yourDetails)}</h2>
    <p class="muted small">${esc(editable.size ? s.detailsHelpEditable : s.detailsHelp)}</p>
    ${guardian ? `<div class="field"><span class="label">${esc(s.child)}</span><p class="value">${esc(v.subjectName)}</p></div>` : ''}
    ${details}
  </section>

  <section class="card" aria-labelledby="h-sign" data-hide-during-bankid>
    <h2 id="h-sign">${esc(s.signHeading)}</h2>
    <p class="muted small">${esc(s.signHelp)}</p>
    <div class="notice notice-error" id="form-error" role="alert" hidden></div>
    ${bankidButtons}
    ${codeButtons}
    <a class="btn btn-quiet" href="${esc(withLang(`${base}/decline`, o.locale))}">${esc(s.decline)}</a>
  </section>
</form>

<section class="card bankid-panel" id="bankid-panel" aria-labelledby="h-bankid" tabindex="-1" hidden>
  <h1 id="h-bankid">${esc(s.bankidHeading)}</h1>
  <p class="muted">${esc(text.title)}</p>
  <div class="spinner" id="bankid-spinner" aria-hidden="true"></div>
  <div class="qr" id="bankid-qr" hidden><img id="bankid-qr-img" alt="${esc(s.bankidQrAlt)}" width="232" height="232"></div>
  <p class="status" id="bankid-status" role="status" aria-live="polite"></p>
  <p class="notice notice-error" id="bankid-error" role="alert" hidden></p>
  <a class="btn btn-primary" id="bankid-open" href="#" hidden>${esc(RFA.RFA18![o.locale])}</a>
  <button class="btn" type="button" id="bankid-retry" hidden>${esc(s.bankidRetry)}</button>
  <button class="btn btn-quiet" type="button" id="bankid-cancel">${esc(s.bankidCancel)}</button>
</section>
<script type="application/json" id="bankid-messages">${JSON.stringify(rfa).replace(/</g, '\\u003c')}</script>`;

  return layout({ locale: o.locale, title: text.title, org: v.org, switchHref: withLang(base, o.locale === 'sv' ? 'en' : 'sv'), body, script: m.bankid });
}

/** Entering the six-digit code. */
export function codePage(v: OpenView, o: SigningPageOptions & { channel: 'sms' | 'email'; notice?: string | null }): string {
  const s = strings(o.locale);
  const base = `/sign/${o.token}`;
  const to = o.channel === 'sms' ? v.methods.sms : v.methods.email;
  const locked = v.code?.locked;
  const body = `
<section class="card" aria-labelledby="h-code">
  <p class="eyebrow">${esc(v.texts[o.locale].title)}</p>
  <h1 id="h-code">${esc(s.codeHeading)}</h1>
  ${o.notice ? `<div class="notice notice-info" role="status">${esc(o.notice)}</div>` : ''}
  ${o.error ? `<div class="notice notice-error" role="alert" id="code-error">${esc(o.error)}</div>` : ''}
  <p>${esc(s.codeSent(to ?? ''))}</p>
  ${
    locked
      ? ''
      : `<form method="post" action="${esc(withLang(`${base}/code/verify`, o.locale))}" novalidate>
    <input type="hidden" name="lang" value="${o.locale}">
    <input type="hidden" name="textHash" value="${esc(v.hashes[o.locale])}">
    <input type="hidden" name="channel" value="${o.channel}">
    <div class="field">
      <label for="code">${esc(s.codeLabel)}</label>
      <input class="code-input" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus${o.error ? ' aria-invalid="true" aria-describedby="code-error"' : ''}>
    </div>
    <button class="btn btn-primary" type="submit">${esc(s.codeSubmit)}</button>
  </form>`
  }
  <form method="post" action="${esc(withLang(`${base}/code`, o.locale))}">
    <input type="hidden" name="lang" value="${o.locale}">
    <input type="hidden" name="textHash" value="${esc(v.hashes[o.locale])}">
    <input type="hidden" name="channel" value="${o.channel}">
    <button class="btn" type="submit">${esc(s.codeResend)}</button>
  </form>
  <a class="btn btn-quiet" href="${esc(withLang(base, o.locale))}">${esc(s.back)}</a>
</section>`;
  return layout({ locale: o.locale, title: s.codeHeading, org: v.org, switchHref: withLang(`${base}/code?channel=${o.channel}`, o.locale === 'sv' ? 'en' : 'sv'), body });
}

export function declinePage(v: OpenView, o: SigningPageOptions): string {
  const s = strings(o.locale);
  const base = `/sign/${o.token}`;
  const body = `
<section class="card" aria-labelledby="h-decline">
  <p class="eyebrow">${esc(v.texts[o.locale].title)}</p>
  <h1 id="h-decline">${esc(s.declineHeading)}</h1>
  <p>${esc(s.declineText)}</p>
  <form method="post" action="${esc(withLang(`${base}/decline`, o.locale))}">
    <div class="field"><label for="reason">${esc(s.declineReason)}</label><textarea id="reason" name="reason" maxlength="1000"></textarea></div>
    <button class="btn btn-danger" type="submit">${esc(s.declineConfirm)}</button>
  </form>
  <a class="btn btn-quiet" href="${esc(withLang(base, o.locale))}">${esc(s.back)}</a>
</section>`;
  return layout({ locale: o.locale, title: s.declineHeading, org: v.org, switchHref: withLang(`${base}/decline`, o.locale === 'sv' ? 'en' : 'sv'), body });
}

const METHOD_KEY: Record<ConsentMethod, 'methodBankid' | 'methodSms' | 'methodEmail'> = { bankid: 'methodBankid', sms_code: 'methodSms', email_code: 'methodEmail' };

/** After signing: the completion text, what was signed, the PDF, and withdrawing as easily as consenting. */
export function receiptPage(v: ReceiptView, o: { token: string; locale: ConsentLocale }): string {
  const s = strings(o.locale);
  const base = `/sign/receipt/${o.token}`;
  const withdrawn = v.withdrawnAt !== null;
  const completion = v.completion[o.locale];
  const body = `
<section class="card" aria-labelledby="h-receipt">
  <div class="state-icon state-icon-left ${withdrawn ? 'state-warn' : 'state-ok'}" aria-hidden="true">✓</div>
  <h1 id="h-receipt">${esc(withdrawn ? s.withdrawnHeading : s.receiptHeading)}</h1>
  ${withdrawn ? `<p>${esc(s.withdrawnText(formatDateTime(v.withdrawnAt!, o.locale)))}</p>` : completion ? `<div>${markdownToHtml(completion)}</div>` : ''}
  <dl class="facts">
    <dt>${esc(s.agreement)}</dt><dd>${esc(v.title[o.locale])}</dd>
    <dt>${esc(s.receiptSigned)}</dt><dd>${esc(formatDateTime(v.signedAt, o.locale))}</dd>
    <dt>${esc(s.receiptMethod)}</dt><dd>${esc(s[METHOD_KEY[v.method]])}</dd>
    ${v.signerName ? `<dt>${esc(s.receiptSigner)}</dt><dd>${esc(v.signerName)}</dd>` : ''}
  </dl>
  <div class="mt"><a class="btn" href="${esc(`${base}/receipt.pdf`)}" download>${esc(s.receiptDownload)}</a></div>
</section>
${v.assetIds.length ? thumbs(base, v.assetIds, o.locale) : ''}
${
  withdrawn
    ? ''
    : `<section class="card" aria-labelledby="h-withdraw">
  <h2 id="h-withdraw">${esc(s.receiptWithdrawHeading)}</h2>
  <p>${esc(s.receiptWithdrawText)}</p>
  <a class="btn btn-danger" href="${esc(withLang(`${base}/withdraw`, o.locale))}">${esc(s.receiptWithdraw)}</a>
  <p class="muted small">${esc(s.receiptKeep)}</p>
</section>`
}`;
  return layout({ locale: o.locale, title: s.receiptHeading, org: v.org, switchHref: withLang(base, o.locale === 'sv' ? 'en' : 'sv'), body });
}

export function withdrawPage(v: ReceiptView, o: { token: string; locale: ConsentLocale }): string {
  const s = strings(o.locale);
  const base = `/sign/receipt/${o.token}`;
  const body = `
<section class="card" aria-labelledby="h-wd">
  <p class="eyebrow">${esc(v.title[o.locale])}</p>
  <h1 id="h-wd">${esc(s.withdrawHeading)}</h1>
  <p>${esc(s.withdrawText(v.org))}</p>
  <form method="post" action="${esc(withLang(`${base}/withdraw`, o.locale))}">
    <div class="field"><label for="reason">${esc(s.withdrawReason)}</label><textarea id="reason" name="reason" maxlength="2000"></textarea></div>
    <button class="btn btn-danger-solid" type="submit">${esc(s.withdrawConfirm)}</button>
  </form>
  <a class="btn btn-quiet" href="${esc(withLang(base, o.locale))}">${esc(s.back)}</a>
</section>`;
  return layout({ locale: o.locale, title: s.withdrawHeading, org: v.org, switchHref: withLang(`${base}/withdraw`, o.locale === 'sv' ? 'en' : 'sv'), body });
}
