import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.js';
import { createSecretBox } from './secrets.js';

describe('SecretBox', () => {
  const key = randomBytes(32);

  it('round-trips a secret and never stores it in clear', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('{"clientSecret":"hunter2"}', 'harbour:pms');
    expect(sealed.ciphertext).not.toContain('hunter2');
    expect(box.open(sealed, 'harbour:pms')).toBe('{"clientSecret":"hunter2"}');
  });

  it('fails closed on a tampered ciphertext', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('secret', 'harbour:pms');
    const parts = sealed.ciphertext.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => box.open({ ...sealed, ciphertext: parts.join('.') }, 'harbour:pms')).toThrow(AppError);
  });

  it('does not open a ciphertext moved to another row', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('secret', 'harbour:pms');
    expect(() => box.open(sealed, 'alpine:pms')).toThrow(AppError);
  });

  it('opens old ciphertexts with a previous key after rotation, and reseals with the new one', () => {
    const old = createSecretBox(key);
    const sealed = old.seal('secret', 'harbour:pms');
    const rotated = createSecretBox(randomBytes(32), [key]);
    expect(rotated.open(sealed, 'harbour:pms')).toBe('secret');
    expect(rotated.seal('secret', 'harbour:pms').keyId).toBe(rotated.currentKeyId);
    expect(() => createSecretBox(randomBytes(32)).open(sealed, 'harbour:pms')).toThrow(AppError);
  });
});
