import { createHash, randomBytes } from 'node:crypto';

/**
 * Session tokens, guest sign-in link codes and SSE tickets are opaque random strings; only their SHA-256 is stored, so a database dump does
 * not hand out sessions, and revocation is a row update.
 */
export function newToken(prefix: 'stf' | 'gst' | 'gsl' | 'rtk'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
