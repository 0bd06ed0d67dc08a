import { createDecipheriv, createECDH, createPublicKey, hkdfSync, verify, type ECDH } from 'node:crypto';

/**
 * The user agent's side of Web Push (RFC 8291 message encryption, RFC 8188 aes128gcm) and the push
 * service's check of VAPID (RFC 8292). Written from the RFCs, independently of the `web-push`
 * package the backend uses, so a mistake on one side cannot hide behind the same one on the other.
 */

const info = (label: string, ...parts: Buffer[]) => Buffer.concat([Buffer.from(`${label}\0`), ...parts]);

/** Decrypts one aes128gcm body sent to the subscription whose key pair is `receiver`. */
export function decryptPushBody(body: Buffer, receiver: ECDH, authSecret: Buffer): string {
  if (body.length < 21) throw new Error('body shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderPublicKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  if (idLength !== 65) throw new Error('keyid must be the 65-byte sender public key');
  if (record.length > recordSize) throw new Error('more than one record');

  const sharedSecret = receiver.computeSecret(senderPublicKey);
  const ikm = Buffer.from(hkdfSync('sha256', sharedSecret, authSecret, info('WebPush: info', receiver.getPublicKey(), senderPublicKey), 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, info('Content-Encoding: aes128gcm'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, info('Content-Encoding: nonce'), 12));

  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  const delimiter = padded.lastIndexOf(2);
  if (delimiter < 0 || padded.subarray(delimiter + 1).some((byte) => byte !== 0)) throw new Error('bad padding delimiter');
  return padded.subarray(0, delimiter).toString('utf8');
}

export function newSubscriptionKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return ecdh;
}

/**
 * Checks `Authorization: vapid t=<JWT>, k=<public key>`: an ES256 JWT signed with k, whose `aud`
 * is the push service's origin, `exp` within 24 hours, and `sub` a mailto: or https: contact.
 * Returns the reason it is not acceptable, or null.
 */
export function vapidProblem(header: string | undefined, origin: string, now = Date.now()): string | null {
  const match = /^vapid\s+t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/i.exec(header ?? '');
  if (!match) return 'Authorization must be "vapid t=<jwt>, k=<key>"';
  const [, token, key] = match as unknown as [string, string, string];
  const [header64, payload64, signature64] = token.split('.');
  if (!header64 || !payload64 || !signature64) return 'malformed JWT';
  const jwtHeader = JSON.parse(Buffer.from(header64, 'base64url').toString());
  if (jwtHeader.alg !== 'ES256') return 'JWT alg must be ES256';
  const point = Buffer.from(key, 'base64url');
  if (point.length !== 65 || point[0] !== 4) return 'k must be an uncompressed P-256 point';
  const publicKey = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
    format: 'jwk',
  });
  const signed = Buffer.from(`${header64}.${payload64}`);
  if (!verify('sha256', signed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature64, 'base64url'))) return 'bad JWT signature';
  const claims = JSON.parse(Buffer.from(payload64, 'base64url').toString());
  if (claims.aud !== origin) return `aud must be ${origin}`;
  if (typeof claims.exp !== 'number' || claims.exp * 1000 < now || claims.exp * 1000 > now + 24 * 3600 * 1000) return 'exp must be within 24 hours';
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) return 'sub must be a mailto: or https: URL';
  return null;
}
