import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from './errors.js';

/**
 * Secrets at rest: AES-256-GCM with a 32-byte key. Each ciphertext is stored with the id of the
 * key that made it, so keys can rotate: the current key encrypts, older keys still decrypt until
 * `npm run secrets:rotate` has re-encrypted every row. The ciphertext is bound to where it is
 * stored (associated data), so a value copied to another row does not decrypt.
 */
export interface SecretBox {
  readonly currentKeyId: string;
  seal(plaintext: string, context: string): { ciphertext: string; keyId: string };
  open(sealed: { ciphertext: string; keyId: string }, context: string): string;
}

const VERSION = 'v1';

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

export function parseKey(encoded: string): Buffer {
  const key = Buffer.from(encoded.trim(), 'base64');
  if (key.length !== 32) throw new Error('an encryption key must be 32 bytes, base64-encoded');
  return key;
}

export function createSecretBox(current: Buffer, previous: Buffer[] = []): SecretBox {
  const keys = new Map([current, ...previous].map((key) => [keyIdOf(key), key]));
  const currentKeyId = keyIdOf(current);
  return {
    currentKeyId,
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(context));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [VERSION, iv, cipher.getAuthTag(), body].map((part) =>
        typeof part === 'string' ? part : part.toString('base64url'),
      );
      return { ciphertext: parts.join('.'), keyId: currentKeyId };
    },
    open(sealed, context) {
      const key = keys.get(sealed.keyId);
      const [version, iv, tag, body] = sealed.ciphertext.split('.');
      if (!key || version !== VERSION || !iv || !tag || body === undefined) {
        throw new AppError('integration_misconfigured', 'Stored secrets cannot be decrypted with the configured keys.');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAAD(Buffer.from(context));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        // Fail closed: a tampered or misplaced ciphertext never yields a value.
        throw new AppError('integration_misconfigured', 'Stored secrets failed their integrity check.', { cause: error });
      }
    },
  };
}

/**
 * The development key: generated once into DATA_DIR so secrets survive restarts. Production never
 * gets here (env.ts requires INTEGRATIONS_ENCRYPTION_KEY there).
 */
export function developmentKey(dataDir: string): Buffer {
  const file = path.join(dataDir, 'integrations-encryption.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return parseKey(readFileSync(file, 'utf8'));
}
