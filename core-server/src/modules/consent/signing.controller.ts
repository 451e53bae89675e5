import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { AppError, type ConsentLocale } from '@likeness/shared';
import type { PersistenceErrors } from '../../kernel/errors';
import type { ConsentFacade } from './index';
import { SIGN_JS } from './signing-page/client-script';
import { strings } from './signing-page/i18n';
import { codePage, declinePage, receiptPage, signingPage, statePage, withdrawPage } from './signing-page/pages';
import { BankIdPollAnswer, BankIdStartBody, BankIdStarted, CodeRequestForm, CodeVerifyForm, ReasonForm, parseForm } from './signing-page/forms';
import { SIGN_CSS } from './signing-page/styles';
import { isMobile, type ClientMeta, type OpenView, type SigningView } from './signing.model';
import { errorBody, toAppError } from '../../kernel/errors';
import { routeLabel } from '../../kernel/logging';
import { jsonBody } from '../../kernel/json-body';

/**
 * The public signing pages under /sign (outside /api/v1: a link token is the only credential) and Twilio's
 * status callback under /hooks/twilio. Server-rendered HTML; one static script for BankID.
 */

const CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "script-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

type Params = { token: string; orderId?: string; assetId?: string; messageId?: string };

const meta = (req: Request): ClientMeta => ({ ip: req.ip ?? null, userAgent: req.get('user-agent')?.slice(0, 500) ?? null });
const asked = (req: Request): ConsentLocale | null => (req.query.lang === 'en' ? 'en' : req.query.lang === 'sv' ? 'sv' : null);

function sendHtml(res: Response, status: number, html: string) {
  res.status(status).type('html').send(html);
}

function closedPage(res: Response, v: Exclude<SigningView, OpenView>, locale: ConsentLocale | null, path: string) {
  const l = locale ?? (v.state === 'invalid' ? 'sv' : v.locale);
  const s = strings(l);
  const org = v.state === 'invalid' ? null : v.org;
  const switchHref = `${path}?lang=${l === 'sv' ? 'en' : 'sv'}`;
  const page =
    v.state === 'invalid'
      ? { heading: s.invalidHeading, text: s.invalidText, tone: 'bad' as const, status: 404 }
      : v.state === 'expired'
        ? { heading: s.expiredHeading, text: s.expiredText(org), tone: 'warn' as const, status: 410 }
        : v.state === 'cancelled'
          ? { heading: s.cancelledHeading, text: s.cancelledText(org), tone: 'warn' as const, status: 410 }
          : { heading: s.usedHeading, text: s.usedText, tone: 'warn' as const, status: 410 };
  sendHtml(res, page.status, statePage({ locale: l, org, heading: page.heading, text: page.text, tone: page.tone, switchHref }));
}

/** A signer's input error, in their language. */
function signerMessage(err: AppError, l: ConsentLocale): string {
  const s = strings(l);
  const d = (err.details ?? {}) as { field?: string; reason?: string; retryAfterSeconds?: number };
  if (d.reason === 'text_changed') return s.textChanged;
  if (d.reason === 'too_many') return s.codeTooMany;
  if (d.reason === 'bankid_starts') return s.bankidRateLimited(Math.ceil((d.retryAfterSeconds ?? 600) / 60));
  if (err.code === 'rate_limited') return s.codeRateLimited(d.retryAfterSeconds ?? 30);
  if (d.field === 'name') return s.fixName;
  if (d.field === 'email') return s.fixEmail;
  if (d.field === 'phone') return s.fixPhone;
  if (err.code === 'unavailable') return s.bankidUnavailable;
  return s.errorText;
}

export function signingRoutes(consent: ConsentFacade, persistence: PersistenceErrors, logger: Logger): express.Router {
  const { page, codes, bankId, refusals } = consent.signing;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 30 });
  const json = jsonBody({ limit: '16kb' });

  router.use(['/sign', '/hooks/twilio'], (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    // The link token is in the path: never send it anywhere as a referrer.
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Robots-Tag', 'noindex, nofollow');
    if (req.method === 'POST' && req.originalUrl.startsWith('/sign/')) {
      const origin = req.get('origin');
      if (origin && origin !== 'null' && new URL(origin).host !== req.get('host')) return next(new AppError('csrf_rejected', 'Cross-site request refused.'));
    }
    next();
  });

  router.get('/sign/static/sign.css', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('text/css').send(SIGN_CSS);
  });
  router.get('/sign/static/sign.js', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.type('text/javascript').send(SIGN_JS);
  });

  const html = (fn: (req: Request<Params>, res: Response) => Promise<void>) => async (req: Request<Params>, res: Response, next: NextFunction) => {
    try {
      await fn(req, res);
    } catch (err) {
      next(err);
    }
  };

  router.get(
    '/sign/done',
    html(async (req, res) => {
      const l = asked(req) ?? 'sv';
      const s = strings(l);
      sendHtml(res, 200, statePage({ locale: l, org: null, heading: s.signedDoneHeading, text: s.signedDoneText, tone: 'ok', switchHref: `/sign/done?lang=${l === 'sv' ? 'en' : 'sv'}` }));
    }),
  );

  // ---- after signing ----------------------------------------------------------------------------

  const invalidReceipt = (req: Request, res: Response) => closedPage(res, { state: 'invalid' }, asked(req), req.path);

  router.get(
    '/sign/receipt/:token',
    html(async (req, res) => {
      const v = await page.receipt(req.params.token);
      if (v.state !== 'receipt') return invalidReceipt(req, res);
      sendHtml(res, 200, receiptPage(v, { token: req.params.token, locale: asked(req) ?? v.locale }));
    }),
  );

  router.get(
    '/sign/receipt/:token/receipt.pdf',
    html(async (req, res) => {
      const pdf = await page.receiptPdf(req.params.token, meta(req));
      if (!pdf) return invalidReceipt(req, res);
      res.setHeader('Content-Disposition', `attachment; filename="${pdf.fileName}"`);
      res.type('application/pdf').send(Buffer.from(pdf.bytes));
    }),
  );

  router.get(
    '/sign/receipt/:token/withdraw',
    html(async (req, res) => {
      const v = await page.receipt(req.params.token);
      if (v.state !== 'receipt') return invalidReceipt(req, res);
      const l = asked(req) ?? v.locale;
      if (v.withdrawnAt) return void res.redirect(303, `/sign/receipt/${req.params.token}?lang=${l}`);
      sendHtml(res, 200, withdrawPage(v, { token: req.params.token, locale: l }));
    }),
  );

  router.post(
    '/sign/receipt/:token/withdraw',
    form,
    html(async (req, res) => {
      const done = await refusals.withdraw(req.params.token, parseForm(ReasonForm, req.body).reason, meta(req));
      if (!done) return invalidReceipt(req, res);
      const v = await page.receipt(req.params.token);
      const l = asked(req) ?? (v.state === 'receipt' ? v.locale : 'sv');
      res.redirect(303, `/sign/receipt/${req.params.token}?lang=${l}`);
    }),
  );

  router.get(
    '/sign/receipt/:token/assets/:assetId',
    html(async (req, res) => {
      const file = await page.thumbnail(req.params.token, req.params.assetId ?? '', 'receipt');
      if (!file) return void res.status(404).end();
      res.setHeader('Cache-Control', 'private, no-store');
      res.type('image/webp').sendFile(file);
    }),
  );

  // ---- signing ------------------------------------------------------------------------------

  router.get(
    '/sign/:token',
    html(async (req, res) => {
      const v = await page.view(req.params.token, meta(req));
      if (v.state !== 'open') return closedPage(res, v, asked(req), req.path);
      sendHtml(res, 200, signingPage(v, { token: req.params.token, locale: asked(req) ?? v.locale, mobile: isMobile(req.get('user-agent') ?? null) }));
    }),
  );

  router.get(
    '/sign/:token/assets/:assetId',
    html(async (req, res) => {
      const file = await page.thumbnail(req.params.token, req.params.assetId ?? '', 'sign');
      if (!file) return void res.status(404).end();
      res.setHeader('Cache-Control', 'private, no-store');
      res.type('image/webp').sendFile(file);
    }),
  );

  /** Re-renders the signing page (or the closed page) with a message for the signer. */
  const again = async (req: Request<Params>, res: Response, status: number, error: string, l: ConsentLocale) => {
    const v = await page.view(req.params.token, meta(req));
    if (v.state !== 'open') return closedPage(res, v, l, `/sign/${req.params.token}`);
    sendHtml(res, status, signingPage(v, { token: req.params.token, locale: l, error, mobile: isMobile(req.get('user-agent') ?? null) }));
  };

  router.post(
    '/sign/:token/code',
    form,
    html(async (req, res) => {
      const { lang, channel, textHash, details } = parseForm(CodeRequestForm, req.body);
      const l = lang ?? asked(req) ?? 'sv';
      try {
        await codes.sendCode(req.params.token, { channel, locale: l, textHash, details }, meta(req));
        res.redirect(303, `/sign/${req.params.token}/code?channel=${channel}&lang=${l}`);
      } catch (err) {
        if (!(err instanceof AppError) || err.code === 'not_found') {
          if (err instanceof AppError) return again(req, res, 410, '', l);
          throw err;
        }
        const d = (err.details ?? {}) as { reason?: string; retryAfterSeconds?: number };
        if (err.code === 'rate_limited' && d.reason !== 'too_many') {
          return void res.redirect(303, `/sign/${req.params.token}/code?channel=${channel}&lang=${l}&wait=${d.retryAfterSeconds ?? 30}`);
        }
        await again(req, res, err.httpStatus, signerMessage(err, l), l);
      }
    }),
  );

  const showCode = async (req: Request<Params>, res: Response, l: ConsentLocale, status: number, error: string | null, notice: string | null) => {
    const v = await page.view(req.params.token, meta(req));
    if (v.state !== 'open') return closedPage(res, v, l, `/sign/${req.params.token}`);
    if (!v.code) return void res.redirect(303, `/sign/${req.params.token}?lang=${l}`);
    const s = strings(l);
    const err = error ?? (v.code.locked ? s.codeLocked : v.code.expired ? s.codeExpired : null);
    sendHtml(res, status, codePage(v, { token: req.params.token, locale: l, channel: v.code.channel, error: err, notice }));
  };

  router.get(
    '/sign/:token/code',
    html(async (req, res) => {
      const l = asked(req) ?? 'sv';
      const wait = Number(req.query.wait);
      await showCode(req, res, l, 200, null, Number.isFinite(wait) && wait > 0 ? strings(l).codeRateLimited(Math.ceil(wait)) : null);
    }),
  );

  router.post(
    '/sign/:token/code/verify',
    form,
    html(async (req, res) => {
      const { lang, code, textHash } = parseForm(CodeVerifyForm, req.body);
      const l = lang ?? asked(req) ?? 'sv';
      const s = strings(l);
      let result;
      try {
        result = await codes.verifyCode(req.params.token, { code, locale: l, textHash }, meta(req));
      } catch (err) {
        if (err instanceof AppError && err.code === 'not_found') return again(req, res, 410, '', l);
        if (err instanceof AppError && err.code === 'conflict') return again(req, res, 409, signerMessage(err, l), l);
        throw err;
      }
      if (result.ok) return void res.redirect(303, `/sign/receipt/${result.receiptToken}?lang=${l}`);
      const message =
        result.error === 'wrong' ? s.codeWrong(result.attemptsLeft) : result.error === 'locked' ? s.codeLocked : result.error === 'expired' ? s.codeExpired : result.error === 'format' ? s.codeFormat : s.codeNone;
      await showCode(req, res, l, result.error === 'locked' ? 429 : 422, message, null);
    }),
  );

  router.get(
    '/sign/:token/decline',
    html(async (req, res) => {
      const v = await page.view(req.params.token, meta(req));
      if (v.state !== 'open') return closedPage(res, v, asked(req), `/sign/${req.params.token}`);
      sendHtml(res, 200, declinePage(v, { token: req.params.token, locale: asked(req) ?? v.locale }));
    }),
  );

  router.post(
    '/sign/:token/decline',
    form,
    html(async (req, res) => {
      const l = asked(req) ?? 'sv';
      const s = strings(l);
      let org: string;
      try {
        ({ org } = await refusals.decline(req.params.token, parseForm(ReasonForm, req.body).reason, meta(req)));
      } catch (err) {
        if (err instanceof AppError && (err.code === 'not_found' || err.code === 'conflict')) return again(req, res, 410, '', l);
        throw err;
      }
      sendHtml(res, 200, statePage({ locale: l, org, heading: s.declinedHeading, text: s.declinedText(org), tone: 'ok', switchHref: null }));
    }),
  );

  // ---- BankID (JSON, for the page's script) ----------------------------------------------------

  router.post(
    '/sign/:token/bankid',
    json,
    html(async (req, res) => {
      const { sameDevice, lang, textHash, details } = parseForm(BankIdStartBody, req.body);
      const l = lang ?? 'sv';
      try {
        res.json(BankIdStarted.parse(await bankId.startBankId(req.params.token, { sameDevice, locale: l, textHash, details }, meta(req))));
      } catch (err) {
        if (err instanceof AppError && (err.code === 'validation_failed' || err.code === 'conflict' || err.code === 'rate_limited')) {
          return void res.status(err.httpStatus).json(errorBody(err, signerMessage(err, l)));
        }
        throw err;
      }
    }),
  );

  router.get(
    '/sign/:token/bankid/:orderId',
    html(async (req, res) => {
      res.json(BankIdPollAnswer.parse(await bankId.pollBankId(req.params.token, req.params.orderId ?? '', req.query.device === 'same', meta(req))));
    }),
  );

  router.post(
    '/sign/:token/bankid/:orderId/cancel',
    html(async (req, res) => {
      await bankId.cancelBankId(req.params.token, req.params.orderId ?? '', meta(req));
      res.json({ ok: true });
    }),
  );

  // ---- Twilio's delivery status callback ------------------------------------------------------------

  router.post(
    '/hooks/twilio/status/:messageId',
    form,
    html(async (req, res) => {
      const params = Object.fromEntries(Object.entries((req.body ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
      const outcome = await consent.messenger.twilioStatus(req.params.messageId ?? '', req.get('x-twilio-signature'), params);
      res.status(outcome === 'ok' ? 204 : outcome === 'forbidden' ? 403 : 404).end();
    }),
  );

  // Errors here answer in the caller's language of choice: JSON for the script and Twilio, a page for people.
  router.use(['/sign', '/hooks/twilio'], (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = toAppError(err, persistence);
    if (e.code === 'internal') logger.error({ err, method: req.method, route: routeLabel(null, req.originalUrl.split('?')[0]!) }, 'signing page error');
    if (res.headersSent) return void res.end();
    const wantsJson = /^\/sign\/[^/]+\/bankid/.test(req.originalUrl) || req.originalUrl.startsWith('/hooks/') || req.get('accept')?.includes('application/json');
    if (wantsJson) return void res.status(e.httpStatus).json(errorBody(e));
    const l = asked(req) ?? 'sv';
    const s = strings(l);
    sendHtml(res, e.httpStatus, statePage({ locale: l, org: null, heading: s.errorHeading, text: s.errorText, tone: 'bad', switchHref: null }));
  });

  return router;
}
