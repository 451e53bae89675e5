import { AppError } from '@likeness/shared';

/**
 * The absolute addresses put in messages to people (signing links, Twilio callbacks) and in downloads
 * (the Office manifest). They come from configuration only, never from a request's Host header, which
 * anyone can set. Without PUBLIC_URL, a server listening on loopback (development) uses that address.
 */
export class PublicUrls {
  private local: string | null = null;

  constructor(
    private readonly publicUrl: string | null,
    private readonly signingBaseUrl: string | null,
  ) {}

  /** Called once the server listens. */
  listening(host: string, port: number): void {
    const h = host.includes(':') ? `[${host}]` : host;
    if (host === 'localhost' || host === '::1' || /^127\./.test(host)) this.local = `http://${h}:${port}`;
  }

  server(): string | null {
    return (this.publicUrl ?? this.local)?.replace(/\/+$/, '') ?? null;
  }

  /** The base of signing links; refuses when nothing is configured rather than guessing from a request. */
  signing(): string {
    const base = this.signingBaseUrl ?? this.server();
    if (!base) {
      throw new AppError('unavailable', 'Set PUBLIC_URL (or SIGNING_BASE_URL) so signing links can be sent. / Ange PUBLIC_URL (eller SIGNING_BASE_URL) så att signeringslänkar kan skickas.');
    }
    return base.replace(/\/+$/, '');
  }
}
