import path from 'node:path';
import { z } from 'zod';
import { databaseUrl, providerOf } from './database-url';

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  LIKENESS_DATA_DIR: z.string().default('data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(12),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(10_000).default(500),
  MAX_DOCUMENT_MB: z.coerce.number().int().min(1).max(1_000).default(50),
  MAX_IMAGE_MEGAPIXELS: z.coerce.number().int().min(1).max(1_000).default(150),
  // 8K UHD (33 MP) fits; a 16K frame is refused before anything decodes it.
  MAX_VIDEO_MEGAPIXELS: z.coerce.number().int().min(1).max(1_000).default(36),
  MAX_VIDEO_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(360),
  DEMO_DATA: z.enum(['auto', 'true', 'false']).default('auto'),
  // How many reverse proxies stand in front (each appends one X-Forwarded-For hop); 'true' means one, never "all".
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2})$/, 'TRUST_PROXY is the number of proxy hops in front of the server (0-99), or true (1) / false (0)')
    .default('false'),
  // Password hashes at once (scrypt, 128 MB each, on the libuv pool that file uploads use) and logins that may wait.
  LOGIN_HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  LOGIN_HASH_QUEUE: z.coerce.number().int().min(0).max(10_000).default(20),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'REDIS_URL must start with redis:// or rediss://').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().default('Likeness <no-reply@likeness.local>'),
  RECONCILE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  // How long a node trusts its status cache before re-reading the tenant's event seq (0: on every read):
  // the bound on a stale answer after a lost invalidation, paid for with one database read per interval.
  STATUS_SEQ_CHECK_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // The longest each shutdown step (running jobs, open connections, the database) may take before the
  // server logs it and goes on: a deploy's SIGTERM must not wait forever on one stuck job.
  SHUTDOWN_STEP_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(7),
  // Housekeeping (modules/maintenance): how often it runs, how long expired sessions and finished webhook
  // deliveries are kept, and how old an unreferenced file must be before the orphan sweep removes it.
  MAINTENANCE_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
  SESSION_RETENTION_DAYS: z.coerce.number().int().min(0).max(365).default(1),
  WEBHOOK_DELIVERY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  ORPHAN_FILE_GRACE_HOURS: z.coerce.number().int().min(1).max(720).default(24),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(5000),
  // Webhooks to loopback/private/link-local/metadata addresses: refused unless this is true (development, tests).
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
  // The dev outbox (GET /consent/outbox, requests "sent" with no provider): never in production; auto = only on the local demo.
  LIKENESS_DEV_OUTBOX: z.enum(['auto', 'true', 'false']).default('auto'),
  // Key for secrets at rest (Twilio tokens, SMTP passwords, webhook secrets): 32 bytes, base64 or hex. Required in production.
  LIKENESS_SECRET_KEY: z.string().optional(),
  // Earlier keys, comma-separated: still decrypt, never encrypt; rows are re-encrypted with the current key at start.
  LIKENESS_SECRET_KEY_PREVIOUS: z.string().optional(),
  // Digital consent: links in SMS/email, BankID (RP API v6, mutual TLS), Twilio.
  SIGNING_BASE_URL: z.url().optional(),
  BANKID_URL: z.string().optional(),
  BANKID_PFX: z.string().optional(),
  BANKID_PASSPHRASE: z.string().default(''),
  BANKID_CA: z.string().optional(),
  BANKID_SIMULATOR: z.string().optional(),
  TWILIO_BASE_URL: z.url().optional(),
  FACE_WORKERS: z.coerce.number().int().min(1).max(256).optional(),
  FACE_WORKER_NICE: z.coerce.number().int().min(-20).max(19).default(10),
  // First start with DEMO_DATA=false: one organisation and its owner.
  LIKENESS_ORG_NAME: z.string().default('My organisation'),
  LIKENESS_ADMIN_EMAIL: z.string().optional(),
  LIKENESS_ADMIN_PASSWORD: z.string().optional(),
  NODE_ENV: z.string().optional(),
});

const BANKID_URLS = { production: 'https://appapi2.bankid.com/rp/v6.0', test: 'https://appapi2.test.bankid.com/rp/v6.0' } as const;

/** BankID relying-party connection: the RP certificate (PKCS#12) and the CA that signed BankID's server certificate. */
export interface BankIdConfig {
  environment: 'production' | 'test' | 'simulator' | 'custom';
  /** Base URL ending in /rp/v6.0; null for the simulator until its connection file is read. */
  url: string | null;
  pfxPath: string | null;
  passphrase: string;
  caPath: string | null;
  /** Directory of a running `npm run bankid:simulator` (its connection.json names the rest). */
  simulatorDir: string | null;
}

function bankIdConfig(e: z.infer<typeof EnvSchema>): BankIdConfig | null {
  if (e.BANKID_SIMULATOR) {
    return { environment: 'simulator', url: null, pfxPath: null, passphrase: '', caPath: null, simulatorDir: path.resolve(e.BANKID_SIMULATOR) };
  }
  if (!e.BANKID_PFX) return null;
  const named = e.BANKID_URL === 'production' || e.BANKID_URL === 'test' ? e.BANKID_URL : null;
  const url = named ? BANKID_URLS[named] : (e.BANKID_URL ?? BANKID_URLS.test);
  const environment = named ?? (url === BANKID_URLS.production ? 'production' : url === BANKID_URLS.test ? 'test' : 'custom');
  return { environment, url: url.replace(/\/+$/, ''), pfxPath: path.resolve(e.BANKID_PFX), passphrase: e.BANKID_PASSPHRASE, caPath: e.BANKID_CA ? path.resolve(e.BANKID_CA) : null, simulatorDir: null };
}

export interface AppConfig {
  port: number;
  host: string;
  publicUrl: string | null;
  dataDir: string;
  databaseUrl: string;
  dbProvider: 'sqlite' | 'postgresql';
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  sessionTtlMs: number;
  cookieSecure: 'auto' | boolean;
  maxUploadBytes: number;
  maxDocumentBytes: number;
  maxImagePixels: number;
  maxVideoPixels: number;
  maxVideoSeconds: number;
  demoData: 'auto' | boolean;
  /** Proxy hops whose X-Forwarded-For entries are believed (Express `trust proxy` as a count). */
  trustProxy: number;
  loginHashConcurrency: number;
  loginHashQueue: number;
  redisUrl: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  reconcileMs: number;
  statusSeqCheckMs: number;
  shutdownStepMs: number;
  eventRetentionMs: number;
  maintenance: { intervalMs: number; sessionRetentionMs: number; deliveryRetentionMs: number; orphanGraceMs: number };
  webhookRetryBaseMs: number;
  /** Allow webhooks to internal addresses (development and tests only). */
  webhookAllowPrivateTargets: boolean;
  /** NODE_ENV=production. */
  production: boolean;
  /** The demo organisation with its known password may be created: not production, and a loopback address only. */
  demoAllowed: boolean;
  /** Consent messages without a provider are kept for GET /consent/outbox (development only). */
  devOutbox: boolean;
  /** LIKENESS_SECRET_KEY and the previous keys (null: generated into the data directory on first start). */
  secretKey: string | null;
  previousSecretKeys: string[];
  /** Base of the links sent in consent requests; default PUBLIC_URL, else the address the admin used. */
  signingBaseUrl: string | null;
  bankid: BankIdConfig | null;
  /** Replaces https://api.twilio.com (tests, proxies). */
  twilioBaseUrl: string | null;
  /** Face detection worker threads (null: one per core) and their nice value. */
  faceWorkers: number | null;
  faceWorkerNice: number;
  /** The first organisation and owner when DEMO_DATA=false. */
  firstOwner: { orgName: string; email: string | null; password: string | null };
  /** Outside production every response is checked against its contract. */
  validateResponses: boolean;
}

/** The only reader of process.env: every setting is parsed and checked here, once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const refuse = (line: string) => {
    throw new Error(`Invalid configuration:\n  ${line}`);
  };
  if (production && e.DEMO_DATA === 'true') refuse('DEMO_DATA=true is not allowed with NODE_ENV=production (the demo owner has a published password).');
  if (production && e.LIKENESS_DEV_OUTBOX === 'true') refuse('LIKENESS_DEV_OUTBOX=true is not allowed with NODE_ENV=production (it shows signing links and codes to staff).');
  if (production && !e.LIKENESS_SECRET_KEY) refuse('LIKENESS_SECRET_KEY is required with NODE_ENV=production (32 random bytes, base64: `openssl rand -base64 32`).');
  const demoAllowed = !production && isLoopbackUrl(e.PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}/`);
  const url = databaseUrl();
  const flag = (v: 'auto' | 'true' | 'false') => (v === 'auto' ? 'auto' : v === 'true');
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? null,
    dataDir: path.resolve(e.LIKENESS_DATA_DIR),
    databaseUrl: url,
    dbProvider: providerOf(url),
    logLevel: e.LOG_LEVEL,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    cookieSecure: flag(e.COOKIE_SECURE),
    maxUploadBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
    maxDocumentBytes: e.MAX_DOCUMENT_MB * 1024 * 1024,
    maxImagePixels: e.MAX_IMAGE_MEGAPIXELS * 1_000_000,
    maxVideoPixels: e.MAX_VIDEO_MEGAPIXELS * 1_000_000,
    maxVideoSeconds: e.MAX_VIDEO_MINUTES * 60,
    demoData: flag(e.DEMO_DATA),
    trustProxy: e.TRUST_PROXY === 'true' ? 1 : e.TRUST_PROXY === 'false' ? 0 : Number(e.TRUST_PROXY),
    loginHashConcurrency: e.LOGIN_HASH_CONCURRENCY,
    loginHashQueue: e.LOGIN_HASH_QUEUE,
    redisUrl: e.REDIS_URL ?? null,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    reconcileMs: e.RECONCILE_SECONDS * 1000,
    statusSeqCheckMs: e.STATUS_SEQ_CHECK_MS,
    shutdownStepMs: e.SHUTDOWN_STEP_MS,
    eventRetentionMs: e.EVENT_RETENTION_DAYS * 86_400_000,
    maintenance: {
      intervalMs: e.MAINTENANCE_INTERVAL_SECONDS * 1000,
      sessionRetentionMs: e.SESSION_RETENTION_DAYS * 86_400_000,
      deliveryRetentionMs: e.WEBHOOK_DELIVERY_RETENTION_DAYS * 86_400_000,
      orphanGraceMs: e.ORPHAN_FILE_GRACE_HOURS * 3_600_000,
    },
    webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
    webhookAllowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
    production,
    demoAllowed,
    devOutbox: e.LIKENESS_DEV_OUTBOX === 'true' || (e.LIKENESS_DEV_OUTBOX === 'auto' && demoAllowed && e.DEMO_DATA !== 'false'),
    secretKey: e.LIKENESS_SECRET_KEY ?? null,
    previousSecretKeys: (e.LIKENESS_SECRET_KEY_PREVIOUS ?? '').split(',').map((k) => k.trim()).filter(Boolean),
    signingBaseUrl: e.SIGNING_BASE_URL ?? e.PUBLIC_URL ?? null,
    bankid: bankIdConfig(e),
    twilioBaseUrl: e.TWILIO_BASE_URL ?? null,
    faceWorkers: e.FACE_WORKERS ?? null,
    faceWorkerNice: e.FACE_WORKER_NICE,
    firstOwner: { orgName: e.LIKENESS_ORG_NAME, email: e.LIKENESS_ADMIN_EMAIL ?? null, password: e.LIKENESS_ADMIN_PASSWORD ?? null },
    validateResponses: e.NODE_ENV !== 'production',
    ...overrides,
  };
}

/** localhost, 127.0.0.0/8 or ::1: the only addresses where a demo login with a known password is harmless. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
