/**
 * A fresh Idempotency-Key. Not crypto.randomUUID: that exists only in secure contexts, and a
 * hotel may serve the app over plain http on its own network.
 */
export function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
