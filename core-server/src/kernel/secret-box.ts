import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets the server must be able to use again (Twilio auth tokens, webhook signing secrets) are stored
 * encrypted with AES-256-GCM under the application key LIKENESS_SECRET_KEY. The envelope names its format
 * version and the key's id, so older keys (LIKENESS_SECRET_KEY_PREVIOUS) still decrypt after a rotation
 * while every new write uses the current key; `reseal` moves old rows to the current key at start.
 *
 *   lkenc:v1:<key id>:<iv>:<ciphertext>:<tag>      (base64url; key id = first 8 hex of SHA-256(key))
 *
 * The purpose ("webhook.secret") is authenticated data: a ciphertext cannot be moved to another kind of field.
 */
const PREFIX = 'lkenc:v1:';
export const SECRET_KEY_FILE = 'secret.key';

interface Key {
  id: string;
  bytes: Buffer;
}

function parseKey(raw: string, where: string): Key {
  const text = raw.trim();
  const bytes = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (bytes.length !== 32) throw new Error(`${where} must be 32 random bytes, base64 or hex (e.g. \`openssl rand -base64 32\`).`);
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

export class SecretBox {
  private readonly byId: Map<string, Key>;

  constructor(
    private readonly current: Key,
    previous: Key[] = [],
  ) {
    this.byId = new Map([...previous, current].map((k) => [k.id, k]));
  }

  /**
   * The key from LIKENESS_SECRET_KEY, or (embedded default, never in production: config refuses that)
   * the one in <data dir>/secret.key, generated with mode 0600 on first start.
   */
  static fromConfig(config: { secretKey: string | null; previousSecretKeys: string[]; dataDir: string }): SecretBox {
    const current = config.secretKey ? parseKey(config.secretKey, 'LIKENESS_SECRET_KEY') : parseKey(readOrCreateKeyFile(config.dataDir), path.join(config.dataDir, SECRET_KEY_FILE));
    return new SecretBox(current, config.previousSecretKeys.map((k, i) => parseKey(k, `LIKENESS_SECRET_KEY_PREVIOUS[${i}]`)));
  }

  get keyId(): string {
    return this.current.id;
  }

  seal(plain: string, purpose: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.bytes, iv);
    cipher.setAAD(Buffer.from(purpose));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${PREFIX}${this.current.id}:${iv.toString('base64url')}:${ct.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}`;
  }

  /** Decrypts an envelope. A value without one is a plaintext row from before encryption (resealed at start). */
  open(stored: string, purpose: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    const [kid, iv, ct, tag] = stored.slice(PREFIX.length).split(':') as [string, string, string, string];
    const key = this.byId.get(kid);
    if (!key) throw new Error(`A stored secret was encrypted with key ${kid}, which is neither LIKENESS_SECRET_KEY nor in LIKENESS_SECRET_KEY_PREVIOUS.`);
    const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(purpose));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  /** The value to store instead, or null when it is already sealed with the current key (idempotent). */
  reseal(stored: string, purpose: string): string | null {
    if (SecretBox.isSealed(stored) && stored.slice(PREFIX.length).startsWith(`${this.current.id}:`)) return null;
    return this.seal(this.open(stored, purpose), purpose);
  }
}

function readOrCreateKeyFile(dataDir: string): string {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx': never overwrite a key another process (or an earlier start) wrote.
    fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return fs.readFileSync(file, 'utf8');
}
