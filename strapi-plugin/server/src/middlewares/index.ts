const MAX_BYTES = 256 * 1024;

/** Before the webhook handler: only JSON, of a sane size, with its raw body kept. */
const webhookBody = () => async (ctx: any, next: () => Promise<void>) => {
  if (!ctx.is('application/json')) {
    ctx.status = 415;
    ctx.body = { error: { status: 415, name: 'unsupported_media_type', message: 'Send application/json.' } };
    return;
  }
  if (Number(ctx.get('content-length') || 0) > MAX_BYTES) {
    ctx.status = 413;
    ctx.body = { error: { status: 413, name: 'too_large', message: 'The body is too large.' } };
    return;
  }
  await next();
};

export default { 'webhook-body': webhookBody };
